"""Where can the learned policy differ from its threshold-tuned baseline (issue 18, session 9)?

A diagnosis on tuning seeds only (4,000,000.., the residual stage's own generations; train stretch of the
log, each episode on a randomized simulator as in tuning; no selection or report seed): the learned
``tuned`` policy plays, and at every situation it meets the ``baseline`` tree is ticked on the same
situation (a counterfactual: the baseline's cooldowns follow its own choices). It reports the decisions by
the branch that made them, how often the two choose differently, which pairs of actions, and the state
where they differ (questions waiting, chat rate, silence, the oldest question's age: the features the
learned residual sees and the baseline's hand-written scores do not).

    python -m evals.behavior_why [N]          # N seeds (default 30; about a minute)
"""

from __future__ import annotations

import collections
import json
import sys
from typing import Any

import numpy as np

DIAGNOSIS_SEED0 = 4_000_000  # tuning seeds (behaviors.tune's residual stage), never selection or report


def diagnose(n: int = 30, log: Any = None) -> dict[str, Any]:
    from behaviors.audience import randomized
    from behaviors.policy import load_policy
    from behaviors.rollout import ACTION_INDEX
    from behaviors.sim import AudienceEnv
    from behaviors.tree import BehaviorTree
    from connectors.commands.behavior import perceived_log

    log = log if log is not None else perceived_log()
    tuned, base = load_policy("tuned"), load_policy("baseline")
    env = AudienceEnv(log, split="train")
    by_branch: collections.Counter[str] = collections.Counter()
    differ: collections.Counter[str] = collections.Counter()
    pairs: collections.Counter[str] = collections.Counter()
    state: dict[str, list[float]] = collections.defaultdict(list)
    waiting = 0
    total = 0
    with BehaviorTree(tuned, namespace="why-t") as tt, BehaviorTree(base, namespace="why-b") as bt:
        for seed in range(DIAGNOSIS_SEED0, DIAGNOSIS_SEED0 + n):
            env.params = randomized(seed)
            tt.reset()
            bt.reset()
            _, info = env.reset(seed=seed)
            done = False
            while not done:
                s = info["situation"]
                d, e = tt.tick(s), bt.tick(s)
                total += 1
                waiting += s.pending_questions > 0
                by_branch[d.branch] += 1
                if d.action != e.action:
                    differ[d.branch] += 1
                    pairs[f"{e.action}->{d.action}"] += 1
                    state["pending_questions"].append(s.pending_questions)
                    state["chat_rate"].append(s.chat_rate)
                    state["silence_s"].append(s.seconds_since_last_speech)
                    state["oldest_question_age_s"].append(s.oldest_question_age_s)
                _, _, done, truncated, info = env.step(ACTION_INDEX[d.action])
                done = done or truncated
    return {
        "seeds": n,
        "decisions": total,
        "share_with_a_question_waiting": round(waiting / max(1, total), 4),
        "by_branch": dict(by_branch.most_common()),
        "differ_share": round(sum(differ.values()) / max(1, total), 4),
        "differ_by_branch": dict(differ.most_common()),
        "baseline_to_tuned": dict(pairs.most_common(12)),
        "where_they_differ_median": {k: float(np.median(v)) for k, v in state.items()},
        "thresholds": {"tuned": tuned.thresholds, "baseline": base.thresholds},
    }


if __name__ == "__main__":
    print(json.dumps(diagnose(int(sys.argv[1]) if len(sys.argv) > 1 else 30), indent=1))
