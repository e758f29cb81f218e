"""The calibration pool typed the way viewers type (session 16; docs/knowledge.md "Session 16, brief R").

The sample base's calibration questions are mostly written in full: a change that reads chat spelling or
typos right moves none of them, while the held-apart parts lose most to answerable questions typed by viewers
("whats", "womens", "pls", a swapped pair of letters). This eval rewrites every calibration question (the
pool, less the check parts in ``--leave-out``; never a test split) with fixed, general rewrites and scores
each rewritten pool as the eval scores the pool: utility = answered right + rightly abstained - answered
wrong, beside the pool as written and always abstaining. It is fit data (its rows are calibration rows):
read it as often as you like; it is a diagnostic beside the declared rules, not a test part.

    python -m evals.qa_viewer [--leave-out fresh6] [--rewrites chat,typo]
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from evals.qa import Item, calibration_items, load_all, score_questions
from knowledge import KnowledgeBase

#: the session's check part: aggregates only, kept out of every fit (and so out of this pool)
CHECK_PARTS = ("fresh6",)


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


def pool(leave_out: tuple[str, ...] = CHECK_PARTS) -> list[Item]:
    """The calibration questions of every part but ``leave_out``'s (never a test split)."""
    return calibration_items(load_all(), leave_out)


def run(kb: KnowledgeBase, items: list[Item], names: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        rewrite = REWRITES[name]
        rewritten = [replace(i, question=rewrite(i.question)) for i in items]
        got = figures(score_questions(kb, rewritten)["rows"])
        got["rewritten"] = sum(1 for a, b in zip(items, rewritten, strict=True) if a.question != b.question)
        out[name] = got
    out["always_abstain"] = {"utility": sum(1 for i in items if not i.answerable), "questions": len(items)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--leave-out", action="append", default=None, help="a check part kept out (default fresh6)"
    )
    ap.add_argument("--rewrites", default=",".join(REWRITES), help="comma-separated: " + ", ".join(REWRITES))
    args = ap.parse_args()
    names = [n for n in args.rewrites.split(",") if n]
    unknown = [n for n in names if n not in REWRITES]
    if unknown:
        ap.error(f"unknown rewrites: {', '.join(unknown)}")
    leave_out = tuple(args.leave_out) if args.leave_out else CHECK_PARTS
    print(json.dumps(run(KnowledgeBase.open_sample(), pool(leave_out), names), indent=2))


if __name__ == "__main__":
    main()
