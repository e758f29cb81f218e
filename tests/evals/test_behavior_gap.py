"""evals.behavior_gap: the per-state best action is scored on futures it was not picked on."""

from __future__ import annotations

import numpy as np

from behaviors.api import Sample
from behaviors.policy import FEATURES
from behaviors.sim import read_log, sample_log_path
from behaviors.types import ENGAGE_ACTIONS
from evals.behavior_gap import perfect_perception, repeatable

I_REPLY, I_IDLE = ENGAGE_ACTIONS.index("reply"), ENGAGE_ACTIONS.index("idle")


def _sample(q_reply: np.ndarray, q_idle: np.ndarray) -> Sample:
    qe = np.full((len(q_reply), len(ENGAGE_ACTIONS)), np.nan)
    qe[:, I_REPLY], qe[:, I_IDLE] = q_reply, q_idle
    each = [{"reply": float(r), "idle": float(i)} for r, i in zip(q_reply, q_idle, strict=True)]
    mean = qe.mean(axis=0)
    values = {"reply": float(mean[I_REPLY]), "idle": float(mean[I_IDLE])}
    return Sample(np.ones(len(FEATURES)), [I_REPLY, I_IDLE], mean, mean, "reply", values, values, qe, each)


def test_a_real_advantage_survives_and_noise_does_not():
    rng = np.random.default_rng(0)
    real = [_sample(rng.normal(0, 1, 4), rng.normal(1.0, 1, 4)) for _ in range(400)]
    noise = [_sample(rng.normal(0, 1, 4), rng.normal(0.0, 1, 4)) for _ in range(400)]
    assert repeatable(real)["mean_gain_per_decision"] > 0.8
    r = repeatable(noise)
    assert r["mean_gain_ci95"][0] < 0 < r["mean_gain_ci95"][1]  # the best of noisy estimates gains nothing


def test_perfect_perception_keeps_what_the_judge_does_not_read():
    log = read_log(sample_log_path(), 0.6)
    if not log.labelled:  # the shipped sample has arrival times only: build a tiny labelled one
        import dataclasses

        n = len(log.times)
        log = dataclasses.replace(
            log,
            texts=("x",) * n,
            perceived=tuple(["gift", "question", "praise", "chit-chat"][i % 4] for i in range(n)),
            truth=tuple(["other", "other", "question", "abuse"][i % 4] for i in range(n)),
        )
    fixed = perfect_perception(log)
    assert fixed.perceived is not None and log.perceived is not None and log.truth is not None
    for p, t, f in zip(log.perceived, log.truth, fixed.perceived, strict=True):
        if t != "other":
            assert f == t
        else:
            assert f == (
                p if p not in ("question", "greeting", "abuse", "spam", "injection-attempt") else "chit-chat"
            )
