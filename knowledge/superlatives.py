"""The superlative a question asks, and the superlatives a sentence states (session 18, brief H2; issue 14).

"who won more gold medals than any other athlete at beijing 2022" was answered with Eileen Gu's sentence ("she
won two gold medals ..., becoming the first freestyle skier to win three medals"): it repeats more of the
question's words than Johannes Thingnes Bø's "He won four gold medals at Beijing 2022, more than any other
athlete at those Games", though it states another superlative than the one asked. A question that asks for
the holder of a superlative (the most, more than any other, the first, the oldest, the fastest, the only, a
record) is answered by a sentence that states that superlative; one that states none of it (or another one)
does not answer it. As :mod:`knowledge.ranks` does for ranks, the superlative asked is read from the question
and those a sentence states from the sentence, from general English words of superlatives (set before any
figure):

- ``most``: "the most golds", "most World Cup wins", "more gold medals than any other athlete";
- ``first``: "the first freestyle skier", "New Zealand's first gold", "first ever", "first to", "a first";
- ``only``: "the only sport", "the only other candidate", a question opening with "only";
- ``record``: "a world record", "an Olympic record";
- an -est adjective of a closed list ("oldest", "youngest", "fastest", "largest", "best", ...).

:func:`superlative_evidence` re-selects, where the best sentence does not state the superlative asked, the
first retrieved sentence (best first) that states it and holds at least as many of the question's other
content words (the sentence, the one before it, its headings); else it leaves the path as it is. It adds no
abstention. Pure functions: the answer path (``knowledge/answer.py``) passes its constraints and support.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from knowledge import nlp
from knowledge.evidence import adopted

if TYPE_CHECKING:
    from knowledge.evidence import Evidence

#: the -est adjectives read as superlatives (a closed list: "interest", "west", "forest" are none)
_EST = (
    "oldest youngest fastest slowest largest biggest smallest highest lowest longest shortest best worst "
    "greatest heaviest lightest earliest latest newest furthest farthest"
).split()
#: each kind of superlative and the words that state it (question and sentence alike, folded and lower-cased)
_KINDS: dict[str, re.Pattern[str]] = {
    "most": re.compile(
        r"(?<!\bat )\bmost\b(?!\s+(?:of|recent|likely|people)\b)"
        r"|\bmore\s+(?:[\w'-]+\s+){0,4}?than\s+any(?:one|body)?\b"
    ),
    "first": re.compile(r"\b(?:the|a|its|their|his|her)\s+first\b|'s\s+first\b|\bfirst\s+(?:ever|to)\b"),
    "only": re.compile(r"\bthe\s+only\b|^\W*only\b"),
    "record": re.compile(r"\brecords?\b"),
    **{w: re.compile(rf"\b{w}\b") for w in _EST},
}
#: the words that carry the superlative, not what it is of: left out of the words a sentence must hold
_CARRIERS = frozenset(
    nlp.tokenize(
        " ".join(["most more than any other first ever only record records", *_EST]), keep_stopwords=True
    )
)
_QUESTION_WORDS = frozenset(nlp.tokenize("who whom whose which what where when how", keep_stopwords=True))
#: a question for the holder of a superlative: its first question word is who/whom/whose, which or what (not
#: "what year/date/time"), or it has none ("only new competition venue in beijing city?"); "when did the first
#: competition take place" asks a date of the first, "did she set a record" a yes/no (candidate 2, declared
#: after candidate 1 answered a "when" question with another "first" sentence)
_FIRST_WORD = re.compile(r"\b(?:who|whom|whose|which|what|when|where|how|why)\b")
_YES_NO = re.compile(r"^\W*(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would)\b")
_HOLDER = re.compile(r"^(?:who|whom|whose|which|what)$")
_NOT_HOLDER = re.compile(r"\bwhat\s+(?:year|date|day|time|month|age)\b")


def stated(text: str) -> frozenset[str]:
    """The kinds of superlative ``text`` states: "He won four gold medals at Beijing 2022, more than any other
    athlete" {"most"}; "becoming the oldest alpine skiing medallist" {"oldest"}."""
    folded = nlp.fold(text).lower()
    return frozenset(kind for kind, pattern in _KINDS.items() if pattern.search(folded))


def asked(question: str) -> frozenset[str]:
    """The superlatives a question asks the holder of: "who won more gold medals than any other athlete"
    {"most"}, "which jump is the only one with a forward take-off" {"only"}; empty for a question that asks
    something else of it ("when did the first competition take place", "did he set a record")."""
    folded = nlp.fold(question).lower()
    first = _FIRST_WORD.search(folded)
    if (first is not None and not _HOLDER.match(first.group())) or _NOT_HOLDER.search(folded):
        return frozenset()
    if _YES_NO.search(folded):
        return frozenset()
    return stated(question)


def _held(words: Sequence[str], evidence: Evidence) -> int:
    """How many of ``words`` the sentence, the sentence before it or its headings hold (stems, numbers)."""
    context = str(evidence.hit.metadata.get("context", ""))
    have = nlp.with_number_forms(set(nlp.tokenize(f"{evidence.sentence} {evidence.before} {context}")))
    return sum(w in have for w in words)


def superlative_evidence(
    question: str,
    best: Evidence,
    found: Sequence[Evidence],
    constrain: Callable[[Evidence], Evidence],
    supported: Callable[[Evidence], float],
) -> Evidence:
    """The evidence a question that asks a superlative (:func:`asked`) is answered with: ``best`` where it
    states every superlative asked, or where no candidate does; else the first of ``found`` (best first) that
    states them and holds at least as many of the question's other content words as ``best`` (:func:`_held`),
    its constraints (``constrain``) and support feature (``supported``) set. The calibration and the gate then
    decide on it as on any sentence."""
    want = asked(question)
    if not want or want <= stated(best.sentence):
        return best
    words = [t for t in nlp.tokenize(question) if t not in _CARRIERS and t not in _QUESTION_WORDS]
    floor = _held(words, best)
    for e in found:
        if e is best or e.sentence == best.sentence or not want <= stated(e.sentence):
            continue
        if _held(words, e) < floor:
            continue
        return adopted(e, best, constrain, supported)
    return best
