"""Fit the reader (``knowledge/reader.json``) on the FIT articles of the SQuAD 2.0 track only.

    python -m evals.train_reader            # fit and write knowledge/reader.json
    python -m evals.train_reader --check    # fit, print the fit-half figures, write nothing

Data: ``../shared/data/qa/squad2_dev`` (SQuAD 2.0 dev, CC BY-SA 4.0), the declared FIT articles of
``evals/qa_squad.py``; the REPORT articles are never read here. Steps:

1. every FIT question against the whole open-book base; the reader's candidate spans in its evidence
   sentences, labelled 1 when the span equals a gold answer after SQuAD normalisation;
2. the span model: L2 logistic regression over the span features (standardised for the fit, folded back);
3. the confidence model: logistic regression over the chosen span's confidence features, labelled 1 when the
   chosen span scores F1 >= 0.5 against a gold answer (0 on unanswerable questions);
4. the threshold: the one that maximises the official SQuAD 2.0 F1 summed over the FIT questions.
Deterministic (fixed solver, no sampling).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from evals.qa_squad import (
    FIT_ARTICLES,
    SquadItem,
    available,
    load_questions,
    normalize_answer,
    open_base,
    score,
)
from knowledge import KnowledgeBase, reader, spans
from knowledge.reader import CONF_FEATURES, FEATURES, READER_FILE, ReaderModel


def _vector(features: dict[str, float], names: tuple[str, ...]) -> list[float]:
    return [features.get(n, 0.0) for n in names]


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, float]:
    """Standardised L2 logistic regression; the weights are returned on the raw features' scale."""
    mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit((x - mu) / sd, y)
    w = model.coef_[0] / sd
    b = float(model.intercept_[0]) - float((model.coef_[0] * mu / sd).sum())
    return w, b


def _fit_listwise(rows: list[dict[str, Any]], l2: float = 1e-3) -> np.ndarray:
    """The span model: a softmax over each question's candidates (the gold spans' mass maximised), L2,
    by L-BFGS on standardised features; questions without a gold candidate teach nothing and are left out.
    The weights are returned on the raw features' scale."""
    import torch

    kept = [r for r in rows if any(r["labels"])]
    xs = [np.array([_vector(c.features, FEATURES) for c in r["found"]], dtype=np.float32) for r in kept]
    every = np.concatenate(xs)
    mu, sd = every.mean(axis=0), every.std(axis=0) + 1e-6
    tx = [torch.tensor((x - mu) / sd) for x in xs]
    ty = [torch.tensor(np.array(r["labels"], dtype=np.float32)) > 0 for r in kept]
    w = torch.zeros(len(FEATURES), requires_grad=True)
    opt = torch.optim.LBFGS([w], max_iter=200, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        opt.zero_grad()
        nll = sum(
            torch.logsumexp(x @ w, 0) - torch.logsumexp((x @ w)[y], 0) for x, y in zip(tx, ty, strict=True)
        )
        loss = nll / len(tx) + l2 * (w * w).sum()
        loss.backward()  # type: ignore[no-untyped-call]
        return loss

    opt.step(closure)  # type: ignore[no-untyped-call]
    return np.asarray(w.detach().numpy() / sd, dtype=np.float64)


def collect(kb: KnowledgeBase, items: list[SquadItem]) -> list[dict[str, Any]]:
    """Per question: its evidence sentences and candidates (features, labels)."""
    answerer = kb._answerer  # noqa: SLF001 - the eval reads the answerer's evidence, as calibration does
    out = []
    for item in items:
        kind = spans.classify(item.question)
        evidence = [s for _, s in answerer.reader_evidence(item.question)]
        found = reader.candidates(item.question, kind, evidence)
        golds = {normalize_answer(a) for a in item.answers}
        labels = [float(normalize_answer(c.text) in golds) for c in found]
        out.append({"item": item, "kind": kind, "evidence": evidence, "found": found, "labels": labels})
    return out


def fit(rows: list[dict[str, Any]], note: str) -> tuple[ReaderModel, dict[str, Any]]:
    w = _fit_listwise(rows)
    span_weights = {n: round(float(v), 5) for n, v in zip(FEATURES, w, strict=True)}
    draft = ReaderModel(span_weights, {}, 0.0, 0.0)
    # the confidence model, on the spans the span model chooses
    conf_x, conf_y, f1s = [], [], []
    for r in rows:
        item: SquadItem = r["item"]
        got = reader.read(draft, item.question, r["kind"], r["evidence"])
        if got is None:
            conf_x.append(_vector({}, CONF_FEATURES))
            conf_y.append(0.0)
            f1s.append(0.0)
            continue
        _, f = score(item, got.span)
        conf_x.append(_vector(got.features, CONF_FEATURES))
        conf_y.append(float(item.answerable and f >= 0.5))
        f1s.append(f if item.answerable else 0.0)
    cw, cb = _fit(np.array(conf_x), np.array(conf_y), c=1.0)
    conf_weights = {n: round(float(v), 5) for n, v in zip(CONF_FEATURES, cw, strict=True)}
    p = 1 / (1 + np.exp(-(np.array(conf_x) @ cw + cb)))
    answerable = np.array([r["item"].answerable for r in rows])
    f1_answered = np.array(f1s)
    best_t, best_total = 1.0, -1.0
    for t in np.unique(np.concatenate([p, [0.0, 1.0 + 1e-9]])):
        answered = p >= t
        total = float(np.where(answered, f1_answered, ~answerable).sum())
        if total > best_total:
            best_t, best_total = float(t), total
    model = ReaderModel(span_weights, conf_weights, round(cb, 5), round(best_t, 5), note)
    squad_answerable = [r["item"].answerable for r in rows]
    span_hit = sum(any(r["labels"]) for r in rows if r["item"].answerable)
    stats = {
        "questions": len(rows),
        "candidates": sum(len(r["found"]) for r in rows),
        "answerable_with_gold_candidate": span_hit / max(sum(squad_answerable), 1),
        "fit_f1_at_threshold": best_total / len(rows),
        "threshold": best_t,
    }
    return model, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fit and report, but write nothing")
    args = parser.parse_args()
    reason = available()
    if reason:
        raise SystemExit(reason)
    items = [i for i in load_questions() if i.article in FIT_ARTICLES]
    kb = open_base()
    kb.warm()
    rows = collect(kb, items)
    n_un = sum(not i.answerable for i in items)
    note = (
        f"fitted by evals/train_reader.py on the SQuAD 2.0 FIT articles ({', '.join(FIT_ARTICLES)}; "
        f"{len(items)} questions, {n_un} unanswerable), open book"
    )
    model, stats = fit(rows, note)
    print(json.dumps(stats, indent=2))
    if not args.check:
        READER_FILE.write_text(json.dumps(model.to_json(), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {READER_FILE}")


if __name__ == "__main__":
    main()
