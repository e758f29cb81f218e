"""A busy chat's brief answer: the part of the cited evidence that holds the answer, and no more.

In a busy chat with other questions waiting (``agent.decide``: ``Plan.brief``) every second spent on one
answer is a second the next asker waits, and a question waits at most 20 s before triage lets it go. The
knowledge layer's answer is a sentence of its evidence (two when the second opens with a pronoun: "Johannes
Thingnes Bø is a Norwegian biathlete. He won four gold medals...") and ``Answer.short``, the span that answers
the question ("four"). The brief answer keeps, verbatim:

1. the sentence that holds the span (the other sentence, when there are two, is dropped);
2. of that sentence, the words up to the first ", " after the span (a comma before a capitalized word goes
   on with a name or a place, "Ocala, Florida": the next one is looked at), when what follows that comma
   opens a trailing part that adds to the clause before it rather than completing it: a relative clause
   ("who", "which", "whose", "where"), "born" or "known" ("..., born on 18 February 2004"), a participle
   ("becoming", "beating": a lower-case word of 6 letters or more ending in "ing"), a possessive
   apposition ("her", "his", "its", "their": ", her second Olympic title in a row"), or a second clause
   joined by "and"/"but" when the kept part has no comma of its own (so a list "A, B, and C" is never cut
   to "A, B"). A kept part inside a list (after ":" or "(") is never cut, nor one under 4 words.

Anything else (no span, a span not found in the text, a comma followed by something else) keeps the whole
sentence: a half fact is a changed fact, so only a trailing part is ever dropped, and the words kept are the
evidence's own. The citations are the answer's. Written from session 8's busy-chat traces (tune lines) before
it was measured on session 9's report part.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from agent.dialogue.style import split_sentences

_OPENERS = frozenset({"who", "which", "whose", "where", "her", "his", "its", "their", "born", "known"})
_JOINERS = frozenset({"and", "but"})
_COMMA = re.compile(r",\s+(\w+)")
_MIN_WORDS = 4  # a kept part shorter than this is no clause ("Sweden, skipped by...": never "Sweden.")


def brief_text(text: str, short: str) -> str:
    """``text`` cut to the sentence holding ``short`` and that sentence's trailing part dropped (module
    docstring); ``text`` itself when ``short`` is empty or not in it."""
    span = short.strip()
    if not span:
        return text
    held = [s for s in split_sentences(text) if span.lower() in s.lower()]
    if not held:
        return text
    sentence = held[0]
    end = sentence.lower().index(span.lower()) + len(span)
    for comma in _COMMA.finditer(sentence, end):
        word = comma.group(1)
        opener = word.lower()
        if word[:1].isupper() and opener not in _OPENERS:
            continue  # a name or place goes on ("Ocala, Florida"): look at the next comma
        kept = sentence[: comma.start()].rstrip()
        cut = opener in _OPENERS or (word.islower() and len(word) > 5 and opener.endswith("ing"))
        if opener in _JOINERS:
            cut = ", " not in kept
        if not cut or ":" in kept or "(" in kept or len(kept.split()) < _MIN_WORDS:
            return sentence
        return kept if kept.endswith((".", "!", "?")) else kept + "."
    return sentence


def brief_answer(answer: Any) -> Any:
    """``answer`` (the knowledge layer's ``Answer``, a dataclass) with its text cut by ``brief_text``, every
    other field kept; itself when nothing is cut, when it abstained, or when it is not a dataclass."""
    if answer is None or getattr(answer, "abstained", True):
        return answer
    if not dataclasses.is_dataclass(answer) or isinstance(answer, type):
        return answer
    text = str(getattr(answer, "text", ""))
    cut = brief_text(text, str(getattr(answer, "short", "") or ""))
    return answer if cut == text else dataclasses.replace(answer, text=cut)
