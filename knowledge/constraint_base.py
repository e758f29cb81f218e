"""The base's own person names, read once per store version, and rule 24 of :mod:`knowledge.constraints`: a
full name the question writes that the base never writes, whose surname the base writes with another first
name ("is anna gu competing" against "Eileen Gu"), names someone the base does not hold.

Rule 21's first-name slot (:func:`knowledge.constraint_names.first_name_miss`) reads the names of one passage:
"Anna" is not in the passage that holds Eileen Gu, and the base uses "anna" elsewhere ("Anna Shcherbakova"),
so it cannot tell. This reads the names of the whole base: the runs of capitalized words its chunks write
("Johannes Thingnes Bø"), with the words the base never writes in lower case. :func:`base_names` builds them
from the chunk texts the store keeps, once per store generation (a dict of sets, no walk per question).
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterable
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


@dataclass(frozen=True)
class BaseNames:
    """The base's name words (stems of words it writes capitalized in a run and never in lower case):
    ``firsts``, those it writes first in a run and never after another name word there ("anna", "eileen");
    ``lasts``, those it writes after another in a run ("gu", "shcherbakova"); ``pairs``, each (earlier,
    later) of one run ("eileen", "gu"), ("johannes", "bo"), ("gu", "ailing")."""

    firsts: frozenset[str] = frozenset()
    lasts: frozenset[str] = frozenset()
    pairs: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> BaseNames:
        runs: set[str] = set()
        lower: set[str] = set()
        for text in texts:
            folded = nlp.fold(text)
            runs.update(_RUN.findall(folded))
            lower.update(_LOWER.findall(folded))
        firsts: set[str] = set()
        later: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        for run in runs:
            words = [w for w in _PART.findall(run) if w.lower().removesuffix("'s") not in lower]
            stems = [nlp.stem(w.lower()) for w in words if w[0].isupper()]
            for i, s in enumerate(stems):
                (later if i else firsts).add(s)
                pairs.update((s, t) for t in stems[i + 1 :])
        return cls(frozenset(firsts - later), frozenset(later), frozenset(pairs))


#: per store, the generation and size it was read at and its names (a store's names are read again only
#: after an ingest, which makes a new generation)
_READ: weakref.WeakKeyDictionary[Store, tuple[tuple[int, int], BaseNames]] = weakref.WeakKeyDictionary()


def base_names(store: Store) -> BaseNames:
    """The names of the base in ``store``, read from its chunk texts once per store generation."""
    version = (store.generation, store.ntotal)
    held = _READ.get(store)
    if held is None or held[0] != version:
        texts = (row[0] for row in store.conn.execute("SELECT text FROM chunks"))
        held = _READ[store] = (version, BaseNames.from_texts(texts))
    return held[1]


def unheld_name(question: str, base: BaseNames, idf_share: Callable[[str], float]) -> bool:
    """Rule 24 (session 17): two words of the question side by side (no stopword between, the first no
    possessive), the first a first name of the base and the second a surname of it, neither used all over
    the base (``idf_share`` at least ``NAME_COMMON_IDF``: not "Games", "Olympics"), that the base never
    writes in one name, in this order or the other: the question names someone the base does not hold
    ("anna gu": the base writes "Anna Shcherbakova" and "Eileen Gu", never "Anna Gu")."""
    if not base.lasts:
        return False
    asked = possessives(question, set(base.firsts | base.lasts), True)
    for (word, first, own), (_, last, _) in zip(asked, asked[1:], strict=False):
        if (
            own
            or word in nlp.STOPWORDS
            or first == last
            or first not in base.firsts
            or last not in base.lasts
        ):
            continue
        if min(idf_share(first), idf_share(last)) < NAME_COMMON_IDF:
            continue  # a word of the base's every page ("Beijing Olympics"), not a person's name
        if not {(first, last), (last, first)} & base.pairs:
            return True
    return False
