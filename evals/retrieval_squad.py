"""Retrieval recall on the SQuAD 2.0 open-book base: is the chunk that holds the answer retrieved?

Every reader is capped by this. All 8 articles are in one base (``evals.qa_squad.open_base``, as the product
builds it); each answerable question of the halves asked for is retrieved against the whole base, and a chunk
*holds the answer* when it belongs to the question's article (its heading path starts with the article's
title) and its text contains one of the gold answers after SQuAD's normalisation (lower case, no punctuation,
no articles), on word boundaries. Reported: recall@1/@4/@8 (a gold chunk among the first k) and MRR@10, for

- ``product``: the ranking ``answer()`` reads (``Retriever.ranked`` over every modality but gestures);
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


def product_ranking(kb: KnowledgeBase) -> Callable[[str], list[int]]:
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
    "product": product_ranking,
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


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--halves", default="fit", help="fit (default), report, or fit,report")
    ap.add_argument("--methods", default=",".join(RANKINGS), help=f"any of {', '.join(RANKINGS)}")
    args = ap.parse_args(argv)
    reason = available()
    if reason:
        print(reason)
        return
    halves = tuple(h for h in re.split(r"[,\s]+", args.halves) if h)
    methods = tuple(m for m in args.methods.split(",") if m)
    bad = [m for m in methods if m not in RANKINGS]
    if bad:
        ap.error(f"unknown method {bad[0]!r}")
    print(json.dumps(evaluate(halves, methods), indent=2))


if __name__ == "__main__":
    main()
