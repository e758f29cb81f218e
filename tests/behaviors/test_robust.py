"""Robust tuning (behaviors.robust): a residual is kept only where it beats its reference everywhere."""

from __future__ import annotations

import numpy as np

from behaviors import handwritten
from behaviors.audience import PARAM_RANGES
from behaviors.robust import EXTREMES, group_returns, robust_residual, validation_groups, worst_gain
from behaviors.sim import read_log, sample_log_path
from behaviors.tune import N_ACT, TH_KEYS, TrainConfig, _n_feat, decode, encode, train


def test_every_end_of_every_range_is_a_group():
    assert len(EXTREMES) == 2 * len(PARAM_RANGES)
    assert {f for f, _ in EXTREMES} == set(PARAM_RANGES)
    assert len(validation_groups()) == len(EXTREMES)


def test_worst_gain_is_the_smallest_group_mean():
    ref = np.zeros((3, 4))
    assert worst_gain(ref, ref) == 0.0
    r = np.array([[2.0, 2.0, 2.0, 2.0], [1.0, 3.0, 1.0, 3.0], [-1.0, 0.0, 0.5, 0.5]])
    assert worst_gain(r, ref) == 0.0  # the third group: (-1 + 0 + 0.5 + 0.5) / 4
    assert worst_gain(r - 1.0, ref) == -1.0


def test_the_search_keeps_its_reference_unless_beaten_on_every_group():
    log = read_log(sample_log_path(), 0.6)
    ref = handwritten()
    n_w = N_ACT * _n_feat(False)
    std0 = np.full(n_w + len(TH_KEYS), 0.05)
    std0[:n_w] = 2.0  # wide: most candidates are worse somewhere
    ref_r, ref_steps = group_returns(ref, validation_groups(), log)
    policy, used, curve, worst = robust_residual(
        ref,
        lambda p: encode(p, False),
        lambda th: decode(th, "x", "robust-residual", False),
        std0,
        log,
        limit=ref_steps + 1,  # one generation after the reference's validation
        used=0,
        population=4,
        elite=2,
        seed=0,
    )
    assert used > 0 and len(curve) == 2 and curve[0]["validation_worst_gain"] == 0.0
    assert worst >= 0.0
    got_r, _ = group_returns(policy, validation_groups(), log)
    assert worst_gain(got_r, ref_r) == worst  # what it reports is what its policy does
    if worst == 0.0:
        np.testing.assert_allclose(policy.weights, ref.weights)


def test_robust_method_records_how_it_was_tuned():
    log = read_log(sample_log_path(), 0.6)
    p = train(TrainConfig(method="robust", steps=16_000, robust=True, population=3, elite=1), log)
    assert p.metadata["validation_worst_gain"] >= 0.0 and p.metadata["robust_curve"]
    assert p.metadata["config"]["method"] == "robust" and "stage1_thresholds" in p.metadata
