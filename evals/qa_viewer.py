"""The calibration pool typed the way viewers type (session 16; docs/knowledge.md "Session 16, brief R"), and
with typos people really made (session 17, "Session 17, brief K").

The sample base's calibration questions are mostly written in full: a change that reads chat spelling or
typos right moves none of them, while the held-apart parts lose most to answerable questions typed by viewers
("whats", "womens", "pls", a swapped pair of letters). This eval rewrites every calibration question (the
pool, less the check parts in ``--leave-out``; never a test split) with fixed, general rewrites and scores
each rewritten pool as the eval scores the pool: utility = answered right + rightly abstained - answered
wrong, beside the pool as written and always abstaining. It is fit data (its rows are calibration rows):
read it as often as you like; it is a diagnostic beside the declared rules, not a test part.

``typo`` swaps a pair of letters, the very kind of typo ``knowledge.typos`` reads back: an eval that copies
the product's rule. ``real_typo`` (session 17) writes instead a misspelling people really made, drawn from
codespell's table of misspellings found in real text (``codespell_lib/data/dictionary.txt`` of the installed
``codespell`` package, a dev dependency; CC BY-SA 3.0, read at run time, not copied here): in each question,
one word of three or more letters that has an entry there, drawn with a seeded generator, is replaced by one
of its misspellings, drawn the same way (most are not one edit from the word; the draw knows nothing of the
product). A question with no such word is left as written (``rewritten`` counts the others). Declared before
anything was measured: one word a question, seed :data:`REAL_TYPO_SEED`.

``us_spelling`` (session 18, brief F2) writes the question as an American viewer would ask a British-spelt
base: every word that is a British form in codespell's table of British and American spellings
(``codespell_lib/data/dictionary_en-GB_to_en-US.txt`` of the installed package, read at run time like
``real_typo``'s) becomes its American form ("metres" -> "meters", "centre" -> "center"); all of them, no draw.

``--part pool16`` (default, session 30): every calibration question (session 30 has no check part), plus
the test splits of :data:`FIT_TEST_PARTS` (fresh5 .. fresh19: fit data), i.e. pool15 plus both of fresh19's
splits. ``--part pool15`` .. ``pool3``: sessions 29's .. 17's pools as they were, for comparisons (each: every
calibration question but its session's check part's and every later check part's, plus the test splits then
declared fit data; session 29's pool15 keeps fresh19 out and reads fresh5 .. fresh18 test, session 17's pool3
keeps fresh7 .. fresh19 out and reads fresh5 and fresh6 test). Every pool is one row of
``evals.qa_parts.POOLS``, read by one lookup (``evals.qa_parts.pool_items``). ``--part check``: the last check
part's calibration split (:data:`LAST_CHECK`: fresh19's, session 29's check part; fit data from session 30 on,
which has no check part), printed as aggregates only.
``--part report``: the last check part's test split (fresh19's: session 29's report part, fit data from
session 30 on), aggregates only.

    python -m evals.qa_viewer [--part pool16|pool15|pool14|pool13|pool12|pool11|pool10|pool9|pool8|pool7|pool6
        |pool5|pool4|pool3|check|report] [--rewrites as_written,real_typo]
"""

from __future__ import annotations

import argparse
import importlib.resources
import json
import random
import re
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from evals.qa import CHECK_PART, FITTED_TEST_PARTS, Item, load_all, score_questions
from evals.qa_parts import CURRENT_POOL, LAST_CHECK, POOLS, fit_pool, pool_items
from knowledge import KnowledgeBase, nlp

#: held-apart parts whose test split the lead has read and declared fit data (fresh5 and fresh6: session 17,
#: 09:15 UTC; fresh7: session 18, 12:25 UTC; fresh8: session 19, 15:20 UTC; fresh9: session 20, 17:58 UTC;
#: fresh10: session 21, 20:50 UTC; fresh11: session 22, 23:35 UTC; fresh12: session 23, 02:20 UTC Dec 7;
#: fresh13: session 24, 05:05 UTC Dec 7; fresh14: session 25, 07:55 UTC Dec 7; fresh15: session 26, 10:55 UTC
#: Dec 7; fresh16: session 27, 13:50 UTC Dec 7; fresh17: session 28, 16:50 UTC Dec 7; fresh18: session 29,
#: 19:39 UTC Dec 7; fresh19: session 30, 22:40 UTC Dec 7); the session's check part (``CHECK_PART``; None in
#: session 30) is kept out of the pool: aggregates only
FIT_TEST_PARTS = FITTED_TEST_PARTS
#: real misspellings: codespell's dictionary as the installed package ships it (lines
#: "misspelling->word[, ...]"; CC BY-SA 3.0, a derivative of English Wikipedia's lists of common
#: misspellings). Read where it is installed, never copied into the project.
CODESPELL_PACKAGE = "codespell_lib"
_ONE_WORD = re.compile(r"[a-z]+")


def codespell_dictionary(name: str = "dictionary.txt") -> Path:
    """The installed codespell package's dictionary file ``name`` (``FileNotFoundError`` with how to install
    it)."""
    try:
        root = importlib.resources.files(CODESPELL_PACKAGE)
    except ModuleNotFoundError as exc:
        raise FileNotFoundError(
            "real_typo reads codespell's dictionary from the installed package: "
            "pip install 'codespell==2.4.3' (a dev dependency, `make setup` installs it)"
        ) from exc
    path = Path(str(root / "data" / name))
    if not path.is_file():
        raise FileNotFoundError(f"codespell is installed but has no dictionary at {path}")
    return path


#: declared before the first measurement (session 17, brief K); the draw is seeded by question too
REAL_TYPO_SEED = 17
#: the shortest word ``real_typo`` replaces
REAL_TYPO_MIN = 3


def lower(q: str) -> str:
    return q.lower()


def no_apostrophe(q: str) -> str:
    """ "men's" -> "mens", "what's" -> "whats"."""
    return q.replace("'", "").replace("\u2019", "")


def no_mark(q: str) -> str:
    return q.rstrip("?!. ")


def chat(q: str) -> str:
    """Lower case, no apostrophe, no question mark, "what is" -> "whats", "you" -> "u", "your" -> "ur"."""
    q = no_mark(no_apostrophe(lower(q)))
    q = re.sub(r"\bwhat is\b", "whats", q)
    q = re.sub(r"\bwho is\b", "whos", q)
    q = re.sub(r"\byou\b", "u", q)
    return re.sub(r"\byour\b", "ur", q)


def please(q: str) -> str:
    return no_mark(lower(q)) + " pls"


def no_article(q: str) -> str:
    return re.sub(r"\b(the|a|an) ", "", q, flags=re.I)


def typo(q: str) -> str:
    """The third and fourth letters of the first lower-case word of six or more letters after the first word
    swapped ("downhill" -> "donwhill"): one typo a question, where one fits."""
    words = q.split()
    for i, w in enumerate(words):
        if i and w.isalpha() and w.islower() and len(w) >= 6:
            words[i] = w[:2] + w[3] + w[2] + w[4:]
            return " ".join(words)
    return q


@lru_cache(maxsize=1)
def misspellings(path: Path | None = None) -> dict[str, tuple[str, ...]]:
    """word -> its real misspellings (sorted), from codespell's dictionary (:func:`codespell_dictionary` by
    default). Kept, as declared in session 17 (brief K): lines "misspelling->word" with one correction, both
    lower-case letters only (no comma list, no reason)."""
    table: dict[str, set[str]] = {}
    for line in (path or codespell_dictionary()).read_text(encoding="utf-8").splitlines():
        missed, _, word = line.partition("->")
        if _ONE_WORD.fullmatch(missed) and _ONE_WORD.fullmatch(word):
            table.setdefault(word, set()).add(missed)
    return {word: tuple(sorted(missed)) for word, missed in table.items()}


_LETTERS = re.compile(r"[A-Za-z]+")


def real_typo(q: str, table: dict[str, tuple[str, ...]] | None = None, seed: int = REAL_TYPO_SEED) -> str:
    """One word of ``q`` (three or more letters, with an entry in ``table``) replaced by one of its real
    misspellings, both drawn by a generator seeded with ``seed`` and the question; ``q`` itself when no word
    has an entry. A capital first letter (or a word in capitals) is kept."""
    table = misspellings() if table is None else table
    words = [
        m for m in _LETTERS.finditer(q) if len(m.group()) >= REAL_TYPO_MIN and m.group().lower() in table
    ]
    if not words:
        return q
    rng = random.Random(f"{seed}|{q}")
    m = rng.choice(words)
    word = m.group()
    typo = rng.choice(table[word.lower()])
    if word.isupper() and len(word) > 1:
        typo = typo.upper()
    elif word[0].isupper():
        typo = typo[0].upper() + typo[1:]
    return q[: m.start()] + typo + q[m.end() :]


#: British to American spelling: codespell's table (``dictionary_en-GB_to_en-US.txt`` of the installed
#: package, 535 lines "british->american"; CC BY-SA 3.0), read where it is installed, never copied here
GB_TO_US_FILE = "dictionary_en-GB_to_en-US.txt"


@lru_cache(maxsize=1)
def gb_to_us(path: Path | None = None) -> dict[str, str]:
    """British form -> American form, every line "british->american" of codespell's table whose two sides
    are lower-case letters (:func:`codespell_dictionary` by default)."""
    table: dict[str, str] = {}
    for line in (path or codespell_dictionary(GB_TO_US_FILE)).read_text(encoding="utf-8").splitlines():
        gb, _, us = line.partition("->")
        if _ONE_WORD.fullmatch(gb) and _ONE_WORD.fullmatch(us):
            table[gb] = us
    return table


def us_spelling(q: str, table: dict[str, str] | None = None) -> str:
    """``q`` with every word that is a British form in ``table`` (:func:`gb_to_us`) written in its American
    form ("how many metres" -> "how many meters"); all of them, no draw. A capital first letter (or a word in
    capitals) is kept."""
    table = gb_to_us() if table is None else table

    def us(m: re.Match[str]) -> str:
        word = m.group()
        found = table.get(word.lower())
        if found is None:
            return word
        if word.isupper() and len(word) > 1:
            return found.upper()
        return found[0].upper() + found[1:] if word[0].isupper() else found

    return _LETTERS.sub(us, q)


REWRITES: dict[str, Callable[[str], str]] = {
    "as_written": lambda q: q,
    "lower": lower,
    "no_apostrophe": no_apostrophe,
    "no_mark": no_mark,
    "chat": chat,
    "please": please,
    "no_article": no_article,
    "typo": typo,
    "chat_typo": lambda q: typo(chat(q)),
    "real_typo": lambda q: real_typo(q),
    "us_spelling": lambda q: us_spelling(q),
}


def figures(rows: list[dict[str, Any]]) -> dict[str, int]:
    answerable = [r for r in rows if r["item"].answerable]
    unanswerable = [r for r in rows if not r["item"].answerable]
    right = sum(1 for r in answerable if r["correct"])
    abstained = sum(1 for r in answerable if r["answer"].abstained)
    rightly = sum(1 for r in unanswerable if r["answer"].abstained)
    wrong = len(answerable) - right - abstained + len(unanswerable) - rightly
    return {
        "questions": len(rows),
        "utility": right + rightly - wrong,
        "right": right,
        "answerable_abstained": abstained,
        "rightly_abstained": rightly,
        "wrong": wrong,
    }


def pool(
    items: list[Item] | None = None,
    check: str | None = CHECK_PART,
    fit_test: tuple[str, ...] = FIT_TEST_PARTS,
    also_out: tuple[str, ...] = (),
) -> list[Item]:
    """The calibration questions of every part but ``check`` (and ``also_out``), plus the test questions of
    ``fit_test`` (never another test split). By default the current pool (pool16): every calibration part but
    the check part's (session 30 has none), plus the test parts of :data:`FIT_TEST_PARTS`; a pool by name:
    ``evals.qa_parts.pool_items``."""
    return fit_pool(load_all() if items is None else items, check, fit_test, also_out)


def check_part(items: list[Item] | None = None, check: str = LAST_CHECK) -> list[Item]:
    """The last check part's calibration questions (aggregates only; fresh19's, fit data from session 30)."""
    items = load_all() if items is None else items
    return [i for i in items if i.part == check and i.split == "calibration"]


def report_part(items: list[Item] | None = None, check: str = LAST_CHECK) -> list[Item]:
    """The last check part's test questions: its session's report part (aggregates; fresh19's, fit data from
    session 30)."""
    items = load_all() if items is None else items
    return [i for i in items if i.part == check and i.split == "test"]


def _named(name: str) -> Callable[[], list[Item]]:
    return lambda: pool_items(name)


#: what ``--part`` reads: every pool of ``evals.qa_parts.POOLS`` by name (pool16 .. pool3), the last check
#: part's calibration split and its test split
PARTS: dict[str, Callable[[], list[Item]]] = {
    **{name: _named(name) for name in POOLS},
    "check": check_part,
    "report": report_part,
}


def one_edit_share(items: list[Item], rewrite: Callable[[str], str]) -> dict[str, int]:
    """How many rewritten questions differ from the question by a word one edit away (a letter added,
    dropped, changed or two neighbours swapped: what ``knowledge.typos`` can read back at all)."""
    rewritten = one = 0
    for item in items:
        new = rewrite(item.question)
        if new == item.question:
            continue
        rewritten += 1
        pairs = zip(item.question.split(), new.split(), strict=False)
        one += any(a != b and nlp.one_edit(a.lower(), b.lower()) for a, b in pairs)
    return {"rewritten": rewritten, "one_edit": one}


def run(kb: KnowledgeBase, items: list[Item], names: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        rewrite = REWRITES[name]
        rewritten = [replace(i, question=rewrite(i.question)) for i in items]
        got = figures(score_questions(kb, rewritten)["rows"])
        got["rewritten"] = sum(1 for a, b in zip(items, rewritten, strict=True) if a.question != b.question)
        if name == "real_typo":
            got["one_edit"] = one_edit_share(items, rewrite)["one_edit"]
        out[name] = got
    out["always_abstain"] = {"utility": sum(1 for i in items if not i.answerable), "questions": len(items)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--part",
        choices=tuple(PARTS),
        default=CURRENT_POOL,
        help="pool16 (fit data, default), pool15, pool14, pool13, pool12, pool11, pool10, pool9, pool8, "
        "pool7, pool6, pool5, pool4 or pool3 (sessions 29's, 28's, 27's, 26's, 25's, 24's, 23's, 22's, 21's, "
        "20's, 19's, 18's and 17's pools, for comparisons), "
        f"check ({LAST_CHECK} calibration, aggregates only) or report ({LAST_CHECK} test, aggregates only)",
    )
    ap.add_argument("--rewrites", default=",".join(REWRITES), help="comma-separated: " + ", ".join(REWRITES))
    args = ap.parse_args()
    names = [n for n in args.rewrites.split(",") if n]
    unknown = [n for n in names if n not in REWRITES]
    if unknown:
        ap.error(f"unknown rewrites: {', '.join(unknown)}")
    items = PARTS[args.part]()
    if not items:
        ap.error(f"no questions in part {args.part}")
    out = run(KnowledgeBase.open_sample(), items, names)
    out["part"] = args.part
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
