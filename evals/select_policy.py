"""Which shipped behavior policy the product loads (issue 18 item 6): a fresh look at the validation seeds.

The tuning's recorded ``validation_return`` is the best of many checkpoints scored on the same 24 validation
seeds, so it is biased upward, and more so for the learned policy (two methods, more checkpoints) than for the
threshold-tuned baseline. This module scores the final ``tuned`` and ``baseline`` files once on fresh seeds of
the log's train split (never used for tuning, for checkpoint selection, or by the evaluation's held-out test
stretch), on the tuning's simulators (randomized, likes from cheers/emotes 0), and writes the mean as
``metadata.selection_return`` into both files; `behaviors.policy.default_policy_name` ships the higher one.

    python -m evals.select_policy          # rewrites behaviors/policies/{tuned,baseline}.json metadata
"""

from __future__ import annotations

import numpy as np

from behaviors.policy import load_policy, policy_path
from behaviors.sim import SimParams, randomized
from behaviors.tune import evaluate
from connectors.commands.behavior import perceived_log
from evals.behavior import paired_bootstrap

SELECTION_SEED0 = 700_000  # apart from training (0..), validation (500_000..) and the evaluation's seeds
N_SELECTION = 100
NAMES = ("tuned", "baseline")


def _params(seed: int) -> SimParams:
    return randomized(seed).with_(cheer_emote_likes=0.0)


def selection_returns(n: int = N_SELECTION) -> dict[str, np.ndarray]:
    """Each policy's return on each fresh validation seed (train split, randomized simulators)."""
    log = perceived_log(prefer_shared=True)
    seeds = range(SELECTION_SEED0, SELECTION_SEED0 + n)
    return {
        name: np.array([e.ret for e in evaluate(load_policy(name), seeds, log, "train", params=_params)])
        for name in NAMES
    }


def main() -> None:
    r = selection_returns()
    lo, hi = paired_bootstrap(r["tuned"] - r["baseline"])
    chosen = "baseline" if r["baseline"].mean() > r["tuned"].mean() else "tuned"
    record = {
        "rule": "ship the higher mean return on fresh validation seeds (train split; learned one on a tie)",
        "seeds": f"{SELECTION_SEED0}..{SELECTION_SEED0 + N_SELECTION - 1}, train split, randomized, cheers 0",
        "returns": {name: round(float(v.mean()), 3) for name, v in r.items()},
        "tuned_minus_baseline_ci95": [round(float(lo), 3), round(float(hi), 3)],
        "chosen": chosen,
        "command": "python -m evals.select_policy",
    }
    for name in NAMES:
        policy = load_policy(name)
        policy.metadata["selection_return"] = float(r[name].mean())
        policy.metadata["selection"] = record
        policy.save(policy_path(name))
    print(record)


if __name__ == "__main__":
    main()
