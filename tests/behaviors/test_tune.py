"""Tuning: the cross-entropy method and LinUCB, on small budgets, and the train-behavior command."""

from __future__ import annotations

import numpy as np
import pytest

from behaviors import load_policy
from behaviors.policy import handwritten
from behaviors.sim import load_chat_log
from behaviors.tune import LinUCB, TrainConfig, decode, encode, train
from behaviors.types import ENGAGE_ACTIONS
from connectors.cli import main


def test_encode_decode_round_trip():
    p = handwritten()
    q = decode(encode(p, False), "x", "m", False)
    np.testing.assert_allclose(q.weights, p.weights)
    assert q.thresholds == p.thresholds


def test_linucb_learns_which_arm_pays():
    rng = np.random.default_rng(0)
    ucb = LinUCB(3, 2, alpha=0.5)
    picks = []
    for _ in range(400):
        x = np.array([1.0, rng.random()])
        a = ucb.choose(x, [0, 1, 2])
        r = [0.2, 1.0 * x[1], 0.5][a] + rng.normal(0, 0.1)
        ucb.update(a, x, r)
        picks.append(a)
    x_hi, x_lo = np.array([1.0, 0.95]), np.array([1.0, 0.05])
    assert int(np.argmax(ucb.theta @ x_hi)) == 1 and int(np.argmax(ucb.theta @ x_lo)) == 2


def test_cem_records_a_learning_curve():
    cfg = TrainConfig(method="cem", steps=4000, population=4, elite=2, episodes_per_candidate=2)
    p = train(cfg, load_chat_log(prefer_shared=False))
    curve = p.metadata["learning_curve"]
    assert len(curve) >= 2 and curve[0]["validation_return"] <= p.metadata["validation_return"]


def test_train_behavior_command_writes_a_policy(tmp_path):
    out = tmp_path / "p.json"
    rc = main(["train-behavior", "--steps", "3000", "--method", "bandit", "--sample", "--out", str(out)])
    assert rc == 0
    p = load_policy(str(out))
    assert p.method.startswith("linucb") and p.metadata["method_comparison"]["chosen"] == "bandit"


def test_the_baseline_tunes_only_thresholds_on_randomized_simulators():
    """The fair baseline: hand-written scores kept, thresholds tuned; robust tuning varies the simulator."""
    cfg = TrainConfig(
        method="thresholds", steps=3000, population=4, elite=2, episodes_per_candidate=2, robust=True
    )
    p = train(cfg, load_chat_log(prefer_shared=False))
    np.testing.assert_allclose(p.weights, handwritten().weights)
    assert p.method == "hand-written+cem-thresholds" and p.metadata["config"]["robust"] is True


def test_randomized_simulators_are_seeded_and_inside_their_ranges():
    from behaviors.sim import PARAM_RANGES, randomized

    a, b = randomized(3), randomized(3)
    assert a == b and a != randomized(4)
    for key, (lo, hi) in PARAM_RANGES.items():
        assert lo <= getattr(a, key) <= hi


def test_fixed_simulator_parameters_apply_to_every_training_episode(tmp_path):
    from behaviors.tune import sim_params

    cfg = TrainConfig(robust=True, overrides={"cheer_emote_likes": 0.0})
    make = sim_params(cfg)
    assert make is not None
    assert make(1).cheer_emote_likes == 0.0 and make(1).dead_air_s != make(2).dead_air_s
    assert sim_params(TrainConfig()) is None
    out = tmp_path / "p.json"
    args = ["train-behavior", "--steps", "2000", "--method", "cem", "--sample", "--out", str(out)]
    assert main([*args, "--set", "cheer_emote_likes=0"]) == 0
    assert "--set cheer_emote_likes=0" in load_policy(str(out)).metadata["command"]
    with pytest.raises(SystemExit, match="FIELD=VALUE"):
        main([*args, "--set", "no_such_field=1"])


def test_the_residual_starts_from_a_saved_baseline_and_keeps_frozen_scores(tmp_path):
    """The residual class contains the baseline: it starts from a saved thresholds-only stage (whose steps
    count against the budget), and the actions it is told to leave keep their hand-written scores."""
    log = load_chat_log(prefer_shared=False)
    small = {"population": 4, "elite": 2, "episodes_per_candidate": 2}
    base = train(TrainConfig(method="thresholds", steps=2000, robust=True, **small), log)
    base.save(tmp_path / "stage1.json")
    cfg = TrainConfig(
        method="residual",
        steps=base.metadata["env_steps"] + 4000,
        robust=True,
        start=str(tmp_path / "stage1.json"),
        frozen_actions=("cheer", "emote"),
        residual_std_weights=2.0,
        **small,
    )
    p = train(cfg, log)
    assert p.metadata["env_steps"] >= cfg.steps and p.metadata["stage1_thresholds"] == base.thresholds
    hw = handwritten().weights
    for i in (ENGAGE_ACTIONS.index("cheer"), ENGAGE_ACTIONS.index("emote")):
        np.testing.assert_allclose(p.weights[i], hw[i])
    assert p.metadata["validation_return"] >= base.metadata["validation_return"]
    if not np.allclose(p.weights, hw):  # a residual was kept: it moved the other scores only
        assert not np.allclose(np.delete(p.weights, [7, 8], axis=0), np.delete(hw, [7, 8], axis=0))


def test_the_kept_residual_cheers_only_where_its_first_stage_would(tmp_path):
    """``--keep cheer --keep emote`` (session 7): the residual policy carries its first stage as the reference
    that alone chooses cheers and emotes, so it cannot cheer more than that stage in the same state."""
    log = load_chat_log(prefer_shared=False)
    small = {"population": 4, "elite": 2, "episodes_per_candidate": 2}
    base = train(TrainConfig(method="thresholds", steps=2000, robust=True, **small), log)
    base.save(tmp_path / "stage1.json")
    out = tmp_path / "kept.json"
    rc = main(["train-behavior", "--steps", str(base.metadata["env_steps"] + 3000), "--method", "residual",
               "--sample", "--robust", "--keep", "cheer", "--keep", "emote", "--start",
               str(tmp_path / "stage1.json"), "--out", str(out)])  # fmt: skip
    assert rc == 0
    p = load_policy(str(out))
    assert p.keep == ("cheer", "emote") and p.reference is not None and p.method == "residual-keep"
    np.testing.assert_allclose(p.reference.weights, base.weights)
    assert p.reference.thresholds == base.thresholds
    assert "--keep cheer --keep emote" in p.metadata["command"]
