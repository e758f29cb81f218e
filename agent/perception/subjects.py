"""What the files and sections of a base are about, as single words (session 25, brief P2, T4;
docs/perception.md, "Session 25 (issue 14, brief P2)", declared there before measuring).

T1 (:mod:`agent.perception.told`) puts "tell me about X" to the base when X names a heading part of the base
whole ("beijing 2022 paralympic winter games") or a name its text writes (T3, two words or more). "tell me
about the paralympics", "tell me about the venues", "tell me about norway" named neither, though the base
holds a whole file on each (``paralympics-2022.txt``, ``beijing-2022-venues.html``) or writes the name
often. :func:`subjects` adds, as phrases a line may name:

1. **the words of a file's title**: its file name's stem, split on "-", "_", "." and spaces;
2. **the words of a heading part** (every part of every heading path, as ``told.base_headings`` reads them);
3. **one-word names**: a word the base's text writes with a capital letter inside a sentence (not its first
   word) at least :data:`MIN_NAME_COUNT` times ("Norway", "China").

Each word is kept when it has at least :data:`MIN_LETTERS` letters, letters only (an apostrophe inside), and
is no stopword (``knowledge.nlp.STOPWORDS``); with its plural in "s" (a word not ending in "s") or its
singular (a final "s" off, not "ss"), so "paralympic" and "paralympics" name each other. Read once when the
Perception is built, from the same rows ``text_names`` reads (at most its ``MAX_CHUNKS``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any

from agent.perception.text_names import _BATCH, MAX_CHUNKS, text_names
from agent.perception.told import base_headings

#: The fewest letters a subject word has
MIN_LETTERS = 4
#: How often a one-word name is written capitalised inside a sentence
MIN_NAME_COUNT = 2
_LETTERS = re.compile(r"^[a-z][a-z']*[a-z]$")
_SPLIT = re.compile(r"[-_.\s/>,:;()&]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_TOKEN = re.compile(r"[A-Za-z][\w'\u2019]*")


def _keep(word: str) -> bool:
    from knowledge.nlp import STOPWORDS  # floor 1, pure

    return len(word) >= MIN_LETTERS and _LETTERS.match(word) is not None and word not in STOPWORDS


def _forms(words: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for w in words:
        w = w.lower().replace("\u2019", "'")
        if not _keep(w):
            continue
        out.add(w)
        if not w.endswith("s"):
            out.add(w + "s")
        elif not w.endswith("ss") and _keep(w[:-1]):
            out.add(w[:-1])
    return out


def title_words(paths: Iterable[str]) -> set[str]:
    """The words of the files' titles (their names' stems), with their plurals and singulars."""
    return _forms(w for p in paths for w in _SPLIT.split(PurePath(p).stem))


def capitalised_words(texts: Iterable[str], min_count: int = MIN_NAME_COUNT) -> set[str]:
    """Words written with a capital letter inside a sentence (not its first word), ``min_count`` times or
    more, lower-cased."""
    seen: Counter[str] = Counter()
    for text in texts:
        for sentence in _SENTENCE.split(text):
            for token in _TOKEN.findall(sentence)[1:]:
                if token[0].isupper() and not token.isupper():
                    seen[token.lower()] += 1
    return {w for w, n in seen.items() if n >= min_count}


def subjects(kb: Any, limit: int = MAX_CHUNKS) -> tuple[str, ...]:
    """The heading parts of ``kb`` (``told.base_headings``) and the subject words above; () for a base
    without a store."""
    store = getattr(kb, "store", None)
    headings = base_headings(kb)
    if store is None or not hasattr(store, "rows"):
        return headings
    words = title_words(d.path for d in store.documents()) if hasattr(store, "documents") else set()
    words |= _forms(w for h in headings for w in _SPLIT.split(h))
    texts: list[str] = []
    top = min(limit, int(getattr(store, "ntotal", 0) or 0))
    for start in range(0, top, _BATCH):
        texts += [
            r.text for r in store.rows(list(range(start, min(start + _BATCH, top)))) if r.modality != "motion"
        ]
    words |= _forms(capitalised_words(texts))
    return tuple(sorted({*headings, *words}))


__all__ = ["MIN_LETTERS", "MIN_NAME_COUNT", "capitalised_words", "subjects", "text_names", "title_words"]
