import math
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from knowledge.lexical import K1, B, LexicalIndex

WORDS = st.sampled_from(["ice", "snow", "gold", "panda", "curling", "mug", "hoodie", "norway", "skate"])
DOCS = st.lists(st.lists(WORDS, min_size=1, max_size=12), min_size=1, max_size=25)


def reference_scores(docs: list[list[str]], query: list[str]) -> dict[int, float]:
    """BM25 written out the slow, obvious way (Lucene's idf), to check the vectorized index against."""
    n = len(docs)
    avgdl = sum(len(d) for d in docs) / n
    out: dict[int, float] = {}
    for term in set(query):
        df = sum(1 for d in docs if term in d)
        if df == 0:
            continue
        idf = math.log1p((n - df + 0.5) / (df + 0.5))
        for i, d in enumerate(docs):
            tf = Counter(d)[term]
            if tf:
                norm = K1 * (1 - B + B * len(d) / avgdl)
                out[i] = out.get(i, 0.0) + idf * tf * (K1 + 1) / (tf + norm)
    return out


@settings(max_examples=60, deadline=None)
@given(DOCS, st.lists(WORDS, min_size=1, max_size=4))
def test_bm25_matches_the_reference(docs: list[list[str]], query: list[str]) -> None:
    index = LexicalIndex()
    index.add(np.arange(len(docs)), docs)
    ids, scores = index.search(query, n=len(docs))
    expected = reference_scores(docs, query)
    assert set(ids.tolist()) == set(expected)
    for vid, score in zip(ids.tolist(), scores.tolist(), strict=True):
        assert abs(score - expected[vid]) < 1e-4
    assert list(scores) == sorted(scores, reverse=True)


@settings(max_examples=40, deadline=None)
@given(DOCS, st.data())
def test_remove_and_renumber_equal_a_fresh_index(docs: list[list[str]], data: st.DataObject) -> None:
    drop = data.draw(st.sets(st.integers(0, len(docs) - 1), max_size=len(docs) - 1))
    index = LexicalIndex()
    index.add(np.arange(len(docs)), docs)
    index.remove(np.array(sorted(drop), dtype=np.int64))
    keep = [i for i in range(len(docs)) if i not in drop]
    new_of_old = np.full(len(docs), -1)
    new_of_old[keep] = np.arange(len(keep))
    index.renumber(new_of_old, len(keep))
    fresh = LexicalIndex()
    fresh.add(np.arange(len(keep)), [docs[i] for i in keep])
    for term in ["ice", "gold", "panda", "mug"]:
        a_ids, a_scores = index.search([term], n=100)
        b_ids, b_scores = fresh.search([term], n=100)
        assert dict(zip(a_ids.tolist(), np.round(a_scores, 5).tolist(), strict=True)) == dict(
            zip(b_ids.tolist(), np.round(b_scores, 5).tolist(), strict=True)
        )


def test_arrays_round_trip_and_mask() -> None:
    index = LexicalIndex()
    index.add(np.arange(3), [["ice", "cube"], ["ice"], ["mug"]])
    again = LexicalIndex.from_arrays(index.arrays())
    ids, _ = again.search(["ice"], n=5, allowed=np.array([False, True, True]))
    assert ids.tolist() == [1]
    assert again.search(["unknown"], n=5)[0].size == 0


@settings(max_examples=40, deadline=None)
@given(DOCS, st.lists(WORDS, min_size=1, max_size=4))
def test_term_weights_sum_to_the_bm25_score(docs: list[list[str]], query: list[str]) -> None:
    index = LexicalIndex()
    index.add(np.arange(len(docs)), docs)
    vids = np.arange(len(docs))
    weights, idf = index.term_weights(query, vids)
    expected = reference_scores(docs, query)
    assert weights.shape == (len(docs), len(set(query) & {t for d in docs for t in d}))
    for vid in vids.tolist():
        assert abs(float(weights[vid].sum()) - expected.get(vid, 0.0)) < 1e-4
    known = sorted({t for t in query if any(t in d for d in docs)}, key=lambda t: index.vocab[t])
    for j, term in enumerate(known):
        assert abs(float(idf[j]) - index.idf(term)) < 1e-5
        assert ((weights[:, j] > 0) == np.array([term in d for d in docs])).all()
