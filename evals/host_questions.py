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
- the knowledge evals' questions (``evals/data/qa_*.jsonl``: what viewers and reporters ask the base): a
  question is train when ``crc32(f"{SEED}:{id}") % 100 < 50``, else report.

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

from agent.perception.data import splits
from agent.perception.data.train_injection import host_question_lines

SEED = 1313
TOPICAL_N = 150
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
    for path in sorted(DATA.glob("qa_*.jsonl")):
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
    print("scoring not written yet", file=sys.stderr)
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
