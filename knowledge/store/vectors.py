"""A base's vector index: exact inner product for small bases, HNSW for large ones, and the search over it.

Vector ids (``vid``) are row positions in the FAISS index.
"""

from __future__ import annotations

from typing import Any

import faiss
import numpy as np

_faiss: Any = faiss  # the SWIG module's stubs lack the search-parameter classes

# Exact inner product below this many vectors, HNSW above. Measured by `persona bench knowledge`
# (details.threshold) on the 2-core reference machine under a load average of ~2: one exact query took
# 2.7 ms at 10k vectors, 14.6 ms at 50k and 25.4 ms at 100k; HNSW 0.56-0.72 ms, recall@5 1.0 against exact
# on generated clusters, built in 1.3 s at 10k and 8.9 s at 50k. At 20k an exact query costs ~5 ms, under
# the cost of embedding the question, and smaller bases keep exact results and skip the build.
HNSW_THRESHOLD = 20_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
# Real questions are harder for the graph than queries drawn beside stored vectors: on the bench corpora
# (real chunks among generated ones) the true dense top 5 was in HNSW's top 50 for 0.57 / 0.39 of the dev
# questions at 100k / 1M with efSearch 256, 0.81 / 0.57 with 1024, which lifted the fused recall@5 from
# 0.884 to 0.907 at 100k and from 0.758 to 0.800 at 1M for ~3 ms more per query.
HNSW_EF_SEARCH = 1024
# Filtered queries whose allowed set is this small are scored exactly (a matrix product) instead of a
# filtered index search.
EXACT_SUBSET = 20_000


def index_kind(index: faiss.Index) -> str:
    return "hnsw" if isinstance(index, faiss.IndexHNSW) else "flat"


def tuned(index: faiss.Index) -> faiss.Index:
    """``index`` as read from disk, with the search depth this package uses (FAISS does not store it)."""
    if isinstance(index, faiss.IndexHNSW):
        index.hnsw.efSearch = HNSW_EF_SEARCH
    return index


def new_index(dim: int, vectors: np.ndarray) -> faiss.Index:
    """An index holding ``vectors``: HNSW from :data:`HNSW_THRESHOLD` vectors on, exact below."""
    index: faiss.Index
    if len(vectors) >= HNSW_THRESHOLD:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def stored_vectors(index: faiss.Index, dim: int) -> np.ndarray:
    """A read-only view of every stored vector (row = vid); valid until the index next changes."""
    flat: Any = index
    if isinstance(flat, faiss.IndexHNSW):
        flat = faiss.downcast_index(flat.storage)
    n = int(flat.ntotal)
    if n == 0:
        return np.zeros((0, dim), dtype=np.float32)
    view = faiss.rev_swig_ptr(flat.get_xb(), n * dim).reshape(n, dim)
    view.flags.writeable = False
    return view


def dense_search(
    index: faiss.Index, dim: int, alive: np.ndarray, query: np.ndarray, n: int, allowed: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Top ``n`` (vids, cosine) for one normalized query; ``allowed`` masks vids (None: all live)."""
    ntotal = int(index.ntotal)
    if ntotal == 0 or n <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    mask = alive if allowed is None else allowed & alive
    n_allowed = int(mask.sum()) if allowed is not None or not bool(alive.all()) else ntotal
    if n_allowed == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
    if n_allowed < ntotal and n_allowed <= EXACT_SUBSET:
        ids = np.flatnonzero(mask)
        scores = stored_vectors(index, dim)[ids] @ q[0]
        if len(ids) > n:
            top = np.argpartition(-scores, n)[:n]
            ids, scores = ids[top], scores[top]
        order = np.argsort(-scores, kind="stable")
        return ids[order], scores[order].astype(np.float32)
    params = None
    bitmap = None
    if n_allowed < ntotal:
        bitmap = np.packbits(mask, bitorder="little")
        selector = _faiss.IDSelectorBitmap(ntotal, faiss.swig_ptr(bitmap))
        if isinstance(index, faiss.IndexHNSW):
            params = _faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, n))
        else:
            params = _faiss.SearchParameters(sel=selector)
    elif isinstance(index, faiss.IndexHNSW) and n > HNSW_EF_SEARCH:
        params = _faiss.SearchParametersHNSW(efSearch=n)
    scores, ids = index.search(q, min(n, n_allowed), params=params)
    del bitmap  # the selector points into it until the search returns
    keep = ids[0] >= 0
    return ids[0][keep].astype(np.int64), scores[0][keep]


def index_nbytes(index: faiss.Index, dim: int) -> int:
    """Bytes the index holds in memory: its vectors, and roughly its graph's level-0 links when HNSW."""
    ntotal = int(index.ntotal)
    vec = ntotal * dim * 4
    if isinstance(index, faiss.IndexHNSW):
        vec += ntotal * HNSW_M * 2 * 4 + ntotal * 8  # level-0 links (2M) and offsets, roughly
    return vec
