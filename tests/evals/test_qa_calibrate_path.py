"""The threshold fit sees the answer path itself (session 16, brief K): ``path_decisions`` runs ``kb.answer``
twice (a threshold every probability clears, one none clears) and so knows, for every threshold, where the
path abstains for a reason of its own (no evidence, no value of the asked type, a constraint rule, the
reader's veto) and where the gate rescues. The old simulation (``(p < t) | forced`` from ``_features``) saw
only the first two of those reasons and scored the best evidence sentence, not the answer given."""

import numpy as np
import pytest

from evals.qa import CHECK_PART, PathDecisions, choose_threshold, load_all, path_decisions, short_threshold
from knowledge import KnowledgeBase


def test_path_decisions_are_kb_answer_at_the_shipped_threshold() -> None:
    """On 40 calibration questions (every tenth of the pool less the session's check part), the
    decision the fit simulates at the shipped threshold is ``kb.answer()``'s, and so is the probability.
    The old simulation fails here: it answers a question the reader vetoes (dev u005, p 0.273 >= 0.2583)."""
    items = [i for i in load_all() if i.split == "calibration" and i.part != CHECK_PART][::10][:40]
    assert len(items) == 40
    kb = KnowledgeBase.open_sample()
    got = path_decisions(kb, items, kb.calibration)
    answers = [kb.answer(i.question) for i in items]
    assert got.abstains(kb.calibration.threshold).tolist() == [a.abstained for a in answers]
    assert np.allclose(got.p, [a.confidence for a in answers])
    # both ways of deciding occur, so the comparison can fail
    assert 0 < int(got.abstains(kb.calibration.threshold).sum()) < len(items)


def test_choose_threshold_sees_the_veto_and_the_rescue() -> None:
    """A question the path abstains on above the threshold (forced) scores as an abstention there, and one
    the gate rescues below it scores as an answer; the chosen threshold moves accordingly."""
    p = np.array([0.2, 0.4, 0.6, 0.8])
    answerable = np.array([True, False, True, True])
    right = answerable.copy()
    # plain: the best threshold turns down the unanswerable 0.4 and answers 0.6 and 0.8
    assert choose_threshold(p, right, answerable, min_precision=0.0) == 0.6
    # the 0.4 question is vetoed above any threshold: the 0.2 one can be answered too
    forced = np.array([False, True, False, False])
    assert choose_threshold(p, right, answerable, min_precision=0.0, forced=forced) == 0.0
    assert PathDecisions(p, ~forced, np.zeros(4, bool), right).abstains(0.0).tolist() == [0, 1, 0, 0]
    # two right answers at 0.2 outweigh the wrong one at 0.4 (ties keep the lowest threshold), unless the
    # gate rescues them below the threshold: then it turns the 0.4 down
    p = np.array([0.2, 0.2, 0.4, 0.6])
    answerable = np.array([True, True, False, True])
    right = answerable.copy()
    assert choose_threshold(p, right, answerable, min_precision=0.0) == 0.0
    rescued = np.array([True, True, False, False])
    assert choose_threshold(p, right, answerable, min_precision=0.0, rescued=rescued) == 0.6
    assert PathDecisions(p, np.ones(4, bool), rescued, right).abstains(0.6).tolist() == [0, 0, 1, 0]


def test_short_threshold_splits_where_the_choice_does() -> None:
    """The written threshold answers the questions the chosen one does: the shortest decimal (4 places or
    more) at most ``t`` and above every probability under it, where ``round(t, 4)`` could pass ``t``."""
    p = np.array([0.1, 0.25826, 0.258266, 0.3, 0.9])
    t = 0.258266
    assert round(t, 4) > t  # the plain rounding would turn down the question at t
    got = short_threshold(p, t)
    assert 0.25826 < got <= t and ((p >= got) == (p >= t)).all()
    assert short_threshold(p, 0.3) == 0.3
    assert short_threshold(p, 0.1) == 0.1 and short_threshold(np.array([0.123456]), 0.123456) == 0.1234


def test_a_floor_no_threshold_keeps_is_an_error() -> None:
    """Where the path's own abstentions (forced) hold answerable questions, no threshold may reach the
    floor: the fit says so (and the best precision reached) instead of writing an arbitrary threshold (0.5
    before)."""
    p = np.array([0.2, 0.4, 0.6, 0.8])
    answerable = np.array([True, False, True, True])
    forced = np.array([True, True, False, False])  # an answerable question turned down whatever the threshold
    with pytest.raises(ValueError, match=r"the best reached is 0\.5000"):
        choose_threshold(p, answerable, answerable, min_precision=0.9, forced=forced)
    assert choose_threshold(p, answerable, answerable, min_precision=0.5, forced=forced) == 0.0
