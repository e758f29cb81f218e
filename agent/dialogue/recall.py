"""A late answer names its question; an opening joined to a sentence without a capital mid-line. Pure.

Session 17 (brief M). In the 60 s demo ren asked "which country won the most golds?" at 29 s and "who is
Eileen Gu?" at 56 s; at 56.9 s the host said to @ren "Norway topped the medal table ...": right, but read on
screen as the answer to the newer question. A late answer (``agent.decide``: the asker wrote something newer,
or the question is ``LATE_S`` old) opens with what it answers, in the question's own words: "ren, on the most
golds: Norway topped ...". The framing word is "on"; every other word is the question's (``recalled``).

``joined`` puts an opening and a sentence into one line ("Welcome in, lumi - Eileen Gu won ...") without a
capital mid-line: the sentence's first word is lower-cased only when it is a closed-class word that is never
a name ("The", "A", "It", "Its", "This", ...); a name keeps its capital ("Eileen", "Norway").
"""

from __future__ import annotations

import re

from agent.dialogue.host_answers import HostAnswer
from agent.dialogue.say_back import flagged

_WH = re.compile(r"^\s*(?:who|what|when|where|which|how\s+(?:old|long|tall|far|fast|many|much))\b", re.I)
_THE = re.compile(
    r"\b[Tt]he\s+((?:[\w'-]+\s+){0,3}?[\w'-]+?)(?=\s+(?:in|at|on|for|from|of|called|held|"
    r"start|starts|begin|begins|end|ends|take|taken|won|win|compete|competes)\b|\s*[?.!,]|\s*$)"
)
#: a name of 2-3 capitalized words ("Erin Jackson"), in a question as in a sentence
_SUBJECT_NAME = re.compile(r"\b([A-Z][a-z'-]+(?:\s+[A-Z][a-z'-]+){1,2})\b")


def question_subject(text: str) -> str | None:
    """What an English wh-question is about, as said back to the asker: "who won the ice dance?" ->
    "the ice dance", "where is Erin Jackson from?" -> "Erin Jackson"; None when no short noun phrase
    (a phrase after "the", or a name of 2-3 capitalized words) can be read off it. Pure."""
    if not _WH.match(text):
        return None
    rest = text[_WH.match(text).end() :]  # type: ignore[union-attr]
    found = [(m.start(), "the " + m.group(1)) for m in _THE.finditer(rest)]
    found += [(m.start(), m.group(1)) for m in _SUBJECT_NAME.finditer(rest)]
    if not found:
        return None
    subject = min(found)[1]
    return subject if 1 <= len(subject.split()) <= 5 else None


#: words that end a noun phrase read off a question: a preposition, a verb the question goes on with, or a
#: word saying when or whether ("is the hoodie available in blue": "the hoodie")
_STOP = (
    r"in|at|on|for|from|of|to|with|by|about|called|held|start|starts|begin|begins|end|ends|take|taken|won|"
    r"win|wins|compete|competes|available|still|really|today|now|tonight|tomorrow|go|get|come|cost|costs|"
    r"mean|means|work|works|happen|happens|last|lasts|look|looks|weigh|weighs|do|does|did|is|are|was|were|"
    r"made|[a-z]+ed"
)
_PHRASE = re.compile(
    rf"\b((?:[Tt]he|[Aa]n?)\s+(?:[\w'-]+\s+){{0,3}}?[\w'-]+?)(?=\s+(?:{_STOP})\b|\s*[?.!,]|\s*$)"
)
#: "how fast do bobsleds go?": the bare plural between the auxiliary and the verb
_HOW_DO = re.compile(r"^\s*how\s+\w+\s+(?:do|does|did|can|could)\s+([a-z][\w'-]*s)\s+\w+", re.I)
_MAX_WORDS = 5  # a longer phrase is no short reminder
_QUOTE_MAX_WORDS = 8  # with no phrase to read, a question this short is said back whole
#: closed-class words that may open a sentence and are never a name: lower-cased after an opening
_LOWER = frozenset(
    "the a an it its this that these those there their they he she his her our we here what which some "
    "every each both on you"
    # session 24 (brief D, W2): the prepositions, conjunctions and possessives that open a sentence
    " my your in at for from with by during after before of to into over under since until as about across "
    "through between among without within behind and but or so if when while because although though once "
    "all most many several no any".split()
)


def recalled(question: str) -> str | None:
    """What a viewer's question was about, in its own words, short: "which country won the most golds?" ->
    "the most golds"; "who is Eileen Gu?" -> "Eileen Gu"; "what is a double cork?" -> "a double cork";
    "is the hoodie available in blue?" -> "the hoodie"; "how fast do bobsleds go?" -> "bobsleds". None when
    no phrase of at most ``_MAX_WORDS`` words can be read off it."""
    text = " ".join(question.split())
    if not text:
        return None
    subject = question_subject(text)  # a wh-question's "the ..." phrase or name, as the address reads it
    if subject:
        return subject
    found = [(m.start(), m.group(1)) for m in _PHRASE.finditer(text)]
    found += [(m.start(), m.group(1)) for m in _SUBJECT_NAME.finditer(text) if m.start() > 0]
    found = [(i, p) for i, p in found if 1 <= len(p.split()) <= _MAX_WORDS]
    if found:
        return min(found)[1]
    how = _HOW_DO.match(text)
    return how.group(1) if how else None


def recall_line(name: str | None, question: str) -> str | None:
    """The opening of a late answer: "ren, on the most golds:"; with no phrase to read, a short question
    said back ('ren, you asked "how are the medals made":'); without a name, the phrase alone ("On the most
    golds:"). None when the question is empty or too long to say back and no phrase can be read, or when
    what would be said back is flagged by ``say_back.flagged`` (a slur, a hate group's name, a URL, an
    attack): then the answer opens with its own words."""
    subject = None if _YOU.search(question) else recalled(question)
    if subject is None:  # a question to the host ("are you a bot?") is said back whole, not "on a bot"
        said = " ".join(question.split()).rstrip(" ?!.")
        if not said or len(said.split()) > _QUOTE_MAX_WORDS or flagged(said):
            return None
        said = said[:1].lower() + said[1:] if said.split()[0].lower() in _WH_OPENERS else said
        return f'{name}, you asked "{said}":' if name else f'You asked "{said}":'
    if flagged(subject):
        return None  # a viewer's words no reader passes are not said back (session 20, brief S2)
    return f"{name}, on {subject}:" if name else f"On {subject}:"


def said_back(question: str, text: str) -> bool:
    """``text``'s first sentence holds every word of what ``question`` was about (``recalled``, less "the",
    "a", "an"): "what was the Olympic mascot called?" and "The Olympic mascot was Bing Dwen Dwen, ..." -
    the answer says what it answers. False when nothing can be read off the question."""
    subject = recalled(question)
    if not subject or _YOU.search(question):
        return False
    first = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0]
    words = set(re.findall(r"[\w'-]+", subject.lower())) - {"the", "a", "an"}
    return bool(words) and words <= set(re.findall(r"[\w'-]+", first.lower()))


_YOU = re.compile(r"\b(?:you|your|yours|yourself|u|ur)\b", re.I)
_WH_OPENERS = frozenset(
    "who what when where which why how is are was were do does did can could will would should".split()
)


def joined(opening: str, sentence: str, sep: str = " - ", own: bool = False) -> str:
    """``opening`` and ``sentence`` as one line: ``opening`` (its closing "!" or "." taken off) then ``sep``
    then the sentence, whose first word is lower-cased only when it is a closed-class word (``_LOWER``):
    "Welcome, anna_b - the Olympic mascot was ...", "Welcome in, lumi - Eileen Gu, competing ...". "I" and
    every other word keep their capital. ``own``: the sentence is the persona's own (a card line, no fact):
    its first word is lower-cased unless it is "I" or opens a name of two capitalised words (W2, s24)."""
    head = opening.rstrip(" !.")
    words = sentence.split(maxsplit=2)
    first = words[0] if words else ""
    bare = first.strip("\"'“”‘’").lower()
    named = len(words) > 1 and first[:1].isupper() and words[1][:1].isupper()  # "Frosty Fox here"
    if own and first[:1].isupper() and first[1:2].islower() and not named:  # not "I", "I'm", "AI"
        sentence = unlead(sentence)
    elif bare in _LOWER and first[:1].isupper():
        sentence = sentence[:1].lower() + sentence[1:]
    elif first[:1] in "\"'“‘" and bare in _LOWER and first[1:2].isupper():
        sentence = sentence[:1] + sentence[1:2].lower() + sentence[2:]
    return f"{head}{sep}{sentence}"


def opened(opening: str | None, sentence: str, name: str | None, own: bool, asked: str = "") -> str:
    """A late answer's first sentence after its recall (``recall_line``; None: the sentence alone), joined as
    ``joined`` does; a card line that says the question ``asked`` back itself ("My favourite winter
    sport?": a question whose every word but "my" is one of the viewer's) opens with the name instead of
    the recall, so the question is not said twice (W3, s24): "lumi, my favourite winter sport?"."""
    if not opening:
        return sentence
    words = set(re.findall(r"[\w'-]+", sentence.lower())) - {"my"}
    if own and sentence.rstrip().endswith("?") and words <= set(re.findall(r"[\w'-]+", asked.lower())):
        return joined(f"{name},", sentence, " ", own=True) if name else sentence
    return joined(opening, sentence, " ", own=own)


def own_words(answer: object) -> bool:
    """The answer is the persona card's line (``HostAnswer``), not a knowledge fact: ``joined``'s ``own``."""
    return isinstance(answer, HostAnswer)


def unlead(line: str) -> str:
    """A framing line said after an opening ("Honestly, I don't know ..." -> "honestly, I don't know ...");
    "I" and a name keep their capital. For lines of the realizer's own templates, never for a fact."""
    first = line.split(maxsplit=1)[0] if line.strip() else ""
    if not first or first == "I" or first.startswith(("I'", "I’")) or not first[:1].isupper():
        return line
    return line[:1].lower() + line[1:]


__all__ = [
    "joined",
    "opened",
    "own_words",
    "question_subject",
    "recall_line",
    "recalled",
    "said_back",
    "unlead",
]
