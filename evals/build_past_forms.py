"""Build ``knowledge/past_forms.txt``: the past forms of English verbs, read by ``knowledge.told_about`` as
a word that ends the thing a told line asks about ("tell me about halfpipe runs JUDGED on"; s28, brief T).

    python -m evals.build_past_forms PATH/TO/english-wordnet/src/yaml

Open English WordNet (github globalwordnet/english-wordnet src/yaml, d94538a), CC BY 4.0. For every verb
lemma of lower-case letters: the forms OEWN lists for it (its irregular forms: "built", "made", "held"),
those ending in "ing" left out (a gerund names a sport: "ski jumping"), and its regular past form by the
spelling rules (+"d" after "e", "y" after a consonant -> "ied", else +"ed"). A form that is also a noun lemma
of OEWN ("won", "left", "ground") is left out: the line may name the thing by it. One form a line, sorted.
The whole lexicon, nothing chosen by hand or from a question.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from evals import oewn as wordnet

OUT = Path(__file__).resolve().parents[1] / "knowledge" / "past_forms.txt"
_LEMMA = re.compile(r"[a-z]+")


def regular_past(lemma: str) -> str:
    """The regular past form of ``lemma`` by the spelling rules."""
    if lemma.endswith("e"):
        return lemma + "d"
    if len(lemma) > 1 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


def past_forms(oewn: Path) -> list[str]:
    """Every verb's past forms (module docstring), sorted."""
    forms: set[str] = set()
    nouns: set[str] = set()
    for lemmas in wordnet.entries(oewn):  # s29 T4: the shared OEWN reader (evals/oewn.py)
        for lemma, poses in lemmas.items():
            lemma = str(lemma)
            if "n" in poses:
                nouns.add(lemma)
            if "v" not in poses or not _LEMMA.fullmatch(lemma):
                continue
            listed = [str(f) for f in (poses["v"] or {}).get("form", ()) or ()]
            forms.update(f for f in listed if _LEMMA.fullmatch(f) and not f.endswith("ing"))
            forms.add(regular_past(lemma))
    return sorted(forms - nouns)


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit("usage: python -m evals.build_past_forms PATH/TO/english-wordnet/src/yaml")
    found = past_forms(Path(argv[0]))
    OUT.write_text("".join(f"{w}\n" for w in found), encoding="utf-8")
    print(f"{len(found)} forms -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
