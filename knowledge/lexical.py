"""BM25 over an inverted index held in numpy arrays.

``rank_bm25`` scores every document in Python for every query term, which is fine for a few thousand chunks
and far too slow at a million (hundreds of milliseconds a term). Here the postings are kept as COO arrays
(term, doc, tf), turned into a term-major CSR with precomputed BM25 weights on demand, and a query only
touches
the postings of its own terms. Saved inside the base's ``aux`` npz file (no pickle).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from knowledge.nlp import one_edit

K1 = 1.2
#: the shortest term :meth:`LexicalIndex.respell` reads as a possible misspelling of a base term
RESPELL_MIN = 4
B = 0.75


class LexicalIndex:
    """Documents are identified by their vector id (``vid``), the same id the dense index uses."""

    def __init__(self) -> None:
        self.terms: list[str] = []
        self.vocab: dict[str, int] = {}
        self._term = np.zeros(0, dtype=np.int32)
        self._doc = np.zeros(0, dtype=np.int64)
        self._tf = np.zeros(0, dtype=np.float32)
        self.doc_len = np.zeros(0, dtype=np.float32)  # by vid; 0 for removed or empty documents
        self._built = False
        self._indptr = np.zeros(1, dtype=np.int64)
        self._post_doc = np.zeros(0, dtype=np.int64)
        self._post_w = np.zeros(0, dtype=np.float32)
        self._scratch = np.zeros(0, dtype=np.float32)
        self._n_docs = 0
        #: one-letter deletions of the vocabulary's terms -> the terms: built at the first respelling, then
        #: kept up as terms are added (:meth:`add`), so a base fed while live never rebuilds it on the answer
        #: path; ``_deletions_of``: how many of ``terms`` it holds
        self._deletions: dict[str, list[int]] | None = None
        self._deletions_of = 0

    # --- building ---------------------------------------------------------------------------------------

    def add(self, vids: Sequence[int] | np.ndarray, docs: Sequence[Sequence[str]]) -> None:
        """Index tokenized documents under the given vids (which must be new)."""
        vids = np.asarray(vids, dtype=np.int64)
        if len(vids) == 0:
            return
        top = int(vids.max()) + 1
        if top > len(self.doc_len):
            self.doc_len = np.concatenate([self.doc_len, np.zeros(top - len(self.doc_len), np.float32)])
        terms: list[int] = []
        doc_ids: list[int] = []
        tfs: list[int] = []
        for vid, tokens in zip(vids.tolist(), docs, strict=True):
            self.doc_len[vid] = len(tokens)
            for token, count in Counter(tokens).items():
                tid = self.vocab.get(token)
                if tid is None:
                    tid = self.vocab[token] = len(self.terms)
                    self.terms.append(token)
                terms.append(tid)
                doc_ids.append(vid)
                tfs.append(count)
        self.add_postings(np.array(terms, np.int32), np.array(doc_ids, np.int64), np.array(tfs, np.float32))
        if self._deletions is not None:  # the table is in use: the new terms join it here, at ingest
            self._add_deletions()

    def add_postings(self, term_ids: np.ndarray, doc_ids: np.ndarray, tf: np.ndarray) -> None:
        """Bulk form of :meth:`add` for callers that already hold term ids (the benchmark's corpus)."""
        self._term = np.concatenate([self._term, term_ids.astype(np.int32)])
        self._doc = np.concatenate([self._doc, doc_ids.astype(np.int64)])
        self._tf = np.concatenate([self._tf, tf.astype(np.float32)])
        self._built = False

    def set_doc_len(self, doc_len: np.ndarray) -> None:
        self.doc_len = np.asarray(doc_len, dtype=np.float32)
        self._built = False

    def remove(self, vids: np.ndarray) -> None:
        if len(vids) == 0:
            return
        drop = np.zeros(len(self.doc_len), dtype=bool)
        drop[vids] = True
        keep = ~drop[self._doc]
        self._term, self._doc, self._tf = self._term[keep], self._doc[keep], self._tf[keep]
        self.doc_len[vids] = 0
        self._built = False

    def renumber(self, new_of_old: np.ndarray, n_new: int) -> None:
        """After compaction: vid ``old`` becomes ``new_of_old[old]`` (-1 for dropped)."""
        new_doc = new_of_old[self._doc]
        keep = new_doc >= 0
        self._term, self._doc, self._tf = self._term[keep], new_doc[keep], self._tf[keep]
        doc_len = np.zeros(n_new, dtype=np.float32)
        alive = new_of_old >= 0
        doc_len[new_of_old[alive]] = self.doc_len[: len(new_of_old)][alive]
        self.doc_len = doc_len
        self._built = False

    def _build(self) -> None:
        n_terms = len(self.terms)
        order = np.lexsort((self._doc, self._term))  # term-major, documents in order: sequential writes
        term, doc, tf = self._term[order], self._doc[order], self._tf[order]
        counts = np.bincount(term, minlength=n_terms)
        indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        live = self.doc_len > 0
        n_docs = max(int(live.sum()), 1)
        avgdl = float(self.doc_len[live].mean()) if live.any() else 1.0
        df = counts.astype(np.float64)
        idf = np.log1p((n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)
        dl = self.doc_len[doc] if len(doc) else np.zeros(0, np.float32)
        norm = K1 * (1.0 - B + B * dl / avgdl)
        self._indptr = indptr
        self._post_doc = doc
        self._post_w = (idf[term] * tf * (K1 + 1.0) / (tf + norm)).astype(np.float32)
        self._scratch = np.zeros(len(self.doc_len), dtype=np.float32)
        self._n_docs = n_docs
        self._built = True

    # --- querying ---------------------------------------------------------------------------------------

    def search(
        self, tokens: Sequence[str], n: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``n`` (vids, scores) by BM25. ``allowed`` is an optional boolean mask over vids.

        Not thread-safe (a shared scratch accumulator): the caller holds the base's lock.
        """
        if not self._built:
            self._build()
        term_ids = sorted({self.vocab[t] for t in tokens if t in self.vocab})
        if not term_ids:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        acc = self._scratch
        touched = []
        for tid in term_ids:
            lo, hi = self._indptr[tid], self._indptr[tid + 1]
            docs = self._post_doc[lo:hi]
            acc[docs] += self._post_w[lo:hi]  # each doc appears once per term, so fancy += is exact
            touched.append(docs)
        # Every touched document, once per term it has; its full score sits in the accumulator.
        cand = touched[0] if len(touched) == 1 else np.concatenate(touched)
        scores = acc[cand]
        acc[cand] = 0.0
        if allowed is not None:
            ok = allowed[cand]
            cand, scores = cand[ok], scores[ok]
        copies = len(touched)  # a document appears at most once per term
        if len(cand) > n * copies:
            top = np.argpartition(-scores, n * copies)[: n * copies]
            cand, scores = cand[top], scores[top]
        order = np.argsort(-scores, kind="stable")
        cand, scores = cand[order], scores[order]
        if copies > 1:
            _, first = np.unique(cand, return_index=True)
            first.sort()
            cand, scores = cand[first], scores[first]
        return cand[:n], scores[:n]

    def term_weights(self, tokens: Sequence[str], vids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each query term's BM25 contribution to each of ``vids`` (0 where the document lacks the term), as
        a (len(vids), terms) matrix, and the terms' idf: a row's sum is the document's BM25 score. Only the
        query's terms known to the index count, once each, as in :meth:`search`. A term's postings are sorted
        by document, so this costs a binary search per (term, document)."""
        if not self._built:
            self._build()
        term_ids = sorted({self.vocab[t] for t in tokens if t in self.vocab})
        vids = np.asarray(vids, dtype=np.int64)
        out = np.zeros((len(vids), len(term_ids)), dtype=np.float32)
        idf = np.zeros(len(term_ids), dtype=np.float32)
        for j, tid in enumerate(term_ids):
            lo, hi = int(self._indptr[tid]), int(self._indptr[tid + 1])
            docs = self._post_doc[lo:hi]
            pos = np.searchsorted(docs, vids)
            found = pos < len(docs)
            found[found] = docs[pos[found]] == vids[found]
            out[found, j] = self._post_w[lo + pos[found]]
            idf[j] = np.log1p((self._n_docs - (hi - lo) + 0.5) / ((hi - lo) + 0.5))
        return out, idf

    def idf(self, token: str) -> float:
        """Inverse document frequency of a token (0 for unknown tokens), for the answer module's weights."""
        if not self._built:
            self._build()
        tid = self.vocab.get(token)
        df = 0 if tid is None else int(self._indptr[tid + 1] - self._indptr[tid])
        return float(np.log1p((self._n_docs - df + 0.5) / (df + 0.5)))

    def respell(self, token: str) -> str | None:
        """The base's own term one edit away from ``token``, a term the base does not know ("contry" ->
        "country", "pengiun" -> "penguin", "retire" -> "retir", the stem of "retired"); the most frequent one
        where several are, None where none is, two tie or ``token`` is known, a number or shorter than
        :data:`RESPELL_MIN`. Built from the base's vocabulary (its one-letter deletions: all at the first
        call, then each new term's as :meth:`add` indexes it), not from a table."""
        if len(token) < RESPELL_MIN or token in self.vocab or token.isdigit():
            return None
        if not self._built:
            self._build()
        deletions = self._add_deletions()
        found: set[int] = set(deletions.get(token, ()))  # a letter dropped: "contry"
        for d in {token[:i] + token[i + 1 :] for i in range(len(token))}:
            if d in self.vocab:
                found.add(self.vocab[d])  # a letter added: "retire" for "retir"
            found.update(deletions.get(d, ()))  # a letter changed, two swapped: "pengiun"
        near = [t for t in found if one_edit(token, self.terms[t])]
        if not near:
            return None
        df = np.diff(self._indptr)
        near.sort(key=lambda t: -int(df[t]))
        if len(near) > 1 and df[near[0]] == df[near[1]]:
            return None
        return self.terms[near[0]]

    def _add_deletions(self) -> dict[str, list[int]]:
        """The deletion table, with the terms it does not hold yet added (all of them at the first call)."""
        if self._deletions is None:
            self._deletions, self._deletions_of = {}, 0
        table = self._deletions
        for tid in range(self._deletions_of, len(self.terms)):
            term = self.terms[tid]
            if len(term) >= RESPELL_MIN - 1:
                for d in {term[:i] + term[i + 1 :] for i in range(len(term))}:
                    table.setdefault(d, []).append(tid)
        self._deletions_of = len(self.terms)
        return table

    # --- persistence ------------------------------------------------------------------------------------

    def arrays(self) -> dict[str, np.ndarray]:
        terms = np.array(self.terms, dtype=str) if self.terms else np.zeros(0, dtype="<U1")
        return {
            "lex_terms": terms,
            "lex_term": self._term,
            "lex_doc": self._doc,
            "lex_tf": self._tf,
            "lex_doc_len": self.doc_len,
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> LexicalIndex:
        index = cls()
        index.terms = [str(t) for t in arrays["lex_terms"].tolist()]
        index.vocab = {t: i for i, t in enumerate(index.terms)}
        index._term = arrays["lex_term"].astype(np.int32)
        index._doc = arrays["lex_doc"].astype(np.int64)
        index._tf = arrays["lex_tf"].astype(np.float32)
        index.doc_len = arrays["lex_doc_len"].astype(np.float32)
        return index

    @property
    def nbytes(self) -> int:
        return int(
            self._term.nbytes
            + self._doc.nbytes
            + self._tf.nbytes
            + self.doc_len.nbytes
            + self._post_doc.nbytes
            + self._post_w.nbytes
            + self._indptr.nbytes
        )
