"""The behavior evaluation: the shipped tuned tree beats the hand-written one on held-out seeds."""

from __future__ import annotations

import numpy as np

from evals.behavior import compare, paired_bootstrap, run
from evals.result import EvalOptions


def test_paired_bootstrap_brackets_the_mean():
    rng = np.random.default_rng(1)
    lo, hi = paired_bootstrap(rng.normal(0.0, 1.0, 200))
    assert lo < 0 < hi
    lo, hi = paired_bootstrap(rng.normal(2.0, 1.0, 200))
    assert 1.5 < lo < 2.0 < hi < 2.5


def test_tuned_beats_handwritten_on_held_out_seeds():
    """Fast form of the target: the interval's lower bound is above 0 on a small seed set (shipped log)."""
    res = compare(20, prefer_shared=False, baselines=False)
    lo, _ = res["diff_ci"]
    assert lo > 0
    assert res["components"]["tuned"]["safety_violations"] == 0


def test_eval_writes_its_charts(tmp_path):
    result = run(EvalOptions(report_dir=tmp_path, seeds=4, quick=True))
    assert {p.name for p in result.plots} == {"behavior-learning-curve.png", "behavior-comparison.png"}
    assert all(p.stat().st_size > 10_000 for p in result.plots)
    assert result.metrics["safety_violations"] == 0
