"""A viewer's typo read as the base's own word, before any stage reads the question (session 16,
docs/knowledge.md "Session 16, brief R").

``answer.respell`` (session 14) folds a misspelling to the base's *stem* for the lexical side only: the dense
search and the neural reader, whose margin the gate weighs, still read "how many meadls did china win", and
the stems miss many typos ("meadls" stems to "meadl", five letters, too short to be read as a misspelling;
"bejiing" stems to "beji"). Rewriting the *surface* word, the way the base writes it, lets every stage read
"medals". On the calibration pool with one pair of letters swapped in one word of six or more letters, the
path lost 44 of 207 right answers, mostly to the gate's veto and to constraints that no longer find the word.

A word is read as a typo of a base word when it has at least :data:`MIN_LETTERS` letters, is no stopword,
no whole word of the embedding model's vocabulary (``known_word``: a word of English or a common name),
no word of the base in any form, not capitalized after the first word (a name as the asker wrote it may be
another person: session 14), and is one edit (a letter added, dropped, changed, or two neighbours swapped)
from words of the base that start with its letter: the most frequent of them wins, a tie gives up. The
base's words are read from its chunks (texts and heading paths), at the first question that holds a
candidate, and again when the base's size changes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING

from knowledge import nlp

if TYPE_CHECKING:
    from knowledge.store import Store

#: the shortest word read as a typo (session 14's limit, on the word as typed rather than its stem)
MIN_LETTERS = 6

_WORD = re.compile(r"[A-Za-z]+")
_RAW = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")


class BaseWords:
    """The base's words as written (folded, lower case) with their counts, and the one-letter deletions of
    each, for finding the base word one edit from a typo."""

    def __init__(self, texts: list[str] | None = None) -> None:
        self.counts: Counter[str] = Counter()
        self._deletions: dict[str, list[str]] = {}
        self._size = -1
        if texts is not None:
            self._build(texts)

    def _build(self, texts: list[str]) -> None:
        self.counts = Counter(w for t in texts for w in _WORD.findall(nlp.fold(t).lower()))
        self._deletions = {}
        for word in self.counts:
            if len(word) >= MIN_LETTERS - 1:
                for d in {word[:i] + word[i + 1 :] for i in range(len(word))}:
                    self._deletions.setdefault(d, []).append(word)

    def refresh(self, store: Store) -> BaseWords:
        """Read the base's words again where its size changed since the last read."""
        if store.ntotal != self._size:
            texts = [f"{c.context} {c.text}" for d in store.documents() for c in store.chunks_of(d.path)]
            self._build(texts)
            self._size = store.ntotal
        return self

    def __contains__(self, word: str) -> bool:
        return word in self.counts

    def near(self, word: str) -> str | None:
        """The base's most frequent word one edit from ``word`` that starts with its letter (None: none, or
        two tie)."""
        found = set(self._deletions.get(word, ()))  # a letter dropped
        for d in {word[:i] + word[i + 1 :] for i in range(len(word))}:
            if d in self.counts:
                found.add(d)  # a letter added
            found.update(self._deletions.get(d, ()))  # a letter changed, two neighbours swapped
        near = sorted(
            (w for w in found if w[0] == word[0] and nlp.one_edit(word, w)), key=lambda w: -self.counts[w]
        )
        if not near or (len(near) > 1 and self.counts[near[0]] == self.counts[near[1]]):
            return None
        return near[0]


def candidate(
    word: str, first: bool, in_base: Callable[[str], bool], known_word: Callable[[str], bool]
) -> bool:
    """Whether ``word`` (as typed) may be a typo at all (before any base word is looked up)."""
    low = nlp.fold(word).lower()
    if len(low) < MIN_LETTERS or not low.isalpha() or low in nlp.STOPWORDS:
        return False
    if word[0].isupper() and not first:
        return False  # a name as the asker wrote it
    return not known_word(low) and not in_base(nlp.stem(low))


def correct(
    question: str,
    words: Callable[[], BaseWords],
    in_base: Callable[[str], bool],
    known_word: Callable[[str], bool],
) -> str:
    """``question`` with each typo of a base word written as the base writes it ("how many meadls" ->
    "how many medals"); ``words`` gives the base's words (called only when a word may be a typo),
    ``in_base`` whether the base's lexical index knows a stem. Unchanged when nothing is a typo."""

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        if not candidate(word, not question[: m.start()].strip(), in_base, known_word):
            return word
        base = words()
        low = nlp.fold(word).lower()
        if low in base:
            return word
        found = base.near(low)
        if found is None:
            return word
        return found[0].upper() + found[1:] if word[0].isupper() else found

    return _RAW.sub(fix, question)
