"""Which shipped behavior policy the product loads (issue 18 item 6): a fresh look on selection seeds.

The split, declared before the session-6 policies were fitted (and not changed after):

- tuning seeds: CEM generations on seeds 0.. and 4,000,000.. (the residual stage), checkpoints kept on the
  validation seeds 500,000..500,047; all on the log's train stretch, each episode on a randomized simulator
  (every `behaviors.audience.PARAM_RANGES` field drawn uniformly: domain randomisation);
- selection seeds (this module): 900,000..900,199, train stretch, randomized simulators; the final
  ``tuned`` and ``baseline`` files are each scored once on them;
- report seeds (`evals.behavior`): 9,000,000.. on the held-apart test stretch (default simulator) and
  9,100,000.. (perturbed simulators and the second log, which is report-only). The session-5 report seeds
  (1,000,000.. and 1,100,000..) were read before, so they are retired.

The rule: the learned policy ships only when it beats the baseline on the selection seeds beyond noise (the
95% paired-bootstrap interval of tuned - baseline lies above 0); otherwise the threshold-tuned baseline ships.
Both files get ``metadata.selection_return`` (the mean) and ``metadata.selection`` (the record, with
``chosen``), which `behaviors.policy.default_policy_name` reads.

    python -m evals.select_policy          # rewrites behaviors/policies/{tuned,baseline}.json metadata
"""

from __future__ import annotations

import numpy as np

from behaviors.policy import load_policy, policy_path
from behaviors.sim import SimParams, randomized
from behaviors.tune import evaluate
from connectors.commands.behavior import perceived_log
from evals.behavior import paired_bootstrap

SELECTION_SEED0 = 900_000  # apart from tuning (0.., 500_000.., 4_000_000..) and the report seeds
N_SELECTION = 200
NAMES = ("tuned", "baseline")


def _params(seed: int) -> SimParams:
    return randomized(seed)


def selection_returns(n: int = N_SELECTION) -> dict[str, np.ndarray]:
    """Each policy's return on each selection seed (train split, randomized simulators)."""
    log = perceived_log(prefer_shared=True)
    seeds = range(SELECTION_SEED0, SELECTION_SEED0 + n)
    return {
        name: np.array([e.ret for e in evaluate(load_policy(name), seeds, log, "train", params=_params)])
        for name in NAMES
    }


def choose(tuned: np.ndarray, baseline: np.ndarray) -> tuple[str, tuple[float, float]]:
    """The shipped name and the interval of tuned - baseline: the learned one only when its lower bound
    is above 0."""
    lo, hi = paired_bootstrap(tuned - baseline)
    return ("tuned" if lo > 0 else "baseline"), (lo, hi)


def main() -> None:
    r = selection_returns()
    chosen, (lo, hi) = choose(r["tuned"], r["baseline"])
    record = {
        "rule": "ship the learned policy only if tuned - baseline > 0 beyond noise (95% paired-bootstrap "
        "lower bound > 0) on the selection seeds; else the threshold-tuned baseline",
        "seeds": f"{SELECTION_SEED0}..{SELECTION_SEED0 + N_SELECTION - 1}, train split, randomized sims",
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
