"""Hatred or exclusion aimed at a group of people (session 26, brief K, K1; docs/perception.md): "i hate
<a people>", "<goods> is for <a people> only", "no <a people> allowed". The English abuse model weighs some
identity words and hardly others, and the intent classifier reads such a line as a complaint about the shop,
so the host apologized for a viewer's racism. A line read here is abuse (``core``): the host stays quiet.

A **group of people** is a bare plural (no determiner; "all" may open it) naming people by the people, nation,
race or faith they belong to: an identity noun in the plural, or an identity noun or a colour of people
directly before a people word (``goods.said_of_people``). Identity nouns: ``data/identity_nouns.txt`` (Open
English WordNet noun.person, capitalized class members; ``evals.build_identity_nouns``). Colours of people:
the colour words of OEWN's noun.person synsets 09659490-n (Black) and 09660255-n (White). The verbs of
hatred: OEWN's verb.emotion synsets 01778057-v {hate, detest}, 01778347-v {abhor, loathe, abominate,
execrate} and 01778720-v {contemn, despise, scorn, disdain}. Pure, no I/O after the first read.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from agent.perception.abuse import normalize
from agent.perception.goods import said_of_people

IDENTITY_NOUNS_PATH = Path(__file__).parent / "data" / "identity_nouns.txt"
#: the colour words of OEWN's noun.person synsets 09659490-n (Black) and 09660255-n (White)
COLOURS_OF_PEOPLE = frozenset({"black", "white"})
_HATE_LEMMAS = (
    "hate",
    "detest",
    "abhor",
    "loathe",
    "abominate",
    "execrate",
    "contemn",
    "despise",
    "scorn",
    "disdain",
)
#: a word of permission after "no <group>" or after a negation ("not welcome")
_PERMISSION = frozenset({"allowed", "welcome", "wanted", "permitted"})
_NEGATION = frozenset({"not", "never", "no", "dont", "doesnt", "didnt", "wont", "cant", "isnt", "arent"})
#: a determiner or possessive before a group makes it a definite few, no people in general
_DETERMINERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "my", "your", "his", "her", "our", "their", "its"}
    | {"some", "any", "every", "each", "many", "most", "few", "several", "which", "what", "whose"}
)
#: where a clause ends after "only" ("... for X only", "... only!")
_CLAUSE_END = frozenset({".", ",", "!", "?", ";", ":"})
_TOKEN = re.compile(r"[a-z]+(?:['-][a-z]+)*|[.,!?;:]")


@functools.lru_cache(maxsize=1)
def identity_nouns() -> frozenset[str]:
    """The nouns of ``IDENTITY_NOUNS_PATH`` (lower case), read once."""
    lines = IDENTITY_NOUNS_PATH.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@functools.lru_cache(maxsize=1)
def hate_forms() -> frozenset[str]:
    """The forms of the verbs of hatred: base, -s, -ed, -ing ("hates", "hated", "hating", "abhorred")."""
    out: set[str] = set()
    for v in _HATE_LEMMAS:
        stem = v[:-1] if v.endswith("e") else v + ("r" if v.endswith("or") else "")
        out |= {v, v + "s", stem + "ed" if not v.endswith("e") else v + "d", stem + "ing"}
    return frozenset(out)


def _identity_plural(word: str) -> bool:
    """``word`` is an identity noun in the plural ("mexicans", "jews", "frenchmen", "englishwomen")."""
    nouns = identity_nouns()
    return (
        (word.endswith("s") and word[:-1] in nouns)
        or (word.endswith("es") and word[:-2] in nouns)
        or (word.endswith("men") and word[:-3] + "man" in nouns)
    )


def _people_word(word: str) -> bool:
    """A plural people word or a collective after an identity word ("people", "folks", "women"): a singular
    person noun is one person, no group ("white guy")."""
    return said_of_people(word) and (word.endswith("s") or word.endswith("men") or word in ("people", "folk"))


def group_end(words: list[str], k: int) -> int | None:
    """The index after a group of people starting at ``k`` ("all" may open it; no determiner before it: "the
    black players" are some players, no people), or None."""
    if k > 0 and words[k - 1] in _DETERMINERS:
        return None
    if k < len(words) and words[k] == "all":
        k += 1
    if k >= len(words):
        return None
    w = words[k]
    nxt = words[k + 1] if k + 1 < len(words) else ""
    if (w in identity_nouns() or w in COLOURS_OF_PEOPLE) and nxt and _people_word(nxt):
        return k + 2
    if _identity_plural(w):
        return k + 1
    return None


def _any_group_end(words: list[str], k: int) -> int | None:
    """K1's group or K3g's common group (``common_hate``) starting at ``k``."""
    from agent.perception.common_hate import common_group_end

    end = group_end(words, k)
    return end if end is not None else common_group_end(words, k)


def _negated(words: list[str], k: int) -> bool:
    return any(w in _NEGATION or w.endswith("n't") for w in words[max(0, k - 3) : k])


def hates_a_group(text: str) -> bool:
    """K1: ``text`` states hatred of a group of people or excludes one (module docstring)."""
    from agent.perception.common_hate import common_group_end, dehumanised, excluded_by_modal  # K3g (s27)

    words = _TOKEN.findall(normalize(text))
    forms = hate_forms()
    for k, w in enumerate(words):
        if w in forms and not _negated(words, k) and _any_group_end(words, k + 1) is not None:
            return True
        common = common_group_end(words, k)
        if common is not None and (
            dehumanised(words, common) or excluded_by_modal(words, common, _negated, _PERMISSION)
        ):
            return True
        end = group_end(words, k)
        if end is None or (k > 0 and words[k - 1] == "all" and group_end(words, k - 1) is not None):
            continue
        if dehumanised(words, end):
            return True
        after = words[end] if end < len(words) else ""
        if after == "only" and (end + 1 == len(words) or words[end + 1] in _CLAUSE_END):
            return True
        if words[max(0, k - 2) : k] in (["only", "for"], ["for", "only"]):
            return True
        if k > 0 and words[k - 1] == "no" and after in _PERMISSION:
            return True
        window = words[end : end + 5]
        if any(x in _PERMISSION and _negated(window, i) for i, x in enumerate(window)):
            return True
    return False
