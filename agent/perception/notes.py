"""Notes that ask, and a "?" after a reaction that does not (session 22, brief P; docs/perception.md,
"Session 22 (issue 14, brief P)", declared there before measuring).

A viewer asks the base with a note as often as with a sentence: "<a thing> venue", "price of the <thing>".
Such a line has neither a "?" nor a question word, so the question readings never reach it and the host
chats back. :func:`asks_by_note` reads it as a question when it is a short noun phrase whose head is an
attribute noun (the knowledge layer's answer-type nouns for a time and a place, and the shop's attribute
nouns) and another of its words names a thing the base holds (:class:`BaseWords`).

The other way round, a "?" after a reaction ("Bruh ?", "lol ?", a lone "?") gave a regular's line a question's
form and a don't-know. :func:`is_reaction` reads such a line as no question: screening reads none, it has no
question word and asks no shop attribute, and none of its words is a common English word (SCOWL 35,
``knowledge.word_lists.common_words``), a word of a thing the base holds, or holds a digit.

Both read nothing where the word lists are not installed (the behaviour before session 22). Pure, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from agent.perception.lexicon import _URL, cjk_ratio
from agent.perception.question_forms import _WH_WORD, _past_address, _to_someone_else
from knowledge import word_lists
from knowledge.nlp import STOPWORDS

#: The knowledge layer's answer-type nouns for a time and a place (``knowledge.question_words``: "what
#: date/day/time/year/month", "which venue/location"), and the shop's attribute nouns (price, size, colour).
TIME_PLACE_NOUNS = frozenset(
    "date dates day days time times year years month months venue venues location locations".split()
)
SHOP_NOUNS = frozenset("price prices cost costs size sizes colour colours color colors".split())
ATTRIBUTE_NOUNS = TIME_PLACE_NOUNS | SHOP_NOUNS
#: the stopwords a note may hold ("price of the scarf", "venue for curling")
JOINERS = frozenset("the of for in at".split())
NOTE_MIN, NOTE_MAX = 2, 5  # words (declared before measuring)
#: the classes a note is read past: their acts answer no question (never spam, abuse, an injection attempt, a
#: gift, a farewell with its leave-taking, nor what moderation forced)
NOTE_CLASSES = frozenset({"chit-chat", "praise", "greeting", "thanks", "complaint", "request"})

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_HEADING_SPLIT = re.compile(r"[>:]")


def _words(text: str) -> list[str]:
    """``text``'s words, lower-cased, a possessive "'s" taken off ("shiffrin's" -> "shiffrin")."""
    return [w[:-2] if w.endswith("'s") else w for w in _WORD.findall(text.lower())]


def _singular(word: str) -> str:
    """A plural compared by its singular ("paralympics" -> "paralympic"); "-ss" words are kept."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@dataclass(frozen=True)
class BaseWords:
    """The words of the things a base holds (its heading paths, the names the host knows), singular forms.
    ``rare``: those that are no common English word ("yanqing", "paralympic", "shiffrin"); ``every``: all but
    stopwords and numbers; ``kinds``: each name's last word (a product's kind: "scarf", "mug")."""

    rare: frozenset[str] = frozenset()
    every: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()


def base_words(names: Iterable[str], headings: Iterable[str] = ()) -> BaseWords:
    """:class:`BaseWords` from ``names`` (the gazetteer, the merchandise, the base's names) and ``headings``
    (the base's heading paths, "Beijing 2022 venues > Yanqing zone > National Sliding Centre"). Empty where
    the word lists are not installed."""
    common = word_lists.common_words()
    if common is None:
        return BaseWords()
    every: set[str] = set()
    kinds: set[str] = set()
    for name in names:
        words = [w for w in _words(name) if not w.isdigit()]
        every.update(_singular(w) for w in words if w not in STOPWORDS)
        if words:
            kinds.add(_singular(words[-1]))
    for heading in headings:
        for part in _HEADING_SPLIT.split(heading):
            every.update(_singular(w) for w in _words(part) if w not in STOPWORDS and not w.isdigit())
    rare = {w for w in every if w not in common and not any(ch.isdigit() for ch in w)}
    return BaseWords(frozenset(rare), frozenset(every), frozenset(kinds))


def _latin(text: str) -> bool:
    return not cjk_ratio(text)[0]


def asks_by_note(text: str, words: BaseWords, host: str = "") -> bool:
    """A note that asks (P8; module docstring): past an @-address to ``host`` (one to anyone else is chat
    between viewers), no "!", "?", "@" or link, Latin letters, ``NOTE_MIN`` to ``NOTE_MAX`` words; past an
    opening "the", its last word an attribute noun, or its first word one before "of" or "for"; no stopword
    but :data:`JOINERS`; and another word a rare word of a thing the base holds (``words.rare``), or, with a
    shop attribute noun, a name's kind (``words.kinds``). "yanqing venue", "price of the scarf"; not "nice
    venue", "what a day", "i love the venue"."""
    if _to_someone_else(text, host):
        return False
    text = _past_address(text)
    if not words.rare or any(c in text for c in "!！?？@") or _URL.search(text) or not _latin(text):
        return False
    tokens = _words(text)
    if not NOTE_MIN <= len(tokens) <= NOTE_MAX:
        return False
    if any(w in STOPWORDS and w not in JOINERS for w in tokens):
        return False
    body = tokens[1:] if tokens[0] == "the" else tokens
    if len(body) >= 2 and body[-1] in ATTRIBUTE_NOUNS:
        attribute, rest = body[-1], body[:-1]
    elif len(body) >= 3 and body[0] in ATTRIBUTE_NOUNS and body[1] in ("of", "for"):
        attribute, rest = body[0], body[2:]
    else:
        return False
    named = [_singular(w) for w in rest if w not in JOINERS]
    return any(
        w in words.rare or (attribute in SHOP_NOUNS and w in words.kinds) for w in named if not w.isdigit()
    )


def is_reaction(text: str, read: str, question: bool, words: BaseWords) -> bool:
    """A "?" after a reaction (P9; module docstring): ``text`` holds a "?", screening reads no question
    (``question`` False), ``read`` (the line as the misspelt reader reads it) has no question word, no shop
    attribute is asked (``knowledge.shop_attributes.attribute_asked``), Latin letters only, and no word is a
    common English word, a word of a thing the base holds (``words.every``) or holds a digit. "Bruh ?",
    "ChuSay???", "?"; not "shipping?", "xxl?", "shiffrin?". False where the word lists are not installed."""
    if ("?" not in text and "？" not in text) or question or not _latin(text):
        return False
    if _WH_WORD.search(read):
        return False
    common = word_lists.common_words()
    if common is None:
        return False
    from knowledge.shop_attributes import attribute_asked  # floor 1, pure; loaded only when asked

    if attribute_asked(text) is not None:
        return False
    for w in _words(text):
        if any(ch.isdigit() for ch in w) or w in common or _singular(w) in common:
            return False
        if _singular(w) in words.every:
            return False
    return True


__all__ = [
    "ATTRIBUTE_NOUNS",
    "NOTE_CLASSES",
    "BaseWords",
    "asks_by_note",
    "base_words",
    "is_reaction",
]
