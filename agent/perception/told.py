"""A line that asks to be told about something the base holds is a question to the base (session 22, brief T;
docs/perception.md, "Session 22 (issue 14, brief T)", declared there before measuring).

"tell me about eileen gu", "explain the big air venue", "describe the slope scarf": the base answers each
when asked (the sentence that introduces her, the venue, the scarf), but the intent classifier reads such a
line as chit-chat, praise or a request, so the turn never asks the base and the host chats back.
:func:`asks_to_be_told` reads it as a question when

1. it asks by the imperative (``core.asks_by_imperative``: openers, "can you", then the verb, 3+ words from
   it), its verb one by which a speaker asks to be given information (:data:`TELL_VERBS`: the verbs of
   transfer of a message and of description - tell, explain, describe, teach);
2. what it asks about (:func:`asked_about`) - for "tell", the words after "about"/"of" or an embedded question
   ("tell me who won ..."); for the others, the verb's object - names something the base holds: one of
   ``names`` as whole words (the gazetteer, the persona's merchandise, the base's heading names), or a heading
   of the base (:func:`base_headings`: every part of its heading paths, "Curling", "Big Air Shougang");
3. and asks about neither the host nor the viewer: no second- or first-person word in it ("tell me about your
   day", "describe your perfect weekend", "explain what you think of eileen gu" are left as they are).

"tell me a joke" asks about nothing ("tell" without "about"); "tell me about the weather" names nothing the
base holds. Pure, no I/O but :func:`base_headings`'s one read of a base's heading paths.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from agent.perception.question_forms import _ASK_OPENERS, _past_address, asks_by_imperative
from knowledge.told_about import PERSONS, RECIPIENTS  # who is told; the host or the viewer: one copy, floor 1

#: Verbs by which a speaker asks to be given information (a general class: the verbs of transfer of a
#: message and of description, Levin 1993 sections 37.1 and 29.2, as far as they are said in an imperative
#: ask to a host; declared before measuring). Each is one of ``question_forms._ASK_VERBS`` already.
TELL_VERBS = frozenset("tell explain describe teach".split())
#: Words that lead to what is asked about ("tell me more about X", "tell us a bit about X")
_LEADS = frozenset("more a bit little something some about of on".split())
_ABOUT = frozenset("about of on".split())
#: An embedded question after "tell me" ("tell me who won the downhill")
_WH = frozenset("what whats who whos whose which when where why how".split())
_WORD = re.compile(r"[\w']+")
#: Verbs whose imperative with one word after it asks about that word (s25, brief P2, T4: "explain curling";
#: "tell" needs "about")
_ONE_WORD_VERBS = frozenset("explain describe".split())


def asked_about(words: Sequence[str]) -> list[str]:
    """The words a line asks to be told about, given its words from the verb on (lower-cased), or []:
    "tell me (more) about X" -> X, "tell me who won X" -> "who won X", "explain (to me) X" -> X."""
    if not words or words[0] not in TELL_VERBS:
        return []
    verb, rest = words[0], list(words[1:])
    if rest[:2] == ["to", "me"] or rest[:2] == ["to", "us"]:
        rest = rest[2:]
    if verb != "tell":
        return rest
    if rest and rest[0] in RECIPIENTS:
        rest = rest[1:]
    if rest and rest[0] in _WH:
        return rest
    i = 0
    while i < len(rest) and rest[i] in _LEADS:
        i += 1
    # "tell" asks about something only through "about"/"of"/"on": "tell me a joke", "tell her hi" do not
    return rest[i:] if i and rest[i - 1] in _ABOUT else []


def base_headings(kb: Any) -> tuple[str, ...]:
    """Every part of the base's heading paths, lower-cased ("beijing 2022 venues", "curling"); () for a base
    without a store."""
    store = getattr(kb, "store", None)
    if store is None or not hasattr(store, "contexts"):
        return ()
    parts = {p.strip().lower() for context in store.contexts() for p in context.split(">")}
    return tuple(sorted(p for p in parts if len(p) >= 3))


def known_phrases(names: Iterable[str], headings: Iterable[str]) -> tuple[str, ...]:
    """The phrases a line must name one of (lower-cased, longest first): ``names`` and ``headings``."""
    return tuple(sorted({n.lower() for n in (*names, *headings) if n}, key=len, reverse=True))


def names_asked(words: Sequence[str], names: Collection[str]) -> bool:
    """Whether ``words`` (lower-cased) hold one of ``names`` (lower-cased words joined by one space, at most
    5 words: ``text_names.text_names``) word for word."""
    return bool(names) and any(
        " ".join(words[i : i + n]) in names for n in range(1, 6) for i in range(len(words) - n + 1)
    )


def asks_to_be_told(
    words_from_verb: Sequence[str], known: Sequence[str], named: Collection[str] = frozenset()
) -> bool:
    """Whether a line, given its words from the imperative's verb on (``core.asks_by_imperative`` holds),
    asks to be told about something the base holds (module docstring): ``known`` (:func:`known_phrases`) or,
    word for word, ``named`` (the names the base writes in its text, session 24's T3)."""
    about = asked_about([w.lower() for w in words_from_verb])
    if not about or any(w in PERSONS for w in about):
        return False
    if names_asked(about, named):
        return True
    text = " ".join(about)
    return any(re.search(rf"(?<!\w){re.escape(k)}(?!\w)", text) for k in known)


def words_of(text: str) -> list[str]:
    """``text``'s words, lower-cased, as ``core.asks_by_imperative`` reads them."""
    return _WORD.findall(text.lower())


def tells_about_known(
    text: str, host: str, known: Sequence[str], named: Collection[str] = frozenset()
) -> bool:
    """Whether ``text`` asks by the imperative (``core.asks_by_imperative``) to be told about something the
    base holds (``known``: :func:`known_phrases`; ``named``: the names its text writes, T3; module
    docstring)."""
    words = words_of(_past_address(text))
    one = len(words) == 2 and words[0] in _ONE_WORD_VERBS  # s25 P2 (T4): "explain curling"
    if not (known or named) or not (one or asks_by_imperative(text, host)):
        return False
    i = 0
    while i < len(words) and (words[i] in _ASK_OPENERS or (i > 0 and words[i] in ("you", "u"))):
        i += 1
    return asks_to_be_told(words[i:], known, named)


__all__ = [
    "PERSONS",
    "TELL_VERBS",
    "asked_about",
    "asks_to_be_told",
    "base_headings",
    "known_phrases",
    "names_asked",
    "tells_about_known",
]
