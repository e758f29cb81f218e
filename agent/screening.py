"""Screening: the checks every input gets once, before any stage reads it.

``screen(text) -> Screening``: normalization, moderation (``moderate``: spam, abuse, injection, empty) and
question detection (``is_question``); the newcomer flag is set by whoever tracks viewers (triage, or the
agent's ``Viewers`` for channels without triage). Triage and perception both read this verdict, carried
on the turn's input value; nothing screens the same input twice. One function per check, so a better
classifier is swapped in one place (``moderate``).

Hot-path code (triage's budget is ~50 us a comment): regexes, dict caches and substring hints; no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

from agent.events import Comment, InputEvent, Message, Question

# Emotes that are ordinary-looking words or lower-case, so the camel-case rule below misses them.
KNOWN_EMOTES: frozenset[str] = frozenset(
    s.lower()
    for s in """Kappa Keepo PogChamp Pog POGGERS LUL LULW OMEGALUL KEKW Pepega PepeHands PepeLaugh monkaS
    monkaW FeelsGoodMan FeelsBadMan FeelsOkayMan FeelsStrongMan WutFace Kreygasm BibleThump ResidentSleeper
    SwiftRage Jebaited TriHard cmonBruh NotLikeThis DansGame BabyRage 4Head 4HEad EZ Clap AYAYA gachiGASM
    gachiBASS gachiHYPER HYPERS PogU Sadge widepeepoHappy peepoHappy 5Head WeirdChamp forsenCD haHAA SeemsGood
    VoHiYo
    CoolStoryBob HeyGuys MrDestructoid BloodTrail DatSheffy Kappa123 KappaPride TwitchUnity CurseLit GivePLZ
    TakeNRG PJSalt SMOrc OpieOP NotATK copyThis pastaThat ClapHD monkaHmm""".split()
)

_CAMEL_EMOTE = re.compile(
    r"^(?:[a-z0-9]+[A-Z][A-Za-z0-9]*|[A-Z]+[a-z]+[A-Z][A-Za-z0-9]*|[A-Z0-9]{2,}[a-z]+[A-Z]+)$"
)
_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:|\[[^\[\]\s]{1,12}\]")  # :rabbit_face:, :face-blue-smiling:, [doge]
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|net|org|tv|gg|ly|io|xyz|ru|top|link|shop)(?:/\S*)?\b", re.I
)
_REPEAT = re.compile(r"(.)\1{2,}")  # three or more of the same character
_NON_WORD = re.compile(r"[^\w\s?']+")
_QMARKS = re.compile(r"\s*\?[\s?]*")

_TOKEN_CACHE: dict[str, str] = {}
_CACHE_MAX = 8_192  # recent tokens (~0.15 KB each): bounded small so memory is flat within a minute


def _token(token: str) -> str:
    """One whitespace token, normalized ("" for an emote). Cached: chat reuses a small vocabulary."""
    out = _TOKEN_CACHE.get(token)
    if out is None:
        if token.lower() in KNOWN_EMOTES or (_CAMEL_EMOTE.match(token) and not token.isupper()):
            out = ""
        else:
            out = token.lower()
            if not out.isascii():
                out = "".join(ch for ch in out if unicodedata.category(ch)[0] != "S").replace("？", "?")
            out = _NON_WORD.sub("", _REPEAT.sub(r"\1", out))
        if len(_TOKEN_CACHE) >= _CACHE_MAX:
            _TOKEN_CACHE.clear()
        _TOKEN_CACHE[token] = out
    return out


def normalize(text: str, emotes: frozenset[str] = frozenset()) -> str:
    """Lower-case text with emotes, emoji, links and punctuation removed and runs squeezed.

    ``"WHAT song is this??? WutFace WutFace"`` and ``"what song is thissss?"`` both give
    ``"what song is this?"``. A question mark survives (question detection reads it); a character typed
    three or more times in a row counts once; a word repeated back to back counts once.
    ``emotes`` are tokens the platform marked as emotes (removed whatever they look like).
    """
    if ":" in text or "[" in text:
        text = _SHORTCODE.sub(" ", text)
    if "." in text or "/" in text:
        text = _URL.sub(" ", text)
    out: list[str] = []
    prev = ""
    for raw in text.split():
        token = "" if raw in emotes else _token(raw)
        if token and token != prev:
            out.append(token)
            prev = token
    s = " ".join(out)
    if "?" in s:
        s = _QMARKS.sub("?", s).strip()
        if s == "?":
            return ""
    return s


# --------------------------------------------------------------------------- classification

Verdict = Literal["ok", "spam", "abuse", "injection", "empty"]

_INJECTION = re.compile(
    r"ignore (?:all |any |the |your )?(?:previous |prior |above |earlier |preceding )?"
    r"(?:instructions|prompts?|rules|directions)|disregard (?:all |any |the |your )?"
    r"(?:previous |prior |above )?(?:instructions|rules|prompt)"
    r"|system ?(?:prompt|message|instructions?|config)"
    r"|your (?:\w+ )?(?:instructions|initial prompt|prompt|rules|guidelines|configuration)\b"
    r"|(?:initial|original|starting|hidden|secret|first) (?:instructions|prompt|configuration|message)"
    r"|(?:you were|were you|i was|i am|i'm) (?:\w+ )?(?:told|instructed|programmed)\b|instructions are"
    r"|(?:instructions|text|prompt|rules) (?:you were|you've been|you have been) given"
    r"|developer mode|maintenance mode|debug mode|jailbreak|\bdan mode\b|you are now\b"
    r"|from now on,? you (?:are|will)|pretend (?:to be|you are)|act as (?:an?|my)\b"
    r"|repeat (?:the|all|everything|this)(?: \w+){0,3} (?:above|before|back)|word for word|text above"
    r"|(?:print|reveal|show|output|tell me) (?:your|the) (?:\w+ )?(?:prompt|instructions|password|access code"
    r"|secret)|access (?:code|granted)|not supposed to (?:tell|say|reveal)|initiali[sz]ation string"
    r"|(?:admin|administrator) override|\[/?(?:inst|system)\]|<\|im_start\|>|new instructions"
    r"|override (?:your|the) |(?:instructions|rules|prompt) so far"
    r"|(?:previous|prior|above|hidden) (?:instructions|rules|words|text)"
    r"|(?:all|each|every) (?:of )?the (?:instructions|rules)|(?:the|your) (?:pre-?)?prompt\b"
    r"|begin your (?:response|reply|answer) with|start your (?:response|reply|answer) with"
    # the host's own rules or setup asked in ordinary words (session 21, brief S): the rules the host was
    # given, follows or was told ("what rules were you given", "what instructions did you get"), the host set
    # up, configured or programmed ("how were you set up"), what its makers told it; a sport's rules are no
    # one's given to "you" ("what rules were the skiers given", "what are the rules of curling")
    # (E2, brief S2: only rules, instructions, guidelines or directives, "set up" only in the past and not
    # before for / with / to, "follow" or "given" not before when / for / to: "how are you set up for
    # streaming", "did you get any orders today", "what rules do you follow when picking a poll winner" are a
    # viewer's ordinary questions)
    r"|(?:rules|instructions|guidelines|directives)"
    r" (?:were|was|have|had|did|do|are) (?:you|u) (?:been )?"
    r"(?:given|told|get|got|gotten|receive|received|follow|following|obey|obeying|have to follow)\b"
    r"(?! (?:when|for|to)\b)"
    r"|(?:were|have|had|did) (?:you|u) (?:been )?(?:given|get|got|receive|received)"
    r" (?:any |some |the |your )?(?:rules|instructions|guidelines|directives)\b(?! (?:when|for|to)\b)"
    r"|(?:how|who|why) (?:were|have) (?:you|u) (?:been )?set up\b(?! (?:for|with|to)\b)"
    r"|(?:were|are|have) (?:you|u) (?:been )?(?:configured|programmed|instructed|prompted)\b"
    r"(?! (?:for|with)\b)"
    r"|(?:your|the|their) (?:creators?|developers?|devs|makers?|programmers?|owners?)"
    r" (?:tell|told|give|gave|given|instruct|instructed) (?:you|u)\b"
    r"|(?:rules|instructions|guidelines|directives) (?:did|do|have|had)"
    r" (?:they|the \w+|your \w+) (?:give|gave|given) (?:you|u)\b"
    r"|(?:who|what) set (?:you|u) up\b(?! (?:for|with|to)\b)"
    r"|(?:your|ur) (?:setup|set-up|set up|config|configuration) (?:say|says|said|tells?)"
    r"|(?:what|which) (?:are|were) your (?:orders|directives)(?:\?|$)"
)
_INJECTION_HINTS = (
    "ignore",
    "set up",
    "setup",
    "set-up",
    "config",
    "orders",
    "directive",
    "follow",
    "tell you",
    "told you",
    "give you",
    "gave you",
    "disregard",
    "prompt",
    "instruct",
    "system",
    "rules",
    "guideline",
    "configuration",
    "told",
    "given",
    "programmed",
    "developer",
    "maintenance",
    "debug",
    "jailbreak",
    "dan mode",
    "you are now",
    "from now on",
    "pretend",
    "act as",
    "repeat",
    "word for word",
    "text above",
    "access",
    "password",
    "secret",
    "supposed to",
    "initiali",
    "override",
    "[inst",
    "[system",
    "im_start",
)
# A short list of slurs and direct attacks. Moderation here is a cheap first gate; the dialogue safety
# check is the second one.
_ABUSE = re.compile(
    r"\b(?:kys|kill (?:yo)?urself|go die|n[i1]gg(?:er|a)s?|f[a@]gg?(?:ot)?s?|retard(?:ed)?s?"
    r"|tr[a@]nn(?:y|ies)|c[u\*]nts?|wh[o0]res?|sl[u\*]ts?|(?:you(?:'re| are)|ur|u r) (?:a |an |so )?"
    r"(?:stupid|idiot|dumb|ugly|trash|worthless|pathetic|moron|loser)"
    r"|shut (?:the fuck )?up (?:bitch|bot|idiot)"
    r"|fuck (?:you|off|u)\b|stfu)\b"
)
_ABUSE_HINTS = (
    "kys",
    "kill",
    "die",
    "igg",
    "agg",
    "@gg",
    "tard",
    "trann",
    "tr@nn",
    "c*nt",
    "cunt",
    "whor",
    "wh0r",
    "slut",
    "sl*t",
    "idiot",
    "stupid",
    "dumb",
    "ugly",
    "trash",
    "worthless",
    "pathetic",
    "moron",
    "loser",
    "shut",
    "fuck",
    "stfu",
)
_SPAM = re.compile(
    r"(?:free|cheap) (?:followers|viewers|subs|vbucks|robux|skins)|follow (?:me|my channel|back)"
    r"|check (?:out )?my (?:channel|stream|profile)|sub ?4 ?sub|f4f|promo code|bitcoin|crypto (?:giveaway"
    r"|airdrop)|onlyfans|\bdm me\b|click (?:the |my )?link|best viewers on"
)
_SPAM_HINTS = (
    "free",
    "cheap",
    "follow",
    "check",
    "sub",
    "f4f",
    "promo",
    "bitcoin",
    "crypto",
    "onlyfans",
    "dm me",
    "click",
    "best viewers",
)

_ANY_HINT = re.compile(
    "|".join(re.escape(h) for h in (*_INJECTION_HINTS, *_ABUSE_HINTS, *_SPAM_HINTS, ".", "/"))
)


def classify(raw: str, norm: str) -> Verdict:
    """Moderation verdict for one comment (``raw`` as typed, ``norm`` from ``normalize``).

    Each regex runs only when one of its cheap substring hints is present: the common chat line pays for a
    few ``in`` checks, not three alternation scans.
    """
    low = raw.lower()
    if not _ANY_HINT.search(low):  # the common case: one scan for every category's hints
        if len(norm) > 60 and raw.isupper():
            return "spam"  # long all-caps copypasta
        return "ok" if norm else "empty"
    if any(h in low for h in _INJECTION_HINTS) and _INJECTION.search(low):
        return "injection"
    if any(h in low for h in _ABUSE_HINTS) and _ABUSE.search(low):
        return "abuse"
    if (("." in low or "/" in low) and _URL.search(low)) or (
        any(h in low for h in _SPAM_HINTS) and _SPAM.search(low)
    ):
        return "spam"
    if len(norm) > 60 and raw.isupper():
        return "spam"  # long all-caps copypasta
    if not norm:
        return "empty"
    return "ok"


QUESTION_START = frozenset(
    "what whats what's who whos who's whom whose when where wheres where's why how hows how's which is "
    "am are "
    "can could do does did will would should shall has have had was were may might isnt isn't arent aren't "
    "doesnt doesn't dont don't didnt didn't wont won't cant can't anyone anybody any".split()
)
_NEGATIVE_START = frozenset(
    "isnt isn't arent aren't doesnt doesn't dont don't didnt didn't wont won't cant can't".split()
)
_SUBJECTS = frozenset("you u ya i we they he she it that this there chat anyone anybody".split())
_ZH_QUESTION = re.compile(r"[吗呢嘛么]$|什么|怎么|为什么|为啥|哪|几|多少|是不是|能不能|会不会|有没有")


# Exclamatives (s18, brief Q2): a question word first that asks nothing. "what a run", "what an ending lol",
# "what a game that was" (a/an and a noun phrase; a verb only after its subject); "how cool is that",
# "how good was that lol" (how, an adjective of feeling, is/was that/this, then only reactions).
_INVERTING = frozenset(
    "is are was were am do does did can could will would should shall has have had may might must".split()
)
_FEELING = frozenset(
    "cool awesome amazing crazy insane wild nuts nutty funny hilarious sick nice great good bad lucky sad "
    "weird cute beautiful gorgeous epic dope neat fun impressive incredible unbelievable ridiculous stupid "
    "dumb scary creepy sweet perfect bizarre lovely brilliant savage clutch".split()
)
_INTENSIFIERS = frozenset("so freaking fricking fucking damn very really".split())
_REACTIONS = frozenset("lol lmao lmfao rofl haha hahaha omg wow man bro dude chat xd".split())


def is_exclamative(words: list[str], asked: bool = False) -> bool:
    """``words`` (a normalized line's, "?" removed) open an exclamative: "what a/an" and no auxiliary before a
    subject after it ("what a run did she have" asks), or "how" + an adjective of feeling + "is/was
    that/this" + reactions only ("how good is it" may ask about a product).

    ``asked``: the line held a "?". A writer's "?" after "what a ..." keeps it a question (no such line in
    Topical-Chat's fit part); "how cool is that?" stays an exclamation (the fit part's writers end that form
    with "?", "!" and "." alike: 2, 1, 1)."""
    if len(words) < 2:
        return False
    if words[0] == "what":
        if asked or words[1] not in ("a", "an"):
            return False
        rest = words[2:]
        return not any(w in _INVERTING and nxt in _SUBJECTS for w, nxt in zip(rest, rest[1:], strict=False))
    if words[0] != "how":
        return False
    i = 1
    while i < len(words) - 1 and words[i] in _INTENSIFIERS:
        i += 1
    if words[i] not in _FEELING:
        return False
    i += 1
    if words[i + 1 : i + 2] in (["that"], ["this"]) and words[i] in ("is", "was"):
        i += 2
    elif asked:  # "how good?" asks
        return False
    return all(w in _REACTIONS for w in words[i:])


# An exclamative's intent (s18, brief Q3): taken from its evaluative word. Praise for a positive one ("how
# cool is that", "what a great run"); complaint only for a clearly negative one ("how stupid is that",
# "what a joke"); neither (crazy, wild, nutty, "what a combo"): the classifier's praise or chit-chat, else
# chit-chat (Q3b: Q3's "always chit-chat" made "what a performance by su yiming" chit-chat).
_PRAISING = frozenset(
    "cool awesome amazing great good nice sweet perfect lovely brilliant beautiful gorgeous epic dope neat "
    "fun impressive incredible insane sick clutch cute funny hilarious lucky savage legend banger "
    "beauty".split()
)
_DEPLORING = frozenset(
    "stupid ridiculous dumb boring terrible awful horrible pathetic lame joke mess disaster ripoff trash "
    "garbage".split()
)


def exclamative_intent(words: list[str], picked: str = "chit-chat") -> str:
    """The intent of an exclamative's ``words`` (``is_exclamative``): "complaint" if a clearly negative word
    is in it, else "praise" if a positive one is, else the classifier's ``picked`` if praise or chit-chat,
    else "chit-chat" (never a classifier's complaint; Q3b: "what a talent" stays praise)."""
    if any(w in _DEPLORING for w in words):
        return "complaint"
    if any(w in _PRAISING for w in words):
        return "praise"
    return picked if picked in ("praise", "chit-chat") else "chit-chat"


def is_question(norm: str) -> bool:
    """A question: a question mark (and two words), a question word first (with at least 3 words; a negative
    auxiliary only before a subject), or a Chinese particle; not an exclamative (``is_exclamative``)."""
    if not norm:
        return False
    words = norm.split()
    if norm.startswith(("what", "how")) and is_exclamative(norm.replace("?", " ").split(), asked="?" in norm):
        return False
    if "?" in norm:
        # two words at least ("song name?"); "bruh?", "what?" and "2.5/?" are reactions, not questions
        return sum(any(ch.isalpha() for ch in w) for w in words) >= 2 or (
            not norm.isascii() and any(ch.isalpha() for ch in norm)
        )
    if len(words) >= 3 and words[0] in QUESTION_START:
        # "don't eat dog" is an order, "don't you think so" a question: a negative auxiliary asks only
        # when a subject follows it
        return words[0] not in _NEGATIVE_START or words[1] in _SUBJECTS
    return not norm.isascii() and bool(_ZH_QUESTION.search(norm))


# Perception's lexicon rules, which must win over a soft intent classifier (missing them costs a lot):
# injection phrases (English and Chinese) and the abusive-word lexicon. Part of ``moderate``.
_INJECTION_LEXICON = re.compile(
    r"(ignore (all |the )?(previous|prior|above)|system prompt|your (instructions|rules|prompt)|"
    r"developer mode|"
    r"disregard|jailbreak|reveal .*(secret|prompt|instruction|password|code)|忽略.*指令|系统提示|无视上面)",
    re.I,
)


def moderate(raw: str, norm: str | None = None) -> Verdict:
    """The moderation verdict for one input: ``classify``'s regexes, then the lexicon rules."""
    if norm is None:
        norm = normalize(raw)
    verdict = classify(raw, norm)
    if verdict in ("ok", "empty") and raw:
        if _INJECTION_LEXICON.search(raw):
            return "injection"
        from agent.perception.abuse import find_slur  # here: agent.perception imports this module
        from agent.perception.lexicon import has_abuse

        if has_abuse(raw) or find_slur(raw) is not None:  # a slur in any spelling (abuse.normalize)
            verdict = "abuse"
    if verdict == "abuse" and in_danger(raw):
        return (
            "ok"  # a viewer in danger swears at their own pain ("f*** this, I want to die"): care, not abuse
        )
    return verdict


def in_danger(raw: str) -> bool:
    """The text carries a warning sign of danger to the viewer (``CARE_PATTERNS``, words only) and no slur:
    words of despair ("想去死", "kill myself") read as hostility to an abuse lexicon; they ask for care."""
    from agent.dialogue.safety import CARE_PATTERNS  # here: it imports agent.perception, which imports this
    from agent.perception.abuse import find_slur

    low = raw.lower()
    return find_slur(raw) is None and any(p.search(low) for p in CARE_PATTERNS.values())


#: The intent a moderation verdict forces on perception (spam is left to the intent classifier).
FORCED_INTENT: dict[str, str] = {"injection": "injection-attempt", "abuse": "abuse"}


@dataclass(frozen=True, slots=True)
class Screening:
    """What screening learned of one input's text. ``newcomer``: None when nobody tracked the viewer."""

    verdict: Verdict
    question: bool
    norm: str = ""
    newcomer: bool | None = None

    @property
    def forced_intent(self) -> str | None:
        return FORCED_INTENT.get(self.verdict)

    @property
    def unsafe(self) -> bool:
        return self.verdict in ("spam", "abuse", "injection")


def screen(text: str, *, emotes: frozenset[str] = frozenset(), newcomer: bool | None = None) -> Screening:
    """Screen one input's text: normalize it once, moderate it once, detect a question once."""
    norm = normalize(text, emotes)
    return Screening(verdict=moderate(text, norm), question=is_question(norm), norm=norm, newcomer=newcomer)


class Viewers:
    """Who has been seen (bounded, oldest forgotten first): ``first_time(user_id)`` is the newcomer check."""

    def __init__(self, max_viewers: int = 100_000) -> None:
        self.max_viewers = max_viewers
        self._seen: OrderedDict[str, None] = OrderedDict()

    def first_time(self, user_id: str) -> bool:
        seen = self._seen
        new = user_id not in seen
        seen[user_id] = None
        seen.move_to_end(user_id)
        while len(seen) > self.max_viewers:
            seen.popitem(last=False)
        return new


def screen_event(event: InputEvent, viewers: Viewers | None = None) -> Screening:
    """Screen an input event's text (a gift has none); ``viewers`` (when given) decides ``newcomer``."""
    text = event.text if isinstance(event, Comment | Message | Question) else ""
    return screen(text, newcomer=viewers.first_time(event.user.id) if viewers is not None else None)


__all__ = [
    "FORCED_INTENT",
    "KNOWN_EMOTES",
    "Screening",
    "Verdict",
    "Viewers",
    "classify",
    "is_exclamative",
    "is_question",
    "QUESTION_START",
    "moderate",
    "normalize",
    "screen",
    "screen_event",
]
