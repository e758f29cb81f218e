"""Small, deterministic text helpers shared by the lexical index and the answer module.

Viewers type "Wust" for "Wüst" and "skied" for "skiing": tokens are accent-folded, lower-cased and lightly
stemmed, the same way on both sides (documents and questions), so they only have to agree with themselves.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from functools import lru_cache

from knowledge.name_forms import STEM_FORMS

# letters that NFKD does not decompose into ASCII + combining marks
_FOLD_EXTRA = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "œ": "oe",
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
    }
)


def fold(text: str) -> str:
    """Accent-fold to plain ASCII-ish text ("Urša Bogataj" -> "Ursa Bogataj"), keeping case."""
    if text.isascii():
        return text  # nothing to fold: the common case, and the hot path of every answer
    text = text.translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before being
    below between both but by can can't could couldn't did didn't do does doesn't doing don't down
    during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her
    here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's
    its itself let's me more most mustn't my myself no nor not of off on once only or other ought our
    ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such than
    that that's the their theirs them themselves then there there's these they they'd they'll they're
    they've this those through to too under until up very was wasn't we we'd we'll we're we've were
    weren't what what's when when's where where's which while who who's whom why why's with won't would
    wouldn't you you'd you'll you're you've your yours yourself yourselves also just really please tell
    know anyone hey hi hello okay ok yeah yes guys thanks thank lol pls plz like get got say said one s
    t""".split()
)

# irregular forms viewers use for the same fact ("who took gold", "when did it begin")
_IRREGULAR = {
    "won": "win",
    "wins": "win",
    "winning": "win",
    "winner": "win",
    "winners": "win",
    "took": "take",
    "taken": "take",
    "began": "begin",
    "begun": "begin",
    "held": "hold",
    "ran": "run",
    "went": "go",
    "gone": "go",
    "made": "make",
    "lost": "lose",
    "beat": "beat",
    "beaten": "beat",
    "better": "good",
    "best": "good",
    "children": "child",
    "countries": "country",
    "skied": "ski",
    "skiing": "ski",
    "skis": "ski",
    "skier": "ski",
    "skiers": "ski",
    "skate": "skat",
    "skater": "skat",
    "skaters": "skat",
    "skating": "skat",
    "medallist": "medal",
    "medalist": "medal",
    "medallists": "medal",
    "medalists": "medal",
    "olympics": "olympic",
    "games": "game",
    "cost": "cost",
    "costs": "cost",
    "priced": "price",
    "came": "come",
    "aged": "age",
    "m": "metre",
    "meter": "metre",
    "meters": "metre",
    "km": "kilometre",
    "kilometer": "kilometre",
    "kilometers": "kilometre",
    "bobsled": "bobsleigh",
    "bobsleds": "bobsleigh",
    "bobsledding": "bobsleigh",
    "colors": "colour",
    "color": "colour",
    "favorite": "favourite",
    # units of measure as they are written short (session 17, brief R): "max weight ... in kg" against "19.96
    # kilograms"; general English, in the base and in questions alike
    "kg": "kilogram",
    "kgs": "kilogram",
    "kilo": "kilogram",
    "kilos": "kilogram",
    "cm": "centimetre",
    "centimeter": "centimetre",
    "centimeters": "centimetre",
    "lb": "pound",
    "lbs": "pound",
}
#: a nationality word is read as its country's name, so either form matches ("japanese" / "of Japan"; session
#: 19, brief I2: knowledge/name_forms.py, built from a public data set); the hand list above wins
_IRREGULAR = {**STEM_FORMS, **_IRREGULAR}

_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NUM_UNIT = re.compile(r"\b(\d+)(m|km|cm|mm|kg|g|ml|l|h|s)\b")  # "1000m" is "1000 metres"
#: a comma that groups a number's thousands ("10,000" is "10000"; session 17, brief R): "10000m" asked against
#: "the 10,000 metres" read as a number the sentence lacks. Three digits and no fourth follow it, a unit glued
#: to them or not: "10,000m" is "10000 m" too, not "10", "000 m" (session 28, brief N)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stemmer: enough to match plural, -ing and -ed forms of the same word."""
    if word.endswith("'s"):
        word = word[:-2]
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
        return word[:-1] if len(word) > 2 and word[-1] == word[-2] else word
    if word.endswith("ed") and len(word) > 4:
        word = word[:-2]
        return word[:-1] if len(word) > 2 and word[-1] == word[-2] else word
    if word.endswith("es") and word[-3:-2] in ("s", "x", "z", "h"):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and not word.endswith("us"):
        return word[:-1]
    return word


#: the version of the code of :func:`stem` and :func:`tokenize`, for the bases that store the tokens they make
#: (session 20, brief C): bump it with any change to that code that changes a token.
#: tests/knowledge/test_tokens_version.py pins the tokens of a probe text to it, so such a change fails there
#: until it is bumped. The tables they read (the irregular forms, name_forms.txt's, the stopwords, the
#: patterns) are hashed into :func:`tokens_version` by themselves: editing one needs no bump.
TOKENS_VERSION = 1


@lru_cache(maxsize=1)
def tokens_version() -> str:
    """What decides the tokens :func:`tokenize` makes: :data:`TOKENS_VERSION` and a hash of the tables and
    patterns it reads (and the Unicode data :func:`fold` reads). A base records it with its stored tokens;
    opened under another, its tokens are stale (``knowledge.store``)."""
    h = hashlib.blake2b(digest_size=8)
    for part in (
        sorted(_IRREGULAR.items()),
        sorted(STOPWORDS),
        sorted(_FOLD_EXTRA.items()),
        [_TOKEN.pattern, _NUM_UNIT.pattern, _THOUSANDS.pattern, unicodedata.unidata_version],
    ):
        h.update(json.dumps(part).encode())
    return f"{TOKENS_VERSION}-{h.hexdigest()}"


def tokenize(text: str, keep_stopwords: bool = False) -> list[str]:
    """Folded, lower-cased, stemmed word tokens; stopwords dropped unless asked for."""
    return list(_tokens(text, keep_stopwords))


@lru_cache(maxsize=32768)
def _tokens(text: str, keep_stopwords: bool) -> tuple[str, ...]:
    """Memoized: an answer tokenizes the same chunk sentences again and again across questions."""
    words = _TOKEN.findall(_NUM_UNIT.sub(r"\1 \2", _THOUSANDS.sub("", fold(text).lower())))
    if keep_stopwords:
        return tuple(stem(w) for w in words)
    return tuple(stem(w) for w in words if w not in STOPWORDS)


# --- sentences --------------------------------------------------------------------------------------------

_ABBREV = ("Mr.", "Mrs.", "Ms.", "Dr.", "St.", "No.", "vs.", "e.g.", "i.e.", "U.S.", "Jr.", "Sr.", "approx.")
_SENT_END = re.compile(r"([.!?][\"')\]]?)\s+(?=[\"'(\[]?[A-Z0-9])")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences (lines are kept apart); abbreviations and decimals stay whole."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"\s+", " ", line).strip()
        start = 0
        for m in _SENT_END.finditer(line):
            if line[start : m.start(1) + 1].endswith(_ABBREV):
                continue  # "U.S. team": not the end of a sentence
            out.append(line[start : m.end(1)])
            start = m.end()
        out.append(line[start:])
    return [s for s in out if s]


_MD_INLINE = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def clean_inline(text: str) -> str:
    """Plain text from one line of markdown: links to their text, emphasis markers removed."""
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_INLINE.sub(r"\2", text)
    return re.sub(r"\s+", " ", text).strip()


# --- spelling and numbers (session 14) --------------------------------------------------------------------


def one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by exactly one edit: a letter added, dropped or changed, or two
    neighbours swapped ("pengiun" / "penguin", "contry" / "country")."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


_CARDINALS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty"
).split()
_ORDINALS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()


def _ordinal_digits(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


#: a number written in words and in digits is the same token to coverage ("five medals" / "5 medals",
#: "finished fourth" / "came 4th"): each form of a number up to twenty, as tokens, to its other form
NUMBER_FORMS: dict[str, str] = {}
for _n, (_card, _ord) in enumerate(zip(_CARDINALS, _ORDINALS, strict=True)):
    for _a, _b in ((stem(_card), str(_n)), (stem(_ord), _ordinal_digits(_n))):
        NUMBER_FORMS[_a] = _b
        NUMBER_FORMS[_b] = _a


def with_number_forms(tokens: set[str]) -> set[str]:
    """``tokens`` and the other form of each number among them (words and digits, cardinals and ordinals)."""
    extra = {NUMBER_FORMS[t] for t in tokens if t in NUMBER_FORMS}
    return tokens | extra if extra else tokens
