"""The cross-validated comparisons of the gates (``python -m evals.gate_fit measure`` / ``cv``): session 12's
feature sets (:data:`MODELS`, logistic combinations never shipped) by 2 folds, and session 14's committed
procedure beside each linear gate of :data:`~evals.gate_fit_gates.LINEAR_MODELS` by 4 folds (:data:`FOLDS4`)
and by 2 (:data:`FOLDS`), with the no-answer AUCs of the signals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from evals.gate_fit_gates import LINEAR_MODELS, fit_linear, fit_veto, fit_weighted, vetoed
from evals.gate_fit_scores import (
    auc,
    choose,
    decide,
    figures,
    gate_values,
    sample_weight,
    shipped,
    signal_matrix,
    summed,
)
from knowledge import gate

#: the feature sets compared (``measure``); the declared one is ``DECLARED`` (docs/knowledge.md)
MODELS: dict[str, tuple[str, ...]] = {
    "calibration only (refit threshold)": ("p_logit",),
    "+ score_in": ("p_logit", "score_in"),
    "+ score_in, margin_in, none_in": ("p_logit", "score_in", "margin_in", "none_in"),
    "+ best span in chunk": (
        "p_logit", "score_in", "margin_in", "none_in", "score_best", "margin_best", "in_sentence"
    ),
    "+ top 4 chunks": (
        "p_logit", "score_in", "margin_in", "none_in", "score_best", "margin_best", "in_sentence",
        "top_score", "top_margin",
    ),
    "reader only (cited chunk)": (
        "score_in", "margin_in", "none_in", "score_best", "margin_best", "in_sentence"
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Logistic:
    """A logistic combination compared in ``measure`` (not shipped: docs/knowledge.md)."""

    weights: dict[str, float]
    bias: float
    threshold: float


def fit_model(rows: list[dict[str, Any]], names: tuple[str, ...], l2: float = 0.05) -> Logistic:
    """Weighted logistic regression (standardised features, L2) on the rows a threshold decides (evidence,
    no hard gate), label: the answer is right (SQuAD: F1 >= 0.5; sample: the sentence holds a gold answer
    and cites a gold source), then the threshold by :func:`choose` on all rows."""
    from evals.qa import fit_logistic

    gated = [r for r in rows if r["evidence"] and not r["forced"]]
    x = signal_matrix(gated, names)
    y = np.array([r["right"] for r in gated], dtype=np.float64)
    sw = sample_weight(rows)
    weight = np.array([sw if r["data"] == "sample" else 1.0 for r in gated])
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    # the weighted fit: repeat nothing, scale each row's gradient by its weight (fit_logistic's mean loss)
    w, b = (
        fit_weighted((x - mu) / sd, y, weight / weight.mean(), l2)
        if len(set(weight)) > 1
        else fit_logistic((x - mu) / sd, y, l2)
    )
    weights = w / sd
    bias = b - float((w * mu / sd).sum())
    cal = Logistic({n: float(v) for n, v in zip(names, weights, strict=True)}, bias, 0.5)
    return Logistic(cal.weights, cal.bias, choose(rows, probabilities(rows, cal)))


def probabilities(rows: list[dict[str, Any]], g: Logistic) -> np.ndarray:
    names = tuple(g.weights)
    x = signal_matrix(rows, names)
    z = g.bias + x @ np.array([g.weights[n] for n in names])
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


FOLDS = (
    {"Normans", "Huguenot", "sample0", "sample2"},
    {"French and Indian War", "Packet switching", "sample1", "sample3"},
)


#: session 14's CV: one SQuAD FIT article and a quarter of the sample rows a fold (fit on 3, score the 4th)
FOLDS4 = (
    {"Normans", "sample0"},
    {"Huguenot", "sample1"},
    {"French and Indian War", "sample2"},
    {"Packet switching", "sample3"},
)


def cv_gate(
    rows: list[dict[str, Any]],
    threshold: float,
    names: tuple[str, ...] | None,
    folds: tuple[set[str], ...],
) -> dict[str, Any]:
    """The figures of a gate fitted on all folds but one and scored on that one, in turn: ``names`` None is
    the committed procedure (the veto on ``margin_in``, :func:`fit_veto`), else a linear gate over them."""
    answered = np.zeros(len(rows), dtype=bool)
    taus: list[float | None] = []
    for test in folds:
        train = [r for r in rows if r["group"] not in test]
        idx = [k for k, r in enumerate(rows) if r["group"] in test]
        held = [rows[k] for k in idx]
        if names is None:
            tau = fit_veto(train, threshold)
            answered[idx] = vetoed(held, threshold, "margin_in", tau)
        else:
            g = fit_linear(train, names, threshold)
            tau = g.tau if g is not None else None
            answered[idx] = (
                shipped(held, threshold) & (gate_values(held, g) >= g.tau)
                if g is not None
                else shipped(held, threshold)
            )
        taus.append(None if tau is None else round(tau, 3))
    f: dict[str, Any] = {k: round(v, 4) for k, v in figures(rows, answered).items()}
    f["sample_summed"] = int(summed(rows, answered))
    return {**f, "tau_per_fold": taus}


def measure14(rows: list[dict[str, Any]], threshold: float) -> dict[str, Any]:
    """Session 14's figures: the lexical signals' no-answer AUCs, then the committed procedure beside each
    of :data:`LINEAR_MODELS` by 4-fold CV (one SQuAD FIT article and a sample quarter a fold) and by
    session 12's 2-fold CV, with always-abstain and the shipped calibration alone beside."""
    out: dict[str, Any] = {}
    names = ("margin_in", *gate.LEXICAL, "f:coverage", "f:chunk_coverage", "f:missing_top", "p_logit")
    for data in ("squad", "sample"):
        for scope in ("all", "answered"):
            sub = [r for r in rows if r["data"] == data and r["signals"]]
            if scope == "answered":
                sub = [r for r, b in zip(sub, shipped(sub, threshold), strict=True) if b]
            pos = np.array([r["answerable"] for r in sub], dtype=bool)
            x = signal_matrix(sub, names)
            out[f"auc_{data}_{scope}"] = {
                "n": len(sub), "unanswerable": int((~pos).sum()),
                **{n: round(auc(x[:, k], pos), 3) for k, n in enumerate(names)},
            }  # fmt: skip
    base = shipped(rows, threshold)
    out["calibration alone"] = {
        **{k: round(v, 4) for k, v in figures(rows, base).items()},
        "sample_summed": summed(rows, base),
    }
    never = np.zeros(len(rows), dtype=bool)
    out["always abstain"] = {
        **{k: round(v, 4) for k, v in figures(rows, never).items()},
        "sample_summed": summed(rows, never),
    }
    committed = gate.load_gate()
    if committed is not None and committed.weights is None:
        kept = vetoed(rows, threshold, committed.signal, committed.tau)
        out["committed gate.json (in-sample)"] = {
            **{k: round(v, 4) for k, v in figures(rows, kept).items()},
            "sample_summed": summed(rows, kept),
        }
    for cv, folds in (("cv4", FOLDS4), ("cv2", FOLDS)):
        out[f"{cv}: committed procedure (veto on margin_in)"] = cv_gate(rows, threshold, None, folds)
        for name, feats in LINEAR_MODELS.items():
            out[f"{cv}: linear {name}"] = cv_gate(rows, threshold, feats, folds)
    return out


def measure(rows: list[dict[str, Any]], current_threshold: float) -> dict[str, Any]:
    """No-answer AUCs of each signal (answerable vs not), on each data set, over all rows and over the rows a
    threshold decides; then each model of :data:`MODELS` by 2-fold CV, beside the shipped calibration."""
    out: dict[str, Any] = {}
    names = ("p_logit", *gate.SIGNALS[1:], "top_score", "top_margin")
    for data in ("squad", "sample"):
        for scope in ("all", "gated"):
            sub = [
                r for r in rows
                if r["data"] == data and (scope == "all" or (r["evidence"] and not r["forced"]))
            ]  # fmt: skip
            if not sub:
                continue
            pos = np.array([r["answerable"] for r in sub], dtype=bool)
            x = signal_matrix(sub, names)
            out[f"auc_{data}_{scope}"] = {
                "n": len(sub), "unanswerable": int((~pos).sum()),
                **{n: round(auc(x[:, k], pos), 3) for k, n in enumerate(names)},
            }  # fmt: skip
    # the shipped gate as it is: the calibration's p at its threshold
    p = np.array([r["p"] for r in rows])
    out["shipped"] = {k: round(v, 3) for k, v in figures(rows, decide(rows, p, current_threshold)).items()}
    for name, feats in MODELS.items():
        answered = np.zeros(len(rows), dtype=bool)
        cv_auc = np.zeros(len(rows))
        for test in FOLDS:
            train_rows = [r for r in rows if r["group"] not in test]
            idx = [k for k, r in enumerate(rows) if r["group"] in test]
            model = fit_model(train_rows, feats)
            g = probabilities([rows[k] for k in idx], model)
            answered[idx] = decide([rows[k] for k in idx], g, model.threshold)
            cv_auc[idx] = g
        f = figures(rows, answered)
        gated = np.array([r["evidence"] and not r["forced"] for r in rows], dtype=bool)
        pos = np.array([r["answerable"] for r in rows], dtype=bool)
        for data in ("squad", "sample"):
            sel = gated & np.array([r["data"] == data for r in rows])
            f[f"{data}_cv_auc_gated"] = auc(cv_auc[sel], pos[sel])
        out[f"cv: {name}"] = {k: round(v, 3) for k, v in f.items()}
    for signal in ("margin_in", "score_in", "top_score"):
        answered = np.zeros(len(rows), dtype=bool)
        taus = []
        for test in FOLDS:
            idx = [k for k, r in enumerate(rows) if r["group"] in test]
            tau = fit_veto([r for r in rows if r["group"] not in test], current_threshold, signal)
            taus.append(tau)
            answered[idx] = vetoed([rows[k] for k in idx], current_threshold, signal, tau)
        f = {k: round(v, 3) for k, v in figures(rows, answered).items()}
        out[f"cv: shipped AND veto on {signal}"] = {**f, "tau_per_fold": taus}
    return out
