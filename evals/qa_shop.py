"""Shop questions as the viewer hears them: the base's answer alone beside the turn's shop reply (session 13).

``persona eval qa`` scores ``KnowledgeBase.answer``; a shop attribute question on the turn is said from the
catalogue entry instead when its reply overrides the base's answer (``shop_attributes.overrides``, the
composer's rule: a yes, a no or "it doesn't say", or what the entry says where the base abstains or answers
with a sentence that does not hold it). This scores both on the
questions of ``evals.qa.load_all()`` that ask a shop attribute (``attribute_asked``), one split at a time:

- an answerable question is right when what is said holds a gold answer and cites a gold source;
- an unanswerable one (a product, colour or size the shop does not have: "is the hoodie available in blue")
  is right when nothing is claimed: the base abstains, or the entry's reply is "no" or "it doesn't say" (a
  grounded decline, never a yes); a "says" or "yes" there is an answer the labels call wrong.

Session 14: the turn answers only a line perception reads as a question ("can i get the big air tee in xxl"
was chit-chat: no shop reply at all). ``heard_as_question`` is the share of these questions perception reads
as one, and ``turn_accuracy_heard`` / ``turn_declined_heard`` count an answerable question right only when it
is also heard as a question (an unanswerable one not heard as a question claims nothing: declined).

The baseline beside it is the base's answer alone (what the turn said before session 13). Only the
``calibration`` split is read while rules are written (``python -m evals.qa_shop``); ``--split test`` is for
the lead's one reading at the end. The calibration split holds the session's check part's shop questions
(``evals.qa.CHECK_PART``'s calibration rows: aggregates only), so ``--rows`` prints every row but theirs and
says on stderr how many it left out (session 17); the aggregates count them as before. Session 30 has no
check part (``CHECK_PART`` is None): ``--rows`` prints every row.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from evals.qa import CHECK_PART, Item, correct, load_all, norm
from knowledge import KnowledgeBase, shop_attributes


def turn_reply(kb: KnowledgeBase, question: str, base: str | None) -> shop_attributes.ShopReply | None:
    """The shop reply the composer would say for ``question`` (its rule in ``DialogueComposer._shop``)."""
    found = shop_attributes.find_reply(kb, question)
    return found if shop_attributes.overrides(found, base) else None


def perceiver() -> Callable[[str], str]:
    """The intent perception reads a line as (the shipped persona and head, as the turn runs it)."""
    from agent.perception import Perception
    from agent.persona import Persona

    perception = Perception(Persona.load(None))
    return lambda text: perception.perceive_texts([text])[0].intent


def score(kb: KnowledgeBase, items: list[Item], intent: Callable[[str], str] | None = None) -> dict[str, Any]:
    """``intent``: how perception reads a line (None: every line taken as a question, as before)."""
    rows = []
    for item in items:
        if shop_attributes.attribute_asked(item.question) is None:
            continue
        answer = kb.answer(item.question)
        base_right = correct(answer, item) if item.answerable else answer.abstained
        reply = turn_reply(kb, item.question, None if answer.abstained else answer.text)
        if reply is None:
            turn_right, said = base_right, ("(abstains)" if answer.abstained else answer.text)
        else:
            said = f"[{reply.verdict}] {reply.statement}"
            if item.answerable:
                text = norm(f"{reply.statement} {reply.values}")
                turn_right = any(norm(a) in text for a in item.answers) and reply.source in item.sources
            else:
                turn_right = reply.verdict in ("no", "open")
        heard = intent is None or intent(item.question) == "question"
        rows.append(
            {
                "id": item.id,
                "question": item.question,
                "answerable": item.answerable,
                "base_right": bool(base_right),
                "turn_right": bool(turn_right),
                "heard": heard,
                "shop_verdict": reply.verdict if reply is not None else "",
                "said": said,
            }
        )

    def part(rs: list[dict[str, Any]]) -> dict[str, Any]:
        ans = [r for r in rs if r["answerable"]]
        una = [r for r in rs if not r["answerable"]]
        return {
            "questions": len(rs),
            "answerable": len(ans),
            "base_accuracy": round(sum(r["base_right"] for r in ans) / max(len(ans), 1), 3),
            "turn_accuracy": round(sum(r["turn_right"] for r in ans) / max(len(ans), 1), 3),
            "unanswerable": len(una),
            "base_declined": round(sum(r["base_right"] for r in una) / max(len(una), 1), 3),
            "turn_declined": round(sum(r["turn_right"] for r in una) / max(len(una), 1), 3),
            "turn_grounded_no": sum(1 for r in una if r["shop_verdict"] in ("no", "open")),
            "heard_as_question": round(sum(r["heard"] for r in rs) / max(len(rs), 1), 3),
            "turn_accuracy_heard": round(
                sum(r["turn_right"] and r["heard"] for r in ans) / max(len(ans), 1), 3
            ),
            "turn_declined_heard": round(
                sum(r["turn_right"] or not r["heard"] for r in una) / max(len(una), 1), 3
            ),
        }

    return {"all": part(rows), "rows": rows}


def printable_rows(rows: list[dict[str, Any]], items: list[Item]) -> tuple[list[dict[str, Any]], int]:
    """The rows ``--rows`` may print: every row but those of the check part's calibration split (whose rows
    nobody reads), and how many it left out."""
    check = {i.id for i in items if i.part == CHECK_PART and i.split == "calibration"}
    shown = [r for r in rows if r["id"] not in check]
    return shown, len(rows) - len(shown)


#: what ``--split`` also accepts: "cal", as the briefs and docs/knowledge.md write it (session 19, brief S2)
SPLIT_ALIASES = {"cal": "calibration"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split",
        type=lambda s: SPLIT_ALIASES.get(s, s),
        choices=("calibration", "test"),
        default="calibration",
        help="calibration (default; also 'cal') or test (a report part: the lead reads it)",
    )
    parser.add_argument("--rows", action="store_true", help="print every question's outcome")
    return parser


def main() -> None:
    args = build_parser().parse_args()
    items = [i for i in load_all() if i.split == args.split]
    kb = KnowledgeBase.open_sample()
    result = score(kb, items, perceiver())
    if args.rows:
        shown, left_out = printable_rows(result["rows"], items)
        for r in shown:
            print(json.dumps(r))
        part = f"the check part ({CHECK_PART} calibration)" if CHECK_PART is not None else "no check part"
        print(f"--rows: left out {left_out} row(s) of {part}", file=sys.stderr)
    print(json.dumps({"split": args.split, **result["all"]}))


if __name__ == "__main__":
    main()
