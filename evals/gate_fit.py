"""The default path's abstention gate that hears the reader (issue 14, session 12; ``knowledge/gate.py``).

``python -m evals.gate_fit collect OUT.json`` runs the default path's evidence step on the declared fit data
(the SQuAD FIT articles and the sample base's calibration parts; never a report or held-apart question) and
keeps, for each question, the calibration's probability, whether a hard gate abstains anyway, what the neural
reader says about the cited chunk (``gate.read_cited``) and over the top 4 chunks, and the label.
``measure OUT.json`` prints the no-answer AUCs and the cross-validated figures (2 folds by article on SQuAD,
2 by question hash on the sample); ``cv OUT.json`` session 14's: the lexical signals' AUCs and the linear
gates of :data:`LINEAR_MODELS` beside the committed procedure, by 4 folds (one SQuAD FIT article and a
quarter of the sample rows each) and by the 2 folds; ``fit OUT.json`` writes ``knowledge/gate.json`` by the
declared rule (``--linear NAME``: that linear gate).
``python -m evals.gate_fit refit`` is collect + fit in one command (rerun it when the reader's weights
change).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from knowledge import gate, neural_reader
from knowledge.answer import RULE_KINDS, _tidy, heading_answer, question_terms, typed_enough

#: the reader's chunks over which the "top 4" signal is taken (as the neural reader's own calibration reads)
TOP_CHUNKS = 4


def _short(evidence: Any, read: gate.CitedRead | None) -> str:
    """``Answer.short`` as the default path ("typed") gives it, from the read of the cited chunk."""
    if evidence.short and (evidence.kind in RULE_KINDS or evidence.from_heading):
        return str(evidence.short)
    text = _tidy(read.text) if read is not None and read.text else ""
    return text if text and text in evidence.sentence else str(evidence.short)


def question_row(
    kb: Any, model: neural_reader.NeuralReader, question: str, top: bool = True
) -> dict[str, Any]:
    """One question's gate inputs on ``kb``'s default path (no label)."""
    answerer = kb._answerer
    ev = kb.evidence(question)
    if ev is None:
        return {"evidence": False, "forced": True, "p": 0.0, "signals": {}, "prediction": ""}
    p = answerer.calibration.probability(ev.features)
    context = str(ev.hit.metadata.get("context", ""))
    leaf = gate.heading_leaf(context)
    lexical = answerer.retriever.store.lexical
    top_idf = lexical.idf("\x00") or 1.0
    terms = question_terms(question)
    idf = {t: lexical.idf(t) / top_idf for t in terms}
    # as Answerer.cited_read reads it, with the chunk's best span too
    read = gate.read_cited(
        model, question, ev.sentence, leaf, ev.hit.text, whole=True, terms=terms, context=context,
        idf=idf.__getitem__,
    )  # fmt: skip
    ev = heading_answer(question, ev)  # what the path says once it answers (session 13)
    row: dict[str, Any] = {
        "evidence": True,
        "forced": not typed_enough(ev),
        "p": p,
        "signals": dict(read.signals) if read is not None else {},
        "sentence": ev.sentence,
        "source": ev.hit.source,
        "span": ev.hit.span,
        "prediction": _short(ev, read) or ev.sentence,
        "kind": ev.kind,
        # what the lexical signals are computed from (``relex`` recomputes them from these)
        "lex": {
            "question": question, "terms": terms, "idf": idf, "sentence": ev.sentence,
            "chunk": ev.hit.text, "context": context or leaf, "span": read.text if read is not None else "",
        },
        "features": {k: float(v) for k, v in ev.features.items()},
    }  # fmt: skip
    if top:
        found = model.spans(question, [p_ for _, p_ in answerer.passages(question, k=TOP_CHUNKS)])
        row["top_score"] = max((s.score for s in found), default=-10.0)
        row["top_margin"] = max((s.margin for s in found), default=-20.0)
    return row


#: the sample base's parts kept out of the session-14 pool: fresh4's calibration part is the check the
#: gate's signals carry (session 14), fresh5's the check of session 15's rule changes, fresh6's session 16's,
#: fresh7's session 17's, fresh8's session 18's, fresh9's session 19's, fresh10's session 20's, fresh11's
#: session 21's: never fitted on there (session 22's check part, fresh12, is held beside them as
#: :data:`evals.qa.CHECK_PART`)
SESSION14_HELD = ("fresh4", "fresh5", "fresh6", "fresh7", "fresh8", "fresh9", "fresh10", "fresh11")


def sample_items(pool: bool = False) -> list[Any]:
    """The sample base's questions the gate is fitted on: the calibration parts but :data:`SESSION14_HELD`'s
    and the check part's (the pool of session 14), or with ``pool`` (session 21, brief A2) the fit pool
    (``qa_calibration.fit_pool``: every calibration part but the check part's, plus the test parts declared
    fit data)."""
    from evals import qa
    from evals.qa_calibration import fit_pool

    if pool:
        return fit_pool(qa.load_all())
    held = (*SESSION14_HELD, qa.CHECK_PART)
    return [i for i in qa.load_all() if i.split == "calibration" and i.part not in held]


def sample_row(kb: Any, model: neural_reader.NeuralReader, it: Any, top: bool = True) -> dict[str, Any]:
    """One sample question's row, labelled (the evidence sentence holds a gold answer and cites a gold
    source), with its quarter by id hash: its parity is session 12's half (2-fold CV), the quarter the
    4-fold CV's."""
    from evals import qa

    row = question_row(kb, model, it.question, top=top)
    right = bool(
        row["evidence"]
        and it.answerable
        and qa.sentence_correct(row["sentence"], row["source"], row["span"], it)
    )
    fold = hashlib.sha1(it.id.encode()).digest()[1] % 4
    return {
        **row, "data": "sample", "id": it.id, "group": f"sample{fold}", "answerable": it.answerable,
        "f1": float(right), "right": float(right), "part": it.part or "dev",
    }  # fmt: skip


def squad_rows(model: neural_reader.NeuralReader, top: bool = True) -> list[dict[str, Any]]:
    """The SQuAD FIT half's rows (none, said on stderr, where the SQuAD data is absent)."""
    from evals import qa_squad

    rows: list[dict[str, Any]] = []
    if qa_squad.available():
        print(qa_squad.available(), file=sys.stderr)
        return rows
    kb = qa_squad.open_base(reader="0")
    for item in [i for i in qa_squad.load_questions() if i.split == "fit"]:
        row = question_row(kb, model, item.question, top=top)
        f1 = qa_squad.score(item, row["prediction"])[1] if item.answerable else 0.0
        rows.append(
            {**row, "data": "squad", "id": item.id, "group": item.article, "answerable": item.answerable,
             "f1": f1, "right": float(item.answerable and f1 >= 0.5)}
        )  # fmt: skip
    kb.close()
    return rows


def collect(out: Path, pool: bool = False, top: bool = True) -> list[dict[str, Any]]:
    """The fit rows (SQuAD FIT, then the sample's :func:`sample_items`), written to ``out``."""
    from knowledge.kb import KnowledgeBase

    model = neural_reader.load()
    rows = squad_rows(model, top)
    shared = KnowledgeBase.open_sample()
    sample = KnowledgeBase.open(shared.directory, precision="fp32", read_only=True)
    rows += [sample_row(sample, model, it, top) for it in sample_items(pool)]
    sample.close()
    out.write_text(json.dumps(rows) + "\n", encoding="utf-8")
    return rows


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


def _x(rows: list[dict[str, Any]], names: tuple[str, ...]) -> np.ndarray:
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
    x = _x(gated, names)
    y = np.array([r["right"] for r in gated], dtype=np.float64)
    sw = sample_weight(rows)
    weight = np.array([sw if r["data"] == "sample" else 1.0 for r in gated])
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    # the weighted fit: repeat nothing, scale each row's gradient by its weight (fit_logistic's mean loss)
    w, b = (
        _fit_weighted((x - mu) / sd, y, weight / weight.mean(), l2)
        if len(set(weight)) > 1
        else fit_logistic((x - mu) / sd, y, l2)
    )
    weights = w / sd
    bias = b - float((w * mu / sd).sum())
    cal = Logistic({n: float(v) for n, v in zip(names, weights, strict=True)}, bias, 0.5)
    return Logistic(cal.weights, cal.bias, choose(rows, probabilities(rows, cal)))


def _fit_weighted(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, l2: float, steps: int = 4000
) -> tuple[np.ndarray, float]:
    w = np.zeros(x.shape[1])
    b = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        r = weight * (p - y)
        w -= 0.5 * (x.T @ r / len(y) + l2 * w)
        b -= 0.5 * float(np.mean(r))
    return w, b


def probabilities(rows: list[dict[str, Any]], g: Logistic) -> np.ndarray:
    names = tuple(g.weights)
    x = _x(rows, names)
    z = g.bias + x @ np.array([g.weights[n] for n in names])
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))


def shipped(rows: list[dict[str, Any]], threshold: float) -> np.ndarray:
    """Where the shipped calibration answers (its threshold and the hard gates)."""
    return decide(rows, np.array([float(r["p"]) for r in rows]), threshold)


def fit_veto(
    rows: list[dict[str, Any]],
    threshold: float,
    signal: str = "margin_in",
    values: np.ndarray | None = None,
) -> float | None:
    """The declared threshold rule: the ``signal`` value (or None: no veto) that maximises :func:`objective`
    with the shipped calibration's answers vetoed below it, keeping sample accuracy >= min(0.9, the shipped
    gate's - 0.01) and the sample's abstention precision or recall at least the shipped gate's on the same
    rows. ``values``: the gate's value of each row where it is not one signal (a linear gate's)."""
    base = shipped(rows, threshold)
    f0 = figures(rows, base)
    if values is None:
        values = _x(rows, (signal,))[:, 0]
    # the amended floor (docs): 0.9, or one point under the shipped gate's own accuracy where that is lower
    floor = min(MIN_SAMPLE_ACCURACY, f0.get("sample_accuracy", 1.0) - 0.01)
    best_tau: float | None = None
    best = objective(f0)
    for tau in np.unique(values):
        f = figures(rows, base & (values >= tau))
        keeps = any(
            math.isnan(f0.get(k, math.nan)) or f.get(k, math.nan) >= f0[k]
            for k in ("sample_abst_p", "sample_abst_r")
        )
        if f.get("sample_accuracy", 1.0) >= floor and keeps and objective(f) > best:
            best, best_tau = objective(f), float(tau)
    return best_tau


def vetoed(
    rows: list[dict[str, Any]],
    threshold: float,
    signal: str,
    tau: float | None,
    values: np.ndarray | None = None,
) -> np.ndarray:
    base = shipped(rows, threshold)
    if tau is None:
        return base
    return base & ((_x(rows, (signal,))[:, 0] if values is None else values) >= tau)


# --- session 14: a linear gate over the reader's margin and the lexical signals -------------------------

#: the linear gates compared by ``measure`` (declared before the CV was run, session 14; docs/knowledge.md
#: "Session 14, brief A"): the reader's margin beside the lexical signals of ``gate.lexical_signals``
#: round 1 (declared in 83260a8, before any figure): the words' coverage; round 2 (declared after round 1's CV
#: and the AUCs on FIT rows showed coverage separating little and a negated question much): negation
_WORDS = gate.LEXICAL[:7]
LINEAR_MODELS: dict[str, tuple[str, ...]] = {
    "margin_in + coverage": ("margin_in", "cover_chunk", "missing_chunk", "rarest_in"),
    "margin_in + all lexical": ("margin_in", *_WORDS),
    "lexical only": _WORDS,
    "margin_in + negation": ("margin_in", "negated_asked", "negated_told"),
    "margin_in + all lexical + negation": ("margin_in", *gate.LEXICAL),
}


def relex(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with their lexical signals computed again from what ``collect`` kept (``gate.lexical_signals``
    as the answer path computes them), so that a change of those signals needs no second collect."""
    for r in rows:
        lex = r.get("lex")
        if lex and r["signals"]:
            idf: dict[str, float] = lex["idf"]
            r["signals"].update(
                gate.lexical_signals(
                    lex["question"], lex["terms"], lex["sentence"], lex["chunk"], lex["context"],
                    idf.__getitem__, lex["span"],
                )
            )  # fmt: skip
    return rows


def gate_values(rows: list[dict[str, Any]], g: gate.Gate) -> np.ndarray:
    """The gate's value of each row (+inf where it reads none: no veto, as ``Gate.allows``)."""
    out = [g.value(r["signals"]) if r["signals"] else None for r in rows]
    return np.array([math.inf if v is None else v for v in out], dtype=np.float64)


def fit_linear(
    rows: list[dict[str, Any]], names: tuple[str, ...], threshold: float, l2: float = 0.05
) -> gate.Gate | None:
    """A linear gate over ``names``: weights by a weighted logistic regression (standardised signals, L2;
    each data set weighs the same) on the rows the shipped calibration answers, label: the answer is right;
    then tau by the declared threshold rule (:func:`fit_veto` on the gate's value). None: no veto pays."""
    base = shipped(rows, threshold)
    train = [r for r, b in zip(rows, base, strict=True) if b and r["signals"]]
    if not train:
        return None
    x = _x(train, names)
    y = np.array([r["right"] for r in train], dtype=np.float64)
    n_squad = sum(r["data"] == "squad" for r in train)
    n_sample = len(train) - n_squad
    sw = n_squad / n_sample if n_sample and n_squad else 1.0
    weight = np.array([sw if r["data"] == "sample" else 1.0 for r in train])
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    w, b = _fit_weighted((x - mu) / sd, y, weight / weight.mean(), l2)
    g = gate.Gate(
        gate.LINEAR,
        0.0,
        weights={n: round(float(v), 6) for n, v in zip(names, w / sd, strict=True)},
        bias=round(b - float((w * mu / sd).sum()), 6),
    )
    tau = fit_veto(rows, threshold, values=gate_values(rows, g))
    return None if tau is None else replace(g, tau=tau)


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


def summed(rows: list[dict[str, Any]], answered: np.ndarray) -> int:
    """The sample rows' summed score: answered right + rightly abstained (brief A's rule (2), session 14)."""
    return sum(
        int((a and r["right"] > 0) or (not a and not r["answerable"]))
        for r, a in zip(rows, answered, strict=True)
        if r["data"] == "sample"
    )


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
            x = _x(sub, names)
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


#: the calibration probabilities below its threshold from which a rescue may read (declared grid, session 13)
RESCUE_P = (0.2, 0.15, 0.1, 0.05, 0.0)


def rescued(
    rows: list[dict[str, Any]],
    threshold: float,
    rescue: float | None,
    rescue_p: float,
    signal: str = "margin_in",
) -> np.ndarray:
    """The rows the calibration turns down (evidence, no hard gate, p below ``threshold`` but at least
    ``rescue_p``) whose reader ``signal`` is at least ``rescue``."""
    if rescue is None:
        return np.zeros(len(rows), dtype=bool)
    p = np.array([float(r["p"]) for r in rows])
    low = decide(rows, np.ones(len(rows)), 0.5) & (p < threshold) & (p >= rescue_p)
    return low & (_x(rows, (signal,))[:, 0] >= rescue)


def fit_rescue(
    rows: list[dict[str, Any]], threshold: float, tau: float | None, signal: str = "margin_in"
) -> tuple[float | None, float]:
    """The declared rescue rule (docs/knowledge.md "Session 13: the rescue"): beside the veto at ``tau``,
    the (``rescue``, ``rescue_p``) - ``rescue`` among the turned-down rows' ``signal`` values, ``rescue_p``
    in :data:`RESCUE_P` - that maximises :func:`objective`, raising the sample's accuracy above the veto
    gate's (the ship rule of a change to the default path) and keeping its abstention precision at least the
    veto gate's - 0.01; (None, 0.0) when none does. Ties go to the larger ``rescue_p`` and ``rescue`` (fewer
    reads, fewer rescues)."""
    base = vetoed(rows, threshold, signal, tau)
    f0 = figures(rows, base)
    values = _x(rows, (signal,))[:, 0]
    best = objective(f0)
    best_fit: tuple[float | None, float] = (None, 0.0)
    for rescue_p in RESCUE_P:
        for rho in sorted(set(values.tolist()), reverse=True):
            f = figures(rows, base | rescued(rows, threshold, rho, rescue_p, signal))
            keeps = f.get("sample_accuracy", 1.0) > f0.get("sample_accuracy", 1.0) and (
                math.isnan(f0.get("sample_abst_p", math.nan))
                or f.get("sample_abst_p", math.nan) >= f0["sample_abst_p"] - 0.01
            )
            if keeps and objective(f) > best + 1e-9:
                best, best_fit = objective(f), (float(rho), rescue_p)
    return best_fit


def fit(
    rows: list[dict[str, Any]], threshold: float, path: Path = gate.GATE_FILE, linear: str = ""
) -> dict[str, Any]:
    """Fit tau on all the fit rows, write ``gate.json`` (or remove it when no veto pays), and return the
    in-sample figures before / after. ``linear``: a name of :data:`LINEAR_MODELS`, to fit that linear gate
    instead of the veto on ``margin_in`` (no rescue is fitted for it)."""
    if linear:
        return fit_linear_file(rows, threshold, LINEAR_MODELS[linear], path)
    tau = fit_veto(rows, threshold)
    rescue, rescue_p = fit_rescue(rows, threshold, tau) if tau is not None else (None, 0.0)
    n_squad = sum(r["data"] == "squad" for r in rows)
    n_sample = len(rows) - n_squad
    if tau is None:
        path.unlink(missing_ok=True)
    else:
        g = gate.Gate(
            "margin_in",
            math.floor(tau * 1e4) / 1e4,  # rounded down: every row at tau still passes
            f"fitted by python -m evals.gate_fit refit on the SQuAD FIT half ({n_squad} questions) and the "
            f"sample base's calibration parts ({n_sample} questions); calibration threshold {threshold}",
            math.floor(rescue * 1e4) / 1e4 if rescue is not None else None,
            rescue_p,
        )
        path.write_text(json.dumps(g.to_json(), indent=2) + "\n", encoding="utf-8")
    veto = vetoed(rows, threshold, "margin_in", tau)
    return {
        "tau": tau,
        "rescue": rescue,
        "rescue_p": rescue_p,
        "before": {k: round(v, 4) for k, v in figures(rows, shipped(rows, threshold)).items()},
        "after": {k: round(v, 4) for k, v in figures(rows, veto).items()},
        "after_rescue": {
            k: round(v, 4)
            for k, v in figures(rows, veto | rescued(rows, threshold, rescue, rescue_p)).items()
        },
        "rescued": int(rescued(rows, threshold, rescue, rescue_p).sum()),
    }


def sample_pool(rows: list[dict[str, Any]]) -> str:
    """What the sample rows are, for a gate file's note: the fit pool where they hold a test question."""
    from evals import qa

    test = {r["id"] for r in rows if r["data"] == "sample"} & {
        i.id for i in qa.load_all() if i.split == "test"
    }
    if test:
        fitted = ", ".join(qa.FITTED_TEST_PARTS)
        return f"fit pool (every calibration part but {qa.CHECK_PART}'s, plus {fitted} test)"
    return "calibration parts but fresh4 .. fresh12"


def fit_linear_file(
    rows: list[dict[str, Any]], threshold: float, names: tuple[str, ...], path: Path
) -> dict[str, Any]:
    g = fit_linear(rows, names, threshold)
    n_squad = sum(r["data"] == "squad" for r in rows)
    if g is None:
        path.unlink(missing_ok=True)
        after = shipped(rows, threshold)
    else:
        g = replace(
            g,
            tau=math.floor(g.tau * 1e4) / 1e4,
            note=f"fitted by python -m evals.gate_fit refit --linear on the SQuAD FIT half ({n_squad} "
            f"questions) and the sample base's {sample_pool(rows)} ({len(rows) - n_squad} questions); "
            f"calibration threshold {threshold}",
        )
        path.write_text(json.dumps(g.to_json(), indent=2) + "\n", encoding="utf-8")
        after = shipped(rows, threshold) & (gate_values(rows, g) >= g.tau)
    return {
        "gate": g.to_json() if g is not None else None,
        "before": {k: round(v, 4) for k, v in figures(rows, shipped(rows, threshold)).items()},
        "after": {k: round(v, 4) for k, v in figures(rows, after).items()},
        "sample_summed": [summed(rows, shipped(rows, threshold)), summed(rows, after)],
    }


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
            x = _x(sub, names)
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("collect", "measure", "cv", "fit", "refit", "fit-base"))
    ap.add_argument("rows", nargs="?", default="/tmp/gate_rows.json")
    ap.add_argument(
        "--pool",
        action="store_true",
        help="collect / refit: the sample rows are the fit pool (every calibration part but the check "
        "part's, plus the test parts declared fit data: pool8 in session 22), not the session-14 pool",
    )
    ap.add_argument(
        "--linear",
        choices=("margin_in", *LINEAR_MODELS),
        default="",
        help="fit this linear gate, or the veto on margin_in alone (default: the kind gate.json holds)",
    )
    args = ap.parse_args()
    path = Path(args.rows)
    if args.pool and args.command not in ("collect", "refit"):
        ap.error("--pool goes with collect or refit")
    rows = (
        collect(path, pool=args.pool)
        if args.command in ("collect", "refit")
        else relex(json.loads(path.read_text(encoding="utf-8")))
    )
    from knowledge.answer import Calibration

    threshold = Calibration.load().threshold
    if args.command == "measure":
        print(json.dumps(measure(rows, threshold), indent=2))
    elif args.command == "cv":
        print(json.dumps(measure14(rows, threshold), indent=2))
    elif args.command == "fit-base":
        from evals.gate_fit_base import fit_base  # here: gate_fit_base imports this module

        print(json.dumps(fit_base(rows, threshold), indent=2))
    elif args.command in ("fit", "refit"):
        linear = args.linear or shipped_kind()
        print(json.dumps(fit(rows, threshold, linear="" if linear == "margin_in" else linear), indent=2))


def shipped_kind(path: Path = gate.GATE_FILE) -> str:
    """The :data:`LINEAR_MODELS` name of the shipped linear gate ("" for the veto on one signal, or none), so
    that a plain ``refit`` refits the kind of gate that ships."""
    shipped_gate = gate.load_gate(path)
    if shipped_gate is None or shipped_gate.weights is None:
        return ""
    return next((n for n, names in LINEAR_MODELS.items() if names == shipped_gate.names), "")


if __name__ == "__main__":
    main()
