"""Does the recogniser of questions about the host (``agent.dialogue.host_questions``) find them?

    .venv/bin/python -m evals.host_questions [--part report|train] [--json] [--dump]

The labelled sample (declared and labelled in session 13 BEFORE any rule of the recogniser was written;
the labels are in ``evals/data/host_questions_labels.jsonl``, keyed by a hash of the text, so no text of
the external sets is copied into the project):
- Topical-Chat questions to the other person (``splits.questions_to_other``: crowd workers asking each other,
  split train / report by conversation in session 9): ``TOPICAL_N`` of each part, drawn with
  ``random.Random(SEED)`` from the texts sorted;
- Twitch chat (``../shared/data/chat``): every distinct line with a "?" and a second-person word; the
  stream's first hour (``splits.TWITCH_FIT_BEFORE``) is train, the rest report;
- the project's questions to the host (``agent/perception/data/host_questions_train.txt`` train,
  ``host_questions_report.txt`` report: written in session 8 for the injection model);
- the knowledge evals' questions (``QA_FILES`` in ``evals/data``: what viewers and reporters ask the base):
  a question is train when ``crc32(f"{SEED}:{file}:{id}") % 100 < 50``, else report. (The labelling run
  also read an uncommitted ``qa_fresh3.jsonl`` another engineer was writing; its lines are left out.)

Label 1: the line asks the one it is said to about itself - what or who it is (a bot? real? its name, age,
home, maker), its tastes (favourite, likes, a fan of), its own doings and experience (do you ski, have you
been to, what do you do for fun), its plans or its things. Label 0: anything else - a fact offered ("did you
know that ...?"), a knowledge question ("do you know who won ...?"), an opinion on something else ("what do
you think of ...?"), a request ("can you read ..."), a rhetorical or checking question ("are you sure?"), a
line to someone else. The rules were then written reading the train part only; the report part is read once.
Trivial baseline beside: a line with a second-person word (you, your, u, ur, ...) is about the host.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agent.perception.data import splits
from agent.perception.data.train_injection import host_question_lines

SEED = 1313
TOPICAL_N = 150
QA_FILES = ("qa_dev", "qa_fresh", "qa_fresh2", "qa_hard")
DATA = Path(__file__).parent / "data"
LABELS = DATA / "host_questions_labels.jsonl"
HOST_FILES = Path(__file__).resolve().parents[1] / "agent" / "perception" / "data"
_YOU = re.compile(r"\b(?:you|your|yours|yourself|you're|youre|u|ur|ya)\b", re.I)


@dataclass(frozen=True)
class Line:
    source: str  # topical, twitch, host-file, qa
    part: str  # train, report
    text: str

    @property
    def key(self) -> str:
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()[:16]


def sample() -> Iterator[Line]:
    """The declared sample (module docstring); a part whose files are absent is left out."""
    try:
        found = splits.questions_to_other()
    except FileNotFoundError:
        found = []
    for part in ("train", "report"):
        texts = sorted(t for t, p in found if p == part)
        for t in random.Random(SEED).sample(texts, min(TOPICAL_N, len(texts))):
            yield Line("topical", part, t)
    chat = splits.SHARED_DATA / "chat" / "twitch_2019-04-30.csv"
    if chat.is_file():
        seen: set[str] = set()
        with chat.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                text = row["message"].strip()
                if "?" in text and _YOU.search(text) and text.lower() not in seen:
                    seen.add(text.lower())
                    part = "train" if row["time"] < splits.TWITCH_FIT_BEFORE else "report"
                    yield Line("twitch", part, text)
    for name, part in (("host_questions_train.txt", "train"), ("host_questions_report.txt", "report")):
        for t in host_question_lines(HOST_FILES / name):
            yield Line("host-file", part, t)
    for path in (DATA / f"{name}.jsonl" for name in QA_FILES):
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.strip():
                row = json.loads(raw)
                b = zlib.crc32(f"{SEED}:{path.stem}:{row['id']}".encode()) % 100
                yield Line("qa", "train" if b < 50 else "report", str(row["question"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m evals.host_questions")
    ap.add_argument("--part", choices=("train", "report"), default="report")
    ap.add_argument("--dump", action="store_true", help="print the part's lines (key, source, text)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    lines = [x for x in sample() if x.part == args.part]
    if args.dump:
        for x in lines:
            print(json.dumps({"key": x.key, "source": x.source, "text": x.text}, ensure_ascii=False))
        return 0
    labels = {(r["part"], r["key"]): int(r["label"]) for r in _read_labels()}
    rows = [(x, labels[(x.part, x.key)]) for x in lines if (x.part, x.key) in labels]
    if not rows:
        print(
            "skipped: the labelled sample's files are absent (../shared/data, Topical-Chat)", file=sys.stderr
        )
        return 0
    result = score(rows, args.part, host=TWITCH_HOST)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        _print(result)
    return 0


#: The Twitch stream's host, as the recogniser is told it (so "@other_viewer do you ...?" is not for it)
TWITCH_HOST = "AdmiralBulldog"


def _read_labels() -> list[dict[str, Any]]:
    return [json.loads(x) for x in LABELS.read_text(encoding="utf-8").splitlines() if x.strip()]


def baseline(text: str) -> bool:
    """The trivial baseline: a line with a second-person word is about the host."""
    return bool(_YOU.search(text))


def _pr(pairs: list[tuple[bool, int]]) -> dict[str, float | int]:
    tp = sum(p and y for p, y in pairs)
    fp = sum(p and not y for p, y in pairs)
    fn = sum((not p) and y for p, y in pairs)
    prec = tp / (tp + fp) if tp + fp else float("nan")
    rec = tp / (tp + fn) if tp + fn else float("nan")
    return {
        "precision": round(prec, 3),
        "recall": round(rec, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "n": len(pairs),
    }


def score(rows: list[tuple[Line, int]], part: str, host: str = "") -> dict[str, object]:
    """Precision and recall of the recogniser and of the baseline, overall and per source; the misses
    and false hits are listed (read the train part's to write rules; the report part is read once)."""
    from agent.dialogue.host_questions import host_question

    got = [(x, host_question(x.text, host if x.source == "twitch" else "") is not None, y) for x, y in rows]
    out: dict[str, object] = {"part": part, "n": len(rows), "positives": sum(y for _, y in rows)}
    out["recogniser"] = _pr([(p, y) for _, p, y in got])
    out["baseline"] = _pr([(baseline(x.text), y) for x, y in rows])
    by: dict[str, object] = {}
    for src in sorted({x.source for x, _ in rows}):
        by[src] = {
            "recogniser": _pr([(p, y) for x, p, y in got if x.source == src]),
            "baseline": _pr([(baseline(x.text), y) for x, y in rows if x.source == src]),
        }
    out["by_source"] = by
    out["false_hits"] = [x.text for x, p, y in got if p and not y]
    out["misses"] = [x.text for x, p, y in got if y and not p]
    return out


def _print(r: dict[str, object]) -> None:
    print(f"part {r['part']}: {r['n']} lines, {r['positives']} about the host")
    for name in ("recogniser", "baseline"):
        m = r[name]
        assert isinstance(m, dict)
        counts = f"(tp {m['tp']} fp {m['fp']} fn {m['fn']})"
        print(f"  {name:10s} precision {m['precision']:.3f} recall {m['recall']:.3f} {counts}")
    by = r["by_source"]
    assert isinstance(by, dict)
    for src, d in by.items():
        a, b = d["recogniser"], d["baseline"]
        ours = f"recogniser P {a['precision']:.3f} R {a['recall']:.3f}"
        print(f"  {src:10s} {ours} | baseline P {b['precision']:.3f} R {b['recall']:.3f} (n {a['n']})")
    for key in ("false_hits", "misses"):
        items = r[key]
        assert isinstance(items, list)
        print(f"  {key} ({len(items)}):")
        for t in items:
            print(f"    {t[:140]}")


if __name__ == "__main__":
    raise SystemExit(main())
