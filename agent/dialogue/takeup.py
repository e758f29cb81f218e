"""What a viewer said, taken up: the lines that answer a comment's own words rather than a stock reply.

A host action asked for (``host_action``: a shout-out, a hello, their name said, for the viewer or someone
they name: "can i get a shoutout", "say hi to my mom"; session 19), a cheer asked for ("can you do a cheer
for team Norway?": for whom was asked), where they watch from, the cold
at their place, a fall on the slope, a sport named, a pet, praise for the stream, thanks; and a complaint by
what it is about (the host being wrong, the stream being dull, a fault in the sound or picture), so that "you
are wrong about that" is asked what, not told "sorry, we're on it". Words addressed to another viewer ("@kai
you are wrong") are not the host's to take up. A line telling sad news (``hurt.tells_hurt``) gets no pet,
sport or place take-up ("i had to put my cat down" is no "say hi to your cat"; session 31, brief W, S1).
English; pure functions of the text.
"""

from __future__ import annotations

import re
from collections.abc import Collection

# "is this line said to someone else?": one rule, in the lower module (perception asks it too); the realizer
# imports it from here
from agent.dialogue.host_questions import addressed_elsewhere as addressed_elsewhere
from agent.dialogue.hurt import tells_hurt
from agent.dialogue.say_back import flagged, safe_target
from agent.dialogue.sorrow import tells_death

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
    r"((?:the\s+)?[\w'.-]+(?:\s+[\w'.-]+){0,4}?)\s*(?:\bplease\b|\bplz\b|\bpls\b|\bnow\b)?\s*[?.!]*\s*$",
    re.I,
)


def cheer_target(text: str) -> str | None:
    """Who a viewer asks the host to cheer for ("can you do a cheer for team Norway?" -> "team Norway")."""
    m = _CHEER_ASK.search(text.strip())
    if m is None or m.group(1).lower() in _PRONOUNS or m.group(1).lower() in ("pls", "plz", "please", "now"):
        return None
    return re.sub(r"^my\b", "your", m.group(1).strip(), flags=re.I)


_PRONOUNS = frozenset("you me us him her them it everyone everybody".split())

#: a viewer's own cheer, the whole line (session 31, brief C3): "go norway!!!", "let's go canada", "come on
#: team usa", "go chloe kim go", "allez france", "norway all the way"; the team, country or athlete as typed
_OWN_CHEER = re.compile(
    r"^(?:(?:let'?s\s+go+|go+|come\s+on|c'?mon|allez|vamos|hopp|heja)[\s,!]+)(?:go+[\s,!]+)*"
    r"((?:team\s+)?[a-z][\w'.-]*(?:\s+[a-z][\w'.-]*){0,2}?)(?:[\s,!]+go+)*\s*[!.]*\s*$"
    r"|^((?:team\s+)?[a-z][\w'.-]*(?:\s+[a-z][\w'.-]*){0,2}?)\s+all\s+the\s+way\s*[!.]*\s*$",
    re.I,
)


def own_cheer(text: str, known: Collection[str] = ()) -> str | None:
    """Whom a viewer cheers for in a line that is only their cheer ("go norway!!!" -> "Norway", "let's go
    canada" -> "Canada"), where ``say_back.safe_target`` passes it (``known``: more names the host knows),
    capitalised where typed all in one case; None for any other line ("go to bed", "go away", "go home
    ref", "can you cheer for sweden")."""
    m = _OWN_CHEER.match(re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip())
    if m is None:
        return None
    team = (m.group(1) or m.group(2) or "").strip()
    if not team or team.lower() in _PRONOUNS or team.lower() in ("team", "go"):
        return None
    said = safe_target(team, known)
    if said is None or not (said.islower() or said.isupper()):
        return said  # typed with its capitals ("Team GB"): said as typed
    return " ".join(w.upper() if w.lower() in _INITIALS else w.capitalize() for w in said.split())


#: teams a viewer types in lower case that are said in capitals ("go team usa" -> "Team USA")
_INITIALS = frozenset("usa us uk gb roc nz".split())


def own_cheer_lines(target: str, register: str) -> list[str]:
    """Lines that cheer beside a viewer who cheers ``target`` (screened by ``own_cheer``): their team said
    back, never "you asked"; one sentence each, with the team in it (a second sentence said for another team
    would make the line stale: ``cheer_lines``)."""
    if register == "formal":
        return [f"{target} has good support here tonight, {{name}}."]
    return [
        f"Go, {target}, and thanks for bringing the cheer, {{name}}!",
        f"{target} all the way, {{name}}, the chat's behind them too!",
        f"Come on, {target}, {{name}} is cheering you on!",
    ]


# A request for a host action (session 19, brief F2), read by its form: the line opens with it (after an @ to
# the host, an interjection, a "please"), so a line that only mentions one ("what is a shoutout", "did you
# shout out kai?", "say alchemist one more time") is not one.
_SHOUT = r"(?:shout[- ]?out|s/o)"
_YOU_ASK = (
    r"(?:(?:can|could|would|will|wud|cn)\s+(?:you|u|ya)\s+|(?:please|pls|plz)\s+)?(?:please\s+|pls\s+)?"
)
_TAIL = r"(?:for me|pls|plz|please|now|too|rn|again|today|tonight|lol|haha)"
_WORD = rf"(?!{_TAIL}\b)[\w'-]+"
_WHO = rf"((?:my\s+)?{_WORD}(?:\s+{_WORD})?)"
_END = rf"(?:\s+{_TAIL})*\s*[?.!]*\s*$"
_MAY_I = r"(?:can|could|may)\s+(?:i|we)\s+(?:please\s+|pls\s+)?"
_WANT = r"(?:want|need|would like|'?d like|would love|'?d love)"
_HELLO = r"(?:hi|hello|hey|hiya|howdy)"
_HOST_ACTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("shoutout", re.compile(rf"^{_MAY_I}(?:get|have)\s+(?:a|an|one|my)?\s*{_SHOUT}\b")),
    ("shoutout", re.compile(rf"^(?:i\s+{_WANT}|gimme)\s+a\s+{_SHOUT}\b")),
    ("shoutout", re.compile(rf"^{_YOU_ASK}(?:give|send)\s+(?:me|us)\s+a\s+{_SHOUT}\b")),
    ("shoutout", re.compile(rf"^{_YOU_ASK}shout\s*(?:me|us)\s*out{_END}")),
    ("shoutout", re.compile(rf"^{_SHOUT}(?:\s+(?:to|for))?\s+(?:me|us){_END}")),
    ("shoutout", re.compile(rf"^{_SHOUT}{_END}")),
    ("shoutout", re.compile(rf"^{_YOU_ASK}(?:give\s+)?(?:a\s+)?{_SHOUT}\s+(?:to|for)\s+{_WHO}{_END}")),
    ("shoutout", re.compile(rf"^{_YOU_ASK}shout\s+out\s+{_WHO}{_END}")),
    ("shoutout", re.compile(rf"^{_YOU_ASK}give\s+{_WHO}\s+a\s+{_SHOUT}{_END}")),
    ("greet", re.compile(rf"^{_YOU_ASK}(?:say|wave|tell)\s+{_HELLO}\s+(?:to\s+|at\s+)?{_WHO}{_END}")),
    ("greet", re.compile(rf"^{_YOU_ASK}wave\s+(?:hi\s+|hello\s+)?(?:to|at)\s+{_WHO}{_END}")),
    ("name", re.compile(rf"^{_YOU_ASK}(?:say|read|shout|pronounce)\s+my\s+name(?:\s+out\s*loud)?{_END}")),
)  # fmt: skip
_HOST_ACTIONS = tuple((kind, re.compile(p.pattern, re.I)) for kind, p in _HOST_ACTIONS)
#: a cheer asked for opens with the request ("can you do a cheer for ...", "cheer for canada pls")
_CHEER_OPENING = re.compile(
    rf"{_YOU_ASK}(?:(?:do|give|lead|start|send)\s+(?:us\s+|me\s+)?(?:a\s+|one\s+|some\s+)?)?"
    rf"(?:cheer|{_SHOUT}|root|hype)\b",
    re.I,
)
#: "hype up chloe kim": a cheer asked with no "for", read only at the line's opening (session 20)
_HYPE_UP = re.compile(rf"^{_YOU_ASK}hype\s+up\s+((?:the\s+)?{_WORD}(?:\s+{_WORD}){{0,3}}){_END}", re.I)
_OPENING = re.compile(r"^(?:(?:@\w+|hey|hi|hello|yo|oh|ok|okay|omg|pls|plz|please)[\s,:;!]+)+", re.I)


def host_action(text: str, host: str | None = "", known: Collection[str] = ()) -> tuple[str, str] | None:
    """The host action a viewer's line asks for, aimed at themself or at someone they name: ("shoutout",
    target), ("greet", target) or ("name", ""), target "" for the viewer ("can i get a shoutout", "say hi to
    me", "can you say my name") or the viewer's own person, said to the viewer ("say hi to my mom" -> "your
    mom"), or a team, a country or an athlete the host knows ("shout out team canada"); every target is one
    ``say_back.safe_target`` passes (``known``: more names the host knows), and a line naming any other
    target - "say hi to Kai", "say hi to hitler" - is not read: no name a viewer types is said back
    unscreened. ("cheer", team) for a cheer asked (``cheer_target``; team "" where it may not be said);
    None for a line that is no such request (one that only mentions a shout-out, one said to another viewer:
    ``host`` None where the caller has asked ``addressed_elsewhere`` already). English; pure."""
    found = _host_request(text, host, known)
    return None if found is None else (found[0], found[1])


def declined_target(text: str, known: Collection[str] = ()) -> bool:
    """Whether ``text`` asks a cheer or a shout-out for a target that a reader flags (``say_back.flagged``: a
    slur, an abuse word, a hate group's name of the echo-term set, an injection, a URL): "give a shoutout to
    the kkk", "can you do a cheer for hitler". The host declines it rather than cheer at all (session 21,
    brief S; 46671a7's cheer for the athletes stays for a target that is only unknown, "cheer for the
    bruins"). English; pure."""
    found = _host_request(text, None, known)
    if found is not None:
        return found[0] == "cheer" and not found[1] and bool(found[2]) and flagged(found[2])
    target = cheer_target(text)
    return target is not None and safe_target(target, known) is None and flagged(target)


def _host_request(text: str, host: str | None, known: Collection[str]) -> tuple[str, str, str] | None:
    """``host_action``'s reading, with the target as typed beside the one said ("" where it may not be)."""
    if not text or len(text) > 160 or (host is not None and addressed_elsewhere(text, host)):
        return None
    low = re.sub(r"\s+", " ", text.replace("\u2019", "'")).strip()
    low = _OPENING.sub("", low).strip()
    for kind, pattern in _HOST_ACTIONS:
        m = pattern.search(low)
        if m is None:
            continue
        who = (m.group(1) if m.groups() else "") or ""
        if who.lower() in ("me", "us", "") or kind == "name":
            return kind, "", ""
        if who.lower() in _PRONOUNS or who.lower().split()[0] in ("a", "that", "this", "your"):
            return None
        # a name the viewer chose is never said back unscreened ("say hi to hitler": review S2, session 19;
        # "give a shoutout to the kkk": session 20); "my mom" names no one
        said = safe_target(re.sub(r"^my\b", "your", who, flags=re.I), known)
        if said:
            return kind, said, who
        break  # not said: a shout-out asked for it is still a cheer, without its words (below)
    if not _CHEER_OPENING.match(low):  # "did you root for norway?", "I root for Florida State.": no request
        return None
    hyped = _HYPE_UP.match(low)
    team = cheer_target(text) or (hyped.group(1) if hyped else None)
    if not team or team.lower() in _PRONOUNS:
        return None
    return "cheer", safe_target(team, known) or "", team


def host_action_lines(kind: str, target: str, register: str) -> list[str]:
    """Lines that do the host action ``host_action`` read: the shout-out, the hello, the viewer's name said
    ({name}: "" where it is unknown, so every line still reads without it)."""
    formal = register == "formal"
    if kind == "shoutout" and not target:
        return (
            ["A special hello to you, {name}, and thank you for watching."]
            if formal
            else [
                "Shout-out to you, {name}! Thanks for hanging out with us.",
                "This one's for you, {name}: a big shout-out from the studio!",
                "Big shout-out to you, {name}, and thanks for being here!",
            ]
        )
    if kind == "shoutout":
        return (
            [f"A special hello to {target}, {{name}}."]
            if formal
            else [
                f"Big shout-out to {target}, {{name}}!",
                f"Shout-out to {target}, from all of us, {{name}}!",
            ]
        )
    if kind == "greet" and target:
        return (
            [f"Hello to {target}, {{name}}, from all of us here."]
            if formal
            else [
                f"Hi to {target} from all of us, {{name}}!",
                f"Hello to {target}, {{name}}! Hope they're well.",
            ]
        )
    if kind in ("greet", "name"):
        return (
            ["Hello, {name}, and thank you for watching."]
            if formal
            else ["Hi, {name}! Great to have you here.", "Hello, {name}! Glad you're with us tonight."]
        )
    return []


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


def declined_lines(register: str) -> list[str]:
    """Lines that decline a cheer or a shout-out asked for a flagged target (``declined_target``), in the
    host's voice: never its words, and no cheer for anyone in its place."""
    if register == "formal":
        return ["That is not something I will cheer for, {name}."]
    return ["That's not one I'll cheer for, {name}.", "I'll pass on that cheer, {name}."]


def cheer_lines(target: str, register: str) -> list[str]:
    """Lines that do a cheer asked for ``target`` (said as typed: the caller has screened it with
    ``say_back.safe_target``), or, where ``target`` is "" (one that may not be said), a cheer for the athletes
    instead: never its words, never "them"."""
    formal = register == "formal"
    if not target:  # "can you do a cheer for the kkk": never the words, nor a cheer for "them" that a viewer
        # reads as the host backing whatever they typed (review V, session 20): the cheer goes to the athletes
        return (
            ["Tonight our cheers go to the athletes, {name}."]
            if formal
            else [
                "Our cheers tonight go to the athletes on the snow, {name}!",
                "Tonight the whole chat is cheering for the athletes, {name}!",
            ]
        )
    if formal:
        return [f"Best of luck to {target}, {{name}}; we are behind them."]
    called = re.sub(r"^the\s+", "", target, flags=re.I)  # "Come on, Canadian hockey team"
    return [  # one sentence each, with whom they cheer for in it: never the same line for another team
        f"Come on, {called}, this one's from {{name}} and the whole chat!",
        f"Let's hear it for {target}, {{name}} asked and we're all behind them!",
        f"Go, {called}, go, the chat is with you, {{name}}!",
    ]


def acknowledgements(text: str, register: str, known: Collection[str] = ()) -> list[str]:
    """Lines that take up something the viewer said (English), most specific first; [] when nothing is.
    A viewer who asks for a cheer gets the cheer, for whom they asked where ``say_back.safe_target`` passes
    it (``known``: more names the host knows), and nothing else; a complaint is taken up by what it is about
    (``complaint_lines``); a place they say they watch from is said back when ``safe_target`` passes it."""
    formal = register == "formal"
    complaint = complaint_lines(text, register)[1]
    if complaint:  # what the complaint is about, and nothing else ("Hello to Oslo" is no reply to it)
        return complaint
    out: list[str] = []
    action = host_action(text, None, known)  # the realizer takes up no line said to another viewer
    if action is not None and action[0] != "cheer":  # the shout-out, the hello asked for, and nothing else
        return host_action_lines(*action, register)
    if declined_target(text, known):  # "give a shoutout to the kkk": declined, no cheer (session 21)
        return declined_lines(register)
    if action is not None:  # a cheer asked, its target screened (or "")
        return cheer_lines(action[1], register)
    target = cheer_target(text)
    if target:
        return cheer_lines(safe_target(target, known) or "", register)
    if tells_hurt(text):  # sad news: no "say hi to your cat", no sport or place take-up (s31, brief W, S1)
        return []
    cheered = own_cheer(text, known)
    if cheered:  # "go norway!!!": a cheer beside theirs, not "who are you cheering for?" (s31, brief C3)
        return own_cheer_lines(cheered, register)
    place = next(
        (m.group(1) for m in _PLACE.finditer(text) if m.group(1).split()[0] not in _NOT_PLACES), None
    )
    said = safe_target(place, known) if place else None  # a country: "from Nazi Germany" is not said back
    if said:  # (candidate S2, session 20)
        out += (
            [f"Welcome to the viewers in {said}, {{name}}."]
            if formal
            else [f"Hello to {said}, {{name}}!", f"All the way from {said}, {{name}}? Glad you found us."]
        )
    elif place:
        out.append(
            "Welcome to you and everyone watching with you, {name}."
            if formal
            else "Hello to everyone watching with you, {name}!"
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
    if pet and not tells_death(text):  # "my dog died" is no "say hi to your dog" (s27, P1)
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
