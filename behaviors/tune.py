"""Tuning the tree's parameters in the audience simulator.

Two methods, compared on validation seeds (train stretches of the log, seeds apart from the training ones):

* ``cem``: the cross-entropy method over everything learned at once: the engagement weights (one linear
  score per action over the context features) and the thresholds. Each generation samples candidates
  around a diagonal Gaussian, runs every candidate on the same training seeds (common random numbers),
  and refits the Gaussian to the best ones. It optimises the episode return itself, delayed effects included.
* ``thresholds``: the baseline: the hand-written scores fixed, only the thresholds tuned by the
  cross-entropy method with the same budget (so only the learned scores differ from the tuned policy).
* ``residual`` (session 6): a policy class that contains the threshold-tuned baseline. The first half of
  the budget is exactly the baseline's search (hand-written scores, thresholds tuned); the second half moves
  the thresholds and a residual on every score (over all context features, including state the hand-written
  scores ignore: queue length, chat rate, time since the last answer, the oldest question's age) starting
  from zero, so the search starts at a baseline and keeps it unless a checkpoint beats it on validation.
* ``robust`` (session 6): the same class as ``residual``, but the residual's search maximises the smallest
  gain over the reference (the first stage's result) across the ends of every stated range
  (`behaviors.robust`), so it keeps the reference unless a change beats it under every assumption.
* ``bandit``: LinUCB, a contextual bandit, learns the engagement choice from per-decision rewards (the
  reward of the step plus a discounted few that follow, since the audience answers with a delay); then the
  cross-entropy method tunes the thresholds with those weights fixed.

`train` runs the method asked for and returns a `Policy` whose metadata holds its learning curve.
Everything is seeded: the same arguments give the same policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from behaviors.policy import (
    FEATURES,
    N_FEATURES,
    PRIVILEGED,
    THRESHOLD_BOUNDS,
    Policy,
    handwritten,
    load_policy,
)
from behaviors.robust import robust_residual
from behaviors.rollout import ACTION_INDEX, evaluate
from behaviors.sim import AudienceEnv, ChatLog, SimParams, load_chat_log, randomized
from behaviors.tree import BehaviorTree
from behaviors.types import ENGAGE_ACTIONS

TRAIN_SEED0 = 0  # training seeds: TRAIN_SEED0 + k
VALID_SEED0 = 500_000  # validation seeds (train split too, but never trained on)
N_VALID = 48  # (24 before session 6)
TH_KEYS = tuple(THRESHOLD_BOUNDS)
N_ACT = len(ENGAGE_ACTIONS)

Progress = Callable[[int, str], None]  # (env steps consumed so far, message)


def _n_feat(privileged: bool) -> int:
    return N_FEATURES if privileged else N_FEATURES - len(PRIVILEGED)


def encode(policy: Policy, privileged: bool) -> np.ndarray:
    """Weights (privileged columns only for the oracle) then thresholds scaled to [0, 1]."""
    nf = _n_feat(privileged)
    th = [(policy.thresholds[k] - lo) / (hi - lo) for k, (lo, hi) in THRESHOLD_BOUNDS.items()]
    return np.concatenate([policy.weights[:, :nf].ravel(), np.array(th)])


def decode(theta: np.ndarray, name: str, method: str, privileged: bool) -> Policy:
    nf = _n_feat(privileged)
    w = np.zeros((N_ACT, N_FEATURES))
    w[:, :nf] = theta[: N_ACT * nf].reshape(N_ACT, nf)
    th_raw = np.clip(theta[N_ACT * nf :], 0.0, 1.0)
    thresholds = {
        k: lo + float(u) * (hi - lo)
        for u, (k, (lo, hi)) in zip(th_raw, THRESHOLD_BOUNDS.items(), strict=True)
    }
    return Policy(name=name, weights=w, thresholds=thresholds, method=method, privileged=privileged)


@dataclass
class TrainConfig:
    method: str = (
        "cem"  # "cem", "bandit", "residual", or "thresholds" (hand-written weights, thresholds tuned)
    )
    steps: int = 200_000  # environment steps (decisions) to spend, validation included
    population: int = 24
    elite: int = 6
    episodes_per_candidate: int = 6
    init_std_weights: float = 1.0
    init_std_thresholds: float = 0.15
    bandit_alpha: float = 0.5
    bandit_horizon: int = 5
    bandit_gamma: float = 0.8
    bandit_steps_share: float = 0.5  # share of the budget for LinUCB, the rest for the thresholds
    residual_std_weights: float = 0.3  # residual: search width of the score residuals (scores span ~0.3-6)
    residual_std_thresholds: float = 0.05  # residual: thresholds move little from the baseline's
    residual_share: float = 0.5  # residual: the share of the budget spent as the baseline's search first
    frozen_actions: tuple[str, ...] = ()  # residual: actions whose hand-written scores stay as they are
    # residual (session 7): actions only the first stage chooses (`Policy.keep`): the residual policy takes
    # them exactly where its first stage would in the same state, and chooses among the rest elsewhere
    keep_actions: tuple[str, ...] = ()
    start: str | None = None  # residual: a saved first stage (its env_steps count against the budget)
    privileged: bool = False  # tune the oracle (sees the hidden segment mix)
    robust: bool = False  # each episode (training and validation) on a randomized simulator
    overrides: dict[str, float] = field(default_factory=dict)  # SimParams fields fixed (after randomizing)
    seed: int = 0
    name: str = "tuned"
    fast: bool = False  # decide with behaviors.api.fast_action (the tree's choice without py_trees)


@dataclass
class Budget:
    limit: int
    used: int = 0
    curve: list[dict[str, float]] = field(default_factory=list)

    def spend(self, episodes: list[Any]) -> None:
        self.used += sum(e.stats.steps for e in episodes)

    @property
    def left(self) -> int:
        return self.limit - self.used


def sim_params(cfg: TrainConfig) -> Callable[[int], SimParams] | None:
    """The simulator of each training/validation seed: default, randomized, and/or with fields fixed."""
    if not cfg.robust and not cfg.overrides:
        return None

    def params(seed: int) -> SimParams:
        return (randomized(seed) if cfg.robust else SimParams()).with_(**cfg.overrides)

    return params


def mean_return(
    policy: Policy,
    seeds: range | list[int],
    log: ChatLog,
    split: str = "train",
    params: Callable[[int], SimParams] | None = None,
    fast: bool = False,
) -> tuple[float, int]:
    eps = evaluate(policy, seeds, log, split, params=params, fast=fast)
    return float(np.mean([e.ret for e in eps])), sum(e.stats.steps for e in eps)


def _validate(
    policy: Policy,
    log: ChatLog,
    budget: Budget,
    label: str,
    params: Callable[[int], SimParams] | None,
    fast: bool = False,
) -> float:
    score, steps = mean_return(
        policy, range(VALID_SEED0, VALID_SEED0 + N_VALID), log, params=params, fast=fast
    )
    budget.used += steps
    budget.curve.append({"steps": float(budget.used), "validation_return": score, "stage": label})  # type: ignore[dict-item]
    return score


def cem(
    start: Policy,
    cfg: TrainConfig,
    log: ChatLog,
    budget: Budget,
    tune_weights: bool,
    progress: Progress | None = None,
    seed_offset: int = 0,
    stop_at: int | None = None,
    residual: bool = False,
) -> Policy:
    """The cross-entropy method; with ``tune_weights=False`` only the thresholds move. ``stop_at``: stop once
    the budget has used that many steps. ``residual``: start from ``start`` exactly, with the smaller search
    widths of `TrainConfig` (``residual_std_*``), so the start (a baseline) is the first checkpoint."""
    rng = np.random.default_rng(cfg.seed + 17 + seed_offset)
    mean = encode(start, cfg.privileged)
    n_w = N_ACT * _n_feat(cfg.privileged)
    th_std = cfg.residual_std_thresholds if residual else cfg.init_std_thresholds
    w_std = cfg.residual_std_weights if residual else cfg.init_std_weights
    std = np.full_like(mean, th_std)
    std[:n_w] = w_std if tune_weights else 0.0
    frozen = np.zeros_like(mean, dtype=bool)  # residual: score rows of cfg.frozen_actions never move
    keep = cfg.keep_actions if residual else ()
    reference = start if keep else None  # the first stage, which alone chooses the kept actions

    def make(theta: np.ndarray) -> Policy:
        p = decode(theta, cfg.name, method, cfg.privileged)
        p.keep, p.reference = tuple(keep), reference
        return p

    if residual:
        nf = _n_feat(cfg.privileged)
        for a in (*cfg.frozen_actions, *keep):  # a kept action's own score is never used
            i = ENGAGE_ACTIONS.index(a)
            frozen[i * nf : (i + 1) * nf] = True
    std[frozen] = 0.0
    method = (
        ("residual-keep" if keep else "residual")
        if residual
        else "cem"
        if tune_weights
        else start.method + "+cem-thresholds"
    )
    limit = budget.limit if stop_at is None else min(stop_at, budget.limit)
    start_policy = make(mean)
    best_valid = _validate(start_policy, log, budget, "cem", sim_params(cfg), cfg.fast)
    best_theta = mean.copy()
    gen = 0
    seed_base = TRAIN_SEED0 + seed_offset * 1_000_000
    while budget.used < limit:
        seeds = list(
            range(
                seed_base + gen * cfg.episodes_per_candidate,
                seed_base + (gen + 1) * cfg.episodes_per_candidate,
            )
        )
        cands = [mean] + [mean + std * rng.standard_normal(mean.shape) for _ in range(cfg.population - 1)]
        scores = []
        for theta in cands:
            eps = evaluate(make(theta), seeds, log, "train", params=sim_params(cfg), fast=cfg.fast)
            budget.spend(eps)
            scores.append(float(np.mean([e.ret for e in eps])))
        order = np.argsort(scores)[::-1][: cfg.elite]
        elite = np.array([cands[i] for i in order])
        mean = elite.mean(axis=0)
        # keep some exploration: the std never falls below a tenth of where it started
        floor = np.full_like(std, th_std * 0.1)
        floor[:n_w] = w_std * 0.1 if tune_weights else 0.0
        floor[frozen] = 0.0
        std = np.maximum(elite.std(axis=0), floor)
        gen += 1
        valid = _validate(make(mean), log, budget, "cem", sim_params(cfg), cfg.fast)
        if valid > best_valid:
            best_valid, best_theta = valid, mean.copy()
        if progress:
            progress(budget.used, f"cem gen {gen}: train {max(scores):.1f} / valid {valid:.1f}")
    policy = make(best_theta)
    policy.metadata["validation_return"] = best_valid
    return policy


class LinUCB:
    """Disjoint LinUCB (Li et al., 2010): a ridge regression of reward on features per action."""

    def __init__(self, n_actions: int, n_features: int, alpha: float) -> None:
        self.alpha = alpha
        self.A = np.stack([np.eye(n_features) for _ in range(n_actions)])
        self.b = np.zeros((n_actions, n_features))
        self.A_inv = self.A.copy()
        self.theta = np.zeros((n_actions, n_features))

    def choose(self, x: np.ndarray, valid: list[int]) -> int:
        ucb = [self.theta[a] @ x + self.alpha * np.sqrt(x @ self.A_inv[a] @ x) for a in valid]
        return valid[int(np.argmax(ucb))]

    def update(self, a: int, x: np.ndarray, r: float) -> None:
        self.A[a] += np.outer(x, x)
        self.b[a] += r * x
        self.A_inv[a] = np.linalg.inv(self.A[a])
        self.theta[a] = self.A_inv[a] @ self.b[a]


def bandit(cfg: TrainConfig, log: ChatLog, budget: Budget, progress: Progress | None = None) -> Policy:
    nf = _n_feat(cfg.privileged)
    ucb = LinUCB(N_ACT, nf, cfg.bandit_alpha)
    start = handwritten()
    env = AudienceEnv(log, split="train", privileged=cfg.privileged)
    bandit_budget = int(budget.limit * cfg.bandit_steps_share)
    chosen: list[tuple[int, np.ndarray]] = []

    def chooser(x: np.ndarray, valid: list[int], scores: np.ndarray) -> int:
        a = ucb.choose(x[:nf], valid)
        chosen.append((a, x[:nf].copy()))
        return a

    tree = BehaviorTree(start, chooser=chooser)
    ep = 0
    _validate(start, log, budget, "bandit", sim_params(cfg))
    try:
        while budget.used < bandit_budget:
            tree.reset()
            seed = TRAIN_SEED0 + 2_000_000 + ep
            make = sim_params(cfg)
            if make is not None:
                env.params = make(seed)
            _, info = env.reset(seed=seed)
            steps: list[tuple[int, np.ndarray] | None] = []
            rewards: list[float] = []
            done = False
            while not done:
                chosen.clear()
                d = tree.tick(info["situation"])
                _, r, done, _, info = env.step(ACTION_INDEX[d.action])
                steps.append(chosen[0] if chosen else None)  # None: the guard or reporter branch decided
                rewards.append(r)
            budget.used += len(rewards)
            # n-step credit: the audience answers with a delay
            for t, item in enumerate(steps):
                if item is None:
                    continue
                h = rewards[t : t + 1 + cfg.bandit_horizon]
                target = sum(cfg.bandit_gamma**k * rk for k, rk in enumerate(h))
                ucb.update(item[0], item[1], target)
            ep += 1
            if ep % 25 == 0:
                greedy = Policy(
                    cfg.name, _weights(ucb.theta, nf), dict(start.thresholds), "linucb", cfg.privileged
                )
                v = _validate(greedy, log, budget, "bandit", sim_params(cfg))
                if progress:
                    progress(budget.used, f"linucb episode {ep}: valid {v:.1f}")
    finally:
        tree.close()
    greedy = Policy(cfg.name, _weights(ucb.theta, nf), dict(start.thresholds), "linucb", cfg.privileged)
    return cem(greedy, cfg, log, budget, tune_weights=False, progress=progress, seed_offset=1)


def _weights(theta: np.ndarray, nf: int) -> np.ndarray:
    w = np.zeros((N_ACT, N_FEATURES))
    w[:, :nf] = theta
    return w


def train(cfg: TrainConfig, log: ChatLog | None = None, progress: Progress | None = None) -> Policy:
    """Tune a policy with the method in `cfg`; the result's metadata records how (and its learning curve)."""
    log = log or load_chat_log()
    budget = Budget(cfg.steps)
    if cfg.method == "cem":
        start = handwritten()
        start.privileged = cfg.privileged
        policy = cem(start, cfg, log, budget, tune_weights=True, progress=progress)
    elif cfg.method == "bandit":
        policy = bandit(cfg, log, budget, progress)
    elif cfg.method == "residual":
        # the baseline's own search for the first half of the budget, then the residual from there
        if cfg.start is not None:  # that first stage, saved by an earlier run
            base = load_policy(cfg.start)
            budget.used = int(base.metadata["env_steps"])
            budget.curve = list(base.metadata.get("learning_curve", []))
        else:
            base = cem(handwritten(), cfg, log, budget, tune_weights=False, progress=progress,
                       stop_at=int(cfg.steps * cfg.residual_share))  # fmt: skip
        policy = cem(
            base, cfg, log, budget, tune_weights=True, progress=progress, seed_offset=4, residual=True
        )
        policy.metadata["stage1_validation_return"] = base.metadata["validation_return"]
        policy.metadata["stage1_thresholds"] = dict(base.thresholds)
    elif cfg.method == "robust":
        # the baseline's own search first, then the residual on the worst-group gain (behaviors.robust)
        start = handwritten()
        base = cem(start, cfg, log, budget, tune_weights=False, progress=progress,
                   stop_at=int(cfg.steps * cfg.residual_share))  # fmt: skip
        n_w = N_ACT * _n_feat(cfg.privileged)
        std0 = np.full(n_w + len(TH_KEYS), cfg.residual_std_thresholds)
        std0[:n_w] = cfg.residual_std_weights
        policy, budget.used, robust_curve, worst = robust_residual(
            base,
            lambda p: encode(p, cfg.privileged),
            lambda th: decode(th, cfg.name, "robust-residual", cfg.privileged),
            std0,
            log,
            cfg.steps,
            budget.used,
            cfg.population,
            cfg.elite,
            cfg.seed,
            progress,
        )
        policy.metadata.update(
            {
                "validation_return": base.metadata["validation_return"],
                "validation_worst_gain": worst,
                "robust_curve": robust_curve,
                "stage1_thresholds": dict(base.thresholds),
            }
        )
    elif cfg.method == "thresholds":
        # the fair baseline: the hand-written scores, only the thresholds tuned, with the same budget
        start = handwritten()
        start.privileged = cfg.privileged
        policy = cem(start, cfg, log, budget, tune_weights=False, progress=progress)
    else:
        raise ValueError(f"unknown method {cfg.method!r} (cem, bandit, residual or thresholds)")
    policy.name = cfg.name
    policy.metadata.update(
        {
            "log": log.name,
            "split": "train",
            "env_steps": budget.used,
            "config": {k: v for k, v in cfg.__dict__.items()},
            "learning_curve": budget.curve,
            "features": list(FEATURES),
        }
    )
    return policy
