"""The base's own person names, and rule 24 of :mod:`knowledge.constraints`: a full name the question writes
that the base never writes, whose surname the base writes with another first name ("is anna gu competing"
against "Eileen Gu"), names someone the base does not hold.

Rule 21's first-name slot (:func:`knowledge.constraint_names.first_name_miss`) reads the names of one passage:
"Anna" is not in the passage that holds Eileen Gu, and the base uses "anna" elsewhere ("Anna Shcherbakova"),
so it cannot tell. This reads how the whole base writes a word: in the runs of capitalized words of the chunks
that hold it ("Johannes Thingnes Bø"), and whether in lower case. A word's chunks are found by the lexical
index the store keeps (its postings) and read once per store generation, when a question first asks about the
word (:func:`base_names`): no walk over every chunk, at start-up or per question. A walk over all of them
(session 17, brief C) took 9.2 s on the bench's 100k base and would be paid again after every ingest.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge import nlp
from knowledge.constraint_names import NAME_COMMON_IDF, possessives

if TYPE_CHECKING:
    from knowledge.store import Store

#: two or more capitalized words one space apart: a name run ("Eileen Gu", "Johannes Thingnes Bo")
_RUN = re.compile(r"\b[A-Z][A-Za-z'-]*(?: [A-Z][A-Za-z'-]*)+")
_LOWER = re.compile(r"\b[a-z]+")
_PART = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
#: a word held by more chunks than this is read as no name (a word of many pages: "Olympic", "Games"); its
#: chunks are not read. Set before any figure, to bound the rows one word reads (64 rows: a few ms)
NAME_CHUNKS = 64


@dataclass(frozen=True)
class NameUse:
    """How the base writes one word (a stem) in the chunks that hold it: ``first``, first of a run of
    capitalized words ("Anna" of "Anna Shcherbakova"); ``later``, after another word of a run ("Gu" of
    "Eileen Gu"); ``lower``, in lower case somewhere; ``pairs``, each (earlier, later) of its runs."""

    first: bool = False
    later: bool = False
    lower: bool = False
    pairs: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def read(cls, stem: str, texts: Iterable[str]) -> NameUse:
        first = later = lower = False
        pairs: set[tuple[str, str]] = set()
        for text in texts:
            folded = nlp.fold(text)
            lower = lower or any(nlp.stem(w) == stem for w in _LOWER.findall(folded))
            for run in _RUN.findall(folded):
                # a run's words but stopwords ("The Eileen Gu"), split at hyphens ("Gut-Behrami")
                stems = [s for w in _PART.findall(run) if w[0].isupper() for s in nlp.tokenize(w)]
                if stem not in stems:
                    continue
                at = stems.index(stem)
                first, later = first or at == 0, later or at > 0
                pairs.update((a, b) for i, a in enumerate(stems) for b in stems[i + 1 :] if stem in (a, b))
        return cls(first, later, lower, frozenset(pairs))


class BaseNames:
    """How the base writes the words a question asks about, each read once from the chunks that hold it
    (``chunks_of(stem)``: their texts, or None when too many hold it)."""

    def __init__(self, chunks_of: Callable[[str], Sequence[str] | None]) -> None:
        self._chunks_of = chunks_of
        self._uses: dict[str, NameUse | None] = {}

    def use(self, stem: str) -> NameUse | None:
        """How the base writes ``stem``; None when more than :data:`NAME_CHUNKS` chunks hold it."""
        if stem not in self._uses:
            texts = self._chunks_of(stem)
            self._uses[stem] = None if texts is None else NameUse.read(stem, texts)
        return self._uses[stem]

    @classmethod
    def from_texts(cls, texts: Sequence[str]) -> BaseNames:
        """Names read from ``texts`` (tests and small bases held in memory)."""
        holding: dict[str, list[str]] = {}
        for text in texts:
            for stem in set(nlp.tokenize(text)):
                holding.setdefault(stem, []).append(text)

        def chunks_of(stem: str) -> Sequence[str] | None:
            found = holding.get(stem, [])
            return None if len(found) > NAME_CHUNKS else found

        return cls(chunks_of)


#: per store, the generation and size its names were read at: a new generation (an ingest) reads them again
_READ: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int], BaseNames]] = weakref.WeakKeyDictionary()


def base_names(store: Store) -> BaseNames:
    """The names of the base in ``store``: a word's chunks are its postings in the store's lexical index (at
    most :data:`NAME_CHUNKS`), their heading path and text read once per store generation. The caller holds
    the base's lock (the lexical search shares a scratch array)."""
    version = (store.generation, store.ntotal)
    held = _READ.get(store)
    if held is None or held[0] != version:

        def chunks_of(stem: str) -> Sequence[str] | None:
            vids, _ = store.lexical.search([stem], NAME_CHUNKS + 1)
            if len(vids) > NAME_CHUNKS:
                return None
            return [f"{row.context}. {row.text}" for row in store.rows([int(v) for v in vids])]

        held = _READ[store] = (version, BaseNames(chunks_of))
    return held[1]


def unheld_name(
    question: str, base: BaseNames, idf_share: Callable[[str], float], names: Sequence[str]
) -> bool:
    """Rule 24 (session 17): two words of the question side by side (no stopword between, the first no
    possessive), the second one the retrieved passages write as a name (``names``, :func:`names_in`) and the
    base writes after another word of a name, the first one the base writes only first in a name, neither
    in lower case nor used all over the base (``idf_share`` at least ``NAME_COMMON_IDF``, at most
    :data:`NAME_CHUNKS` chunks), that the base never writes in one name, in this order or the other: the
    question names someone the base does not hold ("anna gu": the base writes "Anna Shcherbakova" and
    "Eileen Gu", never "Anna Gu")."""
    asked = possessives(question, set(names), True)
    for (word, first, own), (_, last, _) in zip(asked, asked[1:], strict=False):
        if own or word in nlp.STOPWORDS or first == last or last not in names:
            continue
        if min(idf_share(first), idf_share(last)) < NAME_COMMON_IDF:
            continue  # a word of the base's every page ("Beijing Olympics"), not a person's name
        surname, given = base.use(last), base.use(first)
        if surname is None or given is None or surname.lower or given.lower:
            continue
        if surname.later and given.first and not given.later:
            if not {(first, last), (last, first)} & surname.pairs:
                return True
    return False


def unwritten_name(
    question: str, base: BaseNames, idf_share: Callable[[str], float], known: Callable[[str], bool] | None
) -> bool:
    """R30 (session 19, brief A), beside rule 24: a word of the question the base never uses (``idf_share``
    1.0), no whole word of English (``known``; nor its singular: "percentages"), of four letters at least,
    next to (no stopword between, not across a possessive) a word the base never uses either or one the base
    writes only as a first name ("mark mcmorris", "anna gasser"): the question names someone or something the
    base does not hold, written in lower case where rules 11, 21 and 24 look for the passages' names (R30b: a
    word whose bare "-s" ends a word of the base is that word's possessive, "su yimings"). The
    question reaches here respelled to the base's words, so a word one edit from one of them is read as it.
    Without ``known`` (no word list) it says nothing."""
    if known is None:
        return False

    def odd(word: str, stem: str) -> bool:
        return (
            len(word) >= 4
            and idf_share(stem) >= 1.0
            and not (word.endswith("s") and idf_share(nlp.stem(word[:-1])) < 1.0)  # "yimings": Yiming's
            and not known(word)
            and not (word.endswith("s") and known(word[:-1]))
            and not (word.endswith("es") and known(word[:-2]))
        )

    def unwritten(stem: str) -> bool:
        if idf_share(stem) >= 1.0:
            return True
        use = base.use(stem)
        return use is not None and use.first and not use.later and not use.lower

    asked = possessives(question, set(), True)
    for (w1, s1, own), (w2, s2, _) in zip(asked, asked[1:], strict=False):
        if own or w1 in nlp.STOPWORDS or w2 in nlp.STOPWORDS or not s1 or not s2:
            continue
        if (odd(w1, s1) and unwritten(s2)) or (odd(w2, s2) and unwritten(s1)):
            return True
    return False
