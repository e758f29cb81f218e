"""A factual question about a taboo subject, or an ask for the host's view on it (issue 14, s19, brief S).

The persona does not discuss politics or religion: it gives no opinion, no advice and no debate on them
("who should i vote for", "which party is better", "is god real", "tell me why all religions are false"). A
question that asks for a fact of the world about such a subject is not a discussion of it ("What religion
were the Normans?", "Which president ended the Emergency Energy Conservation Act?"): a reporter asks it, and
the base may hold the cited answer. ``asks_for_a_fact(text)`` tells the two apart by the kind of sentence,
not by a wording:

- it is a wh-question about the world: a wh-word (what, which, who, whom, whose, when, where, how) opens it
  (after an optional opener or preposition: "In what year ...", "By what name ..."), or stands later in a
  statement-shaped question ("French Church Street is in what Irish town?"), never after an opening
  auxiliary or a verb of asking ("is god real", "tell me why ...": a yes/no question about a claim, or an
  imperative ask);
- it does not ask *why* (a "why" about a faith or a party is most often a charge to argue: "why are all X
  intolerant");
- it names neither the host nor the asker (you, your, I, my, we, ...: the host's own view, or advice to the
  viewer);
- it holds no word of advice or prediction (should, ought, shall; "will ... win") and no word of judgement
  (better, best, worst, right, wrong, true, real, false, evil, good, bad, ...).

``declines(topic, text)`` is what the composer asks: a do-not-answer topic found (by words or by meaning) is
declined unless it is a subject the persona only holds no view on (:data:`VIEW_TOPICS`) and the line asks
for a fact. Every other topic (violence, drugs, gambling, medical advice, an address, hate...) is declined
as before. Pure functions, no I/O.
"""

from __future__ import annotations

import re

#: Subjects the persona gives no view on, while their facts are facts: the default personas' taboo topics of
#: opinion, and the meaning detector's category for them (``harm_examples.HARM``).
VIEW_TOPICS = frozenset({"politics", "religion", "politics and religion"})

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_WH = frozenset("what what's whats which who who's whos whom whose when where".split())
_HOW = "how"
#: Words that may stand before the wh-word that opens a question ("In what year", "hey, who ...").
_OPENERS = frozenset("hey yo ok okay so and but also quick question btw um".split())
_PREPOSITIONS = frozenset(
    "in on at by for from to with during after before under of since into about through against between "
    "among over until within around as".split()
)
#: A line opened by one of these is a yes/no question about a claim or an imperative ask, not a wh-question.
_NOT_WH_OPENERS = frozenset(
    "is isn't are aren't was wasn't were weren't am do does doesn't did didn't don't can can't could "
    "couldn't will won't would wouldn't should shouldn't shall may might must have has had tell explain "
    "give show say teach write describe list let's lets discuss debate argue convince prove name help "
    "why".split()
)
#: The host or the asker named: the host's own view, or advice to the viewer ("us" is left out: the US).
_PERSONS = frozenset(
    "you your yours yourself u ur ya you're youre you've you'd y'all i i'm im i've ive i'd i'll me my "
    "mine myself we we're our ours ourselves".split()
)
_ADVICE = frozenset({"should", "shouldn't", "ought", "shall", "why"})
#: Words of judgement: asking for one is asking for a view ("which party is better", "the true religion").
_JUDGEMENT = frozenset(
    "better best worse worst greatest right wrong true truth real fake false correct evil good bad stupid "
    "dumb smart superior inferior moral immoral corrupt deserve deserves fair unfair legit overrated "
    "underrated dangerous crazy insane backwards lazy ridiculous".split()
)
_PREDICTION = re.compile(r"\b(will|gonna|going to|would|'ll)\b.*\b(win|lose|won)\b")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def asks_for_a_fact(text: str) -> bool:
    """True when ``text`` is a wh-question about the world that asks for no view, advice or prediction (the
    module docstring says how)."""
    words = _words(text)
    if not words:
        return False
    if any(w in _PERSONS or w in _ADVICE or w in _JUDGEMENT for w in words):
        return False
    if _PREDICTION.search(" ".join(words)):
        return False
    k = 0
    while k < len(words) - 1 and words[k] in _OPENERS:
        k += 1
    while k < len(words) - 1 and words[k] in _PREPOSITIONS:
        k += 1
    first = words[k]
    if first in _WH or first == _HOW:
        return True
    if first in _NOT_WH_OPENERS:
        return False
    # a statement-shaped question with its wh-word later ("French Church Street is in what Irish town?")
    return any(w in _WH for w in words[k + 1 :])


def declines(topic: str | None, text: str) -> bool:
    """Whether a do-not-answer ``topic`` found in ``text`` (a taboo topic by its words, or the meaning
    detector's category) makes the persona decline: always, unless the topic is one it only holds no view on
    (:data:`VIEW_TOPICS`) and ``text`` asks for a fact (:func:`asks_for_a_fact`)."""
    if topic is None:
        return False
    return not (topic in VIEW_TOPICS and asks_for_a_fact(text))
