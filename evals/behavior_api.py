"""Fit the session-10 learned policy by approximate policy iteration (`behaviors.api`), and give the
threshold-tuned baseline the same extra budget (issue 18). The procedure, seeds and budget are declared in
`evals.select_policy` (session 10) before any run.

    python -m evals.behavior_api learner   # writes behaviors/policies/tuned.json (progress on stderr)
    python -m evals.behavior_api baseline  # the baseline's own search, the same extra steps, from itself
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

import numpy as np

from behaviors.api import collect, fit_residual, greedy_gain, with_residual
from behaviors.audience import randomized
from behaviors.policy import Policy, load_policy, policy_path
from behaviors.rollout import evaluate
from behaviors.sim import ChatLog
from behaviors.tune import Budget, TrainConfig, cem
from evals.behavior import paired_bootstrap

EXTRA_STEPS = 1_500_000  # the learner's budget beyond the baseline's 2,000,000 (and the baseline's extra)
# tuning seeds (randomized simulators, train stretch): iteration 1, iteration 2 (as many as the budget allows)
ITERATIONS = ((6_000_000, 200), (6_100_000, 1000))
HORIZON_S = 120.0
FUTURES = 1  # one redrawn future per decision: more states rather than more futures (unbiased either way)
L2_GRID = (3.0, 30.0, 300.0)
TEMPERATURE = 0.5
CHECK_SEED0 = 510_000  # tuning-side validation of each fitted candidate (full episodes, paired)
N_CHECK = 200
KEEP = ("cheer", "emote")
BASELINE_SEED_OFFSET = 7  # the baseline's extra search trains on seeds 7,000,000.. (behaviors.tune.cem)


def _say(used: int, msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {used:>9,} steps  {msg}", file=sys.stderr, flush=True)


def _check(policy: Policy, log: ChatLog) -> tuple[np.ndarray, int]:
    eps = evaluate(
        policy, range(CHECK_SEED0, CHECK_SEED0 + N_CHECK), log, "train", params=randomized, fast=True
    )
    return np.array([e.ret for e in eps]), sum(e.stats.steps for e in eps)


def learner(log: ChatLog, limit: int = EXTRA_STEPS) -> tuple[Policy, dict[str, Any]]:
    """Up to two iterations: collect with the current policy, fit a residual for each L2 weight, keep the
    candidate with the best paired return on the check seeds if it beats the current one there (its
    interval's lower bound above 0); stop when none does or the budget is spent."""
    base = load_policy("baseline")
    current = base
    used = 0
    ref_ret, steps = _check(base, log)
    used += steps
    record: dict[str, Any] = {"iterations": []}
    curve = [{"steps": float(used), "validation_return": float(ref_ret.mean()), "stage": "api: baseline"}]
    reserve = len(L2_GRID) * N_CHECK * 80  # the checks of one iteration's candidates
    for it, (seed0, n_episodes) in enumerate(ITERATIONS):
        if used + reserve >= limit:
            break
        seeds = range(seed0, seed0 + n_episodes)
        left = limit - used - reserve
        samples, steps = collect(current, seeds, log, randomized, HORIZON_S, FUTURES, _say, False, left)
        used += steps
        half = len(samples) // 2
        best: tuple[float, Policy, np.ndarray] | None = None
        rows = []
        for l2 in L2_GRID:
            r_half = fit_residual(samples[:half], base, KEEP, l2=l2, temperature=TEMPERATURE)
            held = greedy_gain(samples[half:], base.weights + r_half, KEEP)
            residual = fit_residual(samples, base, KEEP, l2=l2, temperature=TEMPERATURE)
            cand = with_residual(base, residual, "tuned", KEEP)
            ret, steps = _check(cand, log)
            used += steps
            diff = ret - ref_ret
            curve.append(
                {
                    "steps": float(used),
                    "validation_return": float(ret.mean()),
                    "stage": f"api {it + 1} l2={l2:g}",
                }
            )
            lo, hi = paired_bootstrap(diff)
            rows.append(
                {
                    "l2": l2,
                    "held_half_gain_per_decision": round(held, 3),
                    "check_minus_current": round(float(diff.mean()), 3),
                    "ci95": [round(lo, 3), round(hi, 3)],
                }
            )
            _say(
                used,
                f"iteration {it + 1} l2={l2:g}: held-half gain {held:+.3f}/decision, "
                f"check {diff.mean():+.2f} [{lo:+.2f}, {hi:+.2f}]",
            )
            if lo > 0 and (best is None or diff.mean() > best[0]):
                best = (float(diff.mean()), cand, ret)
        record["iterations"].append(
            {
                "collect_seeds": f"{seed0}.. ({n_episodes} at most)",
                "decisions": len(samples),
                "candidates": rows,
            }
        )
        if best is None:
            break
        _, current, ref_ret = best
    if current is base:
        current = with_residual(base, np.zeros_like(base.weights), "tuned", KEEP)
    current.metadata.update(
        {
            "env_steps_extra": used,
            "api": record,
            "baseline_env_steps": base.metadata.get("env_steps"),
            "validation_return": float(ref_ret.mean()),
            "learning_curve": curve,
            "command": "python -m evals.behavior_api learner",
        }
    )
    return current, record


def extend_baseline(log: ChatLog, steps: int) -> Policy:
    """The baseline's own search (hand-written scores, thresholds only) for ``steps`` more simulator steps,
    from the shipped baseline (kept unless a checkpoint beats it on the tuning validation seeds)."""
    base = load_policy("baseline")
    cfg = TrainConfig(method="thresholds", robust=True, seed=10, name="baseline", fast=True)
    budget = Budget(limit=steps)
    out = cem(
        base,
        cfg,
        log,
        budget,
        tune_weights=False,
        progress=_say,
        seed_offset=BASELINE_SEED_OFFSET,
        residual=True,
    )
    out.name, out.method = "baseline", base.method + "+extra-thresholds"
    out.metadata = {
        **base.metadata,
        "extra_env_steps": budget.used,
        "extra_curve": budget.curve,
        "env_steps": int(base.metadata.get("env_steps", 0)) + budget.used,
        "command_extra": "python -m evals.behavior_api baseline",
    }
    return out


def main(argv: list[str]) -> None:
    from connectors.commands.behavior import perceived_log

    log = perceived_log()
    what = argv[0] if argv else "learner"
    if what == "learner":
        policy, record = learner(log)
        policy.save(policy_path("tuned"))
        print(json.dumps(record, indent=1))
    elif what == "baseline":
        steps = int(argv[1]) if len(argv) > 1 else EXTRA_STEPS
        policy = extend_baseline(log, steps)
        policy.save(policy_path("baseline"))
        print(json.dumps({k: policy.metadata[k] for k in ("extra_env_steps", "env_steps")}))
    else:
        raise SystemExit("usage: python -m evals.behavior_api learner|baseline [steps]")


if __name__ == "__main__":
    main(sys.argv[1:])
