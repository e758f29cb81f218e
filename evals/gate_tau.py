"""The reader gate's tau chosen on the answer path's own decisions (session 31, brief K; docs/knowledge.md
"Session 31, brief K").

``evals.gate_fit`` fits the gate on rows labelled by the evidence sentence (session 12's rows); session
21 found those in-sample figures no guide to the real path. Here the path itself is run (``kb.answer``,
nothing of it copied): at threshold 0 with no veto (tau -inf), at threshold 0 with every read vetoed (tau
+inf), and at a threshold no probability clears, recording the gate's value of every read the veto is asked
about. Where the probability clears the threshold the path gives the no-veto answer when the question's gate
value is at least tau and the vetoed one otherwise (the two answers are the same where the veto is never
asked, or where the attribute asked is stated); below it, the third run's answer. So three passes give the
path's decision at every (threshold, tau), and :func:`choose_tau` picks tau by the threshold's own rule
(utility +1 right, +1 right abstention, -1 wrong, 0 needless abstention, the first abstention-precision floor
some tau keeps).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from evals.qa_calibration import FLOORS, PathDecisions, short_threshold
from evals.qa_parts import Item
from evals.qa_scoring import correct
from knowledge import Answer, KnowledgeBase, gate
from knowledge.answer import Calibration


@dataclass(frozen=True)
class Outcome:
    """Whether the path answers each question, and whether that answer is right."""

    answered: np.ndarray
    right: np.ndarray


@dataclass(frozen=True)
class GateDecisions:
    """What ``kb.answer`` does with each question at any threshold and tau (see the module's docstring)."""

    #: the calibration's probability as the path computes it (``Answer.confidence`` at threshold 0)
    p: np.ndarray
    #: the lowest gate value of the reads the veto was asked about (nan: none)
    value: np.ndarray
    #: how many reads the veto was asked about (more than one: ``value`` is their lowest, an approximation)
    reads: np.ndarray
    free: Outcome
    vetoed: Outcome
    below: Outcome

    def outcome(self, threshold: float, tau: float, p: np.ndarray | None = None) -> Outcome:
        """The path's decision with the probabilities ``p`` (default: the path's own) at ``threshold`` and
        the gate at ``tau``."""
        p = self.p if p is None else p
        passes = np.nan_to_num(self.value, nan=math.inf) >= tau
        above_answered = np.where(passes, self.free.answered, self.vetoed.answered)
        above_right = np.where(passes, self.free.right, self.vetoed.right)
        clears = p >= threshold
        return Outcome(
            np.where(clears, above_answered, self.below.answered),
            np.where(clears, above_right, self.below.right),
        )

    def take(self, idx: np.ndarray) -> GateDecisions:
        """The decisions of the questions ``idx`` only."""

        def sub(o: Outcome) -> Outcome:
            return Outcome(o.answered[idx], o.right[idx])

        return GateDecisions(
            self.p[idx], self.value[idx], self.reads[idx], sub(self.free), sub(self.vetoed), sub(self.below)
        )

    def path(self, tau: float) -> PathDecisions:
        """``qa_calibration.PathDecisions`` with the gate at ``tau`` (what ``path_decisions`` gives)."""
        above = self.outcome(0.0, tau)
        return PathDecisions(
            p=self.p,
            answered_above=above.answered,
            answered_below=self.below.answered,
            right=np.where(above.answered, above.right, self.below.right),
        )


class _Recording:
    """The gate ``inner`` with its veto's values recorded (every other attribute is ``inner``'s)."""

    def __init__(self, inner: gate.Gate) -> None:
        self.inner = inner
        self.values: list[float] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def allows(self, signals: Any) -> bool:
        value = self.inner.value(signals)
        if value is not None:
            self.values.append(value)
        return self.inner.allows(signals)


def answers_with(kb: KnowledgeBase, items: list[Item], cal: Calibration, g: Any) -> list[Answer]:
    """The real answer path's answers with ``cal`` and the gate ``g`` in place of the shipped files."""
    answerer = kb._answerer
    before = answerer.calibration, answerer.gate
    answerer.calibration, answerer.gate = cal, g
    try:
        return [kb.answer(i.question) for i in items]
    finally:
        answerer.calibration, answerer.gate = before


def _outcome(answers: list[Answer], items: list[Item]) -> Outcome:
    return Outcome(
        np.array([not a.abstained for a in answers], dtype=bool),
        np.array(
            [not a.abstained and correct(a, i) for a, i in zip(answers, items, strict=True)], dtype=bool
        ),
    )


def gate_decisions(
    kb: KnowledgeBase, items: list[Item], calibration: Calibration, shipped: gate.Gate
) -> GateDecisions:
    """:class:`GateDecisions` of ``items`` on ``kb`` with ``calibration``'s weights and ``shipped``'s
    weights (their threshold and tau are not used): three passes of ``kb.answer``."""
    free_gate = _Recording(replace(shipped, tau=-math.inf))
    zero = replace(calibration, threshold=0.0)
    free, values = [], []
    for item in items:
        free_gate.values = []
        free.extend(answers_with(kb, [item], zero, free_gate))
        values.append(list(free_gate.values))
    vetoed = answers_with(kb, items, zero, replace(shipped, tau=math.inf))
    below = answers_with(kb, items, replace(calibration, threshold=math.inf), shipped)
    return GateDecisions(
        p=np.array([a.confidence for a in free]),
        value=np.array([min(v) if v else math.nan for v in values]),
        reads=np.array([len(v) for v in values]),
        free=_outcome(free, items),
        vetoed=_outcome(vetoed, items),
        below=_outcome(below, items),
    )


def utility(o: Outcome, answerable: np.ndarray) -> int:
    """+1 right, +1 right abstention, -1 wrong, 0 needless abstention."""
    abstain = ~o.answered
    return int((o.answered & o.right).sum() + (abstain & ~answerable).sum() - (o.answered & ~o.right).sum())


def precision(o: Outcome, answerable: np.ndarray) -> float:
    abstain = ~o.answered
    return float((abstain & ~answerable).sum() / abstain.sum()) if abstain.any() else 1.0


def choose_tau(
    d: GateDecisions,
    threshold: float,
    answerable: np.ndarray,
    p: np.ndarray | None = None,
    floors: tuple[float, ...] = FLOORS,
) -> tuple[float, float]:
    """The utility-best tau at ``threshold`` (probabilities ``p``, default the path's) keeping abstention
    precision at the first of ``floors`` some tau keeps: (tau, that floor). The candidates are the gate
    values of the questions whose answer the veto changes, and -inf (no veto); ties keep the lowest tau.
    The tau returned is written as :func:`short_threshold` writes a threshold (below every value it turns
    down, at most the chosen one). Raises ValueError when no floor is kept."""
    decided = d.free.answered != d.vetoed.answered
    decided |= d.free.right != d.vetoed.right
    values = d.value[decided & np.isfinite(d.value)]
    candidates = np.concatenate([[-math.inf], np.unique(values)])
    for floor in floors:
        best, best_tau = -math.inf, None
        for tau in candidates:
            o = d.outcome(threshold, float(tau), p)
            score = utility(o, answerable)
            if precision(o, answerable) >= floor and score > best:
                best, best_tau = score, float(tau)
        if best_tau is not None:
            if best_tau == -math.inf:
                return (math.floor(float(values.min())) - 1.0 if values.size else -20.0), floor
            return short_threshold(d.value[np.isfinite(d.value)], best_tau), floor
    raise ValueError(f"no tau keeps an abstention-precision floor of {floors}")


__all__ = ["GateDecisions", "Outcome", "answers_with", "choose_tau", "gate_decisions", "precision", "utility"]
