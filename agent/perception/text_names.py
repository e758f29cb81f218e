"""The names a base writes only in its text, read once when the Perception is built (session 24, brief T: T3;
docs/perception.md, "Session 24 (issue 14, brief T)", declared there before measuring).

T1 (:mod:`agent.perception.told`) puts "tell me about X" to the base when X is a name or a heading the base
holds. A base also names things only inside its sentences: the venues page calls the National Aquatics Centre
the "Ice Cube" and the stadium the Bird's Nest, and a mascot or a Paralympian stands in one paragraph. English
text marks such names in two general ways, and :func:`names_in` reads both:

1. **quoted names**: 1 to 5 words between double quotes (straight or curly), each opening with a capital
   letter or a digit, the first with a letter ("Ice Cube", "Snow Dragon");
2. **capitalised runs**: 2 to 5 words side by side in one stretch of a sentence (no punctuation between them),
   each opening with a capital letter or a digit, the first with a letter and no stopword ("The Bird's Nest"
   gives "Bird's Nest"); every contiguous part of 2 words or more of a run is a name too ("American Oksana
   Masters" gives "Oksana Masters").

Names are kept as lower-cased words joined by one space (``told.words_of``), as a line's words are compared.
:func:`text_names` reads them from a base's chunks (every modality but motion), at most :data:`MAX_CHUNKS`
rows, the lowest ids first: a declared bound, so a large base is not read whole at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from agent.perception.told import words_of

#: At most this many chunk rows are read for names (a bound on start-up time; the sample has 170)
MAX_CHUNKS = 20_000
#: Chunk rows read at a time
_BATCH = 1_000
#: The longest name, in words (as ``heading_names`` reads a heading name)
MAX_WORDS = 5
_QUOTED = re.compile(r"[\"\u201c]([^\"\u201c\u201d\n]{1,80})[\"\u201d]")
#: A word of a name: opens with a capital letter or a digit; an apostrophe or a hyphen may stand inside it
_NAME_WORD = re.compile(r"^[A-Z0-9][\w'\u2019\-\u2013]*$")
#: What ends a stretch of a sentence: any mark but an apostrophe or a hyphen inside a word
_BREAK = re.compile(r"[^\w\s'\u2019\-\u2013]|\s[-\u2013\u2014]\s")


def _key(words: Iterable[str]) -> str:
    return " ".join(words_of(" ".join(words).replace("\u2019", "'")))


def _opens(word: str) -> bool:
    """Whether a name may open with ``word``: a letter first, no stopword."""
    from knowledge.nlp import STOPWORDS  # floor 1, pure

    return word[:1].isalpha() and word.lower() not in STOPWORDS


def names_in(text: str) -> set[str]:
    """The quoted names and capitalised runs of ``text`` (module docstring), lower-cased words."""
    out: set[str] = set()
    for m in _QUOTED.finditer(text):
        words = m.group(1).split()
        if 1 <= len(words) <= MAX_WORDS and all(_NAME_WORD.match(w) for w in words) and words[0][0].isalpha():
            out.add(_key(words))
    for stretch in _BREAK.split(text):
        run: list[str] = []
        for word in [*stretch.split(), ""]:
            if word and _NAME_WORD.match(word):
                run.append(word)
                continue
            for i in range(len(run)):
                if not _opens(run[i]):
                    continue
                for j in range(i + 2, min(i + MAX_WORDS, len(run)) + 1):
                    out.add(_key(run[i:j]))
            run = []
    out.discard("")
    return out


def chunk_texts(kb: Any, limit: int = MAX_CHUNKS) -> Iterator[str]:
    """The text of ``kb``'s chunks but motion ones: at most ``limit`` rows, the lowest ids first, read
    :data:`_BATCH` at a time (a large base is never read whole); nothing for a base without a store."""
    store = getattr(kb, "store", None)
    if store is None or not hasattr(store, "rows"):
        return
    top = min(limit, int(getattr(store, "ntotal", 0) or 0))
    for start in range(0, top, _BATCH):
        for row in store.rows(list(range(start, min(start + _BATCH, top)))):
            if row.modality != "motion":
                yield row.text


def text_names(kb: Any, limit: int = MAX_CHUNKS) -> frozenset[str]:
    """The names ``kb``'s text writes (:func:`names_in` of :func:`chunk_texts`); an empty set for a base
    without a store."""
    out: set[str] = set()
    for text in chunk_texts(kb, limit):
        out |= names_in(text)
    return frozenset(out)


__all__ = ["MAX_CHUNKS", "MAX_WORDS", "chunk_texts", "names_in", "text_names"]
