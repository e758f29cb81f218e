"""Run the tree in the audience simulator: one episode, or many seeds (used by tuning and the evaluation)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from behaviors.api import ACTION_INDEX, FastActor
from behaviors.nodes import Chooser
from behaviors.policy import Policy
from behaviors.sim import AudienceEnv, ChatLog, EpisodeStats, SimParams
from behaviors.tree import BehaviorTree
from behaviors.types import Situation


@dataclass
class Episode:
    seed: int
    ret: float
    stats: EpisodeStats
    archetype: str


def run_episode(
    env: AudienceEnv, tree: BehaviorTree, seed: int, act: Callable[[Situation], str] | None = None
) -> Episode:
    """One seeded episode: tick the tree on every situation the simulator presents (or ``act``, the same
    choice without py_trees: `behaviors.api.fast_action`, for tuning runs)."""
    tree.reset()
    _, info = env.reset(seed=seed)
    total = 0.0
    done = False
    while not done:
        action = act(info["situation"]) if act is not None else tree.tick(info["situation"]).action
        _, reward, done, truncated, info = env.step(ACTION_INDEX[action])
        total += reward
        done = done or truncated
    return Episode(seed, total, env.stats, env.archetype)


def evaluate(
    policy: Policy,
    seeds: list[int] | range,
    log: ChatLog,
    split: str,
    chooser: Chooser | None = None,
    namespace: str | None = None,
    params: SimParams | Callable[[int], SimParams] | None = None,
    fast: bool = False,
) -> list[Episode]:
    """``params``: one simulator for every seed, or a function of the seed (robust tuning). ``fast``: decide
    with `behaviors.api.fast_action` (the tree's choice without py_trees, checked against it in
    tests/behaviors/test_api.py) instead of ticking the tree; only without a ``chooser``."""
    fixed = params if isinstance(params, SimParams) else None
    env = AudienceEnv(log, split=split, privileged=policy.privileged, params=fixed)
    tree = BehaviorTree(policy, namespace=namespace, chooser=chooser)
    episodes = []
    act = FastActor(policy) if fast and chooser is None else None
    try:
        for s in seeds:
            if callable(params):
                env.params = params(int(s))
            if act is not None:
                act.reset()
            episodes.append(run_episode(env, tree, int(s), act))
        return episodes
    finally:
        tree.close()


def random_chooser(seed: int) -> Chooser:
    """Uniform over the valid engagement actions (the safety guard and the reporter branch stay fixed)."""
    rng = np.random.default_rng(seed)

    def choose(x: np.ndarray, valid: list[int], scores: np.ndarray) -> int:
        return valid[int(rng.integers(len(valid)))]

    return choose
