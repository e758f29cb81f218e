"""evals/told_about.py and its data (session 25, brief W): the file's shape, the declared split rule, every
good string standing in a source file, and the grader's outcomes on two lines."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from evals.told_about import Row, load, outcome, score, split_of
from knowledge import Answer

ROOT = Path(__file__).resolve().parents[2]


def test_the_file_has_the_declared_shape() -> None:
    rows = load()
    assert [r.id for r in rows] == [f"w{n:02d}" for n in range(1, 71)]
    assert all(r.form == ("told" if n <= 50 else "define") for n, r in enumerate(rows, 1))
    counts = Counter((r.form, r.answerable) for r in rows)
    assert counts == {("told", True): 35, ("told", False): 15, ("define", True): 15, ("define", False): 5}
    for r in rows:
        assert r.line == r.line.lower() and r.line.strip()
        assert bool(r.good) == r.answerable, r.id
        assert all(s.startswith("knowledge/sample/") for s in r.sources)


def test_the_split_rule() -> None:
    rows = load()
    assert all(r.split == split_of(n) for n, r in enumerate(rows, 1))
    assert split_of(1) == "calibration" and split_of(2) == "test" and split_of(3) == "test"


def test_every_good_string_stands_in_a_source_file() -> None:
    texts: dict[str, str] = {}
    for r in load():
        for s in r.sources:
            texts.setdefault(s, (ROOT / s).read_text(encoding="utf-8").lower())
        for g in r.good:
            assert any(g.lower() in texts[s] for s in r.sources), (r.id, g)


def test_answerable_rows_spread_over_the_files() -> None:
    told = Counter(s for r in load() if r.form == "told" and r.answerable for s in r.sources)
    assert len(told) == 7 and min(told.values()) >= 4


class Fixed:
    def __init__(self, answers: dict[str, Answer]) -> None:
        self.answers = answers

    def answer(self, question: str) -> Answer:
        return self.answers[question]


ROWS = [
    Row(
        "x1",
        "told",
        "tell me about pip",
        True,
        ("knowledge/sample/merch/catalog.md",),
        ("is the stream's mascot",),
        "calibration",
    ),
    Row("x2", "define", "who is nobody", False, (), (), "test"),
]


def test_the_grader_on_two_lines() -> None:
    said = Answer("Pip the Penguin is the Stream's  mascot.", False, 0.9)
    passing = Answer("The plush toy costs $25.", False, 0.9)
    dont_know = Answer("I don't know", True, 0.1)
    assert outcome(ROWS[0], said) == "right"
    assert outcome(ROWS[0], passing) == "wrong"
    assert outcome(ROWS[0], dont_know) == "abstained"
    assert outcome(ROWS[1], dont_know) == "abstained_right"
    assert outcome(ROWS[1], said) == "wrong"
    result = score(Fixed({"tell me about pip": said, "who is nobody": dont_know}), ROWS)
    assert result["all"]["utility"] == 2 and result["all"]["always_abstain_utility"] == 1
    assert result["told"]["right_files"] == {"knowledge/sample/merch/catalog.md": 1}
    assert result["define"]["abstained_right"] == 1
    worse = score(Fixed({"tell me about pip": passing, "who is nobody": said}), ROWS)
    assert worse["all"]["utility"] == -2 and worse["all"]["right_files"] == {}
