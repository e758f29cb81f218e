"""Policy files: the shipped tuned policy, JSON round trips, and what a policy file may not contain."""

from __future__ import annotations

import json

import numpy as np
import pytest

from behaviors import BehaviorTree, Situation, handwritten, load_policy
from behaviors.policy import FEATURES, POLICY_FORMAT, Policy, policy_path


def test_shipped_tuned_policy_loads_and_differs_from_handwritten():
    tuned = load_policy("tuned")
    assert tuned.method != "hand-written" and not tuned.privileged
    assert tuned.metadata["learning_curve"], "the tuned policy records its learning curve"
    assert not np.allclose(tuned.weights, handwritten().weights)
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


def test_the_product_loads_the_better_of_tuned_and_baseline_on_validation():
    """Issue 18 item 6: the default is whichever of the learned policy and the threshold-tuned baseline
    has the higher return on fresh validation seeds (`evals.select_policy`: the same seeds and simulators)."""
    default = load_policy("default")
    tuned, baseline = load_policy("tuned"), load_policy("baseline")
    assert default.name in ("tuned", "baseline")
    best = max((tuned, baseline), key=lambda p: p.metadata["selection_return"])
    assert default.metadata["selection_return"] == best.metadata["selection_return"]
    assert tuned.metadata["selection"]["chosen"] == default.name == baseline.metadata["selection"]["chosen"]
    assert np.allclose(default.weights, best.weights)
