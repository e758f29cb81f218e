"""``python -m evals.build_noun_kin OEWN_YAML_DIR``: write ``knowledge/noun_kin.txt``, the words a noun is
also said with (session 23, brief A, candidate A1; docs/knowledge.md "Session 23, brief A").

For each single-word, lower-case noun lemma of Open English WordNet (github globalwordnet/english-wordnet
``src/yaml/``, d94538a, CC BY 4.0), its **first noun sense** (the order of ``entries-*.yaml``, the reading of
``evals.build_intent_words``) gives its kin: the other members of that sense's synset ("motto" -> slogan,
catchword) and the lemmas its derivation links name ("election" -> elect, "handover" -> hand over). Kin are
kept where every word is lower-case letters of two or more ("1", "I" and capitalized members are left out); a
lemma without kin is left out. The whole lexicon, nothing chosen by hand or from a question.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from evals.oewn import entries, load

OUT = Path(__file__).resolve().parents[1] / "knowledge" / "noun_kin.txt"
_LEMMA = re.compile(r"[a-z]+")
_KIN = re.compile(r"[a-z]{2,}(?:[ -][a-z]{2,})*")


def kin_of(oewn: Path) -> dict[str, list[str]]:
    """Each single-word lower-case noun lemma's kin (see the module docstring), in OEWN's order."""
    members: dict[str, list[str]] = {}
    for path in sorted(oewn.glob("noun.*.yaml")):
        for sid, syn in load(path).items():
            members[str(sid)] = [str(m) for m in syn.get("members", ())]
    out: dict[str, list[str]] = {}
    for lemmas in entries(oewn):
        for lemma, poses in lemmas.items():
            lemma = str(lemma)
            senses = (poses.get("n") or {}).get("sense") or ()
            if not _LEMMA.fullmatch(lemma) or not senses:
                continue
            first = senses[0]
            found = list(members.get(str(first["synset"]), ()))
            found += [str(key).split("%")[0].replace("_", " ") for key in first.get("derivation", ())]
            kin = [k for k in dict.fromkeys(found) if k != lemma and _KIN.fullmatch(k)]
            if kin:
                out[lemma] = kin
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    kin = kin_of(Path(args[0]))
    OUT.write_text(
        "# Nouns and the words they are also said with (knowledge.noun_kin);\n"
        "# built by python -m evals.build_noun_kin from Open English WordNet\n"
        "# (github globalwordnet/english-wordnet src/yaml, d94538a):\n"
        "# each single-word lower-case noun lemma, then the other members of its first noun sense's synset\n"
        "# and the lemmas of that sense's derivation links, tab-separated;\n"
        "# CC BY 4.0 (c) the Open English WordNet contributors.\n"
        + "".join(f"{lemma}\t{chr(9).join(words)}\n" for lemma, words in sorted(kin.items())),
        encoding="utf-8",
    )
    print(f"nouns with kin: {len(kin)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
