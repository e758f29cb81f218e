"""The behavior evaluation: the learned tree against the threshold-tuned baseline, on held-out seeds."""

from __future__ import annotations

import numpy as np

from behaviors import load_policy
from behaviors.policy import default_policy_name
from behaviors.sim import load_chat_log
from connectors.commands.behavior import perception_classifier
from evals.behavior import TEST_SEED0, compare, paired_bootstrap, play, policies, run
from evals.behavior_checks import PERTURBATIONS, busy_chat, perturbed
from evals.result import EvalOptions


def test_paired_bootstrap_brackets_the_mean():
    rng = np.random.default_rng(1)
    lo, hi = paired_bootstrap(rng.normal(0.0, 1.0, 200))
    assert lo < 0 < hi
    lo, hi = paired_bootstrap(rng.normal(2.0, 1.0, 200))
    assert 1.5 < lo < 2.0 < hi < 2.5


def test_the_shipped_policy_is_not_beaten_by_the_other_on_held_out_seeds():
    """Issue 18 item 6: the learned policy ships only if it beats the threshold-tuned baseline and loses on
    no perturbed simulator (`evals.select_policy`). Fast form on held-out seeds of the shipped log: if the
    baseline ships because the learned one lost on some single-extreme simulators, it does not win there
    beyond noise here either (session 7: a learned policy within noise of the baseline loses by too little
    for 20 seeds of the shipped sample to show it); if it ships for no such reason, the learned one is not
    better beyond noise; a shipped learned policy is not worse. Neither lets anything past the guard."""
    res = compare(20, prefer_shared=False, baselines=False)
    lo, hi = res["diff_ci"]  # tuned minus baseline
    lost = load_policy("baseline").metadata["selection"]["extremes_lost"]
    if default_policy_name() == "baseline" and lost:
        log = load_chat_log(prefer_shared=False)
        pols = policies(baselines=False)
        for item in lost:
            field, _, value = item.partition("=")
            r = play(
                pols, list(range(TEST_SEED0, TEST_SEED0 + 20)), log, "test", perturbed(field, float(value))
            )
            assert r["diff_ci"][0] <= 0, (
                f"the learned policy beats the baseline at {item} here: re-check the choice"
            )
    elif default_policy_name() == "baseline":
        assert lo <= 0, "the learned policy beats the shipped baseline beyond noise: ship it"
    else:
        assert hi >= 0, "the shipped learned policy is worse than the baseline beyond noise"
    for name in ("tuned", "baseline"):
        assert res["components"][name]["safety_violations"] == 0
        assert res["components"][name]["guard_bypassed"] == 0


def test_busy_chat_questions_are_answered_and_never_talked_over():
    """A question every 3-6 s, the tree ticked on each as the agent does: the real-user targets."""
    res = busy_chat(load_policy("default"), perception_classifier(), n_questions=40, seed=2)
    assert res.answerable >= 10
    assert res.answered_share >= 0.8
    assert res.segments_while_waiting == 0


def test_eval_writes_its_charts(tmp_path):
    result = run(EvalOptions(report_dir=tmp_path, seeds=4, quick=True, extra={"sample": True}))
    assert {p.name for p in result.plots} == {
        "behavior-learning-curve.png",
        "behavior-comparison.png",
        "behavior-perturbations.png",
    }
    assert all(p.stat().st_size > 10_000 for p in result.plots)
    assert len(result.details["perturbations"]) == 2 * len(PERTURBATIONS)
    assert result.metrics["guard_bypassed_tuned"] == 0
    assert "busy_answered_share" in result.metrics
