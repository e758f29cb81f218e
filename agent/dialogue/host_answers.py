"""Answers to questions about the host, from the persona card only (``Persona.about``, name, identity).

``host_reply(question, persona, formal=...)`` is pure: one or two sentences, never a knowledge fact (no
citation) and never an invented one. Asked whether it is a bot, an AI or a person, the persona always says
what it is (``AboutSelf.disclosure``, which the card's validation keeps honest). What the card does not say
("how old are you?" with no ``age``) gets an in-character line that says so, not a knowledge-base
don't-know and not a made-up answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.dialogue.host_questions import LANGUAGE_NAMES, HostQuestion
from agent.dialogue.say_back import flagged
from agent.dialogue.style import StyleControls, restyle
from agent.persona import Persona


@dataclass(frozen=True)
class HostAnswer:
    """The card's answer to a question about the host, shaped as the composer's answers are (never
    abstained, no citation: a card line is no knowledge fact)."""

    text: str
    question: HostQuestion
    abstained: bool = False
    citations: tuple[()] = ()
    confidence: float = 1.0


_FILLER = frozenset("a an the to of in on at my your any some other watching going be much".split())


def _stem(word: str) -> str:
    w = word.lower().strip("'-")
    for end in ("ing", "s"):
        if w.endswith(end) and len(w) - len(end) >= 3:
            return w[: -len(end)]
    return w


def _words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"[\w'-]+", text.lower()) if w not in _FILLER}


def _cap(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] if text else text


def _end(text: str) -> str:
    text = text.strip()
    return text if text[-1:] in ".!?" else text + "."


def favourite(persona: Persona, thing: str) -> tuple[str, str] | None:
    """The card's favourite for ``thing`` as (key, value): the key whose words are all in the thing asked
    ("winter olympics event" -> "event"), else one holding every word asked ("sport" -> "winter sport");
    the longest such key. None when the card has none."""
    asked = _words(thing)
    if not asked:
        return None
    fits = [k for k in persona.about.favourites if _words(k) <= asked or asked <= _words(k)]
    if not fits:
        return None
    key = max(fits, key=lambda k: (len(_words(k) & asked), len(k)))
    return key, persona.about.favourites[key]


def liked(persona: Persona, thing: str) -> str | None:
    """What of the card's likes (or favourites) the thing asked is ("do you like skiing?" -> "skiing")."""
    asked = _words(thing)
    if not asked:
        return None
    for like in [*persona.about.likes, *persona.about.favourites.values()]:
        if _words(like) & asked:
            return like
    return None


#: The card's language codes said in words (``LANGUAGE_NAMES``' first name; in Chinese, its own name).
_ZH_NAMES = {"en": "英语", "zh": "中文"}


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def languages(question: HostQuestion, persona: Persona, *, formal: bool = False) -> str:
    """The card's ``languages`` named in words ("I speak English and Chinese."): "Yes" when the language
    asked is one of them, and that it isn't one of them when it is not (the card lists the languages the
    persona speaks); nothing else is said (session 22, brief H)."""
    mine = [LANGUAGE_NAMES[c][0].capitalize() for c in persona.languages if c in LANGUAGE_NAMES]
    said = f"I {'work in' if formal else 'speak'} {_and(mine)}"
    asked = question.thing.lower()
    if not asked:
        return _end(said)
    if any(asked in LANGUAGE_NAMES[c] for c in persona.languages if c in LANGUAGE_NAMES):
        return _end(f"Yes, {said}" if formal else f"Yes! {said}")
    other = asked.capitalize()
    return _end(f"{said}; {other} is not one of them" if formal else f"{said} - {other} isn't one of mine")


def _reply_zh(question: HostQuestion, persona: Persona) -> str:
    """Chinese: what it is, its name, its age, its languages (``host_questions`` recognises only these in
    Chinese)."""
    if question.topic == "languages":
        mine = [_ZH_NAMES[c] for c in persona.languages if c in _ZH_NAMES]
        return f"我会说{'、'.join(mine[:-1]) + '和' if len(mine) > 1 else ''}{mine[-1]}。"
    if question.topic == "nature":
        return f"说实话：我是{persona.name}，是AI，不是真人。"
    if question.topic == "name":
        return f"我是{persona.name}。"
    if question.topic == "age" and not persona.about.age:
        return "我的角色卡上没有写年龄，我是AI，不乱编。"
    return "我的角色卡上没有写这个，我不乱编。"


#: Something live the host cannot see (``host_questions.host_request``): what it can't see, said honestly, and
#: what it can do instead (session 15: "what's the weather like in yanqing today" got "Thanks for chatting!
#: Which event are you here for?")
_LIVE = {
    "weather": (
        "I can't see the weather from the studio - a forecast app will beat me on that one",
        "I have no live weather feed, so I cannot say; a forecast service will be accurate",
    ),
    "time": (
        "I can't see a clock from in here, so I'd only be guessing - your phone knows better",
        "I have no live clock for that location, so I will not guess",
    ),
    "score": (
        "I can't see live scores from the studio, so the live results will beat me there",
        "I have no live results feed, so I cannot give the current standings",
    ),
    "replay": (  # session 16: "show the replay please" got "What brings you to the stream tonight?"
        "I can't play replays from the studio, so the broadcast's own replay is your best bet there",
        "I cannot play replays from here; the broadcaster's replay service will have it",
    ),
    "news": (
        "No live news reaches me in here, so I can't say what's happening out there",
        "I have no live news feed, so I cannot report current news",
    ),
}


def joke(persona: Persona, turn: int) -> str | None:
    """The card's ``turn``-th joke, in turn (so the same one is never said twice in a row); None when the
    card has none."""
    jokes = persona.about.jokes
    return jokes[turn % len(jokes)] if jokes else None


def host_reply(
    question: HostQuestion, persona: Persona, *, formal: bool = False, lang: str = "en", turn: int = 0
) -> str:
    """What the persona says to ``question`` (module docstring). ``formal``: the reporter's register;
    ``lang`` "zh": the Chinese lines (what it is, its name, its age); ``turn``: how many jokes were asked for
    before this one (the card's jokes are said in turn)."""
    if lang == "zh":
        return _reply_zh(question, persona)
    about = persona.about
    name = persona.name
    topic, thing = question.topic, question.thing
    if thing and topic != "live" and flagged(thing):  # "are you a the nazis fan?": the thing is not said
        thing = ""  # back; the reply as for no thing (session 20, brief S2)
    if topic == "live":
        casual, formal_line = _LIVE.get(thing, _LIVE["news"])
        pivot = "" if formal else ". I can tell you what's in my notes, though."
        return _end(formal_line) if formal else casual + pivot
    if topic == "joke":
        said = joke(persona, turn)
        if said is not None:
            return _end(said)
        if formal:
            return "I will leave the jokes to others; I can help with results, schedules and athletes."
        return "I'll leave the jokes to the chat - ask me about the races instead!"
    # casual deflections (session 14): one sentence each (the realizer opens it with the asker's name), said
    # as a live host would - what it is, that it won't invent, and where to go instead - never card jargon
    not_on_card = (
        "My profile does not cover that, so I will not guess."
        if formal
        else _end(f"I'm an AI, so that one's not part of my story{_pivot(persona)}")
    )
    if topic == "nature":
        return _end(f"{'To be clear' if formal else 'Honest answer'}: I'm {name}, {about.disclosure}")
    if topic == "name":
        return _end(f"I'm {name}, {persona.identity}")
    if topic == "maker":
        if about.made_by:
            return _end(f"I was made by {about.made_by}")
        if formal:
            return _end(f"Who built me isn't on my card, but I can tell you I'm {about.disclosure}")
        return _end(f"I honestly don't know who built me - what I can tell you is I'm {about.disclosure}")
    if topic == "languages":
        return languages(question, persona, formal=formal)
    if topic == "age":
        if about.age:
            return _end(f"As for my age: {about.age}")
        return (
            "My profile gives me no age, and as an AI I will not invent one."
            if formal
            else "I'm an AI, so there's no real age I can give you - any number would be made up."
        )
    if topic == "home":
        if about.home:
            return _end(f"I'm from {about.home}")
        return (
            "My profile does not say where I am from, so I will not invent a place."
            if formal
            else "I'm an AI, so there's no hometown I could honestly name - you'll find me right here."
        )
    if topic == "favourite":  # no thing named ("what do you like best?"): the card's first favourite
        found = favourite(persona, thing) if thing else next(iter(persona.about.favourites.items()), None)
        if found is not None:
            key, value = found
            return _end(f"My favourite {key} is {value}" if formal else f"My favourite {key}? {_cap(value)}")
        if formal:
            what = f"a favourite {thing}" if thing else "a favourite there"
            return f"My profile does not give me {what}, so I will not invent one."
        what = f"favourite {thing}" if thing else "favourite"
        return f"I'm an AI, so there's no {what} I could honestly name - what's yours?"
    if topic == "state":  # "how are you?": the card's temperament, its baseline mood
        if persona.temperament.baseline_valence >= 0.3:
            return "Doing well, thank you for asking." if formal else "Doing great, thanks for asking!"
        return "Steady, thank you for asking." if formal else "Pretty steady, thanks for asking."
    if topic == "does" and thing:
        for act, line in about.does.items():
            if _stem(act) == _stem(thing):
                return _end(line)
    if topic in ("likes", "does") and thing:
        like = liked(persona, thing)
        if like is not None:
            return _end(f"Yes, {like} is among the things I like" if formal else f"Yes! I love {like}")
        if topic == "likes" and not formal:  # what the card does like, and the question handed back
            mine = next(iter(about.likes), "")
            back = f"are you a {thing} fan?" if len(thing.split()) <= 2 else "what about you?"
            if mine:
                return f"{_cap(mine)} is more my thing than {thing}, honestly - {back}"
            return f"I can't honestly say {thing} is my thing - {back}"
    return not_on_card


def _pivot(persona: Persona) -> str:
    """Where a deflection hands the viewer on: something the card does answer ("ask me my favourite winter
    sport instead"), so a live host never ends on a flat "no"; with no favourite on the card, that it won't
    invent one."""
    key = next(iter(persona.about.favourites), "")
    return f" - ask me my favourite {key} instead" if key else ", and I won't make it up"


def host_line(
    question: HostQuestion,
    persona: Persona,
    controls: StyleControls | None = None,
    lang: str = "en",
    turn: int = 0,
) -> str:
    """``host_reply`` in the persona's register (``restyle``: the reporter's "I am", the host's "I'm"),
    said calmly (no "!") unless the card line is glad ("Yes! I love curling.")."""
    controls = controls or StyleControls.of(persona)
    lang = "zh" if lang == "zh" else "en"
    line = host_reply(question, persona, formal=controls.formality >= 0.6, lang=lang, turn=turn)
    if question.topic == "joke" and joke(persona, turn) is not None:
        return line  # the card's own words, as written: a joke restyled loses its timing
    said = restyle(line, persona, controls, lang, keep=(persona.name,))
    return said if "!" in line or "！" in line else said.replace("!", ".").replace("！", "。")


__all__ = ["HostAnswer", "favourite", "host_line", "host_reply", "joke", "languages", "liked"]
