"""What a thing is: the sentence that says it, for a question that asks it (session 31, brief C1).

"what is bing dwen dwen" was answered "Bing Dwen Dwen toys sold out during the Games, and people queued for
hours at official shops." - a sentence that mentions the thing - while the base says what it is: "The Olympic
mascot was Bing Dwen Dwen, a giant panda wearing a full-body shell of ice, like an astronaut's suit." A
question whose whole is "what is/was/are/were X" (:func:`asked_thing`) is answered by a sentence that says
what X is (:func:`says_what`): "X is/was a N", "X, a N", "The N was X". Pure functions; the constraints and
the support feature come in as callables (``Answerer.evidence`` passes its own), as for the superlatives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from knowledge import nlp
from knowledge.evidence import Evidence, adopted

_ASKED = re.compile(
    r"^(?:so\s+|and\s+|but\s+)?(?:what|wat|wut)\s*(?:'s|s|\s+is|\s+was|\s+are|\s+were)\s+"
    r"((?:[a-z0-9][\w'.-]*)(?:\s+[a-z0-9][\w'.-]*){0,4}?)\s*(?:again|exactly)?\s*[?.!]*$"
)
#: words that make "what is X" ask something else than what X is: an attribute ("what is the score of"), an
#: action ("what was won", "what is happening"), a wh-tail ("what is it made of")
_NOT_A_THING = frozenset(
    "of for about from with by in on at to into made called named like happening going doing up it that this "
    "there they he she you i we your my his her their its next now today tonight".split()
)
#: an article before X ("the Ice Ribbon, the only new venue"); an appositive opens the sentence or follows a
#: word, not a comma or a colon ("won three gold medals: the skiathlon, the 10 kilometre classical" is a list)
_OPEN = r"(?:(?:the|a|an)\s+)?"
_ARTICLE = re.compile(r"^(?:a|an|the)\s+")


def asked_thing(question: str) -> str | None:
    """The thing a "what is X" question asks to be told what it is ("what is bing dwen dwen?" -> "bing dwen
    dwen"; "what was the ice ribbon" -> "ice ribbon"), lower case, its article dropped; None for any other
    question ("what is the national oval made of", "what was the score", "what is it")."""
    m = _ASKED.match(nlp.fold(question).lower().strip())
    if m is None:
        return None
    thing = _ARTICLE.sub("", m.group(1)).strip()
    words = thing.split()
    if not words or any(w in _NOT_A_THING for w in words):
        return None
    return thing


def says_what(thing: str, sentence: str) -> bool:
    """Whether ``sentence`` says what ``thing`` is: "X is/was/are/were a|an|the N", "X, a|an|the N" (an
    appositive: X opens the sentence or follows a word, not a list item), or "The N was/is X" (X as the
    question writes it, case folded)."""
    low = nlp.fold(sentence).lower()
    x = r"\s+".join(re.escape(w) for w in thing.split())
    return bool(
        re.search(rf"\b{x}(?:\s+\([^)]*\))?\s+(?:is|was|are|were)\s+(?:a|an|the|one of)\s", low)
        or any(_opens(low, m.start()) for m in re.finditer(rf"\b{_OPEN}{x},\s+(?:a|an|the)\s", low))
        or re.search(rf"^the\s+[\w' -]+?\s+(?:was|is|were|are)\s+(?:the\s+)?{x}\b", low)
    )


def _opens(low: str, start: int) -> bool:
    """Whether an appositive at ``start`` opens the sentence or follows a word, not a comma or a colon."""
    before = low[:start].rstrip()
    return not before or before[-1] not in ",:;"


def definition_evidence(
    question: str,
    best: Evidence,
    found: Sequence[Evidence],
    constrain: Callable[[Evidence], Evidence],
    supported: Callable[[Evidence], float],
) -> Evidence:
    """The evidence a "what is X" question (:func:`asked_thing`) is answered with: ``best`` where it says what
    X is (:func:`says_what`), or where no candidate does; else the first of ``found`` (best first) that does,
    its constraints (``constrain``) and support feature (``supported``) set. The calibration and the gate then
    decide on it as on any sentence."""
    thing = asked_thing(question)
    if thing is None or says_what(thing, best.sentence):
        return best
    for e in found:
        if e is best or e.sentence == best.sentence or not says_what(thing, e.sentence):
            continue
        return adopted(e, best, constrain, supported)
    return best
