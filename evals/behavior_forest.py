"""Fit the session-11 learned policy: a gradient-boosted tree residual on the engagement choice (issue 18).

The class, data, grid, seeds and rule are declared here and in docs/behaviors.md ("Session 11") in the
commit that adds this module, before any fitting, and are not changed afterwards:

- **class**: the shipped baseline (its thresholds, guard, rules, hand-written linear scores) with cheers and
  emotes kept to it (`Policy.keep`), plus a `behaviors.forest.TreeResidual`: per engagement action, gradient
  boosted regression trees (sklearn ``GradientBoostingRegressor``, offline only) over the 18 non-privileged
  features predicting that action's rollout advantage over the state's mean allowed value; the baseline's
  pick stands unless another allowed action's prediction exceeds it by more than a margin. Exported to the
  policy JSON (< 1 MB) and evaluated with numpy alone in the product;
- **data**: the baseline plays tuning seeds `COLLECT_SEED0`.. (`N_EPISODES` episodes, train stretch, each on
  a randomized simulator); at each engagement decision with two or more distinct actions every valid action
  is tried, then the baseline followed for `HORIZON_S` s, on `FUTURES` copy of the episode whose
  not-yet-arrived draws AND messages are redrawn (`redraw_future(messages=True)`: nothing about what will be
  said is known); collected in chunks of `CHUNK` episodes;
- **grid**: depth in `DEPTHS` x margin in `MARGINS` (`N_TREES` trees, learning rate `LEARNING_RATE`,
  subsample `SUBSAMPLE`, at least `MIN_LEAF` decisions a leaf, random_state 0; an action with fewer than
  `MIN_ROWS` decisions gets no model). Each configuration is fitted on the decisions of the first half of
  the episodes and scored by its one-step gain on the second half (the rollout value of its choice minus the
  baseline's, per decision); the `N_CANDIDATES` best are refitted on all decisions and each is played on the
  check seeds `CHECK_SEED0`.. (`N_CHECK`, tuning side, train stretch, randomized simulators) paired against
  the baseline; the one with the higher mean among those whose 95% lower bound is above 0 becomes
  ``tuned.json``; with none, ``tuned.json`` is the baseline with no trees (it decides as the baseline);
- **budget**: the baseline gets as many extra steps of its own threshold search (``python -m
  evals.behavior_api baseline STEPS``) only when a candidate passes its check (otherwise tuned = baseline);
- the selection and report seeds are new (`evals.select_policy`, `evals.behavior`), the selection rule is
  unchanged.

    python -m evals.behavior_forest collect K   # chunk K (0..N_EPISODES/CHUNK - 1) -> $PERSONA_FOREST_DIR
    python -m evals.behavior_forest fit         # grid, refit, check; writes behaviors/policies/tuned.json
"""

from __future__ import annotations

import json
import os
import pickle
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from behaviors.api import Sample, collect, with_residual
from behaviors.audience import randomized
from behaviors.forest import TreeResidual, complete_tree
from behaviors.policy import FEATURES, PRIVILEGED, Policy, load_policy, policy_path
from behaviors.rollout import evaluate
from behaviors.sim import ChatLog
from behaviors.types import ENGAGE_ACTIONS
from evals.behavior import paired_bootstrap

COLLECT_SEED0 = 6_200_000  # new tuning seeds (6,000,000.. and 6,100,000.. were session 10's)
N_EPISODES = 800
CHUNK = 200
HORIZON_S = 120.0
FUTURES = 1
DEPTHS = (2, 3)
MARGINS = (0.0, 0.25, 0.5)
N_TREES = 150
LEARNING_RATE = 0.05
SUBSAMPLE = 0.8
MIN_LEAF = 40
MIN_ROWS = 200
N_CANDIDATES = 2
CHECK_SEED0 = 520_000  # new tuning-side check seeds (510,000.. were session 10's)
N_CHECK = 400
KEEP = ("cheer", "emote")
NF = len(FEATURES) - len(PRIVILEGED)
KEPT = [ENGAGE_ACTIONS.index(a) for a in KEEP]


def _say(used: int, msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {used:>9,} steps  {msg}", file=sys.stderr, flush=True)


def work_dir() -> Path:
    d = Path(os.environ.get("PERSONA_FOREST_DIR", "/tmp/persona-forest"))
    d.mkdir(parents=True, exist_ok=True)
    return d


def allowed(s: Sample) -> list[int]:
    return [i for i in s.valid if i not in KEPT]


def usable(samples: list[Sample]) -> list[Sample]:
    """Decisions the class decides: the baseline did not take a kept action, and two or more allowed."""
    return [s for s in samples if s.chosen not in KEEP and s.chosen in s.values and len(allowed(s)) > 1]


def training_rows(samples: list[Sample], action: int) -> tuple[np.ndarray, np.ndarray]:
    """X (features) and y (the action's rollout value minus the mean over the allowed actions) over the
    decisions where ``action`` is allowed."""
    X, y = [], []
    for s in samples:
        idx = allowed(s)
        if action in idx:
            X.append(s.x[:NF])
            y.append(float(s.q[action] - np.mean(s.q[idx])))
    return np.array(X).reshape(-1, NF), np.array(y)


def fit_trees(samples: list[Sample], depth: int, margin: float) -> tuple[TreeResidual, dict[int, Any]]:
    """The residual of one grid point (and the sklearn models, for the equality test)."""
    from sklearn.ensemble import GradientBoostingRegressor

    n_act = len(ENGAGE_ACTIONS)
    feat = np.zeros((n_act, N_TREES, 2**depth - 1), dtype=np.intp)
    thr = np.zeros((n_act, N_TREES, 2**depth - 1))
    leaf = np.zeros((n_act, N_TREES, 2**depth))
    init = np.zeros(n_act)
    has = np.zeros(n_act, dtype=bool)
    models: dict[int, Any] = {}
    for a in range(n_act):
        if a in KEPT:
            continue
        X, y = training_rows(samples, a)
        if len(y) < MIN_ROWS:
            continue
        m = GradientBoostingRegressor(
            n_estimators=N_TREES,
            learning_rate=LEARNING_RATE,
            max_depth=depth,
            subsample=SUBSAMPLE,
            min_samples_leaf=MIN_LEAF,
            random_state=0,
        ).fit(X, y)
        models[a] = m
        export(m, depth, a, feat, thr, leaf, init)
        has[a] = True
    res = TreeResidual(
        depth, feat, thr, leaf, init, has, margin, NF, tuple(FEATURES[:NF]), tuple(ENGAGE_ACTIONS)
    )
    return res, models


def export(
    model: Any, depth: int, a: int, feat: np.ndarray, thr: np.ndarray, leaf: np.ndarray, init: np.ndarray
) -> None:
    """A fitted ``GradientBoostingRegressor`` into row ``a`` of the residual's arrays (learning rate folded
    into the leaves; the initial prediction is the training mean)."""
    init[a] = float(np.asarray(model.init_.constant_).ravel()[0])
    for t, est in enumerate(model.estimators_[:, 0]):
        tr = est.tree_
        f, h, v = complete_tree(
            tr.children_left, tr.children_right, tr.feature, tr.threshold, tr.value[:, 0, 0], depth
        )
        feat[a, t], thr[a, t], leaf[a, t] = f, h, model.learning_rate * v


def one_step_gain(samples: list[Sample], trees: TreeResidual, base: Policy) -> float:
    """Mean rollout value of the residual's choice minus the baseline's, over ``samples`` (a held-apart
    set's estimate of the one-step improvement)."""
    gains = []
    for s in samples:
        idx = allowed(s)
        scores = base.scores(s.x)[idx]
        pick = idx[int(np.argmax(scores))]
        gains.append(float(s.q[trees.choose(s.x, idx, scores)] - s.q[pick]))
    return float(np.mean(gains))


def with_trees(base: Policy, trees: TreeResidual | None) -> Policy:
    out = with_residual(base, np.zeros_like(base.weights), "tuned", KEEP)
    out.method = "tree-residual" if trees is not None else "api-residual"
    out.trees = trees
    return out


def _check(policy: Policy, log: ChatLog) -> tuple[np.ndarray, int]:
    eps = evaluate(
        policy, range(CHECK_SEED0, CHECK_SEED0 + N_CHECK), log, "train", params=randomized, fast=True
    )
    return np.array([e.ret for e in eps]), sum(e.stats.steps for e in eps)


def collect_chunk(log: ChatLog, k: int) -> Path:
    base = load_policy("baseline")
    seeds = range(COLLECT_SEED0 + k * CHUNK, COLLECT_SEED0 + (k + 1) * CHUNK)
    samples, used = collect(
        base, seeds, log, randomized, HORIZON_S, FUTURES, _say, hindsight=False, redraw_messages=True
    )
    path = work_dir() / f"chunk{k}.pkl"
    with path.open("wb") as fh:
        pickle.dump({"samples": samples, "steps": used, "seeds": [seeds.start, seeds.stop]}, fh)
    _say(used, f"chunk {k}: {len(samples)} decisions -> {path}")
    return path


def load_chunks() -> tuple[list[list[Sample]], int]:
    chunks, steps = [], 0
    for k in range(N_EPISODES // CHUNK):
        with (work_dir() / f"chunk{k}.pkl").open("rb") as fh:
            d = pickle.load(fh)  # noqa: S301 - our own file, written by collect_chunk
        chunks.append(d["samples"])
        steps += int(d["steps"])
    return chunks, steps


def fit(log: ChatLog) -> dict[str, Any]:
    base = load_policy("baseline")
    chunks, used = load_chunks()
    half = len(chunks) // 2
    first = usable([s for c in chunks[:half] for s in c])
    second = usable([s for c in chunks[half:] for s in c])
    grid = []
    for depth in DEPTHS:
        trees, _ = fit_trees(first, depth, 0.0)
        for margin in MARGINS:
            trees.margin = margin
            gain = one_step_gain(second, trees, base)
            grid.append({"depth": depth, "margin": margin, "held_half_gain_per_decision": round(gain, 4)})
            _say(used, f"depth {depth} margin {margin:g}: held-half gain {gain:+.4f}/decision")
    ranked = sorted(grid, key=lambda g: -float(g["held_half_gain_per_decision"]))[:N_CANDIDATES]
    ref_ret, steps = _check(base, log)
    used += steps
    everything = first + second
    best: tuple[float, Policy] | None = None
    checks = []
    curve = [{"steps": float(used), "validation_return": float(ref_ret.mean()), "stage": "forest: baseline"}]
    chosen_ret = float(ref_ret.mean())
    for g in ranked:
        trees, _ = fit_trees(everything, int(g["depth"]), float(g["margin"]))
        cand = with_trees(base, trees)
        ret, steps = _check(cand, log)
        used += steps
        diff = ret - ref_ret
        lo, hi = paired_bootstrap(diff)
        checks.append(
            {**g, "check_minus_baseline": round(float(diff.mean()), 3), "ci95": [round(lo, 3), round(hi, 3)]}
        )
        _say(
            used,
            f"candidate depth {g['depth']} margin {g['margin']:g}: {diff.mean():+.2f} [{lo:+.2f}, {hi:+.2f}]",
        )
        curve.append(
            {
                "steps": float(used),
                "validation_return": float(ret.mean()),
                "stage": f"forest depth={g['depth']} margin={g['margin']:g}",
            }
        )
        if lo > 0 and (best is None or diff.mean() > best[0]):
            best = (float(diff.mean()), cand)
            chosen_ret = float(ret.mean())
    tuned = best[1] if best is not None else with_trees(base, None)
    record = {
        "decisions": {"first_half": len(first), "second_half": len(second)},
        "grid": grid,
        "checks": checks,
        "chosen": None if tuned.trees is None else {"depth": tuned.trees.depth, "margin": tuned.trees.margin},
        "env_steps_extra": used,
    }
    tuned.metadata.update(
        {
            "env_steps_extra": used,
            "forest": record,
            "baseline_env_steps": base.metadata.get("env_steps"),
            "validation_return": chosen_ret,
            "learning_curve": curve,
            "command": "python -m evals.behavior_forest collect 0..3 && python -m evals.behavior_forest fit",
        }
    )
    tuned.save(policy_path("tuned"))
    return record


def main(argv: list[str]) -> None:
    from connectors.commands.behavior import perceived_log

    log = perceived_log()
    what = argv[0] if argv else ""
    if what == "collect" and len(argv) == 2:
        collect_chunk(log, int(argv[1]))
    elif what == "fit":
        print(json.dumps(fit(log), indent=1))
    else:
        raise SystemExit("usage: python -m evals.behavior_forest collect K | fit")


if __name__ == "__main__":
    main(sys.argv[1:])
