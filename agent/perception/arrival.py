"""An arrival said is a greeting to a host (session 25, brief P2, G1; docs/perception.md, "Session 25 (issue
14, brief P2)", declared there before measuring).

"evening everyone, just got here" was read as chit-chat and "finally made it" as praise, so the host asked
"Do you ski or board yourself?" where a host welcomes a viewer in. A line that says only that its writer has
arrived - a clause that is nothing but an arrival, :data:`_ARRIVAL` ("just got here", "finally made it",
"i'm back", "made it in time", "just tuned in", "just tuned in from <a place>", optionally a closed list of
words for the room after it: "chat", "everyone") - or that opens with a greeting of the time of day ("good
evening", "evening everyone") is a greeting when the classifier reads it as chit-chat or praise
(:func:`arrived_or_not`, wrapping P18b's ``greeting.arrived_or_not``). An arrival with anything after it
("made it to the final", "got here by train") is none: the clause must be the arrival whole. Closed lists of
a general class (verbs of coming, a room's addressees), not fitted.

Pure, no I/O.
"""

from __future__ import annotations

import re

from agent.perception import greeting

#: The room a viewer says hello to (a closed class of addressees)
_ROOM = r"(?:chat|everyone|everybody|all|guys|folks|y'?all|people|fam|friends)"
#: A clause that is an arrival whole: verbs of coming with "it"/"here"/"in", or "i'm here/back"
_ARRIVAL = re.compile(
    r"(?:(?:i|we)\s+)?(?:(?:just|finally|only\s+just)\s+)?"
    r"(?:made\s+it|got\s+here|got\s+in|arrived|joined|tuned\s+in|came\s+in|showed\s+up|popped\s+in)"
    r"(?:\s+(?:in\s+time|just\s+in\s+time|at\s+last|finally|here|now))?"
    r"(?:\s+from(?:\s+[\w']+){1,3})?"
    rf"(?:\s+{_ROOM})?"
    r"|(?:i'?m|i\s+am|im|we'?re|we\s+are)\s+(?:finally\s+|here\s+)?(?:here|back|in)"
    r"(?:\s+(?:again|finally|now|at\s+last))?"
    rf"(?:\s+{_ROOM})?"
    r"|first\s+time\s+(?:here|watching)|checking\s+in"
)
#: A greeting of the time of day opening the line ("good evening", "evening everyone")
_TIME_GREETING = re.compile(
    rf"^\W*(?:good\s+(?:morning|afternoon|evening)\b|(?:morning|evening|afternoon)\s+{_ROOM}\b)"
)
_CLAUSE_BREAK = re.compile(r"[,.;:!?()\-\u2014]+|\s+(?:and|but|so)\s+")
#: The classes an arrival is read out of (a line that says something and asks nothing)
_FROM = frozenset({"chit-chat", "praise"})


def arrives(text: str) -> bool:
    """Whether ``text`` says an arrival or opens with a greeting of the time of day (module docstring)."""
    low = text.lower().replace("\u2019", "'")
    if _TIME_GREETING.search(low):
        return True
    clauses = (" ".join(c.split()) for c in _CLAUSE_BREAK.split(low))
    return any(_ARRIVAL.fullmatch(c) for c in clauses if c)


def arrived_or_not(intent: str, text: str, read: str) -> str:
    """P18b's reading (``greeting.arrived_or_not``), then a line read as chit-chat or praise that says an
    arrival (:func:`arrives`) is a greeting (G1)."""
    said = greeting.arrived_or_not(intent, text, read)
    return "greeting" if said in _FROM and arrives(read) else said


__all__ = ["arrived_or_not", "arrives"]
