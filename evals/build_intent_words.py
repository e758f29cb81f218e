"""``python -m evals.build_intent_words VERBNET_DIR OEWN_YAML_DIR``: write the two word lists
``agent.dialogue.intent`` reads a stated intent to harm with (session 22, brief S, candidate K1; declared in
docs/safety.md before anything was measured).

- ``agent/dialogue/data/harm_verbs.txt``: the single-word members of VerbNet 3.4 classes (github
  cu-clear/verbnet ``verbnet3.4/``, commit ae8e9cf; VerbNet licence: free use, copy, modification and
  distribution with its copyright notice, University of Colorado): a being killed, injured or struck
  (murder-42.1, poison-42.2, suffocate-40.7, attack-60.1, spank-18.3, swat-18.2; hit-18.1 out since K1c),
  tagged ``being``, and a thing wrecked (destroy-44, break-45.1), tagged ``thing``; plus "hurt" and "harm",
  the words that name the intent itself (``being``).
- ``agent/dialogue/data/beings.txt``: the single-word, lower-case members of Open English WordNet's
  ``noun.person`` and ``noun.animal`` lexicographer files whose first noun sense is in one of them (K1c;
  github globalwordnet/english-wordnet ``src/yaml/``,
  commit d94538a, CC BY 4.0).

Whole classes and whole files: no word is chosen by hand, none from a failing line."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "agent" / "dialogue" / "data"
#: hit-18.1 left out (K1c): its chat senses are meeting, winning and touching ("hit you up", "beat him in the
#: final", "tap my card")
BEING_CLASSES = (
    "murder-42.1",
    "poison-42.2",
    "suffocate-40.7",
    "attack-60.1",
    "spank-18.3",
    "swat-18.2",
)
THING_CLASSES = ("destroy-44", "break-45.1")
INTENT_WORDS = ("hurt", "harm")
_MEMBER = re.compile(r'<MEMBER\b[^>]*\bname="([^"]+)"')
_WORD = re.compile(r"[a-z]+")


def members(verbnet: Path, cls: str) -> list[str]:
    names = _MEMBER.findall((verbnet / f"{cls}.xml").read_text(encoding="utf-8"))
    return sorted({n for n in names if _WORD.fullmatch(n)})


def nouns(oewn: Path, lexfile: str) -> set[str]:
    synsets = yaml.safe_load((oewn / f"{lexfile}.yaml").read_text(encoding="utf-8"))
    return {m for s in synsets.values() for m in s.get("members", ()) if _WORD.fullmatch(m)}


#: a lemma's line in ``entries-*.yaml``, and a noun sense's key with its lexicographer file's number
_LEMMA = re.compile(r"^(?:'([^']+)'|([^\s'][^:]*)):\s*$")
_NOUN_SENSE = re.compile(r"%1:(\d\d):")
#: the lexicographer file numbers of noun.animal and noun.person
_BEING_FILES = frozenset({"05", "18"})


def first_sense_beings(oewn: Path) -> set[str]:
    """Lemmas whose first noun sense (the order of ``entries-*.yaml``) is a person or an animal (K1c)."""
    out: set[str] = set()
    for path in sorted(oewn.glob("entries-*.yaml")):
        lemma: str | None = None
        for line in path.read_text(encoding="utf-8").splitlines():
            m = _LEMMA.match(line)
            if m:
                lemma = m.group(1) or m.group(2)
                continue
            sense = _NOUN_SENSE.search(line) if lemma is not None and "id:" in line else None
            if sense and lemma is not None:
                if sense.group(1) in _BEING_FILES:
                    out.add(lemma)
                lemma = None  # only the first noun sense counts
    return out


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    verbnet, oewn = Path(args[0]), Path(args[1])
    being = sorted(set().union(*(members(verbnet, c) for c in BEING_CLASSES)) | set(INTENT_WORDS))
    thing = sorted(set().union(*(members(verbnet, c) for c in THING_CLASSES)))
    (DATA / "harm_verbs.txt").write_text(
        "# Verbs of a stated intent to harm (agent.dialogue.intent); built by\n"
        "# python -m evals.build_intent_words. VerbNet 3.4 (github cu-clear/verbnet verbnet3.4/, ae8e9cf),\n"
        "# University of Colorado; used under the\n"
        "# VerbNet licence (free use with this notice). being: "
        + ", ".join(BEING_CLASSES)
        + " + hurt, harm;\n"
        "# thing: "
        + ", ".join(THING_CLASSES)
        + ".\n"
        + "".join(f"being {w}\n" for w in being)
        + "".join(f"thing {w}\n" for w in thing),
        encoding="utf-8",
    )
    words = sorted((nouns(oewn, "noun.person") | nouns(oewn, "noun.animal")) & first_sense_beings(oewn))
    (DATA / "beings.txt").write_text(
        "# Nouns of a person or an animal (agent.dialogue.intent); built by\n"
        "# python -m evals.build_intent_words. Open English WordNet (github globalwordnet/english-wordnet\n"
        "# src/yaml, d94538a), noun.person and noun.animal, single-word lower-case members whose first\n"
        "# noun sense is one of them;\n"
        "# CC BY 4.0 (c) the Open English WordNet contributors.\n" + "".join(f"{w}\n" for w in words),
        encoding="utf-8",
    )
    print(f"verbs: being {len(being)}, thing {len(thing)}; beings {len(words)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
