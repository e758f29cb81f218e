"""The confidence model and abstention threshold ``python -m evals.qa --calibrate`` fits on the calibration
parts, read off the answer path's own decisions, and the reliability of a calibration on a split. Moved out
of ``evals/qa.py`` (session 19, brief R), unchanged; ``evals.qa`` re-exports every name."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from evals.qa_parts import CHECK_PART, FITTED_TEST_PARTS, Item, calibration_items, fit_pool, load_all
from evals.qa_scoring import correct, sentence_correct
from knowledge import Answer, KnowledgeBase
from knowledge.answer import CALIBRATION_FILE, FEATURES, Calibration, typed_enough


def _features(kb: KnowledgeBase, items: list[Item]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features and labels of each item's best evidence, and whether the answer path abstains on it
    whatever the threshold (no evidence, or a when/price/count/measure question it holds no value for)."""
    xs, ys, forced = [], [], []
    for item in items:
        ev = kb.evidence(item.question)
        if ev is None:
            xs.append([0.0] * len(FEATURES))
            ys.append(0.0)
            forced.append(True)
            continue
        xs.append([ev.features.get(f, 0.0) for f in FEATURES])
        ys.append(float(item.answerable and sentence_correct(ev.sentence, ev.hit.source, ev.hit.span, item)))
        forced.append(not typed_enough(ev))
    return np.array(xs), np.array(ys), np.array(forced, dtype=bool)


def fit_logistic(
    x: np.ndarray, y: np.ndarray, l2: float = 0.05, steps: int = 4000
) -> tuple[np.ndarray, float]:
    """Plain L2-regularized logistic regression by gradient descent (deterministic, no dependencies)."""
    w = np.zeros(x.shape[1])
    b = 0.0
    lr = 0.5
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        grad_w = x.T @ (p - y) / len(y) + l2 * w
        grad_b = float(np.mean(p - y))
        w -= lr * grad_w
        b -= lr * grad_b
    return w, b


def choose_threshold(
    p: np.ndarray,
    right: np.ndarray,
    answerable: np.ndarray,
    min_precision: float = 0.9,
    forced: np.ndarray | None = None,
    rescued: np.ndarray | None = None,
) -> float:
    """The threshold with the best utility, keeping abstention precision at ``min_precision`` or above.

    Utility: +1 for a right answer and for a justified abstention, -1 for a wrong answer (a guess costs
    more than a needless "I don't know", which scores 0): the reporter assistant lives or dies by this.
    ``forced`` marks the questions the answer path abstains on at or above the threshold all the same (no
    evidence, no value of the asked type, a constraint rule, the reader's veto); ``rescued`` those it
    answers below it (the gate's rescue; None: none). ``right``: the answer it gives is right.

    Raises ValueError when no threshold keeps the floor (session 16: on the real path the questions it
    abstains on whatever the threshold can hold too many answerable ones), naming the best precision any
    threshold reaches, instead of returning an arbitrary threshold.
    """
    best_t, best_score, reachable = None, -1e9, 0.0
    forced = np.zeros(len(p), dtype=bool) if forced is None else forced
    rescued = np.zeros(len(p), dtype=bool) if rescued is None else rescued
    for t in np.unique(np.concatenate([p, [0.0, 1.0]])):
        abstain = np.where(p >= t, forced, ~rescued)
        n_abstain = int(abstain.sum())
        precision = float((abstain & ~answerable).sum()) / n_abstain if n_abstain else 1.0
        reachable = max(reachable, precision)
        score = float((~abstain & right).sum() + (abstain & ~answerable).sum() - (~abstain & ~right).sum())
        if precision >= min_precision and score > best_score:
            best_t, best_score = float(t), score
    if best_t is None:
        raise ValueError(
            f"no threshold keeps abstention precision at {min_precision} or above (the best reached is "
            f"{reachable:.4f}); give a lower --min-precision"
        )
    return best_t


#: the abstention-precision floors the pool's fit tries in turn (session 21, brief A2, declared before
#: measuring): the shipped default 0.9 first; on the real path no threshold may reach it (session 16), so the
#: highest of these that some threshold keeps
FLOORS = (0.9, 0.85, 0.8, 0.75)


def choose_threshold_floors(
    p: np.ndarray,
    right: np.ndarray,
    answerable: np.ndarray,
    floors: tuple[float, ...] = FLOORS,
    forced: np.ndarray | None = None,
    rescued: np.ndarray | None = None,
) -> tuple[float, float]:
    """:func:`choose_threshold` at the first of ``floors`` some threshold keeps: (threshold, that floor).
    Raises ValueError when none does."""
    error: ValueError | None = None
    for floor in floors:
        try:
            return choose_threshold(
                p, right, answerable, min_precision=floor, forced=forced, rescued=rescued
            ), floor
        except ValueError as e:
            error = e
    raise ValueError(f"no floor of {floors} is kept: {error}")


def short_threshold(p: np.ndarray, t: float) -> float:
    """The shortest decimal (4 places or more) that splits ``p`` where ``t`` does: at most ``t`` and above
    every probability below it, so the written file's threshold answers exactly the questions ``t`` does
    (a plain ``round(t, 4)`` can land above ``t`` and turn down the question whose probability ``t`` is)."""
    below = p[p < t]
    lower = float(below.max()) if below.size else -math.inf
    for places in range(4, 17):
        cut = math.floor(t * 10**places) / 10**places
        if lower < cut <= t:
            return cut
    return t


@dataclass(frozen=True)
class PathDecisions:
    """What the answer path (``kb.answer``) does with each question, at any threshold.

    The path compares the calibration's probability with the threshold once; nothing it does before or
    after reads the threshold (no evidence, ``typed_enough`` and the constraint rules, the reader's veto
    where the probability clears it, the gate's rescue where it does not). So two passes of the path
    itself, one at a threshold every probability clears (0) and one at a threshold none clears, give its
    decision at every threshold ``t``: ``answered_above`` where ``p >= t``, ``answered_below`` where
    ``p < t``. No step of the path is copied here."""

    #: the probability the threshold is compared with (``Answer.confidence``; 0 without evidence)
    p: np.ndarray
    answered_above: np.ndarray
    answered_below: np.ndarray
    #: the answer the path gives is right (:func:`correct`; False where it answers neither way)
    right: np.ndarray

    def abstains(self, threshold: float) -> np.ndarray:
        """Where ``kb.answer()`` abstains with this calibration at ``threshold``."""
        return np.where(self.p >= threshold, ~self.answered_above, ~self.answered_below)


def path_decisions(kb: KnowledgeBase, items: list[Item], calibration: Calibration) -> PathDecisions:
    """:class:`PathDecisions` of ``items`` on ``kb``'s base (opened again read-only, twice) with
    ``calibration``'s weights (its threshold is not used)."""
    runs: list[list[Answer]] = []
    for threshold in (0.0, math.inf):
        cal = replace(calibration, threshold=threshold)
        with KnowledgeBase.open(kb.directory, read_only=True, create=False, calibration=cal) as base:
            runs.append([base.answer(item.question) for item in items])
    above, below = runs
    given = [b if a.abstained else a for a, b in zip(above, below, strict=True)]
    return PathDecisions(
        p=np.array([a.confidence for a in above]),
        answered_above=np.array([not a.abstained for a in above], dtype=bool),
        answered_below=np.array([not a.abstained for a in below], dtype=bool),
        right=np.array([correct(a, i) for a, i in zip(given, items, strict=True)], dtype=bool),
    )


def fit_weights(x: np.ndarray, y: np.ndarray) -> tuple[dict[str, float], float]:
    """The confidence model's weights and bias on features ``x`` (columns :data:`FEATURES`) and labels ``y``:
    :func:`fit_logistic` on standardized features, the scaling folded back, rounded as the file holds them."""
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    w, b = fit_logistic((x - mu) / sd, y)
    weights = w / sd
    bias = b - float((w * mu / sd).sum())
    return {f: round(float(v), 4) for f, v in zip(FEATURES, weights, strict=True)}, round(bias, 4)


def calibrate(
    path: Path = CALIBRATION_FILE,
    leave_out: tuple[str, ...] = (),
    min_precision: float = 0.9,
    pool: bool = False,
    floors: tuple[float, ...] = (),
) -> Calibration:
    """Refit the confidence model and threshold on the calibration parts (less ``leave_out``'s) and write
    them to ``path`` (default: the shipped file; a scratch path leaves the shipped file as it is). The
    model learns whether the best evidence sentence is right; the threshold is then chosen on what the
    answer path itself does with the fitted model (:func:`path_decisions`: the gate, the constraint rules
    and the typed check included, the answer it gives scored): the utility-best one keeping abstention
    precision at ``min_precision`` or above (``floors``: the first of them some threshold keeps).

    ``pool`` (session 21, brief A2): the rows are :func:`fit_pool`'s (every calibration part but the check
    part's, plus the test parts declared fit data), not the calibration parts alone."""
    kb = KnowledgeBase.open_sample()
    every = load_all()
    items = calibration_items(every, leave_out)  # an unknown --leave-out name is an error either way
    if pool:
        items = fit_pool(every, leave_out=leave_out)
    x, y, _ = _features(kb, items)
    weights, bias = fit_weights(x, y)
    answerable = np.array([i.answerable for i in items])
    n_un = int((~answerable).sum())
    but = f" but {CHECK_PART}'s" if CHECK_PART is not None else ""
    what = (
        f"the fit pool (every calibration part{but}, plus the test parts of {', '.join(FITTED_TEST_PARTS)})"
        if pool
        else "the calibration parts of the dev set and the near-miss sets"
    )
    cal = Calibration(
        weights=weights,
        bias=bias,
        threshold=0.5,
        note=(
            f"fitted on {what}"
            + (f" but {', '.join(leave_out)}" if leave_out else "")
            + f" ({len(items)} questions, {n_un} unanswerable); threshold on the answer path's own decisions"
        ),
    )
    got = path_decisions(kb, items, cal)  # the written weights, as the answer path reads them
    chosen = choose_threshold_floors(
        got.p,
        got.right,
        answerable,
        floors or (min_precision,),
        forced=~got.answered_above,
        rescued=got.answered_below,
    )
    threshold, floor = chosen
    note = cal.note + (f"; abstention precision floor {floor}" if floor != 0.9 else "")
    cal = replace(cal, threshold=short_threshold(got.p, threshold), note=note)
    path.write_text(json.dumps(cal.to_json(), indent=2) + "\n", encoding="utf-8")
    return cal


def reliability(
    calibrations: dict[str, Calibration],
    split: str = "test",
    bins: int = 5,
    items: list[Item] | None = None,
) -> dict[str, dict[str, Any]]:
    """How well each calibration's probability matches how often the answer path's answer is right, on one
    split of the question files (default: the held-apart parts) or on ``items``: a binned table, the expected
    calibration error (ECE), the Brier score, and abstention precision / recall at the calibration's own
    threshold. Every figure is read off the answer path itself with that calibration (:func:`path_decisions`,
    as :func:`calibrate` chooses its threshold): the probability is ``Answer.confidence`` (0 without
    evidence), right is :func:`correct` of the answer it gives, and an abstention is ``kb.answer()``'s (no
    evidence, the typed check, the constraint rules, the reader's veto, the gate's rescue included), so the
    figures describe what the product does with each file, not a simulation of it (session 17: before, they
    came from ``_features``' best evidence sentence and ``(p < t) | forced``)."""
    kb = KnowledgeBase.open_sample()
    items = [i for i in load_all() if i.split == split] if items is None else items
    answerable = np.array([i.answerable for i in items], dtype=bool)
    out: dict[str, dict[str, Any]] = {}
    for name, cal in calibrations.items():
        got = path_decisions(kb, items, cal)
        p, y = got.p, got.right.astype(float)
        edges = np.linspace(0.0, 1.0, bins + 1)
        table, ece = [], 0.0
        for lo, hi in zip(edges[:-1], edges[1:], strict=True):
            sel = (p >= lo) & ((p < hi) if hi < 1.0 else (p <= hi))
            if sel.any():
                mean_p, rate = float(p[sel].mean()), float(y[sel].mean())
                ece += sel.sum() / len(p) * abs(mean_p - rate)
                table.append(
                    {
                        "bin": f"{lo:.1f}-{hi:.1f}",
                        "n": int(sel.sum()),
                        "mean_p": round(mean_p, 3),
                        "right": round(rate, 3),
                    }
                )
        abstain = got.abstains(cal.threshold)
        right_abstain = int((abstain & ~answerable).sum())
        out[name] = {
            "questions": len(items),
            "ece": round(float(ece), 4),
            "brier": round(float(((p - y) ** 2).mean()), 4),
            "threshold": cal.threshold,
            "abstained": int(abstain.sum()),
            "abstention_precision": round(right_abstain / int(abstain.sum()), 4) if abstain.any() else None,
            "abstention_recall": round(right_abstain / max(int((~answerable).sum()), 1), 4),
            "bins": table,
        }
    return out


__all__ = [
    "FLOORS",
    "PathDecisions",
    "calibrate",
    "choose_threshold",
    "choose_threshold_floors",
    "fit_logistic",
    "fit_pool",
    "fit_weights",
    "path_decisions",
    "reliability",
    "short_threshold",
]
