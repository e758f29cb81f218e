"""``python -m evals.build_echo_terms BUILD en.txt profanity_en.csv [OUT] [--dict WORDS] [--less-base]``:
write ``agent/dialogue/data/echo_terms.txt``, the terms ``agent.dialogue.say_back.flagged`` screens a viewer's
echoed words with (session 20, brief S2; the construction is declared in docs/safety.md).

The terms are two public lists, whole, lower-cased, spaces collapsed: every line of LDNOOBWV2's
``data/en.txt`` (github LDNOOBWV2/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words_V2, CC0 1.0) and
every ``text`` of surge-ai's ``profanity_en.csv`` (github surge-ai/profanity, MIT, Copyright (c) 2021 Surge
AI), less the country and nationality words of ``knowledge/name_forms.txt`` and ``say_back``'s team
country names ("uk", "us": a country a viewer cheers for is no term to screen). With ``--less-base``
(candidate E2) also less every term whose words occur as consecutive words in the sample base's own
documents (``knowledge/sample``). With ``--dict WORDS`` (candidate E3, kept:
``/usr/share/dict/american-english``) an LDNOOBWV2 line is kept only when one of its words is not a
lower-case word of that dictionary ("food" and "white power" out, "nazi" and "heil hitler" in); surge-ai's
terms are kept whole. The shipped file: ``BUILD en.txt profanity_en.csv --dict
/usr/share/dict/american-english --less-base`` (LDNOOBWV2 commit e2f7430, surge-ai commit 77dabf3).
Nothing here is fitted on a labelled row."""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

from knowledge import name_forms

OUT = Path(__file__).resolve().parents[1] / "agent" / "dialogue" / "data" / "echo_terms.txt"
SAMPLE = Path(__file__).resolve().parents[1] / "knowledge" / "sample"
HEADER = (
    "# Terms a viewer's echoed words are screened with (agent.dialogue.say_back.flagged); one a line.\n"
    "# Built by python -m evals.build_echo_terms from: LDNOOBWV2 data/en.txt (github\n"
    "# LDNOOBWV2/List-of-Dirty-Naughty-Obscene-and-Otherwise-Bad-Words_V2, CC0 1.0) and surge-ai\n"
    "# profanity_en.csv (github surge-ai/profanity, MIT License, Copyright (c) 2021 Surge AI; the MIT\n"
    "# permission notice applies to the terms taken from it), less the country words of name_forms.txt.\n"
    "# Candidate E3 (docs/safety.md): LDNOOBWV2 lines of dictionary words only left out, and the sample\n"
    "# base's own word runs.\n"
)
_WORD = re.compile(r"[a-z0-9']+")


def words(text: str) -> tuple[str, ...]:
    """The words a term or a span is matched on: lower-cased runs of letters, digits and apostrophes."""
    return tuple(w.strip("'") for w in _WORD.findall(text.lower()) if w.strip("'"))


def terms(
    en_lines: list[str], surge_rows: list[dict[str, str]], dictionary: frozenset[str] | None = None
) -> list[str]:
    """Both lists' terms as word sequences joined by one space, less the country and nationality words; with
    ``dictionary``, an ``en_lines`` term whose every word is a dictionary word is left out."""
    from agent.dialogue.say_back import _TEAM_COUNTRIES

    table = name_forms.load()
    nations = {w for d, c in table.items() for w in (d, c.lower())} | set(_TEAM_COUNTRIES)
    kept = [t for t in en_lines if dictionary is None or not set(words(t)) <= dictionary]
    out = {" ".join(words(t)) for t in [*kept, *(r["text"] for r in surge_rows)]}
    return sorted(t for t in out if t and t not in nations)


def base_ngrams(root: Path = SAMPLE, n: int = 4) -> set[str]:
    """Every run of 1..``n`` consecutive words of the sample base's documents."""
    grams: set[str] = set()
    for path in sorted(root.rglob("*.md")):
        ws = words(path.read_text(encoding="utf-8"))
        for k in range(1, n + 1):
            grams |= {" ".join(ws[i : i + k]) for i in range(len(ws) - k + 1)}
    return grams


def main(argv: list[str]) -> int:
    less_base = "--less-base" in argv
    args = [a for a in argv if a != "--less-base"]
    dictionary = None
    if "--dict" in args:
        at = args.index("--dict")
        lines = Path(args[at + 1]).read_text(encoding="utf-8", errors="replace").splitlines()
        dictionary = frozenset(w for w in lines if w and w == w.lower() and "'" not in w)
        del args[at : at + 2]
    if len(args) not in (3, 4) or args[0] != "BUILD":
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    en_lines = Path(args[1]).read_text(encoding="utf-8").splitlines()
    with open(args[2], encoding="utf-8", newline="") as f:
        surge = list(csv.DictReader(f))
    built = terms(en_lines, surge, dictionary)
    if less_base:
        grams = base_ngrams()
        built = [t for t in built if t not in grams]
    out = Path(args[3]) if len(args) == 4 else OUT
    out.write_text(HEADER + "".join(f"{t}\n" for t in built), encoding="utf-8")
    print(f"{len(built)} terms -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
