"""Whether a phrase a viewer typed may be said back on air (issue 14, session 20, brief S).

A viewer who asks for a cheer or a shout-out names its target ("can you do a cheer for team Norway?"); a troll
names a hate group, a slur, a URL or a handle ("give a shoutout to the kkk" got "Let's hear it for the kkk",
session 19's review). ``safe_target(target, known)`` is the one rule: the phrase is said back only when

1. none of the project's readers flags it: ``screening.moderate`` (spam, a URL, an injection, a short list
   of attacks, and the slur list and ``lexicon.ABUSE`` words, as typed) and ``abuse.find_slur`` /
   ``lexicon.has_abuse`` on ``abuse.normalize``'s reading (a disguised spelling);
2. it is a plain name phrase the host knows: every word is a country or a nationality word
   (``knowledge/name_forms.txt``, a plural "norwegians" too, and the few team names of countries whose name is
   more than one word: ``_TEAM_COUNTRIES``), a word of a team phrase (``_TEAM_WORDS``: "team", "the",
   "national", a sport word), or the phrase is a name the host knows (``known``: the perception gazetteer's
   athletes always, the knowledge base's heading names where the caller has them; the whole name, never a
   surname alone: "white" of "Shaun White" is a word a troll cheers for, seen on Davidson's train part); or
   it is "your" + a family or friend word ("your mom", "your little brother": the "my mom" of a shout-out,
   said to the viewer), less any name typed after it ("your sister emma" -> "your sister").

An allow-list, not a block-list: nothing here was fitted on the bad targets, and a target the rule does not
know (a typed person's name, a group, a word, a handle) is not said; the caller takes the request up without
its words. ``flagged(span)`` is the first condition alone, for spans that are no name to cheer (a place a
viewer says they watch from). English; pure functions of the text (the tables are read once).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from pathlib import Path

from agent.perception.abuse import find_slur
from agent.perception.abuse import normalize as abuse_normalize
from agent.perception.core import ATHLETES
from agent.perception.lexicon import has_abuse
from agent.screening import moderate

#: Countries whose name is more than one word (``name_forms.txt`` holds one-word names only), by the short
#: names teams go by; a hand list, declared in docs/safety.md (session 20), not fitted on any target.
_TEAM_COUNTRIES = frozenset(
    "usa us america american americans uk gb britain british korea korean koreans zealand roc czech".split()
)
#: The first word of a two-word country name: a nation word only before its partner; alone it names nothing
#: ("cheer for the south", "the great team" were said back: review, session 20)
_FIRST_OF_TWO = {"great": ("britain",), "south": ("korea", "korean", "koreans"), "new": ("zealand",)}
#: Words of a team phrase around a country or a sport ("the Norwegian hockey team", "team Canada").
_TEAM_WORDS = frozenset(
    "the team teams our national olympic olympics paralympic squad men's mens women's womens men women "
    "boys girls and & athletes skiers skaters snowboarders jumpers players relay hockey ice curling curlers "
    "ski skiing jumping snowboard snowboarding biathlon biathletes luge bobsleigh bobsled skeleton figure "
    "skating speed short track alpine freestyle cross-country nordic halfpipe slopestyle big air "
    "downhill slalom".split()
)
#: "your ..." a shout-out or a hello may be for ("say hi to my mom" -> "your mom").
_FAMILY = frozenset(
    "mom mum mommy mama mother dad daddy papa father parents sister sis brother bro siblings grandma granny "
    "gran nan nana grandpa grandad granddad grandparents aunt auntie uncle cousin cousins wife husband "
    "partner son daughter kids children baby family friend friends bestie bff girlfriend boyfriend gf bf "
    "fiance fiancee teacher coach class classmates team roommate neighbor neighbour dog cat".split()
)
_FAMILY_ADJECTIVES = frozenset("little lil big baby older younger old best twin whole".split())
_MAX_WORDS = 6
_MAX_CHARS = 60
_TERM_WORD = re.compile(r"[a-z0-9']+")
_DATA = Path(__file__).resolve().parent / "data"
_WORD = re.compile(r"[^\W\d_][^\W\d_'&.-]*(?:['&.-][^\W\d_]*)*|&")


@functools.lru_cache(maxsize=1)
def _nations() -> frozenset[str]:
    from knowledge.name_forms import load

    table = load()
    words = {w for d, c in table.items() for w in (d, c.lower())}
    return frozenset(words | {f"{d}s" for d in table} | _TEAM_COUNTRIES)


@functools.lru_cache(maxsize=1)
def echo_terms() -> tuple[frozenset[tuple[str, ...]], int]:
    """The echo-term set (``data/echo_terms.txt``: public lists, built by ``evals.build_echo_terms``;
    session 20, brief S2) as word tuples, and the longest term's length in words; empty where no set is
    shipped (the candidates measured and not kept: docs/safety.md)."""
    path = _DATA / "echo_terms.txt"
    if not path.exists():
        return frozenset(), 0
    lines = path.read_text(encoding="utf-8").splitlines()
    terms = frozenset(tuple(t.split()) for t in lines if t.strip() and not t.startswith("#"))
    return terms, max((len(t) for t in terms), default=0)


def _has_term(text: str) -> bool:
    terms, longest = echo_terms()
    ws = tuple(w.strip("'") for w in _TERM_WORD.findall(text.lower()) if w.strip("'"))
    return any(ws[i : i + k] in terms for k in range(1, longest + 1) for i in range(len(ws) - k + 1))


def _names_a_nation(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` is a country or nationality word; the first word of a two-word name
    (``_FIRST_OF_TWO``) only before its partner ("south korea": both; "the south": neither)."""
    partners = _FIRST_OF_TWO.get(words[i])
    if partners is None:
        return words[i] in _nations()
    return i + 1 < len(words) and words[i + 1] in partners


def flagged(span: str) -> bool:
    """True when any of the project's readers flags ``span``: a slur in any spelling, an ``ABUSE`` word,
    spam, a URL, an injection or an attack (``screening.moderate``), or a term of the echo-term set (a
    hate group's name, a slur or an obscenity of two public lists) as typed or on ``abuse.normalize``'s
    reading."""
    if moderate(span) not in ("ok", "empty"):
        return True
    plain = abuse_normalize(span)
    if find_slur(span) is not None or has_abuse(plain) or "url" in plain.split():
        return True
    return _has_term(span) or _has_term(plain)


def _words(phrase: str) -> list[str]:
    low = phrase.lower().replace("\u2019", "'")
    return [re.sub(r"'s$", "", w) for w in _WORD.findall(low)]


@functools.lru_cache(maxsize=8)
def _known(known: tuple[str, ...]) -> frozenset[str]:
    return frozenset(" ".join(_words(n)) for n in (*ATHLETES, *known)) - {""}


def safe_target(target: str, known: Collection[str] = ()) -> str | None:
    """``target`` as it may be said back (the words as typed, or "your <family word>" less a typed name
    after it), or None when it may not (the module docstring has the rule)."""
    phrase = " ".join(target.split())
    if not phrase or len(phrase) > _MAX_CHARS or flagged(phrase):
        return None
    raw = phrase.split(" ")
    words = _words(phrase)
    if not words or len(raw) > _MAX_WORDS or len(words) != len(raw):
        return None  # a digit, an @handle, an emoji, a stray mark: no plain name phrase
    if words[0] == "your":
        k = 1
        while k < len(words) and words[k] in _FAMILY_ADJECTIVES:
            k += 1
        if k < len(words) and words[k] in _FAMILY:
            return " ".join(raw[: k + 1])  # "your sister emma" -> "your sister": the typed name unsaid
        return None
    core = [w for w in words if w not in ("the", "team")]
    if core and " ".join(core) in _known(tuple(sorted(known))):
        return phrase
    named = [_names_a_nation(words, i) for i in range(len(words))]
    if any(named) and all(n or w in _TEAM_WORDS for n, w in zip(named, words, strict=True)):
        return phrase
    return None
