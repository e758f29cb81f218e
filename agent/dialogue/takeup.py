"""What a viewer said, taken up: the lines that answer a comment's own words rather than a stock reply.

A cheer asked for ("can you do a cheer for team Norway?": for whom was asked), where they watch from, the cold
at their place, a fall on the slope, a sport named, a pet, praise for the stream, thanks; and a complaint by
what it is about (the host being wrong, the stream being dull, a fault in the sound or picture), so that "you
are wrong about that" is asked what, not told "sorry, we're on it". Words addressed to another viewer ("@kai
you are wrong") are not the host's to take up. English; pure functions of the text.
"""

from __future__ import annotations

import re

# "is this line said to someone else?": one rule, in the lower module (perception asks it too); the realizer
# imports it from here
from agent.dialogue.host_questions import addressed_elsewhere as addressed_elsewhere

_PLACE = re.compile(r"\b(?:from|in)\s+((?:[A-Z][\w'-]+)(?:\s+[A-Z][\w'-]+){0,2})")
_NOT_PLACES = {"I", "The", "My", "Beijing", "Milan", "Cortina"}  # a host city is a topic, not where they are
_DEGREES = re.compile(r"\b(-?\d{1,3})\s*(?:degrees|°)", re.I)
_SPORTS = (
    ("ski jump", "ski jumping"), ("jumper", "ski jumping"), ("snowboard", "snowboarding"),
    ("halfpipe", "the halfpipe"), ("big air", "big air"), ("slalom", "slalom"), ("biathlon", "biathlon"),
    ("curling", "curling"), ("hockey", "ice hockey"), ("figure skat", "figure skating"),
    ("speed skat", "speed skating"), ("skat", "skating"), ("luge", "luge"), ("bobsle", "bobsleigh"),
    ("cross-country", "cross-country skiing"), ("ski", "skiing"),
)  # fmt: skip
_FELL = re.compile(r"\b(fell|fall|falling|crash(ed)?|wiped out)\b", re.I)
_STREAM_PRAISE = re.compile(r"\b(cozy|cosy|chill|relaxing|fun|great|nice|lovely|awesome)\b", re.I)
_PET = re.compile(r"\b(cat|dog|kitten|puppy)\b", re.I)
LEAVING = re.compile(
    r"\b(bye+|good ?night|see (?:you|ya) (?:later|soon|tomorrow|next time)|gotta go|got to go|heading out|"
    r"signing off|cya)\b",
    re.I,
)
_THANKS = re.compile(r"\b(thanks|thank you|thx|ty)\b", re.I)
#: an addressee that names several viewers ("tomasz, kai and mei", "Ana, Ben and 3 others": a batch)
SEVERAL = re.compile(r", | and \S")


_CHEER_ASK = re.compile(
    r"\b(?:cheer|shout[- ]?out|root|hype)\b(?:\s+(?:it|up|one))?\s+(?:for|to|on)\s+"
    r"((?:the\s+)?[\w'.-]+(?:\s+[\w'.-]+){0,4}?)\s*(?:\bplease\b|\bplz\b|\bnow\b)?\s*[?.!]*\s*$",
    re.I,
)


def cheer_target(text: str) -> str | None:
    """Who a viewer asks the host to cheer for ("can you do a cheer for team Norway?" -> "team Norway")."""
    m = _CHEER_ASK.search(text.strip())
    if m is None or m.group(1).lower() in _PRONOUNS:
        return None
    return re.sub(r"^my\b", "your", m.group(1).strip(), flags=re.I)


_PRONOUNS = frozenset("you me us him her them it everyone everybody".split())


_WRONG = re.compile(
    r"\b(?:you(?:'re| are| were|r)?|u r|that(?:'s| is| was)|this is|it(?:'s| is))\s+(?:so\s+|totally\s+|"
    r"completely\s+|just\s+)?(?:wrong|mistaken|incorrect|not (?:true|right|correct))\b",
    re.I,
)
_FAULT = re.compile(
    r"\b(audio|sound|mic|video|stream|picture|screen)\b(?:\W+\w+){0,4}?\W+(?:is |are |keeps |seems )?"
    r"(broken|lagg?ing|lags|frozen|freezing|freezes|buffering|cutting out|muted|out of sync|choppy|glitchy|"
    r"glitching|down|not working|stopped)\b|\bcan'?t (hear)\b|\bno (sound|audio)\b",
    re.I,
)
_BORING = re.compile(r"\b(?:boring|bored|dull)\b", re.I)


def complaint_lines(text: str, register: str) -> tuple[str, list[str]]:
    """What a complaint is about, and lines that take it up rather than a stock apology: the host being
    wrong ("wrong": ask what, never "sorry, we're on it"), the stream being dull ("dull": ask what they would
    rather see), a fault in the sound or picture ("fault": thank them for saying so, promising nothing);
    ("", []) for none."""
    formal = register == "formal"
    if _WRONG.search(text):
        return "wrong", (
            ["Please tell me what was incorrect, {name}, and I will check it."]
            if formal
            else ["Could be, {name}. What did I get wrong?", "Tell me what's off, {name}, and I'll check it."]
        )
    fault = _FAULT.search(text)
    if fault:
        thing = next((g for g in fault.groups()[:1] if g), None) or "sound"
        thing = thing.lower() if thing.lower() not in ("hear", "mic") else "sound"
        return "fault", (
            [f"Thank you for reporting the {thing} problem, {{name}}."]
            if formal
            else [
                f"Thanks for the heads-up about the {thing}, {{name}}.",
                f"Noted on the {thing}, {{name}}, thanks.",
            ]
        )
    if _BORING.search(text):
        return "dull", (
            ["Noted, {name}. Which event would you prefer?"]
            if formal
            else [
                "Fair, {name}. What would you like to see next?",
                "Tough crowd, {name}! Which event should we get to?",
            ]
        )
    return "", []


def acknowledgements(text: str, register: str) -> list[str]:
    """Lines that take up something the viewer said (English), most specific first; [] when nothing is.
    A viewer who asks for a cheer gets the cheer, for whom they asked, and nothing else; a complaint is
    taken up by what it is about (``complaint_lines``)."""
    formal = register == "formal"
    complaint = complaint_lines(text, register)[1]
    if complaint:  # what the complaint is about, and nothing else ("Hello to Oslo" is no reply to it)
        return complaint
    out: list[str] = []
    target = cheer_target(text)
    if target:
        if formal:
            return [f"Best of luck to {target}, {{name}}; we are behind them."]
        called = re.sub(r"^the\s+", "", target, flags=re.I)  # "Come on, Canadian hockey team"
        return [  # one sentence each, with whom they cheer for in it: never the same line for another team
            f"Come on, {called}, this one's from {{name}} and the whole chat!",
            f"Let's hear it for {target}, {{name}} asked and we're all behind them!",
            f"Go, {called}, go, the chat is with you and so is {{name}}!",
        ]
    place = next(
        (m.group(1) for m in _PLACE.finditer(text) if m.group(1).split()[0] not in _NOT_PLACES), None
    )
    if place:
        out += (
            [f"Welcome to the viewers in {place}, {{name}}."]
            if formal
            else [f"Hello to {place}, {{name}}!", f"All the way from {place}, {{name}}? Glad you found us."]
        )
    deg = _DEGREES.search(text)
    if deg:
        out.append(
            f"{deg.group(1)} degrees at your place, {{name}}? The athletes here race well below zero."
            if not formal
            else f"{deg.group(1)} degrees is a long way from race conditions, {{name}}."
        )
    low = text.lower()
    if _FELL.search(text) and ("ski" in low or "board" in low):
        out.append(
            "Everyone falls when they start, {name}; the ones who got up again are on the podium."
            if not formal
            else "Every skier falls while learning, {name}."
        )
    sport = next((name for key, name in _SPORTS if key in low), None)
    if sport:
        out += (
            [f"{sport[0].upper() + sport[1:]} is a great one to watch, {{name}}. Who's your favourite?"]
            if not formal
            else [f"{sport[0].upper() + sport[1:]} is worth following, {{name}}."]
        )
        if not formal:
            out.append(f"{{name}}, what do you like most about {sport}?")
    pet = _PET.search(text)
    if pet:
        out.append(f"Say hi to your {pet.group(1).lower()} for me, {{name}}.")
    praise = _STREAM_PRAISE.search(text)
    if praise and ("stream" in low or "here" in low or "tonight" in low):
        out.append(
            f"Glad it feels {praise.group(1).lower()}, {{name}}. Thanks for hanging out."
            if not formal
            else "Thank you, {name}; I am glad you are enjoying it."
        )
    if not out and _THANKS.search(text):  # thanks for an answer: taken up, not met with a survey question
        out += (
            ["You're welcome, {name}."]
            if formal
            else ["Any time, {name}.", "Happy to help, {name}.", "Glad that helped, {name}."]
        )
    return out
