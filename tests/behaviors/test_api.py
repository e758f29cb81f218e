"""Approximate policy iteration (behaviors.api): exact copies, the tree's choice without py_trees, the fit."""

from __future__ import annotations

import numpy as np
import pytest

from behaviors import handwritten
from behaviors.api import (
    Sample,
    collect,
    fast_action,
    fit_residual,
    greedy_gain,
    redraw_future,
    rollout,
    with_residual,
)
from behaviors.audience import randomized
from behaviors.policy import FEATURES, load_policy
from behaviors.rollout import ACTION_INDEX
from behaviors.sim import AudienceEnv, read_log, sample_log_path
from behaviors.tree import COOLDOWN_ACTIONS, BehaviorTree
from behaviors.types import ENGAGE_ACTIONS


@pytest.fixture(scope="module")
def log():
    return read_log(sample_log_path(), 0.6)


def _play(env, actions):
    out = []
    for a in actions:
        _, r, done, _, _ = env.step(ACTION_INDEX[a])
        out.append(r)
        if done:
            break
    return out


def test_a_clone_replays_exactly_and_leaves_the_original_alone(log):
    env = AudienceEnv(log, split="train", params=randomized(3))
    env.reset(seed=11)
    _play(env, ["reply", "idle", "segment", "idle", "answer", "thank"])
    copy = env.clone()
    plan = ["cheer", "promote", "idle", "reply", "segment", "idle", "greet", "answer"] * 4
    r_copy = _play(copy, plan)
    # the original was not moved by the copy's steps: it gives the copy's rewards on the same actions
    state = (env.t, len(env.pending_q), dict(env.viewers), env.stats.steps)
    assert copy.t > env.t and copy.stats.steps > env.stats.steps
    r_orig = _play(env, plan)
    assert r_orig == r_copy
    assert state[3] < env.stats.steps
    # a redrawn future changes what arrives after now, not the arrival times
    fut = env.clone()
    before = [d.t for d in fut._draws]
    redraw_future(fut, np.random.default_rng(0))
    assert [d.t for d in fut._draws] == before
    later = fut._next_draw
    assert fut._draws[:later] == env._draws[:later]
    if later < len(env._draws):
        assert fut._draws[later:] != env._draws[later:]
        assert [d.idx for d in fut._draws] == [d.idx for d in env._draws]  # the same messages will come
        other = env.clone()
        redraw_future(other, np.random.default_rng(0), messages=True)
        assert [d.t for d in other._draws] == before
        assert [d.idx for d in other._draws[later:]] != [d.idx for d in env._draws[later:]]


@pytest.mark.parametrize("which", ["baseline", "kept-residual"])
def test_fast_action_is_the_trees_choice(log, which):
    base = load_policy("baseline")
    policy = base
    if which == "kept-residual":
        rng = np.random.default_rng(5)
        policy = with_residual(base, rng.normal(0, 2.0, base.weights.shape), "x", ("cheer", "emote"))
    env = AudienceEnv(log, split="train")
    n = 0
    with BehaviorTree(policy, namespace=f"t-api-{which}") as tree:
        for seed in (1, 2, 3):
            env.params = randomized(seed)
            tree.reset()
            clocks: dict[str, float] = {}
            _, info = env.reset(seed=seed)
            done = False
            while not done:
                s = info["situation"]
                fast = fast_action(policy, s, clocks)
                assert tree.tick(s).action == fast
                if fast in COOLDOWN_ACTIONS:
                    clocks[fast] = s.now
                _, _, done, _, info = env.step(ACTION_INDEX[fast])
                n += 1
    assert n > 100


def test_rollouts_share_the_future_and_collect_counts_its_steps(log):
    base = load_policy("baseline")
    env = AudienceEnv(log, split="train", params=randomized(4))
    env.reset(seed=4)
    r1 = rollout(env, base, {}, "idle", 60.0)
    r2 = rollout(env, base, {}, "idle", 60.0)
    assert r1 == r2 and r1[1] > 1  # common random numbers: the same action gives the same value
    samples, used = collect(base, [7], log, randomized, horizon_s=30.0, futures=1)
    assert samples and used > len(samples)
    for smp in samples:
        assert smp.chosen in smp.values
        assert all(not np.isnan(smp.q[i]) for i in smp.valid)


def _synthetic(n: int, seed: int) -> list[Sample]:
    """Idle is worth +2 over reply when 'silence' is high, -2 when low; the rest are worth 0."""
    rng = np.random.default_rng(seed)
    out = []
    i_reply, i_idle, i_emote = (ENGAGE_ACTIONS.index(a) for a in ("reply", "idle", "emote"))
    for _ in range(n):
        x = np.zeros(len(FEATURES))
        x[0] = 1.0
        x[FEATURES.index("silence")] = rng.uniform(0, 2)
        q = np.full(len(ENGAGE_ACTIONS), np.nan)
        q[i_reply] = 0.0
        q[i_idle] = 2.0 if x[FEATURES.index("silence")] > 1 else -2.0
        q[i_emote] = 5.0  # a kept action: never the fit's to choose
        values = {"reply": 0.0, "idle": float(q[i_idle]), "emote": 5.0}
        out.append(Sample(x, [i_reply, i_idle, i_emote], q, q.copy(), "reply", values, dict(values)))
    return out


def test_the_fit_moves_only_where_an_action_is_clearly_better():
    base = handwritten()  # reply's score (2.0) beats idle's (1.0) everywhere
    train, held = _synthetic(400, 0), _synthetic(400, 1)
    r = fit_residual(train, base, ("cheer", "emote"), l2=0.1)
    w = base.weights + r
    assert greedy_gain(held, base.weights) == 0.0
    gain = greedy_gain(held, w)
    assert gain > 0.7  # the best possible is +1.0 (idle on the half where silence > 1)
    # with nothing to gain the residual stays at zero
    flat = [Sample(s.x, s.valid, np.where(np.isnan(s.q), np.nan, 0.0), s.q, "reply", {}, {}) for s in train]
    flat = [Sample(s.x, s.valid, s.q, s.q_hind, "reply", {"reply": 0.0}, {}) for s in flat]
    assert np.abs(fit_residual(flat, base, ("cheer", "emote"))).max() < 1e-9


def test_fast_evaluation_gives_the_trees_episodes(log):
    from behaviors.rollout import evaluate

    base = load_policy("baseline")
    kept = with_residual(base, np.random.default_rng(9).normal(0, 2.0, base.weights.shape), "x", ("cheer",))
    for policy in (base, kept, load_policy("oracle")):
        slow = evaluate(policy, [21, 22], log, "train", params=randomized)
        fast = evaluate(policy, [21, 22], log, "train", params=randomized, fast=True)
        assert [e.ret for e in slow] == [e.ret for e in fast]
        assert [e.stats.actions for e in slow] == [e.stats.actions for e in fast]
