"""``python -m evals.build_intent_words VERBNET_DIR OEWN_YAML_DIR``: write the two word lists
``agent.dialogue.intent`` reads a stated intent to harm with (session 22, brief S, candidate K1; declared in
docs/safety.md before anything was measured).

- ``agent/dialogue/data/harm_verbs.txt``: the single-word members of VerbNet 3.4 classes (github
  cu-clear/verbnet ``verbnet3.4/``, commit ae8e9cf; VerbNet licence: free use, copy, modification and
  distribution with its copyright notice, University of Colorado): a being killed, injured or struck
  (murder-42.1, poison-42.2, suffocate-40.7, attack-60.1, hit-18.1, spank-18.3, swat-18.2), tagged ``being``,
  and a thing wrecked (destroy-44, break-45.1), tagged ``thing``; plus "hurt" and "harm", the words that name
  the intent itself (``being``).
- ``agent/dialogue/data/beings.txt``: the single-word, lower-case members of Open English WordNet's
  ``noun.person`` and ``noun.animal`` lexicographer files (github globalwordnet/english-wordnet ``src/yaml/``,
  commit d94538a, CC BY 4.0).

Whole classes and whole files: no word is chosen by hand, none from a failing line."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "agent" / "dialogue" / "data"
BEING_CLASSES = (
    "murder-42.1",
    "poison-42.2",
    "suffocate-40.7",
    "attack-60.1",
    "hit-18.1",
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
    words = sorted(nouns(oewn, "noun.person") | nouns(oewn, "noun.animal"))
    (DATA / "beings.txt").write_text(
        "# Nouns of a person or an animal (agent.dialogue.intent); built by\n"
        "# python -m evals.build_intent_words. Open English WordNet (github globalwordnet/english-wordnet\n"
        "# src/yaml, d94538a), noun.person and noun.animal, single-word lower-case members;\n"
        "# CC BY 4.0 (c) the Open English WordNet contributors.\n" + "".join(f"{w}\n" for w in words),
        encoding="utf-8",
    )
    print(f"verbs: being {len(being)}, thing {len(thing)}; beings {len(words)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
