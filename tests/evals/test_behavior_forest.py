"""The session-11 tree residual (issue 18): the numpy evaluator equals the fitted sklearn model, the fit finds
a nonlinear gain, a policy with trees acts through the tree (and the fast path), the shipped file loads."""

from __future__ import annotations

import json

import numpy as np
import pytest

from behaviors.api import Sample, fast_action
from behaviors.audience import randomized
from behaviors.forest import TreeResidual
from behaviors.policy import FEATURES, Policy, load_policy, policy_path
from behaviors.rollout import ACTION_INDEX
from behaviors.sim import AudienceEnv, read_log, sample_log_path
from behaviors.tree import COOLDOWN_ACTIONS, BehaviorTree
from behaviors.types import ENGAGE_ACTIONS, Situation
from evals.behavior_forest import NF, export, fit_trees, one_step_gain, with_trees

I_REPLY, I_IDLE, I_SEGMENT, I_EMOTE = (ENGAGE_ACTIONS.index(a) for a in ("reply", "idle", "segment", "emote"))
SILENCE, RATE = FEATURES.index("silence"), FEATURES.index("chat_rate")


@pytest.fixture(scope="module")
def log():
    return read_log(sample_log_path(), 0.6)


@pytest.mark.parametrize("depth", [2, 3])
def test_the_exported_evaluator_equals_the_fitted_model(depth):
    from sklearn.ensemble import GradientBoostingRegressor

    rng = np.random.default_rng(depth)
    X = rng.uniform(-1, 3, (600, NF))
    X[:, 3] = rng.integers(0, 2, 600)  # a binary feature: trees stop above the last level there (padding)
    y = np.sin(3 * X[:, 1]) * (X[:, 3] > 0.5) + 0.5 * X[:, 6] ** 2 + rng.normal(0, 0.1, 600)
    model = GradientBoostingRegressor(
        n_estimators=40,
        max_depth=depth,
        learning_rate=0.1,
        subsample=0.8,
        min_samples_leaf=60,
        random_state=0,
    ).fit(X, y)
    n_act = len(ENGAGE_ACTIONS)
    feat = np.zeros((n_act, 40, 2**depth - 1), dtype=np.intp)
    thr, leaf = np.zeros(feat.shape), np.zeros((n_act, 40, 2**depth))
    init = np.zeros(n_act)
    export(model, depth, I_IDLE, feat, thr, leaf, init)
    has = np.zeros(n_act, dtype=bool)
    has[I_IDLE] = True
    trees = TreeResidual(depth, feat, thr, leaf, init, has, 0.0, NF)
    assert (thr >= 1e299).any(), "some tree stops early: the padding path is exercised"
    test = rng.uniform(-1, 3, (300, NF))
    test[:, 3] = rng.integers(0, 2, 300)
    test[:10] = X[:10]  # the fitted points themselves (values on a split's float32 boundary)
    ours = np.array([trees.predict(np.concatenate([x, np.zeros(4)]))[I_IDLE] for x in test])
    np.testing.assert_allclose(ours, model.predict(test), rtol=0, atol=1e-9)
    assert np.isnan(trees.predict(np.zeros(len(FEATURES)))[I_REPLY])
    # and through the JSON file format
    back = TreeResidual.from_json(json.loads(json.dumps(trees.to_json())))
    np.testing.assert_allclose([back.predict(np.concatenate([x, np.zeros(4)]))[I_IDLE] for x in test], ours)


def _synthetic(n: int, seed: int) -> list[Sample]:
    """Idle beats reply by 2 only when silence > 1 AND the chat is slow (an interaction no linear score
    over the two features separates); segment is always worth 0.5 less than reply."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        x = np.zeros(len(FEATURES))
        x[0] = 1.0
        x[SILENCE], x[RATE] = rng.uniform(0, 2), rng.uniform(0, 3)
        q = np.full(len(ENGAGE_ACTIONS), np.nan)
        q[I_REPLY] = 0.0
        q[I_SEGMENT] = -0.5
        q[I_IDLE] = (2.0 if x[SILENCE] > 1 and x[RATE] < 1.5 else -1.0) + rng.normal(0, 0.3)
        q[I_EMOTE] = 5.0  # a kept action: never the residual's to choose
        values = {"reply": 0.0, "idle": float(q[I_IDLE]), "segment": -0.5, "emote": 5.0}
        out.append(
            Sample(x, [I_REPLY, I_IDLE, I_SEGMENT, I_EMOTE], q, q.copy(), "reply", values, dict(values))
        )
    return out


def test_the_fit_finds_the_interaction_and_the_margin_holds_it_back():
    base = load_policy("baseline")
    trees, models = fit_trees(_synthetic(1200, 0), depth=2, margin=0.0)
    assert set(models) == {I_REPLY, I_IDLE, I_SEGMENT} and not trees.has[I_EMOTE]
    held = _synthetic(600, 1)
    gain = one_step_gain(held, trees, base)
    best = float(np.mean([max(s.q[I_IDLE], 0.0) for s in held]))
    assert gain > 0.8 * best  # the best possible: idle exactly where it is worth +2
    trees.margin = 50.0  # nothing clears a huge margin: the baseline's pick everywhere
    assert one_step_gain(held, trees, base) == 0.0


def _forced(base: Policy) -> Policy:
    """A residual that predicts idle +3 over everything when silence > 0.5."""
    n_act = len(ENGAGE_ACTIONS)
    feat = np.zeros((n_act, 1, 1), dtype=np.intp)
    feat[:, 0, 0] = SILENCE
    thr = np.full((n_act, 1, 1), 0.5 / 30)  # silence feature is seconds / 30
    leaf = np.zeros((n_act, 1, 2))
    leaf[I_IDLE, 0] = [0.0, 3.0]
    has = np.array([a not in ("cheer", "emote") for a in ENGAGE_ACTIONS])
    return with_trees(base, TreeResidual(1, feat, thr, leaf, np.zeros(n_act), has, 1.0, NF))


def test_a_policy_with_trees_acts_through_the_tree_and_the_fast_path(log, tmp_path):
    base = load_policy("baseline")
    policy = load_policy(str(_forced(base).save(tmp_path / "forced.json")))
    assert policy.trees is not None and policy.keep == ("cheer", "emote")
    env = AudienceEnv(log, split="train")
    n = switched = 0
    with BehaviorTree(policy, namespace="t-forest") as tree, BehaviorTree(base, namespace="t-forest-b") as bt:
        for seed in (1, 2):
            env.params = randomized(seed)
            tree.reset()
            clocks: dict[str, float] = {}
            _, info = env.reset(seed=seed)
            done = False
            while not done:
                s = info["situation"]
                fast = fast_action(policy, s, clocks)
                d = tree.tick(s)
                assert d.action == fast
                switched += d.action != bt.tick(s).action
                if d.branch.startswith("engage/") and s.seconds_since_last_speech > 0.6:
                    assert d.action in ("idle", "cheer", "emote")  # idle, unless the baseline's kept pick
                if fast in COOLDOWN_ACTIONS:
                    clocks[fast] = s.now
                _, _, done, _, info = env.step(ACTION_INDEX[fast])
                n += 1
    assert n > 50 and switched > 0  # without the trees the policy decides as the baseline


def test_bad_trees_are_rejected():
    base = load_policy("baseline")
    data = _forced(base).to_json()
    data["residual_trees"]["feature"][0][0] = len(FEATURES)  # a split on a feature it may not read
    with pytest.raises(ValueError, match="feature"):
        Policy.from_json(data)
    data = _forced(base).to_json()
    data["residual_trees"]["n_features"] = len(FEATURES)  # reads the hidden mix
    with pytest.raises(ValueError, match="may not see"):
        Policy.from_json(data)


def test_the_shipped_tuned_file_is_small_and_decides_as_its_fast_path(log):
    path = policy_path("tuned")
    assert path.stat().st_size < 1_000_000
    tuned = load_policy("tuned")
    env = AudienceEnv(log, split="train", params=randomized(3))
    clocks: dict[str, float] = {}
    with BehaviorTree(tuned, namespace="t-forest-shipped") as tree:
        _, info = env.reset(seed=3)
        done = False
        while not done:
            s = info["situation"]
            fast = fast_action(tuned, s, clocks)
            assert tree.tick(s).action == fast
            if fast in COOLDOWN_ACTIONS:
                clocks[fast] = s.now
            _, _, done, _, info = env.step(ACTION_INDEX[fast])


def test_questions_first_keeps_the_baseline_pick_while_a_question_is_current_or_waiting(tmp_path):
    base = load_policy("baseline")
    forced = _forced(base)  # its trees send every quiet moment to idle
    assert not forced.questions_first  # off unless the file says so
    data = forced.to_json()
    assert "questions_first" not in data  # older files decide as before
    data["questions_first"] = True
    first = Policy.from_json(json.loads(json.dumps(data)))
    assert first.questions_first and first.to_json()["questions_first"] is True
    cases = {
        "current": Situation(now=100.0, kind="question", intent="question", answer_confidence=0.95,
                             author="ann", seconds_since_last_speech=20.0, chat_rate=20.0),
        "waiting": Situation(now=100.0, kind="chat", intent="chit-chat", answer_confidence=0.95,
                             author="bob", seconds_since_last_speech=20.0, chat_rate=20.0,
                             pending_questions=1, oldest_question_age_s=8.0),
    }  # fmt: skip
    for name, s in cases.items():
        with (
            BehaviorTree(base, namespace=f"qf-b-{name}") as b,
            BehaviorTree(forced, namespace=f"qf-t-{name}") as t,
            BehaviorTree(first, namespace=f"qf-q-{name}") as q,
        ):
            want = b.tick(s).action
            assert want != "idle", name  # the baseline would speak to the question ...
            assert t.tick(s).action == "idle", name  # ... where the trees prefer idle ...
            assert q.tick(s).action == want, name  # ... and with the flag the baseline's pick stands
        assert fast_action(first, s, {}) == want
    # with no question current or waiting the flag changes nothing: the trees still decide
    quiet = Situation(now=100.0, kind="chat", intent="chit-chat", author="cy", seconds_since_last_speech=20.0,
                      chat_rate=20.0)  # fmt: skip
    with BehaviorTree(first, namespace="qf-quiet") as q, BehaviorTree(forced, namespace="qf-quiet-t") as t:
        assert q.tick(quiet).action == t.tick(quiet).action == "idle"
