"""The gate's tau chosen on the answer path's own decisions (session 31, brief K; ``evals.gate_tau``): the
decision at any (threshold, tau) from three passes of ``kb.answer``, equal to the path's own at the shipped
files, and a tau chosen by the threshold's utility rule."""

import math

import numpy as np

from evals.gate_tau import GateDecisions, Outcome, choose_tau, gate_decisions, utility
from evals.qa_parts import pool_items
from knowledge import KnowledgeBase


def _decisions() -> GateDecisions:
    # four questions: 0 right unless vetoed (value 1.0), 1 wrong unless vetoed (value -1.0), 2 unanswerable
    # the veto never asks about, answered wrong, 3 answerable, abstained whatever tau
    no = np.zeros(4, dtype=bool)
    return GateDecisions(
        p=np.array([0.5, 0.5, 0.5, 0.5]),
        value=np.array([1.0, -1.0, math.nan, math.nan]),
        reads=np.array([1, 1, 0, 0]),
        free=Outcome(np.array([True, True, True, False]), np.array([True, False, False, False])),
        vetoed=Outcome(np.array([False, False, True, False]), no),
        below=Outcome(no, no),
    )


def test_outcome_and_choose_tau() -> None:
    d = _decisions()
    answerable = np.array([True, True, False, True])
    assert d.outcome(0.3, 0.0).answered.tolist() == [True, False, True, False]
    assert d.outcome(0.3, -math.inf).answered.tolist() == [True, True, True, False]
    assert d.outcome(0.6, 0.0).answered.tolist() == [False, False, False, False]
    # right 1, wrong 1 (question 2): 0; without the veto 1 - 2 = -1; vetoing both -1 + 0 = -1
    assert utility(d.outcome(0.3, 0.0), answerable) == 0
    tau, floor = choose_tau(d, 0.3, answerable, floors=(0.0,))
    assert floor == 0.0 and -1.0 < tau <= 1.0
    assert d.outcome(0.3, tau).answered.tolist() == [True, False, True, False]
    # the taken subset keeps its rows' decisions
    sub = d.take(np.array([0, 2]))
    assert sub.outcome(0.3, 2.0).answered.tolist() == [False, True]


def test_gate_decisions_are_kb_answer_at_the_shipped_files() -> None:
    """On 30 pool16 questions (every 80th), the decision the three passes give at the shipped threshold and
    tau is ``kb.answer()``'s, and the veto is asked about some of them."""
    items = pool_items("pool16")[::80][:30]
    kb = KnowledgeBase.open_sample()
    g = kb._answerer.gate
    assert g is not None
    d = gate_decisions(kb, items, kb.calibration, g)
    answers = [kb.answer(i.question) for i in items]
    got = d.outcome(kb.calibration.threshold, g.tau)
    assert got.answered.tolist() == [not a.abstained for a in answers]
    assert np.allclose(d.p, [a.confidence for a in answers])
    assert np.isfinite(d.value).any()
