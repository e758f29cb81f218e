"""Where could a causal policy gain over the threshold-tuned baseline at all (issue 18, session 10)?

A diagnosis on tuning seeds only (4,000,000.., the residual stage's own generations; the log's train stretch,
each episode on a randomized simulator as in tuning; no selection or report seed). Two parts:

1. **The oracle - baseline gap, decomposed.** The oracle is a policy tuned with the hidden segment mix; it
   knows neither the viewer's true intent nor the future. The gap is split by playing, on the same seeds,
   the oracle's weights blind to the mix (what knowing the mix is worth), the blind oracle held to the
   baseline's cheers and emotes (`Policy.keep`: what cheering more is worth), and the baseline on a log whose
   perception is perfect (what a policy could gain from the true intent, which no policy is given). Each
   return is split into likes, retention (joined - left) and the rest (answers, gifts, penalties).
2. **One-step rollout improvement over the baseline.** At each of the baseline's engagement decisions (the
   guard, reporter and rule branches are fixed), every valid engagement action is tried and then the
   baseline is followed for `HORIZON_S` seconds of stream time (`behaviors.api.collect`; common random
   numbers: the episode's arrivals and draws are fixed at reset, so the only difference is the action);
   each action's value is the reward summed over that window. ``hindsight``: the episode's own future;
   ``causal``: the mean over `FUTURES` futures in which every not-yet-arrived message is redrawn (which
   message from the log, its segment, newcomer, answer correctness, gift, confidence; arrival times kept).
   The simulator's present state (the current message's true intent and author, the audience's hidden
   mood and segments) is still known to the rollouts: the figures bound what knowing it would be worth.
   It counts how often another action beats the baseline's choice by a margin, by how much, on which
   actions, and the best action picked on half of the futures and scored on the other half.

    python -m evals.behavior_gap [N]          # N seeds per part (default 12; a few minutes)
"""

from __future__ import annotations

import collections
import dataclasses
import json
import sys
from typing import Any

import numpy as np

from behaviors.api import Sample, collect, fit_residual, greedy_gain
from behaviors.audience import randomized
from behaviors.policy import Policy, load_policy
from behaviors.rollout import evaluate
from behaviors.sim import ChatLog
from behaviors.types import ENGAGE_ACTIONS
from evals.behavior import paired_bootstrap

DIAGNOSIS_SEED0 = 4_000_000  # tuning seeds (behaviors.tune's residual stage), never selection or report
HORIZON_S = 120.0  # stream seconds of baseline play after the tried action
FUTURES = 4  # redrawn futures per decision for the causal advantage
MARGINS = (0.25, 0.5, 1.0)
KEPT = ("cheer", "emote")


def _split(ep: Any) -> tuple[float, float, float]:
    st = ep.stats
    retention = st.joined - st.left
    return st.likes, retention, ep.ret - st.likes - retention


JUDGED = ("question", "greeting", "abuse", "spam")  # what the judge reads (else "other")


def perfect_perception(log: ChatLog) -> ChatLog:
    """The same log with perception right wherever the judge reads something (question, greeting, abuse,
    spam); a line the judge calls "other" keeps its perceived label unless that label is one of those (then
    chit-chat). Gifts and the other labels the judge does not read stay as perceived. No real policy has
    this: it bounds what knowing the viewer's true intent is worth."""
    assert log.perceived is not None and log.truth is not None
    fixed = tuple(
        t if t != "other" else (p if p not in (*JUDGED, "injection-attempt") else "chit-chat")
        for p, t in zip(log.perceived, log.truth, strict=True)
    )
    return dataclasses.replace(log, perceived=fixed)


def gap(n: int, log: ChatLog) -> dict[str, Any]:
    base, oracle = load_policy("baseline"), load_policy("oracle")
    blind = dataclasses.replace(oracle, name="oracle-blind", privileged=False, weights=oracle.weights.copy())
    kept = dataclasses.replace(blind, name="oracle-blind-kept", keep=KEPT, reference=base)
    seeds = range(DIAGNOSIS_SEED0, DIAGNOSIS_SEED0 + n)
    perfect = perfect_perception(log)
    plays = {
        "baseline": (base, log),
        "oracle": (oracle, log),
        "oracle_blind_to_mix": (blind, log),
        "oracle_blind_baseline_cheers": (kept, log),
        "baseline_perfect_perception": (base, perfect),
    }
    arms = {
        k: evaluate(p, seeds, lg, "train", params=randomized, namespace=f"gap-{k}")
        for k, (p, lg) in plays.items()
    }
    ret0 = np.array([e.ret for e in arms["baseline"]])
    out: dict[str, Any] = {}
    for name, eps in arms.items():
        parts = np.array([_split(e) for e in eps]).mean(axis=0)
        acts: collections.Counter[str] = collections.Counter()
        for e in eps:
            acts.update(e.stats.actions)
        total = sum(acts.values())
        ret = np.array([e.ret for e in eps])
        out[name] = {
            "return": round(float(ret.mean()), 2),
            "minus_baseline": round(float((ret - ret0).mean()), 2),
            "minus_baseline_ci95": [round(v, 2) for v in paired_bootstrap(ret - ret0)],
            "likes": round(float(parts[0]), 2),
            "retention": round(float(parts[1]), 2),
            "rest": round(float(parts[2]), 2),
            "action_share": {a: round(c / total, 3) for a, c in acts.most_common(8)},
        }
    return out


# --- part 2: one-step rollouts (behaviors.api) -------------------------------------------------------------
def summarize(samples: list[Sample], n: int) -> dict[str, Any]:
    """How often and by how much the best other action beats the baseline's choice (per decision)."""
    out: dict[str, Any] = {"seeds": n, "decisions_with_a_choice": len(samples)}
    for kind in ("causal", "hindsight"):
        for label, kept in (("all_actions", ()), ("baseline_cheers", KEPT)):
            gains, switches = [], collections.Counter[str]()
            for smp in samples:
                q = smp.q if kind == "causal" else smp.q_hind
                if smp.chosen not in smp.values:
                    continue
                own = (smp.values if kind == "causal" else smp.values_hind)[smp.chosen]
                if smp.chosen in kept:
                    gains.append(0.0)  # the kept class takes the baseline's cheer or emote there
                    continue
                idx = [i for i in smp.valid if ENGAGE_ACTIONS[i] not in kept]
                best = max(idx, key=lambda i: q[i])
                g = float(q[best] - own)
                gains.append(g)
                if g > MARGINS[1]:
                    switches[f"{smp.chosen}->{ENGAGE_ACTIONS[best]}"] += 1
            arr = np.array(gains)
            out[f"{kind}_{label}"] = {
                **{f"share_beaten_by_{m:g}": round(float((arr > m).mean()), 4) for m in MARGINS},
                "mean_best_gain_per_decision": round(float(arr.mean()), 3),
                "best_gain_per_episode": round(float(arr.sum() / n), 2),
                "top_switches_over_0.5": dict(switches.most_common(8)),
            }
    return out


def repeatable(samples: list[Sample], kept: tuple[str, ...] = KEPT) -> dict[str, Any]:
    """The per-decision best action picked on half of the futures, scored on the other half: an unbiased
    estimate of what knowing each state's best action (from the present only) is worth, free of the
    upward bias of taking the maximum of noisy estimates on the same futures."""
    gains = []
    for smp in samples:
        if smp.q_each is None or smp.values_each is None or smp.chosen in kept or len(smp.q_each) < 2:
            continue
        h = len(smp.q_each) // 2
        idx = [i for i in smp.valid if ENGAGE_ACTIONS[i] not in kept]
        qa = smp.q_each[:h].mean(axis=0)
        best = max(idx, key=lambda i: qa[i])
        own = np.mean([v[smp.chosen] for v in smp.values_each[h:]])
        gains.append(float(smp.q_each[h:, best].mean() - own))
    arr = np.array(gains) if gains else np.zeros(1)
    return {
        "decisions": len(gains),
        **{f"share_gain_over_{m:g}": round(float((arr > m).mean()), 4) for m in MARGINS},
        "mean_gain_per_decision": round(float(arr.mean()), 3),
        "mean_gain_ci95": [round(v, 3) for v in paired_bootstrap(arr)],
    }


def learnable(samples: list[Sample], n: int, base: Policy) -> dict[str, Any]:
    """Can the context features pick the better action? Fit the residual on the first half of the seeds'
    decisions and score its greedy choice on the second half (tuning seeds both)."""
    half = len(samples) // 2
    fit, held = samples[:half], samples[half:]
    out: dict[str, Any] = {}
    for l2 in (0.1, 1.0, 10.0):
        r = fit_residual(fit, base, KEPT, l2=l2)
        w = base.weights + r
        out[f"l2={l2:g}"] = {
            "gain_per_decision_fit_half": round(greedy_gain(fit, w, KEPT), 3),
            "gain_per_decision_other_half": round(greedy_gain(held, w, KEPT), 3),
        }
    out["baseline_scores_other_half"] = round(greedy_gain(held, base.weights, KEPT), 3)
    return out


def advantages(
    n: int, log: ChatLog, horizon_s: float = HORIZON_S, redraw_messages: bool = True
) -> dict[str, Any]:
    base = load_policy("baseline")
    seeds = range(DIAGNOSIS_SEED0, DIAGNOSIS_SEED0 + n)
    samples, steps = collect(
        base, seeds, log, randomized, horizon_s=horizon_s, futures=FUTURES, redraw_messages=redraw_messages
    )
    return {
        **summarize(samples, n),
        "best_on_half_the_futures_scored_on_the_other_half": repeatable(samples),
        "horizon_s": horizon_s,
        "future_messages_redrawn": redraw_messages,
        "simulator_steps": steps,
        "learnable": learnable(samples, n, base),
    }


def main(n: int = 12) -> dict[str, Any]:
    from connectors.commands.behavior import perceived_log

    log = perceived_log()
    res = {"gap": gap(max(n, 30), log), "rollout": advantages(n, log)}
    print(json.dumps(res, indent=1))
    return res


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 12)
