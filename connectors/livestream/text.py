"""Pure text functions for triage: normalization, SimHash fingerprints, and the content classifier.

Everything here is hot-path code (the triage budget is ~50 us a comment), so it is regexes, dict caches and
int arithmetic; no I/O, no clock.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Literal

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
_CACHE_MAX = 200_000


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


# --------------------------------------------------------------------------- MinHash (bottom-k)

_FEATURE_CACHE: dict[str, int] = {}


def _feature_hash(feature: str) -> int:
    h = _FEATURE_CACHE.get(feature)
    if h is None:
        # blake2b, not hash(): sketches must be the same in every process (PYTHONHASHSEED), so a replay
        # gives the same drops every time.
        h = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little")
        if len(_FEATURE_CACHE) >= _CACHE_MAX:
            _FEATURE_CACHE.clear()
        _FEATURE_CACHE[feature] = h
    return h


_SHINGLE_CHARS = 80  # long copypasta is alike from its start; this caps the cost of one line


def shingles(norm: str) -> frozenset[int]:
    """Hashed character trigrams of a normalized text (with word boundaries), as a set.

    Trigrams rather than words: chat near-duplicates differ by a letter or a word ("what song is this" /
    "whats the song"), and short lines have too few words for a useful set.
    """
    padded = f" {norm[:_SHINGLE_CHARS]} "
    tris = [padded[i : i + 3] for i in range(len(padded) - 2)]
    hashes = list(map(_FEATURE_CACHE.get, tris))  # C-level loop; misses (None) are hashed below
    if None in hashes:
        hashes = [h if h is not None else _feature_hash(t) for h, t in zip(hashes, tris, strict=True)]
    return frozenset(hashes)  # type: ignore[arg-type]


def minhash_keys(sh: frozenset[int], k: int = 4) -> tuple[int, ...]:
    """The ``k`` smallest hashes: a bottom-k MinHash sketch used as LSH keys.

    Two sets with Jaccard similarity J share their minimum with probability J, so a near-duplicate shares
    at least one of its k smallest values with high probability; candidates are then checked exactly.
    """
    return tuple(sorted(sh)[:k])


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


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
)
_INJECTION_HINTS = (
    "ignore",
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


_QUESTION_START = frozenset(
    "what whats what's who whos who's whom whose when where wheres where's why how hows how's which is "
    "am are "
    "can could do does did will would should shall has have had was were may might isnt isn't arent aren't "
    "doesnt doesn't dont don't didnt didn't wont won't cant can't anyone anybody any".split()
)
_ZH_QUESTION = re.compile(r"[吗呢嘛么]$|什么|怎么|为什么|为啥|哪|几|多少|是不是|能不能|会不会|有没有")


def is_question(norm: str) -> bool:
    """A question: a question mark, a question word first (with at least 3 words), or a Chinese particle."""
    if not norm:
        return False
    if "?" in norm:
        return any(ch.isalnum() for ch in norm)
    words = norm.split()
    if len(words) >= 3 and words[0] in _QUESTION_START:
        return True
    return not norm.isascii() and bool(_ZH_QUESTION.search(norm))
