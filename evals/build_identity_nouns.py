"""``python -m evals.build_identity_nouns OEWN_YAML_DIR``: write ``agent/perception/data/identity_nouns.txt``,
the nouns that name a member of a people, nation, race or faith (session 26, brief K, K1: hatred or exclusion
aimed at a group of people; docs/perception.md).

The list is Open English WordNet's ``noun.person`` lexicographer file (github globalwordnet/english-wordnet
``src/yaml/``, read at commit d94538a, as ``evals.build_person_nouns``): the single-word members written
with a capital letter ("Black", "Jew", "Mexican", "Canadian", "Muslim") of a synset that is a class of
people (it has a ``hypernym``), not one person (an ``instance_hypernym``: "Einstein"), less the words OEWN
also writes in lower case as a noun ("Fish", "Brother", "Doctor", "Black": first an ordinary noun;
``group_hate`` reads black and white people apart).
WordNet capitalizes a noun.person class when it names people by the people, place, race or faith they belong
to. A general class, licensed; no word of it is taken from a test
line or a data set's line.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from evals.oewn import entries, lexfile

OUT = Path(__file__).resolve().parents[1] / "agent" / "perception" / "data" / "identity_nouns.txt"
_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)*")


def common_nouns(oewn: Path) -> set[str]:
    """Every noun lemma OEWN writes in lower case (``entries-*.yaml``)."""
    out: set[str] = set()
    for lemmas in entries(oewn):
        out |= {lemma for lemma, forms in lemmas.items() if lemma.islower() and "n" in forms}
    return out


def identity_nouns(oewn: Path) -> list[str]:
    """The lower-cased single-word capitalized members of noun.person's class synsets that are no common noun
    written in lower case ("Fish", "Brother", "Black" are out: the word is first an ordinary noun)."""
    synsets = lexfile(oewn, "noun.person")
    out: set[str] = set()
    for synset in synsets.values():
        if "hypernym" not in synset:
            continue
        out |= {m.lower() for m in synset.get("members", []) if _WORD.fullmatch(m)}
    return sorted(out - common_nouns(oewn))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    words = identity_nouns(Path(args[0]))
    OUT.write_text(
        "# Nouns that name a member of a people, nation, race or faith (agent.perception.group_hate);\n"
        "# built by python -m evals.build_identity_nouns. Open English WordNet (github\n"
        "# globalwordnet/english-wordnet src/yaml), noun.person: single-word members written with a capital\n"
        "# letter, of class synsets (with a hypernym; no instance), less words that are also a lower-case\n"
        "# noun. CC BY 4.0 (c) the Open English WordNet contributors.\n" + "".join(f"{w}\n" for w in words),
        encoding="utf-8",
    )
    print(f"identity nouns: {len(words)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
