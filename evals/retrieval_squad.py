"""Retrieval recall on the SQuAD 2.0 open-book base: is the chunk that holds the answer retrieved?

Every reader is capped by this. All 8 articles are in one base (``evals.qa_squad.open_base``, as the product
builds it); each answerable question of the halves asked for is retrieved against the whole base, and a chunk
*holds the answer* when it belongs to the question's article (its heading path starts with the article's
title) and its text contains one of the gold answers after SQuAD's normalisation (lower case, no punctuation,
no articles), on word boundaries. Reported: recall@1/@4/@8 (a gold chunk among the first k) and MRR@10, for

- ``search``: the ranking ``kb.search()`` returns (the fused list with its second order, session 11);
- ``fused``: the ranking ``answer()``'s readers read (``Retriever.ranked`` without the second order, over
  every modality but gestures; before session 11 the only one);
- ``dense``: exact cosine of the question's MiniLM vector against every chunk (a baseline);
- ``lexical``: BM25 alone (a baseline);
- ``random``: a chunk drawn at random, the expected recall (a trivial floor).

Split: the FIT half (``FIT_ARTICLES``) is what retrieval may be tuned on; the REPORT half is printed only when
asked (``--halves report``), once, at the end. ``python -m evals.retrieval_squad --halves fit``.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from evals.qa_squad import SquadItem, available, load_questions, normalize_answer, open_base
from knowledge import KnowledgeBase, nlp
from knowledge.retrieve import RERANK_DEPTH, RERANK_FEATURES, rerank_features

KS = (1, 4, 8)
MRR_DEPTH = 10
DEPTH = max(*KS, MRR_DEPTH)


@dataclass(frozen=True)
class Gold:
    """One answerable question and the vids of the chunks that hold its answer."""

    item: SquadItem
    vids: frozenset[int]


def gold_chunks(kb: KnowledgeBase, items: Sequence[SquadItem]) -> tuple[list[Gold], int]:
    """The answerable questions with the chunks holding their answer, and the number of text chunks. A
    question whose answer no chunk of its article holds (a cut across two chunks) is kept with no gold chunk:
    it counts as a miss for every method, as it does for the reader."""
    store = kb.store
    rows = [r for r in store.rows(np.flatnonzero(store.alive).tolist()) if r.modality == "text"]
    by_article: dict[str, list[tuple[int, str]]] = {}
    for r in rows:
        title = r.context.split(" > ")[0]
        by_article.setdefault(title, []).append((r.vid, f" {normalize_answer(r.text)} "))
    out = []
    for item in items:
        if not item.answerable:
            continue
        answers = [f" {a} " for a in {normalize_answer(a) for a in item.answers} if a]
        chunks = by_article.get(item.article, [])
        out.append(Gold(item, frozenset(v for v, text in chunks if any(a in text for a in answers))))
    return out, len(rows)


def search_ranking(kb: KnowledgeBase) -> Callable[[str], list[int]]:
    vid_of = {r.chunk_id: r.vid for r in kb.store.rows(list(range(kb.store.ntotal)))}

    def rank(question: str) -> list[int]:
        return [vid_of[h.chunk_id] for h in kb.search(question, DEPTH)]

    return rank


def fused_ranking(kb: KnowledgeBase) -> Callable[[str], list[int]]:
    retriever = kb._retriever  # the ranking answer() reads, with answer()'s filter

    def rank(question: str) -> list[int]:
        allowed = retriever.allowed(exclude_modality=("motion",))
        return [s.vid for s in retriever.ranked(question, None, DEPTH, allowed)[:DEPTH]]

    return rank


def dense_ranking(kb: KnowledgeBase) -> Callable[[str], list[int]]:
    store = kb.store
    vectors = store.vectors()

    def rank(question: str) -> list[int]:
        cos = vectors @ kb._retriever.embed_query(question)
        cos[~store.alive[: len(cos)]] = -np.inf
        return np.argsort(-cos, kind="stable")[:DEPTH].tolist()

    return rank


def lexical_ranking(kb: KnowledgeBase) -> Callable[[str], list[int]]:
    store = kb.store

    def rank(question: str) -> list[int]:
        ids, _ = store.lexical.search(nlp.tokenize(question), DEPTH, store.alive)
        return ids.tolist()

    return rank


RANKINGS: dict[str, Callable[[KnowledgeBase], Callable[[str], list[int]]]] = {
    "search": search_ranking,
    "fused": fused_ranking,
    "dense": dense_ranking,
    "lexical": lexical_ranking,
}


def recall_figures(golds: Sequence[Gold], ranked: Sequence[Sequence[int]]) -> dict[str, float]:
    """recall@k for k in KS and MRR@10 of one method's rankings (one per question, best first)."""
    n = len(golds)
    out: dict[str, float] = {"questions": float(n)}
    firsts = []
    for g, r in zip(golds, ranked, strict=True):
        firsts.append(next((i for i, v in enumerate(r[:DEPTH]) if v in g.vids), None))
    for k in KS:
        out[f"recall@{k}"] = sum(f is not None and f < k for f in firsts) / n if n else 0.0
    out[f"mrr@{MRR_DEPTH}"] = sum(1.0 / (f + 1) for f in firsts if f is not None) / n if n else 0.0
    return out


def random_figures(golds: Sequence[Gold], n_chunks: int) -> dict[str, float]:
    """The expected recall@k of a random ranking (without replacement) of ``n_chunks`` chunks."""
    n = len(golds)
    out: dict[str, float] = {"questions": float(n)}
    for k in KS:
        miss = [_miss_all(n_chunks, len(g.vids), k) for g in golds]
        out[f"recall@{k}"] = 1.0 - sum(miss) / n if n else 0.0
    return out


def _miss_all(n: int, g: int, k: int) -> float:
    """P(none of ``g`` gold chunks among ``k`` drawn from ``n``)."""
    p = 1.0
    for i in range(min(k, n)):
        p *= max(n - g - i, 0) / (n - i)
    return p


def evaluate(halves: Sequence[str], methods: Sequence[str] = tuple(RANKINGS)) -> dict[str, Any]:
    unknown = set(halves) - {"fit", "report"}
    if unknown:
        raise ValueError(f"unknown halves {sorted(unknown)}: use fit, report or fit,report")
    kb = open_base()
    try:
        kb.warm()
        items = [i for i in load_questions() if i.split in halves]
        golds, n_chunks = gold_chunks(kb, items)
        out: dict[str, Any] = {"chunks": n_chunks}
        for half in halves:
            part = [g for g in golds if g.item.split == half]
            figures: dict[str, Any] = {
                "no_gold_chunk": sum(not g.vids for g in part),
                "random": random_figures(part, n_chunks),
            }
            for name in methods:
                rank = RANKINGS[name](kb)
                t0 = time.perf_counter()
                ranked = [rank(g.item.question) for g in part]
                figures[name] = recall_figures(part, ranked)
                figures[name]["ms_per_query"] = (time.perf_counter() - t0) * 1000 / max(len(part), 1)
            out[half] = figures
        return out
    finally:
        kb.close()


# --- fitting the second order (FIT half only) ---------------------------------------------------------------

L2_GRID = (0.1, 1.0, 10.0, 100.0)


def rerank_data(kb: KnowledgeBase, golds: Sequence[Gold]) -> tuple[np.ndarray, np.ndarray]:
    """Features of each question's first RERANK_DEPTH fused candidates (before the second order) and which
    of them hold the answer: arrays (questions, RERANK_DEPTH, features) and (questions, RERANK_DEPTH)."""
    retriever = kb._retriever
    allowed = retriever.allowed(exclude_modality=("motion",))
    xs, ys = [], []
    for g in golds:
        q = g.item.question
        qvec = retriever.embed_query(q)
        top = retriever.ranked(q, qvec, RERANK_DEPTH, allowed, rerank=False)[:RERANK_DEPTH]
        if len(top) < RERANK_DEPTH:
            raise ValueError(f"fewer than {RERANK_DEPTH} candidates for {q!r}: too small a base to fit on")
        xs.append(rerank_features(kb.store, nlp.tokenize(q), qvec, top))
        ys.append([s.vid in g.vids for s in top])
    return np.stack(xs), np.array(ys, dtype=bool)


def fit_softmax(x: np.ndarray, y: np.ndarray, l2: float) -> np.ndarray:
    """Weights (on the features' own scale) of a linear score whose softmax over each question's candidates
    puts the most probability on the chunks that hold the answer; L2 on the standardised weights. Questions
    with no such chunk among the candidates carry no signal and are left out."""
    from scipy.optimize import minimize

    keep = y.any(axis=1)
    x, y = x[keep].astype(np.float64), y[keep]
    flat = x.reshape(-1, x.shape[2])
    mu, sd = flat.mean(axis=0), flat.std(axis=0) + 1e-6
    z = (x - mu) / sd

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = z @ w
        s = s - s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        on_gold = (p * y).sum(axis=1)
        grad_s = p - (p * y) / on_gold[:, None]
        value = float(-np.log(on_gold + 1e-12).sum() + l2 * (w @ w))
        return value, np.einsum("qc,qcf->f", grad_s, z) + 2 * l2 * w

    w = minimize(loss, np.zeros(z.shape[2]), jac=True, method="L-BFGS-B").x
    return np.asarray(w / sd)


def reranked_recall(x: np.ndarray, y: np.ndarray, w: np.ndarray | None) -> dict[str, float]:
    """recall@k within the candidates, ordered by ``w`` (None: the fused order as given)."""
    order = np.tile(np.arange(x.shape[1]), (len(x), 1)) if w is None else np.argsort(-(x @ w), 1, "stable")
    hit = np.take_along_axis(y, order, axis=1)
    first = np.where(hit.any(axis=1), hit.argmax(axis=1), x.shape[1])
    out = {f"recall@{k}": float((first < k).mean()) for k in KS}
    out["objective"] = float(np.mean([out[f"recall@{k}"] for k in KS]))
    return out


def fit_rerank() -> dict[str, Any]:
    """Fit the second order's weights on the FIT half's answerable questions: L2 chosen by leave-one-article-
    out cross-validation (the declared objective, the mean of recall@1/4/8), then refitted on all of FIT."""
    kb = open_base()
    try:
        kb.warm()
        golds, _ = gold_chunks(kb, [i for i in load_questions() if i.split == "fit"])
        x, y = rerank_data(kb, golds)
    finally:
        kb.close()
    articles = np.array([g.item.article for g in golds])
    cv: dict[str, Any] = {}
    for l2 in L2_GRID:
        got = np.zeros(len(KS) + 1)
        for article in np.unique(articles):
            held = articles == article
            w = fit_softmax(x[~held], y[~held], l2)
            got += np.array(list(reranked_recall(x[held], y[held], w).values())) * held.sum()
        names = [*(f"recall@{k}" for k in KS), "objective"]
        cv[str(l2)] = dict(zip(names, (got / len(golds)).tolist(), strict=True))
    best = max(L2_GRID, key=lambda v: cv[str(v)]["objective"])
    w = fit_softmax(x, y, best)
    return {
        "questions": len(golds),
        "fused_order": reranked_recall(x, y, None),
        "cross_validated_by_article": cv,
        "l2": best,
        "in_sample": reranked_recall(x, y, w),
        "weights": dict(zip(RERANK_FEATURES, (round(float(v), 6) for v in w), strict=True)),
    }


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--halves", default="fit", help="fit (default), report, or fit,report")
    ap.add_argument("--methods", default=",".join(RANKINGS), help=f"any of {', '.join(RANKINGS)}")
    ap.add_argument("--fit-rerank", action="store_true", help="fit the second order's weights on FIT")
    args = ap.parse_args(argv)
    reason = available()
    if reason:
        print(reason)
        return
    if args.fit_rerank:
        print(json.dumps(fit_rerank(), indent=2))
        return
    halves = tuple(h for h in re.split(r"[,\s]+", args.halves) if h)
    methods = tuple(m for m in args.methods.split(",") if m)
    bad = [m for m in methods if m not in RANKINGS]
    if bad:
        ap.error(f"unknown method {bad[0]!r}")
    print(json.dumps(evaluate(halves, methods), indent=2))


if __name__ == "__main__":
    main()
