"""Hate said of common nouns for people, and a dehumanising predicate (session 27, brief K, K3g;
docs/perception.md): "i hate immigrants", "women shouldn't be allowed to vote", "all refugees are rats".

K1 (``group_hate``) reads identity nouns, the ones WordNet writes with a capital letter; people named by sex,
sexuality or being from elsewhere are common nouns there. A **common group** is a bare plural (no
determiner; "all" may open it) of a member of the Open English WordNet synsets female / male person, woman,
man, girl, boy, homosexual, lesbian, bisexual, transsexual, immigrant, migrant, refugee or foreigner (the
synsets themselves, not their hyponyms: ``data/common_identity_nouns.txt``). It is read with K1's verbs of
hatred, and as excluded only in a modal frame (should, must, ought, then a negation and a word of
permission: "... shouldn't be allowed to ..."; "women were not allowed to vote until 1920" states a fact).
For every group, K1's and these, a **dehumanising predicate** is read too: the group, "are" / "r" / "is", at
most two words that are no stopword but all, just, like, nothing, but, no, than, such, then a noun first of
an animal or of vermin or a parasite (``data/animal_nouns.txt``; a word that is also an adjective only in
the plural) ending its phrase.
Word lists: ``evals.build_k3_words`` (OEWN d94538a, CC BY 4.0). Pure, no I/O after the first read.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from knowledge.nlp import STOPWORDS

_DATA = Path(__file__).parent / "data"
_COPULA = frozenset({"are", "r", "is"})
#: the function words that may stand between the copula and the predicate noun ("are just rats")
_BETWEEN = frozenset({"all", "just", "like", "nothing", "but", "no", "than", "such"})
_MODALS = frozenset({"should", "shouldn't", "shouldnt", "must", "mustn't", "mustnt", "ought"})
_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "my", "your", "his", "her", "our", "their", "its"}
    | {"some", "any", "every", "each", "many", "most", "few", "several", "which", "what", "whose"}
)


def _words(name: str) -> list[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


@functools.lru_cache(maxsize=1)
def common_identity_nouns() -> frozenset[str]:
    return frozenset(_words("common_identity_nouns.txt"))


@functools.lru_cache(maxsize=1)
def animal_nouns() -> tuple[frozenset[str], frozenset[str]]:
    """(the nouns read as they stand or in the plural, the nouns read only in the plural)."""
    words = _words("animal_nouns.txt")
    plain = frozenset(w for w in words if not w.endswith("*"))
    return plain, frozenset(w[:-1] for w in words if w.endswith("*"))


def _plural_of(word: str, nouns: frozenset[str]) -> bool:
    return (
        (word.endswith("s") and word[:-1] in nouns)
        or (word.endswith("es") and word[:-2] in nouns)
        or (word.endswith("ies") and word[:-3] + "y" in nouns)
        or (word.endswith("men") and word[:-3] + "man" in nouns)
    )


def common_group_end(words: list[str], k: int) -> int | None:
    """The index after a common group starting at ``k`` ("all" may open it; no determiner before), or None."""
    if k > 0 and words[k - 1] in _DETERMINERS:
        return None
    if k < len(words) and words[k] == "all":
        k += 1
    if k < len(words) and _plural_of(words[k], common_identity_nouns()):
        return k + 1
    return None


def _animal(words: list[str], i: int) -> bool:
    """A predicate noun of an animal at ``i`` that ends its phrase (the last word, or a stopword after it)."""
    plain, plural_only = animal_nouns()
    w = words[i]
    if not (w in plain or _plural_of(w, plain) or _plural_of(w, plural_only)):
        return False
    return i + 1 == len(words) or words[i + 1] in STOPWORDS or not words[i + 1].isalpha()


def dehumanised(words: list[str], end: int) -> bool:
    """K3g: the group ending at ``end`` is called animals ("... are rats", "... are just vermin")."""
    if end >= len(words) or words[end] not in _COPULA:
        return False
    for i in range(end + 1, min(end + 4, len(words))):
        if _animal(words, i):
            return True
        if not words[i].isalpha() or (words[i] in STOPWORDS and words[i] not in _BETWEEN):
            return False
    return False


def excluded_by_modal(
    words: list[str], end: int, negated: Callable[[list[str], int], bool], permission: frozenset[str]
) -> bool:
    """A modal, a negation and a word of permission within six words after the group ("should not be
    allowed", "shouldn't be allowed")."""
    window = words[end : end + 6]
    if not any(w in _MODALS for w in window):
        return False
    return any(x in permission and negated(window, i) for i, x in enumerate(window))
