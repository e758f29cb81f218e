"""A question by its word order, typed without "?" (session 17, brief Q; declared in docs/perception.md).

Viewers type questions lower-case and without "?" ("did you see the halfpipe final", "hi, is the race on",
"i missed it, where was the race", "wat r u playing"). The template classifier reads many of them as
chit-chat, praise or a greeting: its rows were written by us, with "?" or a question word first. Screening's
``is_question`` needs the question word or auxiliary first (``agent/screening.py``); this module reads the
inversion itself, where a viewer puts it:

- an auxiliary first, then its subject: "is he", "did the us", "can i", "r u" (``do``/``have``/``had``
  only before a personal pronoun: "do a segment on downhill next", "have a good one" are no questions);
- a question word first, then an auxiliary ("where was", "how do i", "what's"), a question word's own
  measure ("how many", "how long"), or a verb after "who" ("who carried the flag"); not a question word
  opening a clause that states ("when he was in high school, ...", "what a run", "what i think is ...");
- that opening after lead-in words ("hi, ", "oh wow ", "yeah so "), or in the line's last clause after a
  comma ("i missed it, where was the race"), where only a personal subject or a question word with an
  auxiliary counts ("..., is that it took 6 hours" states);
- never small talk ("what's up", "how are you", "how's it going"): a greeting's question, kept as it is read.

Chat spellings of the words are read as the words ("wat", "wut", "hw", "wher", "r", "u", "ya", "ur").
Pure, no I/O; the word lists are closed classes of English, not fitted.
"""

from __future__ import annotations

import re

_BE = frozenset("is isnt isn't are arent aren't r was wasnt wasn't were werent weren't am".split())
_MODAL = frozenset(
    "can cant can't could couldnt couldn't will wont won't would wouldnt wouldn't should shouldnt shouldn't "
    "shall may might must".split()
)
#: Auxiliaries that open a question before any subject ("does the race", "did the us win").
_DOES = frozenset("does doesnt doesn't did didnt didn't has hasnt hasn't".split())
#: Auxiliaries that also open an order ("do a segment", "have a good one"): a personal subject must follow.
_DO = frozenset("do dont don't have havent haven't had hadnt hadn't".split())
_AUX = _BE | _MODAL | _DOES | _DO | {"'s", "s"}
#: Personal subjects, and words that open a noun phrase as a subject.
_PERSONAL = frozenset(
    "you u ya i we they he she it anyone anybody someone somebody everyone y'all yall".split()
)
_DEMONSTRATIVE = frozenset("that this there those these".split())
_DETERMINER = frozenset("the a an any my your ur his her their our its some all".split())
_WH = frozenset(
    "what wat wut whats what's wats who whos who's whom whose when where wher wheres where's why how hw hows "
    "how's which".split()
)
_WH_CONTRACTED = frozenset("whats what's wats whos who's wheres where's hows how's".split())
_HOW_MEASURE = frozenset("much many long often old far soon big fast tall high come".split())
#: Words a viewer puts before the question itself.
_LEAD = frozenset(
    "hi hello hey heya hiya yo oh ok okay so well yeah yes yep no nope wow lol haha and but also then hmm um "
    "uh ah ahh ooh interesting cool nice really wait btw".split()
)
_SMALL_TALK = re.compile(
    r"^(?:(?:what|wat|wut)(?:'s|s| is)? up|sup|how(?:'s|s| is) it going"
    r"|how (?:are|r) (?:you|u|ya)(?: doing| doin)?|how (?:you|u|ya) doin[g']?)\b"
)
_CLAUSE = re.compile(r"[,;:]|\s-\s|\.\.\.")
#: Public for ``misspelt`` (session 18, brief Q): a question's openings are read after the same words.
LEAD = _LEAD
HOW_MEASURE = _HOW_MEASURE
_WORD = re.compile(r"[a-z0-9']+")


def opens_inverted(words: list[str]) -> bool:
    """Whether ``words`` (lower-case) open with a question's inversion (module docstring), 3 words or more."""
    if len(words) < 3:
        return False
    w0, w1 = words[0], words[1]
    subject = w1 in _PERSONAL or w1 in _DEMONSTRATIVE or w1 in _DETERMINER
    if w0 in _BE or w0 in _MODAL or w0 in _DOES:
        return subject
    if w0 in _DO:
        return w1 in _PERSONAL and w1 != "it"
    if w0 not in _WH:
        return False
    if w0 in _WH_CONTRACTED or w1 in _AUX:
        return True  # "what's the score", "where was the race", "how do i"
    if w0 in ("how", "hw"):
        return w1 in _HOW_MEASURE  # "how many medals", "how long is the race"
    if w0 in ("who", "whom"):
        return not subject  # "who carried the flag"; not "who i think ..."
    if w0 in ("what", "wat", "wut", "which", "whose"):
        return not subject and w1 not in ("a", "an") and words[2] in _AUX  # "what time is it"
    return False


def _clauses(text: str) -> list[list[str]]:
    return [w for part in _CLAUSE.split(text.lower()) if (w := _WORD.findall(part))]


def _small_talk(clauses: list[list[str]]) -> bool:
    return any(_SMALL_TALK.match(" ".join(c[i:])) for c in clauses for i in range(min(len(c), 3)))


def _opening(clauses: list[list[str]]) -> list[str] | None:
    """The words of the opening inversion (after lead-in words, or in the clause after a lone lead-in), if
    the line opens with one."""
    first = clauses[0]
    i = 0
    while i < len(first) and first[i] in _LEAD:
        i += 1
    if opens_inverted(first[i:]):
        return first[i:]
    if i == len(first) and len(clauses) > 1 and opens_inverted(clauses[1]):
        return clauses[1]  # "hi, do you like the halfpipe"
    return None


def opens_asking(text: str) -> bool:
    """Whether ``text`` opens (after lead-in words) with a question's inversion that does not ask "why", and
    is no small talk: how a complaint's line that is a question opens (session 17, brief Q, W3). "who carried
    the flag for norway", "is that a lot"; not "why is there no sound", not "the chat is a mess, where are the
    mods" (a complaint's question in its last clause)."""
    clauses = _clauses(text)
    if not clauses or _small_talk(clauses):
        return False
    opening = _opening(clauses)
    return opening is not None and opening[0] not in ("why", "y")


def inverted_question(text: str) -> bool:
    """Whether ``text`` asks by its word order: the opening (after lead-in words) or the last clause is a
    question's inversion, and no clause is small talk (module docstring)."""
    clauses = _clauses(text)
    if not clauses or _small_talk(clauses):
        return False
    if _opening(clauses) is not None:
        return True
    last = clauses[-1]  # "i missed it, where was the race"; not "..., is that it took 6 hours"
    if len(clauses) < 2 or len(last) < 3:
        return False
    if last[0] in _WH:  # not "..., who was a brilliant man", "..., which is why": relative clauses
        return (last[0] in _WH_CONTRACTED or last[1] in _AUX) and opens_inverted(last) and last[0] != "which"
    return last[1] in _PERSONAL and opens_inverted(last)


#: Words a reaction is made of besides its question word ("bruh why", "wait what", "why tho"; session 17,
#: brief Q, candidate W2): interjections, laughs and a few function words, not content.
REACTION = frozenset(
    "bruh bro wait tho though lol lmao omg wtf wtff huh hmm man dude yo oh ah wow ok okay so and but the "
    "then just really even like yeah yes no pls".split()
)
#: How many content words a line with a question word that is not first needs to be a question's note
#: ("slalom final when start"; W2).
NOTE_WORDS = 2


def content_words(norm: str) -> int:
    """How many words of screening's normalized text (emotes already dropped) are content: 2+ letters, not a
    question word, not a ``REACTION`` word."""
    return sum(
        1
        for w in _WORD.findall(norm)
        if sum(ch.isalpha() for ch in w) >= 2 and w not in _WH and w not in REACTION
    )
