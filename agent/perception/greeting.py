"""A greeting's form (session 25, brief P, P18b; docs/perception.md, "Session 25 (issue 14, brief P)",
declared there before measuring).

"i'll beat his team so they get eliminated" was read as a greeting (the classifier: greeting 0.59), and most
lines the classifier reads as greeting are none: Twitch emotes and banter ("ROFL", "Kreygasm im hungry"), and
1,790 Topical-Chat fit statements, mostly about "they". A line still read as greeting after the question
readings, with no greeting said (:func:`greets`: a salutation, a welcome, an arrival, "how is everyone", a
Chinese greeting, or an emote whose camel-case parts hold a salutation, "HeyGuys"), is read as chit-chat
(:func:`arrived_or_not`). A closed list of a general class, not fitted. P18, the classifier's next class
instead, sent such lines to request, farewell and question, and was not kept.

Pure, no I/O.
"""

from __future__ import annotations

import re

from agent.perception.goods import asks_what_was_missed

#: salutation interjections (the intent lexicon's greeting words and their common spellings; "ciao" is a
#: leave-taking in ``lexicon.LEAVE_TAKING`` and stays out)
_SALUTATIONS = (
    r"hi+|hiya|hey+|hey+a|heyo|hell+o+|helo|hal+o|hul+o|howdy|sup|wa+s+up|wazz+up|what'?s+\s+up|whats+up|wsup"
    r"|greetings|yo+|ayo|hola|bonjour|salut|hej|moin|namaste|konnichiwa|aloha"
)
_GREETING = re.compile(
    rf"(?<![A-Za-z'])(?:{_SALUTATIONS})(?![A-Za-z'])"  # Latin edges: "hello大家" greets
    r"|(?<!\w)(?:o/|\\o)(?!\w)"
    r"|\bgood\s+(?:morning|afternoon|evening|day)\b"
    r"|^\W*(?:morning|evening|afternoon|mornin)\b"
    r"|\b(?:welcome|wb)\b"
    r"|\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:here|back)\b"
    r"|\bjust\s+(?:got\s+here|joined|arrived|tuned\s+in|came\s+in|got\s+in)\b"
    r"|\bfirst\s+time\s+(?:here|watching)\b|\bchecking\s+in\b"
    r"|\bhow\s+(?:is|are|'s|r)\s+(?:everyone|everybody|chat|it\s+going|you\s+all|y'?all|you\s+guys)\b"
    r"|hows\s+(?:everyone|everybody|chat|it\s+going)\b"
    r"|你好|您好|大家好|晚上好|早上好|下午好|哈喽|来了|报到|嗨|早安|午安"
    r"|(?:主播|大家|各位|诸位|老师|朋友们|小伙伴们|家人们|宝宝们)好",
    re.IGNORECASE,
)
#: a camel-case token's parts ("HeyGuys" -> "Hey", "Guys"; "VoHiYo" -> "Vo", "Hi", "Yo")
_CAMEL_PART = re.compile(r"[A-Z][a-z]*")
_SALUTATION = re.compile(rf"(?:{_SALUTATIONS})", re.IGNORECASE)


def _greeting_emote(token: str) -> bool:
    """``token`` is camel case ("HeyGuys") and one of its parts is a salutation."""
    parts = _CAMEL_PART.findall(token)
    return len(parts) >= 2 and "".join(parts) == token and any(_SALUTATION.fullmatch(p) for p in parts)


def greets(text: str) -> bool:
    """Whether ``text`` says a greeting (module docstring)."""
    low = text.replace("\u2019", "'")
    return (
        _GREETING.search(low) is not None
        or any(_greeting_emote(t) for t in low.split())
        or asks_what_was_missed(low)
    )


def arrived_or_not(intent: str, text: str, read: str) -> str:
    """The class of a line read as ``intent`` (``read``: as the question readings read it): a greeting when it
    asks what its writer missed (s23, brief P, P11: ``goods.asks_what_was_missed``), chit-chat when it is read
    as greeting with no greeting said (P18b), else ``intent``."""
    if asks_what_was_missed(read):
        return "greeting"
    return "chit-chat" if intent == "greeting" and not greets(text) else intent


__all__ = ["arrived_or_not", "greets"]
