"""``python -m evals.build_person_nouns OEWN_YAML_DIR``: write ``knowledge/person_nouns.txt``, the nouns that
name a person (session 23, brief T, K1: a role the base never names).

The list is Open English WordNet's ``noun.person`` lexicographer file (github globalwordnet/english-wordnet
``src/yaml/``): its single-word, lower-case members whose first noun sense is a person (or an animal: the
same first-sense reading as ``evals.build_intent_words``, whose helpers this reuses), so "coach" and "referee"
are in and "skip" (first a jump) is not. A general class, licensed; no word of it is taken from a question.
"""

from __future__ import annotations

import sys
from pathlib import Path

from evals.oewn import first_sense_beings, nouns

OUT = Path(__file__).resolve().parents[1] / "knowledge" / "person_nouns.txt"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    oewn = Path(args[0])
    words = sorted(nouns(oewn, "noun.person") & first_sense_beings(oewn))
    OUT.write_text(
        "# Nouns that name a person (knowledge.roles); built by python -m evals.build_person_nouns.\n"
        "# Open English WordNet (github globalwordnet/english-wordnet src/yaml, d94538a), noun.person,\n"
        "# single-word lower-case members whose first noun sense is a person or an animal;\n"
        "# CC BY 4.0 (c) the Open English WordNet contributors.\n" + "".join(f"{w}\n" for w in words),
        encoding="utf-8",
    )
    print(f"person nouns: {len(words)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
