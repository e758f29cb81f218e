"""Approximate policy iteration for the engagement choice (issue 18, session 10).

CEM over whole-episode returns (`behaviors.tune`) found no residual that beats the threshold-tuned baseline:
an episode's return is the sum of some 60 decisions' effects plus the audience's noise, so one decision's
effect is buried. Here each decision is scored on its own:

* **states** come from the current policy's own episodes (train stretch, each on a randomized simulator);
* at each engagement decision (the guard, reporter and rule branches are fixed) **every valid action is
  tried**, then the current policy is followed for ``horizon_s`` seconds of stream time (`rollout`). The
  simulator draws every arrival's randomness at reset, so two actions from one state meet the same arrivals
  (common random numbers): the difference of their returns is the action's effect, not the audience's
  noise. To score what a policy that sees only the present could expect, the rollouts run on ``futures``
  copies whose not-yet-arrived draws are redrawn from their priors (`redraw_future`; arrival times kept,
  and the future messages themselves unless ``redraw_messages``: the session-10 learner kept them);
* a **residual on the linear scores** is fitted (`fit_residual`) so that the policy's choice among the
  valid actions has the highest rollout value: a softmax over the scores, its expected rollout advantage
  maximised with an L2 pull towards zero (so the fitted policy moves only where the advantage is clear
  and consistent across states). The result is an ordinary `Policy` (the baseline's thresholds, its scores
  plus the residual, cheers and emotes kept to the baseline through `Policy.keep`), so the product's tree,
  its guard in front, and the JSON format are unchanged.

The fit itself is a pure function of the collected samples. Collection runs the simulator and counts every
step it spends (rollouts included), so the budget compares with CEM's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from behaviors.audience import CONFIDENCE_BETA, GIFT_LOG_MEAN, GIFT_LOG_SD, _Draw
from behaviors.nodes import (
    is_unsafe,
    question_said,
    reporter_decision,
    rule_decision,
    safety_decision,
    valid_engagements,
)
from behaviors.policy import PRIVILEGED, Policy, features
from behaviors.sim import AudienceEnv, ChatLog, SimParams
from behaviors.tree import COOLDOWN_ACTIONS
from behaviors.types import ACTIONS, ENGAGE_ACTIONS, Situation

N_ACT = len(ENGAGE_ACTIONS)
ACTION_INDEX = {a: i for i, a in enumerate(ACTIONS)}
Progress = Callable[[int, str], None]


@dataclass
class Sample:
    """One engagement decision: its features, the valid actions, and each one's rollout value."""

    x: np.ndarray  # policy features (non-privileged)
    valid: list[int]  # engagement action indices whose guards pass (kept actions included)
    q: np.ndarray  # rollout value per engagement action (nan where not valid); mean over futures
    q_hind: np.ndarray  # the same on the episode's own future (hindsight)
    chosen: str  # the action the collecting policy took (its value: ``values[chosen]``)
    values: dict[str, float]  # rollout value per distinct action taken (mean over futures)
    values_hind: dict[str, float]  # the same on the episode's own future
    q_each: np.ndarray | None = None  # rollout value per future (futures x actions; nan where not valid)
    values_each: list[dict[str, float]] | None = None  # per future, the value of each distinct action


def copy_env(env: AudienceEnv) -> AudienceEnv:
    """An independent copy of a running episode (`AudienceEnv.clone`)."""
    return env.clone()


def fast_action(policy: Policy, s: Situation, last_at: dict[str, float]) -> str:
    """The action `BehaviorTree.tick` takes for ``policy`` in ``s`` with cooldown clocks ``last_at`` (the
    same branches in the same order, without py_trees' tick machinery; rollouts call it thousands of times;
    `tests/behaviors/test_api.py` checks it against the tree). The caller updates ``last_at``."""
    th = policy.thresholds
    if is_unsafe(s):
        return safety_decision(s).action
    if s.reporter_mode:
        return reporter_decision(s).action
    rule = rule_decision(s, th)
    if rule is not None:
        return rule.action
    x = features(s, policy.privileged)
    valid = valid_engagements(s, th, last_at)
    scores = policy.scores(x)
    ref = policy.reference
    if ref is not None:
        ref_valid = valid_engagements(s, ref.thresholds, last_at)
        ref_scores = ref.scores(x)
        ref_pick = ref_valid[int(np.argmax(ref_scores[ref_valid]))]
        if ENGAGE_ACTIONS[ref_pick] in policy.keep:
            return taken(s, th, ENGAGE_ACTIONS[ref_pick])
        valid = [i for i in valid if ENGAGE_ACTIONS[i] not in policy.keep]
    return taken(s, th, ENGAGE_ACTIONS[policy.pick(x, valid, scores[valid])])


def redraw_future(env: AudienceEnv, rng: np.random.Generator, messages: bool = False) -> None:
    """Redraw every not-yet-arrived message's draws from their priors (segment, troll swap, newcomer, answer
    correctness, gift, confidence). Arrival times are kept; so is each message (its text, perception and
    judged intent) unless ``messages``, which draws it uniformly from the episode's log stretch instead, so
    that nothing about what will be said is known."""
    lo, hi = (int(i) for i in np.searchsorted(env.log.times, [env.lo, env.hi]))
    new = []
    for d in env._draws[env._next_draw :]:
        u = rng.random(6)
        conf = {s: float(rng.beta(a, b)) for s, (a, b) in CONFIDENCE_BETA.items()}
        value = float(rng.lognormal(GIFT_LOG_MEAN, GIFT_LOG_SD))
        idx = int(rng.integers(lo, max(hi, lo + 1))) if messages else d.idx
        a, b, c, e, f, g = (float(v) for v in u)
        new.append(_Draw(d.t, a, b, c, e, f, g, value, conf, d.k, idx))
    env._draws = env._draws[: env._next_draw] + new


def engageable(s: Situation, th: dict[str, float]) -> bool:
    """Whether the engagement choice decides here (not the guard, the reporter branch or a fixed rule)."""
    return not (is_unsafe(s) or s.reporter_mode or rule_decision(s, th) is not None)


def taken(s: Situation, th: dict[str, float], action: str) -> str:
    """The action the tree takes when the engagement choice picks ``action`` (`question_said`)."""
    said = question_said(s, th, action)
    return said.action if said is not None else action


class FastActor:
    """`fast_action` with its own cooldown clocks: ``actor(situation) -> action``, as ``tree.tick`` does."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.clocks: dict[str, float] = {}

    def reset(self) -> None:
        self.clocks = {}

    def __call__(self, s: Situation) -> str:
        a = fast_action(self.policy, s, self.clocks)
        if a in COOLDOWN_ACTIONS:
            self.clocks[a] = s.now
        return a


def rollout(
    env: AudienceEnv, policy: Policy, last_at: dict[str, float], action: str, horizon_s: float
) -> tuple[float, int]:
    """(reward, steps) of ``action`` now, then ``policy`` for ``horizon_s`` s of stream time, on a copy."""
    env = copy_env(env)
    clocks = dict(last_at)
    if action in COOLDOWN_ACTIONS:
        clocks[action] = env.t
    t_end = env.t + horizon_s
    _, total, done, trunc, info = env.step(ACTION_INDEX[action])
    steps = 1
    while not (done or trunc) and env.t < t_end:
        s = info["situation"]
        a = fast_action(policy, s, clocks)
        if a in COOLDOWN_ACTIONS:
            clocks[a] = s.now
        _, r, done, trunc, info = env.step(ACTION_INDEX[a])
        total += r
        steps += 1
    return float(total), steps


def collect(
    policy: Policy,
    seeds: list[int] | range,
    log: ChatLog,
    params: Callable[[int], SimParams],
    horizon_s: float = 120.0,
    futures: int = 4,
    progress: Progress | None = None,
    hindsight: bool = True,
    max_steps: int | None = None,
    redraw_messages: bool = False,
) -> tuple[list[Sample], int]:
    """Play ``policy`` on ``seeds``; at each engagement decision with more than one distinct action, score
    every valid action by rollouts of ``policy`` (``futures`` redrawn futures; and the episode's own future
    when ``hindsight``; ``redraw_messages``: the future messages redrawn too, see `redraw_future`). Stops
    after the episode in which ``max_steps`` is reached. Returns the
    samples and the simulator steps spent (episodes and rollouts)."""
    th = dict(policy.thresholds)
    env = AudienceEnv(log, split="train")
    samples: list[Sample] = []
    used = 0
    for n, seed in enumerate(seeds):
        if max_steps is not None and used >= max_steps:
            break
        env.params = params(int(seed))
        _, info = env.reset(seed=int(seed))
        rng = np.random.default_rng([int(seed), 99])
        clocks: dict[str, float] = {}
        done = False
        while not done:
            s = info["situation"]
            action = fast_action(policy, s, clocks)
            if engageable(s, th):
                valid = valid_engagements(s, th, clocks)
                finals = {i: taken(s, th, ENGAGE_ACTIONS[i]) for i in valid}
                if len(set(finals.values())) > 1:
                    hind = dict.fromkeys(sorted(set(finals.values())), float("nan"))
                    for a in hind if hindsight else ():
                        hind[a], k = rollout(env, policy, clocks, a, horizon_s)
                        used += k
                    each = []
                    for _ in range(futures):
                        fut = copy_env(env)
                        redraw_future(fut, rng, redraw_messages)
                        one = {}
                        for a in hind:
                            one[a], k = rollout(fut, policy, clocks, a, horizon_s)
                            used += k
                        each.append(one)
                    caus = {a: float(np.mean([one[a] for one in each])) for a in hind}
                    q = np.full(N_ACT, np.nan)
                    qh = np.full(N_ACT, np.nan)
                    qe = np.full((futures, N_ACT), np.nan)
                    for i, a in finals.items():
                        q[i], qh[i] = caus[a], hind[a]
                        qe[:, i] = [one[a] for one in each]
                    samples.append(Sample(features(s), valid, q, qh, action, caus, hind, qe, each))
            if action in COOLDOWN_ACTIONS:
                clocks[action] = s.now
            _, _, done, trunc, info = env.step(ACTION_INDEX[action])
            used += 1
            done = done or trunc
        if progress:
            progress(used, f"api collect: episode {n + 1}/{len(seeds)}, {len(samples)} decisions")
    return samples, used


def _rows(samples: list[Sample], keep: tuple[str, ...]) -> list[Sample]:
    return [s for s in samples if s.chosen not in keep and s.chosen in s.values]


def _arrays(samples: list[Sample], keep: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """X (n x f), the rollout advantage over each state's mean valid value A (n x actions, 0 where not
    allowed), and the allowed mask M: valid and not kept, in states where the collecting policy did not
    take a kept action (there the kept class takes it too)."""
    nf = len(samples[0].x) - len(PRIVILEGED)
    kept = [ENGAGE_ACTIONS.index(a) for a in keep]
    rows = _rows(samples, keep)
    X = np.array([s.x[:nf] for s in rows])
    M = np.zeros((len(rows), N_ACT), dtype=bool)
    A = np.zeros((len(rows), N_ACT))
    for r, s in enumerate(rows):
        idx = [i for i in s.valid if i not in kept]
        M[r, idx] = True
        A[r, idx] = s.q[idx] - np.mean(s.q[idx])
    return X, A, M


def fit_residual(
    samples: list[Sample],
    base: Policy,
    keep: tuple[str, ...] = ("cheer", "emote"),
    l2: float = 1.0,
    temperature: float = 0.5,
    iters: int = 600,
    lr: float = 0.05,
) -> np.ndarray:
    """The residual R (actions x features) maximising mean over states of the softmax(scores / T)-weighted
    rollout advantage among the allowed actions, minus ``l2`` x mean squared R: the scores are the base's
    plus R. Pure (Adam from zero, fixed iterations)."""
    X, A, M = _arrays(samples, keep)
    nf = X.shape[1]
    W0 = base.weights[:, :nf]
    R = np.zeros_like(W0)
    m, v = np.zeros_like(R), np.zeros_like(R)
    n = len(X)
    for t in range(1, iters + 1):
        S = X @ (W0 + R).T / temperature
        S = np.where(M, S, -np.inf)
        S -= S.max(axis=1, keepdims=True)
        P = np.exp(S)
        P /= P.sum(axis=1, keepdims=True)
        expected = (P * A).sum(axis=1, keepdims=True)
        G = P * (A - expected) / temperature  # d(sum_a P_a A_a)/d score_a
        grad = G.T @ X / n - 2.0 * l2 * R / R.size
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad**2
        R += lr * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
    out = np.zeros_like(base.weights)
    out[:, :nf] = R
    return out


def greedy_gain(
    samples: list[Sample], weights: np.ndarray, keep: tuple[str, ...] = ("cheer", "emote")
) -> float:
    """Mean rollout advantage of the argmax choice under ``weights`` over the collecting policy's own
    choice, on ``samples`` (a held-apart set's estimate of the one-step improvement)."""
    X, _, M = _arrays(samples, keep)
    rows = _rows(samples, keep)
    nf = X.shape[1]
    S = np.where(M, X @ weights[:, :nf].T, -np.inf)
    picks = S.argmax(axis=1)
    return float(np.mean([s.q[p] - s.values[s.chosen] for s, p in zip(rows, picks, strict=True)]))


def with_residual(base: Policy, residual: np.ndarray, name: str, keep: tuple[str, ...]) -> Policy:
    """The base policy's thresholds and scores plus ``residual``; ``keep`` actions left to the base."""
    ref = dataclasses.replace(base, keep=(), reference=None, metadata={})
    return Policy(
        name=name,
        weights=base.weights + residual,
        thresholds=dict(base.thresholds),
        method="api-residual",
        keep=keep,
        reference=ref,
    )
