"""What a viewer who asks what they missed is told (session 23, brief P2; docs/dialogue.md, "Session 23
(issue 14, brief P2)", declared there before measuring).

"hi hi, what did I miss?" is a greeting (perception's P11, ``agent.perception.goods.asks_what_was_missed``),
but "Welcome in, you're right on time!" is off for a viewer who says they missed something. The catch-up names
what the host's own cited answers covered on this stream, at most two topics, newest first ("Welcome in, sam!
So far we talked about the women's big air and the Ice Cube."), and claims nothing when nothing was answered.

Where the history is: ``agent.memory`` keeps the text spoken per viewer, without the question or the
citations, so it cannot say what an answer was about. The composer keeps a :class:`Covered` record instead
(per conversation: a livestream channel, a direct message per user) of the topic of each cited answer it spoke
(:func:`covered_topic`); the line is a pure function of what that record holds (:func:`recap`,
:func:`catch_up_line`). Pure, no I/O.
"""

from __future__ import annotations

import re
from collections import OrderedDict, deque
from collections.abc import Iterable, Sequence
from typing import Any

from agent.dialogue.recall import question_subject
from knowledge.gate import heading_leaf

KEEP = 8  # topics kept per conversation (newest last)
SAY = 2  # topics said in one catch-up line
KEYS = 256  # conversations kept (the least recently used forgotten)

#: a citation span that is no heading path: a line range, a page, an image, a time, a gesture
_NOT_HEADING = re.compile(r"^(?:lines?\s+\d|page\s+\d|image$|gesture\s|\d+:\d)", re.I)
_SMALL = frozenset({"the", "a", "an", "of", "in", "on", "at", "to", "and", "for", "s"})
_WORD = re.compile(r"[a-z0-9]+", re.I)


def _heading(citations: Iterable[Any]) -> str:
    """The first citation's span that is a heading path ("Results > Freestyle skiing"), or ""."""
    for c in citations:
        span = str(getattr(c, "span", "") or "").strip()
        if span and not _NOT_HEADING.match(span):
            return span
    return ""


def _as_said(phrase: str, text: str) -> str:
    """``phrase`` in the casing ``text`` gives its words ("the ice cube" in 'the "Ice Cube"' -> "the Ice
    Cube"), an opening article kept lower; else as it is."""
    words = _WORD.findall(phrase)
    m = re.search(r"\b" + r"\W+".join(map(re.escape, words)) + r"\b", text, re.I) if words else None
    if m is None:
        return phrase
    said = " ".join(re.sub(r"[\"\u201c\u201d()\[\]]", " ", m.group(0)).split())
    first, _, rest = said.partition(" ")
    return f"{first.lower()} {rest}" if rest and first.lower() in ("the", "a", "an") else said


def covered_topic(question: str, answer_text: str, citations: Sequence[Any]) -> str | None:
    """What a cited answer to ``question`` covered: the thing asked (``recall.question_subject``) where each
    of its content words is in the answer's text or its heading; else the heading's leaf (a heading path
    only), its first word lower-cased where the answer writes it so or where the leaf is no name (some later
    word lower-case: W1, s24), with "the" unless it names an activity ("-ing") or is a list; None for an
    answer without a citation or for a leaf that opens with a small word ("At a glance": a section's
    label)."""
    if not citations:
        return None
    heading = _heading(citations)
    said = {w.lower() for w in _WORD.findall(f"{answer_text} {heading}")}
    asked = question_subject(question)
    if asked:
        words = [w.lower() for w in _WORD.findall(asked) if w.lower() not in _SMALL]
        if words and all(w in said for w in words):
            return _as_said(asked, answer_text)
    leaf = heading_leaf(heading) if heading else ""
    if not leaf:
        return None
    first, _, rest = leaf.partition(" ")
    if first.lower() in _SMALL:  # "At a glance": a section's label, no topic (the reviewer's V9)
        return None
    if re.search(rf"\b{re.escape(first.lower())}\b", answer_text):  # case-sensitive: written lower
        phrase = f"{first.lower()} {rest}".strip()
        # a common noun takes its article ("the medal table"); an activity does not ("sled racing")
        return phrase if _listed(phrase) or phrase.endswith("ing") else f"the {phrase}"
    words = leaf.split()
    if len(words) > 1 and not all(w[:1].isupper() or w[:1].isdigit() for w in words):
        # no name by the project's reading (``heading_names``): its capital is the heading's (W1, s24)
        phrase = f"{first.lower()} {rest}"
        return phrase if _listed(phrase) or phrase.endswith("ing") else f"the {phrase}"
    return leaf


def _listed(topic: str) -> bool:
    """A topic that is itself a list ("luge, skeleton and bobsleigh"): said alone (W1, s24)."""
    return ", " in topic or " and " in topic


def conversation_key(event: Any) -> str:
    """Whose stream a turn is on: a livestream channel ("default"), a direct message per user ("dm:u1"), a
    question without a channel per user ("question:u1")."""
    channel = str(getattr(event, "channel", "") or "")
    kind = str(getattr(event, "type", "") or "")
    user = str(getattr(getattr(event, "user", None), "id", "") or "")
    if channel and kind != "message":
        return channel
    return f"{channel or kind}:{user}"


class Covered:
    """The topics the host's cited answers covered, per conversation: the last ``KEEP``, newest last."""

    def __init__(self, keep: int = KEEP, keys: int = KEYS) -> None:
        self._keep = keep
        self._keys = keys
        self._by_key: OrderedDict[str, deque[str]] = OrderedDict()

    def add(self, key: str, topic: str) -> None:
        topics = self._by_key.pop(key, None) or deque(maxlen=self._keep)
        topics.append(topic)
        self._by_key[key] = topics
        while len(self._by_key) > self._keys:
            self._by_key.popitem(last=False)

    def topics(self, key: str) -> tuple[str, ...]:
        return tuple(self._by_key.get(key, ()))

    def forget(self) -> None:
        self._by_key.clear()


def recap(topics: Sequence[str], say: int = SAY) -> tuple[str, ...]:
    """At most ``say`` of ``topics`` (oldest first), newest first, none twice (by its words); only the
    newest when one of them is itself a list (``_listed``)."""
    out: list[str] = []
    seen: set[str] = set()
    for topic in reversed(topics):
        key = " ".join(_WORD.findall(topic.lower()))
        if key and key not in seen:
            seen.add(key)
            out.append(topic)
        if len(out) == say:
            break
    return tuple(out[:1]) if any(map(_listed, out)) else tuple(out)  # never "A, B and C and D"


def catch_up_line(name: str, topics: Sequence[str], formal: bool = False) -> str:
    """The greeting for a viewer who asks what they missed (English): what ``topics`` (:func:`recap`) were
    talked about, or, with none, a greeting that claims nothing. ``name`` "": no name said."""
    who = f", {name}" if name else ""
    said = " and ".join(topics)
    if formal:
        if topics:
            return f"Welcome{who}. So far we have covered {said}."
        return f"Welcome{who}. We are just getting started."
    if topics:
        return f"Welcome in{who}! So far we talked about {said}."
    return f"Welcome in{who} - you're just in time, we're getting started."


__all__ = ["Covered", "catch_up_line", "conversation_key", "covered_topic", "recap"]
