"""What a set of the gate's answers scores on the fit rows: SQuAD F1 and the sample's accuracy, abstention
precision / recall and utility (:func:`figures`), the objective a threshold maximises (:func:`objective`,
:func:`choose`), the no-answer AUC of a signal (:func:`auc`), and where the shipped calibration answers
(:func:`shipped`). Plain functions of the rows (``evals.gate_fit_rows``) and a boolean array of answers.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from knowledge import gate


def auc(score: np.ndarray, positive: np.ndarray) -> float:
    """The area under the ROC curve (ties count half); nan with one class only."""
    pos, neg = score[positive], score[~positive]
    if not len(pos) or not len(neg):
        return float("nan")
    order = np.argsort(np.concatenate([pos, neg]), kind="mergesort")
    ranks = np.empty(len(order))
    values = np.concatenate([pos, neg])[order]
    i = 0
    while i < len(values):  # average ranks of ties
        j = i
        while j + 1 < len(values) and values[j + 1] == values[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg)))


def signal_matrix(rows: list[dict[str, Any]], names: tuple[str, ...]) -> np.ndarray:
    def value(r: dict[str, Any], n: str) -> float:
        if n == "p_logit":
            return gate.logit(float(r["p"]))
        if n in ("top_score", "top_margin"):
            return float(r.get(n, 0.0))
        if n.startswith("f:"):  # a calibration feature of the evidence sentence
            return float(r.get("features", {}).get(n[2:], 0.0))
        return float(r["signals"].get(n, 0.0))

    return np.array([[value(r, n) for n in names] for r in rows], dtype=np.float64).reshape(
        len(rows), len(names)
    )


def decide(rows: list[dict[str, Any]], g: np.ndarray, threshold: float) -> np.ndarray:
    """Whether the default path answers each row: evidence, no hard gate, the gate's probability at
    ``threshold`` or above."""
    gated = np.array([r["evidence"] and not r["forced"] for r in rows], dtype=bool)
    return gated & (g >= threshold)


def figures(rows: list[dict[str, Any]], answered: np.ndarray) -> dict[str, float]:
    """SQuAD official F1 (abstaining on an unanswerable question scores 1) and the sample's accuracy,
    abstention P / R and utility (+1 right, +1 justified abstention, -1 wrong), per data set."""
    out: dict[str, float] = {}
    for data in ("squad", "sample"):
        idx = [k for k, r in enumerate(rows) if r["data"] == data]
        if not idx:
            continue
        ans = np.array([rows[k]["answerable"] for k in idx], dtype=bool)
        said = answered[idx]
        right = np.array([rows[k]["right"] for k in idx]) > 0
        f1 = np.array([rows[k]["f1"] for k in idx])
        scores = np.where(said, np.where(ans, f1, 0.0), np.where(ans, 0.0, 1.0))
        abst = ~said
        out[f"{data}_f1"] = float(scores.mean())
        out[f"{data}_answerable_f1"] = float(scores[ans].mean()) if ans.any() else 0.0
        out[f"{data}_accuracy"] = float((said & right)[ans].mean()) if ans.any() else 0.0
        out[f"{data}_abst_p"] = float((abst & ~ans).sum() / abst.sum()) if abst.any() else float("nan")
        out[f"{data}_abst_r"] = float((abst & ~ans).sum() / (~ans).sum()) if (~ans).any() else float("nan")
        out[f"{data}_utility"] = float(
            ((said & right).sum() + (abst & ~ans).sum() - (said & ~right).sum()) / len(idx)
        )
    return out


#: the sample rows' weight in the fit and in the threshold's objective, relative to a SQuAD row: each data set
#: weighs the same in all (declared in docs/knowledge.md "Session 12: the gate")
def sample_weight(rows: list[dict[str, Any]]) -> float:
    n_squad = sum(r["data"] == "squad" for r in rows)
    n_sample = sum(r["data"] == "sample" for r in rows)
    return n_squad / n_sample if n_sample and n_squad else 1.0


def objective(f: dict[str, float]) -> float:
    """What the threshold maximises: SQuAD F1 + the sample's utility (each a mean over its questions)."""
    return f.get("squad_f1", 0.0) + f.get("sample_utility", 0.0)


#: the floor the threshold must keep on the fit data's sample rows (the ship rule's accuracy floor)
MIN_SAMPLE_ACCURACY = 0.9


def choose(rows: list[dict[str, Any]], g: np.ndarray) -> float:
    """The threshold with the best :func:`objective` whose sample accuracy stays >= 0.9 (the lowest
    objective-best threshold when none keeps it: then the one with the best sample accuracy)."""
    best, best_t = -1e9, 0.5
    fallback, fallback_t = -1.0, 0.0
    for t in np.unique(np.concatenate([g, [0.0, 1.0]])):
        f = figures(rows, decide(rows, g, float(t)))
        acc = f.get("sample_accuracy", 1.0)
        if acc >= MIN_SAMPLE_ACCURACY and objective(f) > best:
            best, best_t = objective(f), float(t)
        if acc > fallback:
            fallback, fallback_t = acc, float(t)
    return best_t if best > -1e9 else fallback_t


def shipped(rows: list[dict[str, Any]], threshold: float) -> np.ndarray:
    """Where the shipped calibration answers (its threshold and the hard gates)."""
    return decide(rows, np.array([float(r["p"]) for r in rows]), threshold)


def summed(rows: list[dict[str, Any]], answered: np.ndarray) -> int:
    """The sample rows' summed score: answered right + rightly abstained (brief A's rule (2), session 14)."""
    return sum(
        int((a and r["right"] > 0) or (not a and not r["answerable"]))
        for r, a in zip(rows, answered, strict=True)
        if r["data"] == "sample"
    )


def gate_values(rows: list[dict[str, Any]], g: gate.Gate) -> np.ndarray:
    """The gate's value of each row (+inf where it reads none: no veto, as ``Gate.allows``)."""
    out = [g.value(r["signals"]) if r["signals"] else None for r in rows]
    return np.array([math.inf if v is None else v for v in out], dtype=np.float64)
