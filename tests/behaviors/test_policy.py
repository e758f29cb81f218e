"""Policy files: the shipped tuned policy, JSON round trips, and what a policy file may not contain."""

from __future__ import annotations

import json

import numpy as np
import pytest

from behaviors import BehaviorTree, Situation, handwritten, load_policy
from behaviors.policy import FEATURES, POLICY_FORMAT, Policy, policy_path
from evals.select_policy import choose


def test_shipped_tuned_policy_loads_and_differs_from_handwritten():
    tuned = load_policy("tuned")
    assert tuned.method != "hand-written" and not tuned.privileged
    assert tuned.metadata["learning_curve"], "the tuned policy records its learning curve"
    # session 10: the learner kept a zero residual (nothing beat the baseline on its check seeds), so the
    # weights may equal the hand-written ones; the thresholds are the tuned baseline's
    hw = handwritten()
    assert not np.allclose(tuned.weights, hw.weights) or tuned.thresholds != hw.thresholds
    with BehaviorTree(tuned, namespace="test-shipped") as t:
        assert t.tick(Situation(now=0.0)).action


def test_round_trip(tmp_path):
    p = load_policy("tuned")
    path = p.save(tmp_path / "p.json")
    q = load_policy(str(path))
    np.testing.assert_allclose(q.weights, p.weights, atol=1e-6)
    assert q.thresholds == pytest.approx(p.thresholds, abs=1e-6)
    data = json.loads(path.read_text())
    assert data["format"] == POLICY_FORMAT and data["features"] == list(FEATURES)


def test_bad_policies_are_rejected(tmp_path):
    data = handwritten().to_json()
    data["thresholds"]["min_answer_confidence"] = 3.0
    with pytest.raises(ValueError, match="outside"):
        Policy.from_json(data)
    with pytest.raises(ValueError, match="not a persona"):
        Policy.from_json({"format": "pickle"})
    with pytest.raises(FileNotFoundError):
        load_policy("no-such-policy")


def test_real_policies_never_see_the_hidden_mix():
    p = handwritten()
    p2 = Policy("x", np.ones_like(p.weights), dict(p.thresholds))
    assert not p2.weights[:, -4:].any()
    assert policy_path("tuned").exists()


def test_the_product_loads_what_the_selection_seeds_chose():
    """Issue 18 item 6: the default is the learned policy only when it beat the threshold-tuned baseline
    beyond noise on the selection seeds (`evals.select_policy`), else the baseline."""
    default = load_policy("default")
    tuned, baseline = load_policy("tuned"), load_policy("baseline")
    record = tuned.metadata["selection"]
    assert record == baseline.metadata["selection"]
    assert default.name == record["chosen"] in ("tuned", "baseline")
    lo = record["tuned_minus_baseline_ci95"][0]
    won = lo > 0 and not record["extremes_lost"] and not record.get("busy_lost")
    assert won == (default.name == "tuned")
    shipped = tuned if default.name == "tuned" else baseline
    assert np.allclose(default.weights, shipped.weights) and default.thresholds == shipped.thresholds


def test_the_selection_rule_ships_the_learned_policy_only_on_a_clear_win():
    rng = np.random.default_rng(3)
    base = rng.normal(50.0, 10.0, 200)
    assert choose(base + 2.0 + rng.normal(0.0, 1.0, 200), base)[0] == "tuned"
    assert choose(base + rng.normal(0.0, 1.0, 200), base)[0] == "baseline"  # a tie keeps the baseline
    assert choose(base - 2.0, base)[0] == "baseline"
    # a clear win on average does not ship a policy that loses on one perturbed simulator
    assert choose(base + 2.0, base, {"a=1": (0.5, 1.0), "b=0": (-2.0, -0.5)})[0] == "baseline"
    assert choose(base + 2.0, base, {"a=1": (0.5, 1.0), "b=0": (-0.5, 0.5)})[0] == "tuned"
    # nor one that answers less of the busy scripted chat than min(0.8, the baseline's share) (session 11)
    assert choose(base + 2.0, base, busy={"tuned": 0.5, "baseline": 0.875})[0] == "baseline"
    assert choose(base + 2.0, base, busy={"tuned": 0.8, "baseline": 0.875})[0] == "tuned"
    assert choose(base + 2.0, base, busy={"tuned": 0.6, "baseline": 0.6})[0] == "tuned"
