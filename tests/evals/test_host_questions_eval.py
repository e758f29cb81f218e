"""The host-question eval (``evals/host_questions.py``): its scoring; the declared sample is all labelled."""

from __future__ import annotations

import pytest

from agent.perception.data import splits
from evals.host_questions import Line, _read_labels, baseline, sample, score


def test_scoring_counts_the_recogniser_and_the_baseline() -> None:
    rows = [
        (Line("qa", "report", "are you a bot?"), 1),
        (Line("qa", "report", "who won the men's downhill?"), 0),
        (Line("topical", "report", "did you know the NFL has no rule against women playing?"), 0),
        (Line("topical", "report", "do you like football?"), 1),
    ]
    r = score(rows, "report")
    assert r["recogniser"] == {"precision": 1.0, "recall": 1.0, "tp": 2, "fp": 0, "fn": 0, "n": 4}
    assert r["baseline"]["fp"] == 1 and baseline("do you like football?")  # type: ignore[index]
    assert r["misses"] == [] and r["false_hits"] == []


def test_every_line_of_the_declared_sample_is_labelled() -> None:
    if not (splits.SHARED_DATA / "chat").is_dir() or not splits.TOPICAL_CHAT_DIR.is_dir():
        pytest.skip("../shared/data or Topical-Chat is absent: the sample cannot be drawn")
    labelled = {(r["part"], r["key"]) for r in _read_labels()}
    drawn = {(x.part, x.key) for x in sample()}
    assert drawn == labelled
