"""``LexicalIndex.respell``'s deletion table is kept up at ingest, not rebuilt on the answer path (session 15,
brief M): the results are those of the old way (the whole table rebuilt at the first respelling after the
vocabulary grew), over every term of the sample base and misspellings of them, and after documents are
added to an index that has respelled already."""

from __future__ import annotations

import random

import numpy as np

from knowledge import KnowledgeBase, nlp
from knowledge.lexical import RESPELL_MIN, LexicalIndex


def _old_table(index: LexicalIndex) -> dict[str, list[int]]:
    """The deletion table as the old ``respell`` built it, whole, from the vocabulary."""
    table: dict[str, list[int]] = {}
    for tid, term in enumerate(index.terms):
        if len(term) >= RESPELL_MIN - 1:
            for d in {term[:i] + term[i + 1 :] for i in range(len(term))}:
                table.setdefault(d, []).append(tid)
    return table


def _old_respell(index: LexicalIndex, table: dict[str, list[int]], token: str) -> str | None:
    """The old ``respell`` over ``table`` (``_old_table`` of the index as it is now)."""
    if len(token) < RESPELL_MIN or token in index.vocab or token.isdigit():
        return None
    found: set[int] = set(table.get(token, ()))
    for d in {token[:i] + token[i + 1 :] for i in range(len(token))}:
        if d in index.vocab:
            found.add(index.vocab[d])
        found.update(table.get(d, ()))
    near = [t for t in found if nlp.one_edit(token, index.terms[t])]
    if not near:
        return None
    df = np.diff(index._indptr)
    near.sort(key=lambda t: -int(df[t]))
    if len(near) > 1 and df[near[0]] == df[near[1]]:
        return None
    return index.terms[near[0]]


def _misspellings(terms: list[str], n: int, seed: int = 15) -> list[str]:
    """One edit of each of ``n`` terms (at most) drawn at random: a letter dropped, added, changed, or two
    swapped."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = []
    long = [t for t in terms if len(t) >= RESPELL_MIN]
    for term in rng.sample(long, min(n, len(long))):
        i = rng.randrange(len(term))
        kind = rng.randrange(4)
        if kind == 0:
            out.append(term[:i] + term[i + 1 :])
        elif kind == 1:
            out.append(term[:i] + rng.choice(letters) + term[i:])
        elif kind == 2:
            out.append(term[:i] + rng.choice(letters) + term[i + 1 :])
        elif i + 1 < len(term):
            out.append(term[:i] + term[i + 1] + term[i] + term[i + 2 :])
    return out


def test_respell_as_before_over_the_sample_base(sample_kb: KnowledgeBase) -> None:
    index: LexicalIndex = sample_kb._retriever.store.lexical
    index.respell("contry")  # builds the postings (df) and the table, as the answer path does
    table = _old_table(index)
    words = [*index.terms, *_misspellings(index.terms, len(index.terms))]
    new = [index.respell(w) for w in words]
    assert new == [_old_respell(index, table, w) for w in words]
    # misspellings are found, not only None on both sides
    assert len(index.terms) > 1000 and sum(r is not None for r in new) > 300
    assert index._deletions == table


def test_the_table_follows_documents_added_after_a_respelling() -> None:
    first = ["Norway won the country's first gold", "Ireen Wust retired in 2022", "the slalom course"]
    later = ["the penguin plush", "a slalom run and another slalom", "penguins and the Snowline shop"]
    index = LexicalIndex()
    index.add([0, 1, 2], [nlp.tokenize(d) for d in first])
    assert index.respell("pengiun") is None  # no penguin yet; the table is built here
    assert index.respell("contry") == "country"
    index.add([3, 4, 5], [nlp.tokenize(d) for d in later])  # the new terms join the table at ingest
    assert index._deletions_of == len(index.terms)
    fresh = LexicalIndex()
    fresh.add(list(range(6)), [nlp.tokenize(d) for d in first + later])
    words = ["pengiun", "contry", "slalon", "snowlin", "retire", *_misspellings(fresh.terms, 10)]
    assert [index.respell(w) for w in words] == [fresh.respell(w) for w in words]
    assert index.respell("pengiun") == "penguin"
    assert index._deletions == _old_table(fresh) == fresh._deletions
    index.remove(np.array([3]))  # a removed document keeps its terms in the vocabulary, as before
    assert index.respell("pengiun") == _old_respell(index, _old_table(index), "pengiun")
