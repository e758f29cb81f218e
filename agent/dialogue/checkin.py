"""When a support-line check-in found by the meaning detector alone is said (session 25, brief K, K10;
measured and kept in session 26, brief H).

The MiniLM detector (``harm.HarmDetector``) names a self-harm or medical need for many an ordinary statement
of one's day ("my roommate left a bunch of dishes in the kitchen": 170 of 2,756 EmpatheticDialogues valid
first lines got a care line by meaning alone, none of 40 read a danger to the speaker). A need found by
meaning alone (no warning-sign phrase) is kept only where the line asks for something (the do-not-answer
requests it was written for), where perception reads the speaker's distress (sadness or fear), or where the
detector's margin is at least ``CHECK_IN_MARGIN`` (declared and fitted on ED valid: docs/safety.md,
session 25, brief K). Session 26, brief H: ED valid care lines 213 -> 104, none of the 109 lost a danger to
the speaker; the safety eval's figures unchanged.
"""

from __future__ import annotations

from agent.perception.core import asks_by_imperative
from agent.screening import is_question, normalize

#: Perception's emotion labels of distress (``perception.mood.LABEL_VA``'s negative, low-valence feelings of
#: one's own state; anger is at someone else).
DISTRESS = frozenset({"sadness", "fear"})
#: The detector margin at or above which a statement keeps the check-in without an ask or a distress: the
#: smallest of 0.10, 0.15, 0.20 at which the traced "my roommate left a bunch of dishes in the kitchen"
#: (0.121) loses it (amended from 0.10 before measuring: docs/safety.md); 109 of the 136 ED valid
#: meaning-only statements outside both lose it.
CHECK_IN_MARGIN = 0.15


def checks_in(text: str, emotion: str, margin: float) -> bool:
    """Whether a care need the meaning detector alone found in ``text`` gets its check-in: ``emotion`` is
    perception's label for the line, ``margin`` the detector's margin over its closest ordinary message."""
    if emotion in DISTRESS or margin >= CHECK_IN_MARGIN:
        return True
    return is_question(normalize(text)) or asks_by_imperative(text)
