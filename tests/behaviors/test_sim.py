"""The audience simulator: a valid, seeded, deterministic gymnasium env with its own safety counter."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from gymnasium.utils.env_checker import check_env

from behaviors import handwritten
from behaviors.rollout import evaluate
from behaviors.sim import EPISODE_S, AudienceEnv, load_chat_log, read_log, sample_log_path
from behaviors.types import ACTIONS

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "chat" / "twitch_2019-04-30.csv"


@pytest.fixture(scope="module")
def sample():
    return load_chat_log(prefer_shared=False)


def test_sample_ships_with_the_package(sample):
    assert sample_log_path().exists()
    assert sample.duration > 1000 and len(sample.times) > 1000
    lo, hi = sample.stretch("train")
    lo2, hi2 = sample.stretch("test")
    assert hi <= lo2 and hi - lo >= EPISODE_S and hi2 - lo2 >= EPISODE_S


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data/chat is absent (a fresh clone has none)")
def test_full_log_holds_the_test_stretch_apart():
    log = read_log(SHARED, 7200 / 11300)
    assert log.duration > 11000
    assert load_chat_log().stretch("test")[0] >= 7199


def test_gymnasium_api(sample):
    env = AudienceEnv(sample, split="test")
    check_env(env, skip_render_check=True)


def test_seeded_and_deterministic(sample):
    a = evaluate(handwritten(), [1, 2], sample, "test")
    b = evaluate(handwritten(), [1, 2], sample, "test")
    assert [e.ret for e in a] == [e.ret for e in b]
    assert a[0].ret != a[1].ret


def test_policies_meet_the_same_inputs(sample):
    """Common random numbers: the inputs a seed brings do not depend on what the host does at first."""
    env = AudienceEnv(sample, split="test")
    _, i1 = env.reset(seed=5)
    _, i2 = env.reset(seed=5)
    assert i1["situation"] == i2["situation"]
    assert env.chat_times.size > 0


def test_acting_on_abuse_is_a_violation_and_the_tree_never_does(sample):
    env = AudienceEnv(sample, split="train")
    reply = ACTIONS.index("reply")
    violations = 0
    for seed in range(12):
        _, info = env.reset(seed=seed)
        done = False
        while not done:  # an unguarded host that replies to everything
            _, _, done, _, info = env.step(reply)
        violations += env.stats.safety_violations
        assert len(env.stats.violation_texts) == env.stats.safety_violations  # each one recorded
        assert all(t.startswith("reply <- ") for t in env.stats.violation_texts)
    assert violations > 0
    eps = evaluate(handwritten(), range(12), sample, "train")
    assert sum(e.stats.safety_violations for e in eps) == 0


def test_dead_air_and_ignored_gifts_cost(sample):
    """A host that never speaks loses more than the hand-written one, through the documented penalties."""
    env = AudienceEnv(sample, split="test")
    idle = ACTIONS.index("idle")
    silent = []
    for seed in range(8):
        env.reset(seed=seed)
        total, done = 0.0, False
        while not done:
            _, r, done, _, _ = env.step(idle)
            total += r
        silent.append((total, env.stats.dead_air_s, env.stats.gifts_ignored))
    hand = evaluate(handwritten(), range(8), sample, "test")
    assert np.mean([s[0] for s in silent]) < np.mean([e.ret for e in hand])
    assert all(s[1] > 200 for s in silent)
    assert sum(s[2] for s in silent) > 0
