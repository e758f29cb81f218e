"""The guard trade-off measurement (issue 18): perception's abuse probability, as the product computes it."""

from __future__ import annotations

from evals.behavior_guard import abuse_probability


def test_abuse_probability_ranks_an_insult_above_a_question():
    p = abuse_probability(["you are a worthless stupid idiot, shut up", "what time does the race start?"])
    assert p.shape == (2,) and 0.0 <= p.min() and p.max() <= 1.0
    assert p[0] > 0.5 > p[1]
