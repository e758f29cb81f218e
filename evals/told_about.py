"""Held-out "tell me about X" / "who is X" lines scored on the base's answer (session 25, brief W, issue 14).

``evals/data/told_about_s25.jsonl`` (70 rows, written from the documents alone by an engineer who had not
seen the candidates it judges): ``form`` ``told`` ("tell me about / explain / describe X") or ``define``
("who is / what is X"); an answerable row's ``good`` strings come from X's defining sentences in the base,
an unanswerable row (X named only in passing, not in the base, or an attribute the base does not state) has
none.

Each line goes through ``KnowledgeBase.answer`` (the base, not perception or the turn):

- right: answerable, not abstained, and the answer's text holds a ``good`` string (case- and space-folded);
- wrong: answered (not abstained) and not right (an unanswerable line answered is wrong);
- rightly abstained: unanswerable and abstained (an answerable line abstained on is neither);
- utility = right + rightly abstained - wrong, printed beside always-abstain's (the unanswerable count),
  per form and in all, with the files of the right rows (a breadth count).

Split: line n is ``calibration`` when n % 3 == 1 else ``test`` (declared with the data); the lead reports on
``test``. ``python -m evals.told_about [--split test] [--form told|define] [--json]``.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from evals.qa_scoring import norm
from knowledge import Answer

DATA = Path(__file__).resolve().parent / "data" / "told_about_s25.jsonl"
FORMS = ("told", "define")
SPLITS = ("calibration", "test")


class Answers(Protocol):
    def answer(self, question: str) -> Answer: ...


@dataclass(frozen=True)
class Row:
    id: str
    form: str
    line: str
    answerable: bool
    sources: tuple[str, ...]
    good: tuple[str, ...]
    split: str
    bad: tuple[str, ...] = ()


def split_of(n: int) -> str:
    """The declared split of the n-th line (1-based)."""
    return "calibration" if n % 3 == 1 else "test"


def load(path: Path = DATA) -> list[Row]:
    rows = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if not text.strip():
            continue
        d = json.loads(text)
        rows.append(
            Row(
                id=d["id"],
                form=d["form"],
                line=d["line"],
                answerable=bool(d["answerable"]),
                sources=tuple(d["sources"]),
                good=tuple(d["good"]),
                split=d["split"],
                bad=tuple(d.get("bad", ())),
            )
        )
    return rows


def outcome(row: Row, answer: Answer) -> str:
    """``right``, ``wrong``, ``abstained_right`` (unanswerable, abstained) or ``abstained`` (answerable)."""
    if answer.abstained:
        return "abstained" if row.answerable else "abstained_right"
    text = norm(answer.text)
    if row.answerable and any(norm(g) in text for g in row.good):
        return "right"
    return "wrong"


def summary(rows: list[Row], outcomes: list[str]) -> dict[str, Any]:
    counts = Counter(outcomes)
    unanswerable = sum(not r.answerable for r in rows)
    files = Counter(f for r, o in zip(rows, outcomes, strict=True) if o == "right" for f in r.sources)
    return {
        "lines": len(rows),
        "answerable": len(rows) - unanswerable,
        "right": counts["right"],
        "wrong": counts["wrong"],
        "abstained_right": counts["abstained_right"],
        "abstained_answerable": counts["abstained"],
        "utility": counts["right"] + counts["abstained_right"] - counts["wrong"],
        "always_abstain_utility": unanswerable,
        "right_files": dict(sorted(files.items())),
    }


def score(kb: Answers, rows: list[Row]) -> dict[str, Any]:
    outcomes = []
    detail = []
    for row in rows:
        answer = kb.answer(row.line)
        o = outcome(row, answer)
        outcomes.append(o)
        detail.append({"id": row.id, "form": row.form, "line": row.line, "outcome": o, "said": answer.text})
    result: dict[str, Any] = {"all": summary(rows, outcomes)}
    for form in FORMS:
        picked = [(r, o) for r, o in zip(rows, outcomes, strict=True) if r.form == form]
        if picked:
            result[form] = summary([r for r, _ in picked], [o for _, o in picked])
    result["rows"] = detail
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--split", choices=SPLITS, default=None, help="one split (default: both)")
    parser.add_argument("--form", choices=FORMS, default=None, help="one form (default: both)")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    args = parser.parse_args(argv)
    rows = [
        r
        for r in load()
        if (args.split is None or r.split == args.split) and (args.form is None or r.form == args.form)
    ]
    from knowledge import KnowledgeBase

    result = score(KnowledgeBase.open_sample(), rows)
    result["split"] = args.split or "all"
    if args.json:
        print(json.dumps(result))
        return
    for r in result["rows"]:
        print(f"{r['id']} {r['outcome']:16} {r['line']!r} -> {r['said']!r}")
    for key in ("all", *FORMS):
        if key in result:
            s = result[key]
            print(
                f"{key:7} lines {s['lines']:3}  right {s['right']:3}  wrong {s['wrong']:3}  "
                f"abstained right {s['abstained_right']:3}  utility {s['utility']:4}  "
                f"(always-abstain {s['always_abstain_utility']})  right files {s['right_files']}"
            )


if __name__ == "__main__":
    main()
