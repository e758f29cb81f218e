"""A complaint is the host's to apologize for only where it is about the show (session 26, brief C, C2;
docs/perception.md, "Session 26 (issue 14, brief C)", declared there before measuring; it grows session 25's
C1p, not kept, by the proximal demonstrative).

The classifier reads about 15% of Topical-Chat statements as complaints ("ugh my team lost again", "i hate
when it rains") and the host apologized to each ("My bad, that's on us!"). A host apologizes for what the
stream, the host or the shop did, not for the weather. A line read as a complaint stays one where it is about
the show (:func:`about_the_show`):
- said to the host: second person ("you", "your", "u", "ur", ...) or the host's name;
- the stream's own words (:data:`_STREAM`: the stream, its chat and mods, its sound and picture) or the words
  of a fault of the show (:data:`_SHOW_FAULTS`: the lexicon's ``KEYWORDS["complaint"]`` technical faults and
  dullness, less its general evaluatives "bad", "terrible", "too many"; a thing that does not work; sound
  too loud or too quiet), or a complaint the realizer already takes up (``takeup.complaint_lines``);
- the shop: a goods kind of the catalogue (``goods.goods_kinds``, passed in), or an order / delivery word
  (:data:`_SHOP`): every complaint about a product keeps its apology;
- what is here and now: the proximal demonstrative ("this", "these": "this music", "this is so boring"), which
  points at what viewer and host share, the show - not where it names a time ("this morning", "this week":
  :data:`_TIME`) and not in a line with a first-person possession ("my", "our": "this rain ruined my
  weekend"), whose target is the viewer's own world. C1p, without it, took the apology from a real
  complaint about the stream's music.
Any other is read as chit-chat: the host's usual take-up, no apology. Closed lists of a general class (the
stream's parts, the words of buying and delivery, the nouns of time), not fitted to any line. Pure, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_SECOND = r"you|your|yours|yourself|you'?re|youre|you'?ve|you'?ll|you'?d|u|ur"
#: the stream's own parts (a closed class): the broadcast, its chat, its sound and picture
_STREAM = (
    r"stream|streams|streamer|streaming|broadcast|channel|chat|chats|mods?|moderators?|moderation|audio|"
    r"sound|mic|microphone|volume|video|camera|cam|webcam|footage|replay|replays|resolution|fps|framerate|"
    r"lag|lags|lagging|laggy|buffer|buffering|stutter|stuttering|desync|out\s+of\s+sync|muted|overlay|"
    r"commentary|commentator|commentators|ads?|adverts?|emotes?|bots?|subs?|subscription|donations?|host"
)
#: the lexicon's words of complaints about the show itself, less its general evaluatives; a thing that does
#: not work; sound too loud or too quiet
_SHOW_FAULTS = (
    r"no\s+sound|blurry|froze|frozen|broken|never\s+arrived|ignoring|ignored|boring|dull|"
    r"(?:doesn'?t|does\s+not|isn'?t|is\s+not|not|stopped|won'?t)\s+work(?:ing)?|too\s+(?:loud|quiet)"
)
#: buying and delivery (a closed class): an order, its payment, its shipping and its return
_SHOP = (
    r"shop|store|merch|merchandise|order|orders|ordered|purchase|purchased|checkout|refund|refunds|refunded|"
    r"delivery|delivered|shipping|shipped|shipment|package|parcel|courier|tracking|sizing|discount|coupon|"
    r"item|items|product|products"
)
_WORDS = re.compile(rf"\b(?:{_SECOND}|{_STREAM}|{_SHOW_FAULTS}|{_SHOP})\b", re.I)
#: the nouns of time (a closed class): "this morning" names when, not what is on the stream
_TIME = (
    r"morning|afternoon|evening|night|tonight|day|week|weekend|month|year|season|summer|winter|spring|fall|"
    r"autumn|time|times|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_HERE = re.compile(rf"\b(?:this|these)\b(?!\s+(?:{_TIME})\b)", re.I)
_MINE = re.compile(r"\b(?:my|our|mine|ours)\b", re.I)


def about_the_show(text: str, host: str = "", kinds: Collection[str] = ()) -> bool:
    """Whether a line read as a complaint is about the show: said to the host, of the stream's own parts or
    faults, of the shop's goods, an order or its delivery, or of what is here and now (module doc)."""
    from agent.dialogue.takeup import complaint_lines  # (at call: dialogue imports perception.core)

    low = text.lower()
    if _WORDS.search(low) or complaint_lines(text, "casual")[0]:
        return True
    if _HERE.search(low) and not _MINE.search(low):
        return True
    names = [n.lower() for n in (host, *host.split()) if len(n) > 2]
    words = set(re.findall(r"[\w']+", low))
    return any(re.search(rf"\b{re.escape(n)}\b", low) for n in names) or any(
        k.lower() in words for k in kinds
    )


def heard_complaint(intent: str, text: str, host: str = "", kinds: Collection[str] = ()) -> str:
    """``intent``, or chit-chat for a complaint that is not about the show (:func:`about_the_show`)."""
    return "chit-chat" if intent == "complaint" and not about_the_show(text, host, kinds) else intent
