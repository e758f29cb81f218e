"""What a value a question asks for must look like in its evidence sentence (rules 1, 2, 14-17 and 20 of
:mod:`knowledge.constraints`): an amount that is no date, year or offset; a count followed by the counted
noun; a result time; a measure said of the thing asked (not written attributively of something else, not an
increment); a price said of the thing priced; a height or a weight with its unit; a date that is no year
inside a name ("Vancouver 2010")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge import nlp, spans

#: nouns whose value is a number: "what was the SCORE", "what is the TEMPERATURE"
QUANTITY_NOUNS = frozenset(
    "score scores attendance temperature height weight population capacity cost price budget distance "
    "length speed salary percentage".split()
)
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"thousand|million|billion|dozen|several|few|half)\b",
    re.I,
)
#: dates, weekdays and years (spans' date patterns without the bare clock time, a measure of its own)
_DATE_PATTERNS = [p for p in spans.DATES if p is not spans.CLOCK_TIME]
_HOW_MANY = re.compile(r"\bhow many ((?:[a-z]+ ){0,2}[a-z]+)")
#: session 17: words after "how many" that qualify the count, not the thing counted ("how many sports total")
_COUNT_QUALIFIERS = frozenset("total overall altogether combined".split())
#: a year (rule 6 reads the years a question names, rule 2 counts no year)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: session 12: a time before or after something ("two days before", "16 years after") is no amount
_OFFSET = re.compile(
    r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|\w+teen|"
    r"twenty|thirty|forty|fifty) (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?) "
    r"(?:before|after|earlier|later|ago|prior|since)\b",
    re.I,
)
_ASKS_OFFSET = re.compile(r"\b(?:before|after|earlier|later|ago|prior|since)\b")
#: session 12: a question for a result time, and what a time looks like
_ASKS_TIME = re.compile(
    r"(?:'s|\u2019s|winning|finishing|fastest|best|record) times?\b|\btime did \w+ (?:set|run|post)"
)
#: session 17: a telegraphic question that ends in "time" asks for a result time ("beat feuz downhill time?")
_ENDS_IN_TIME = re.compile(r"^(?!.*\b(?:what|when|which|who|whom|whose|how|where|why)s?\b).*\btimes?\W*$")
_TIME_VALUE = re.compile(
    r"\b\d+:\d\d(?:[.,]\d+)?\b|\b\d+[.,]\d\d\b|\b[\d.,]+ ?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?)\b"
)
#: session 15 (rule 20): a height or a weight asked, and the units that answer it
_ASKS_HEIGHT = re.compile(r"\bhow tall\b|\bheight\b")
_ASKS_WEIGHT = re.compile(r"\bhow heavy\b|\bweigh(?:s|t)?\b")
_LENGTH_VALUE = re.compile(
    r"\d[\d.,]*\s?-?(?:km|kilomet(?:re|er)s?|met(?:re|er)s?|m|cm|mm|feet|foot|ft|inch(?:es)?|yards?|miles?|"
    r"storeys?|stories|floors?)\b",
    re.I,
)
_MASS_VALUE = re.compile(
    r"\d[\d.,]*\s?-?(?:kg|kilograms?|grams?|g|tonnes?|tons?|pounds?|lbs?|oz|ounces?)\b", re.I
)
#: session 12 (rule 16): what a measure question names that is no part of the thing measured
_MEASURE_WORDS = frozenset(nlp.tokenize("long far tall high big large wide deep heavy"))
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    "million|billion|dozen|several|few|half"
)
#: a number written as one token: "150", "7.5", "1,000", "two"
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\b(?:" + _NUMBER_WORDS + r")\b", re.I)
_MEASURE_UNIT = (
    r"(?:km|kilometres?|kilometers?|kilometre|metres?|meters?|m|cm|mm|miles?|mi|feet|foot|ft|inch(?:es)?|"
    r"yards?|kg|kilograms?|grams?|g|tonnes?|tons?|pounds?|lbs?|ml|litres?|liters?|l|seconds?|secs?|"
    r"minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|degrees?)"
)
#: rule 16 (b): a value said of the words after it: "150-metre penalty loop", "a 150 m loop"
_NUM = r"(?:\d+(?:[.,]\d+)*|" + _NUMBER_WORDS + r")"
_ATTRIBUTIVE = re.compile(
    r"(?:\ban? " + _NUM + " " + _MEASURE_UNIT + r"|(?<![\w.,-])" + _NUM + "-" + _MEASURE_UNIT + r")"
    r"(?:-long|-high|-wide|-deep)? (?P<owner>[a-z][\w-]*(?: [a-z][\w-]*){0,2})",
    re.I,
)
#: rule 16 (c): an increment ("adds one minute", "two minutes more") is no amount
_INCREMENT = re.compile(
    r"\b(?:adds?|added|adding) (?:an? )?(?:extra )?(?:\d+(?:[.,]\d+)*|"
    + _NUMBER_WORDS
    + r")[ -]"
    + _MEASURE_UNIT
    + r"\b|\b(?:\d+(?:[.,]\d+)*|"
    + _NUMBER_WORDS
    + r")[ -]"
    + _MEASURE_UNIT
    + r" (?:more|longer|extra|penalty)\b",
    re.I,
)
_ASKS_INCREMENT = re.compile(r"\b(?:adds?|added|more|longer|extra|penalty|penalties)\b")
#: rule 16 (a): where a clause starts, for the subject a price is said of
_CLAUSE_START = re.compile(r"[;:]")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[.,:][0-9]+)*", nlp.fold(text).lower())


def near(term: str, said: set[str]) -> bool:
    """``term`` is in ``said``, or (a typo) a word of ``said`` of at least five letters is one edit away
    (a letter added, dropped, changed, or two neighbours swapped: "pengiun" for "penguin")."""
    if term in said:
        return True
    return len(term) >= 5 and any(len(w) >= 5 and nlp.one_edit(term, w) for w in said)


def has_quantity(sentence: str, question: str = "") -> bool:
    """A number (digits or a number word) outside every date, weekday and year of the sentence, and
    (session 12) outside every offset ("two days before") unless the ``question`` asks before / after."""
    text = nlp.fold(sentence)
    for pattern in _DATE_PATTERNS:
        text = pattern.sub(" ", text)
    if not _ASKS_OFFSET.search(nlp.fold(question).lower()):
        text = _OFFSET.sub(" ", text)
    return bool(_NUMBER.search(text))


def _amounts(sentence: str, question: str) -> str:
    """The sentence without its dates, weekdays, years and offsets (unless the question asks before /
    after), as :func:`has_quantity` reads it."""
    text = nlp.fold(sentence)
    for pattern in _DATE_PATTERNS:
        text = pattern.sub(" ", text)
    if not _ASKS_OFFSET.search(nlp.fold(question).lower()):
        text = _OFFSET.sub(" ", text)
    return text


def measure_elsewhere(question: str, sentence: str, terms: Sequence[str]) -> bool:
    """Rule 16 (b, c): every amount of the sentence (outside dates, offsets and increments) is written
    attributively ("a 150-metre penalty loop"), and neither the words after it nor its clause's words before
    it (from the sentence start, ";" or ":") hold a word of the question's thing (``terms`` less "long",
    "far", "tall"...): "how long is a biathlon race?" against "In the sprint, pursuit and mass start, each
    miss sends the athlete around a 150-metre penalty loop; ... each miss adds one minute". "How long is the
    long track?" is answered by "Long track speed skaters race in pairs on a 400-metre oval".
    False when the sentence holds no amount at all (rule 1 speaks then) or the question names no thing."""
    thing = {t for t in terms if t not in _MEASURE_WORDS}
    text = _amounts(sentence, question)
    if not thing or not _NUMBER_TOKEN.search(text):
        return False
    if not _ASKS_INCREMENT.search(nlp.fold(question).lower()):
        text = _INCREMENT.sub(" ", text)
    for m in _ATTRIBUTIVE.finditer(text):
        start = max((c.end() for c in _CLAUSE_START.finditer(text, 0, m.start())), default=0)
        # the clause's subject owns it too: "Long track speed skaters race in pairs on a 400-metre oval"
        owner = nlp.tokenize(text[start : m.start()])
        for w in m.group("owner").split():
            if w.lower() in nlp.STOPWORDS:
                break
            owner.extend(nlp.tokenize(w))
        if thing & set(owner):
            return False
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return not _NUMBER_TOKEN.search(text)


def price_owner_miss(sentence: str, leaf: str, thing: Sequence[str]) -> bool:
    """Rule 16 (a): the sentence holds a price and none is said of the thing asked (every stem of ``thing``,
    one edit allowed). A price is said of its clause's words before it (from the sentence start, ";" or
    ":") and of the heading ``leaf`` ("It costs $16", "The plush toy costs $25" under "Pip the Penguin
    Plush"), not of the rest of the sentence ("a blue snowflake print")."""
    if not thing:
        return False
    found = list(spans._MONEY.finditer(sentence))
    for m in found:
        start = max((c.end() for c in _CLAUSE_START.finditer(sentence, 0, m.start())), default=0)
        owner = set(nlp.tokenize(sentence[start : m.start()])) | set(nlp.tokenize(leaf))
        if all(near(t, owner) for t in thing):
            return False
    return bool(found)


def unit_miss(question: str, sentence: str) -> bool:
    """Rule 20: the question asks a height ("how tall", "height") or a weight ("how heavy", "weigh") and the
    sentence holds no number with a unit of length or of mass ("It has about 80,000 seats")."""
    q = nlp.fold(question).lower()
    text = nlp.fold(sentence)
    if _ASKS_WEIGHT.search(q):
        return not _MASS_VALUE.search(text)
    if _ASKS_HEIGHT.search(q):
        return not _LENGTH_VALUE.search(text)
    return False


#: session 19 (R28): a dimension asked, and the values of that dimension (general English and SI, written
#: before any figure): a temperature, a speed (not "speed skating"), a duration ("how long does it take")
_ASKS_TEMPERATURE = re.compile(r"\btemperatures?\b|\bhow (?:cold|hot|warm)\b")
_TEMPERATURE_VALUE = re.compile(
    r"\u00b0|\bdegrees?\b|\bcelsius\b|\bfahrenheit\b|\bbelow (?:zero|freezing)\b|\bminus " + _NUM, re.I
)
#: a speed asked ("top speed", "how fast"); not "high speed railway" (review S2, session 19)
_ASKS_SPEED = re.compile(r"(?<!high[- ])\b(?:speeds?|velocity)\b(?!\s*skat)|\bhow fast\b")
_SPEED_VALUE = re.compile(
    r"\d[\d.,]*\s?(?:km/h|kmh|kph|mph|m/s)\b|\b(?:per|an|a) (?:hour|second)\b|\bkilomet(?:re|er)s? an hour\b",
    re.I,
)
_TAKES = r"(?:take|takes|took|taking|last|lasts|lasted|lasting)"
_ASKS_DURATION = re.compile(r"\bhow long\b(?: [a-z']+){0,5}? " + _TAKES + r"\b|\b" + _TAKES + r" how long\b")
_DURATION_VALUE = re.compile(
    _NUM + r"\s?-?(?:(?:business|working|calendar|full) )?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|"
    r"weeks?|months?|years?|nights?)\b|\b(?:an?|half an?) (?:second|minute|hour|day|week|month|year|night)\b",
    re.I,
)
#: R28b: a question that asks a share ("moguls speed is worth what %") asks no dimension of its own
_ASKS_SHARE = re.compile(r"%|\bper ?cent(?:age)?s?\b|\bproportion\b|\bshare\b")
#: a telegraphic question (no question word) with "time in / at / for": a result time ("erin jacksons time
#: in the 500m"), as rule 14's "X's time" and "... time?"
_TIME_IN = re.compile(
    r"^(?!.*\b(?:what|when|which|who|whom|whose|how|where|why)s?\b).*\btimes? (?:in|at|for)\b"
)


def dimension_miss(question: str, sentence: str) -> bool:
    """R28 (session 19, brief A): the question asks a temperature, a speed or a duration ("how long does
    delivery take", "shipping takes how long") and the sentence holds no value of that dimension (degrees, a
    rate, a number with a unit of time): "what was the temperature for the mens 50km" is not answered by
    "shortened to about 28 kilometres because of strong wind and cold"; or (rule 14) a telegraphic question
    asks a result time with "time in / at / for" and the sentence holds no time. R28b: "an hour", "half a
    day" are durations, and a question that asks a share (%, percent) asks none of these. R28c: "how fast" is
    met by a duration too ("how fast do parcels ship": "within three days")."""
    q = nlp.fold(question).lower()
    text = nlp.fold(sentence)
    if _ASKS_SHARE.search(q):
        return False
    if _ASKS_TEMPERATURE.search(q) and not _TEMPERATURE_VALUE.search(text):
        return True
    if _ASKS_SPEED.search(q) and not _SPEED_VALUE.search(text):
        # R28c: "how fast do parcels ship" is told as a time ("within three days")
        return not ("how fast" in q and _DURATION_VALUE.search(text))
    if _ASKS_DURATION.search(q) and not _DURATION_VALUE.search(text):
        return True
    return bool(_TIME_IN.match(q)) and not _TIME_VALUE.search(text)


def asks_quantity(question: str, kind: str) -> bool:
    """Whether the question wants an amount (a date does not answer it)."""
    q = nlp.fold(question).lower()
    if kind in ("count", "price", "measure"):
        return not re.search(r"\bhow old\b|\bwhat age\b", q)
    # a telegraphic question (no question word: kind "other") asks as "what" does: "top speed of a bobsled?"
    return kind in ("what", "other") and any(w in QUANTITY_NOUNS for w in re.findall(r"[a-z]+", q))


def counted_noun(question: str) -> list[str]:
    """The stems of the words after "how many" up to the first stopword (at most three): "how many
    olympic medals has ..." -> [olymp, medal]. Empty when there is none ("how many did Norway win")."""
    m = _HOW_MANY.search(nlp.fold(question).lower())
    if not m:
        return []
    out = []
    for w in m.group(1).split():
        if w in nlp.STOPWORDS:
            break
        if w not in _COUNT_QUALIFIERS:
            out.append(nlp.stem(w))
    return out


def is_number(word: str) -> bool:
    """Whether a word of :func:`words` is a number: digits or a number word ("five", "dozen")."""
    return word[0].isdigit() or bool(_NUMBER.fullmatch(word))


def counts_it(nouns: list[str], sentence: str, window: int = 3) -> bool:
    """A number of the sentence followed within ``window`` words by one of ``nouns``, or (session 11) one
    that follows the noun within ``window`` words and is not a year ("second in total medals with 29")."""
    ws = words(sentence)
    for i, w in enumerate(ws):
        if is_number(w):
            if any(nlp.stem(x) in nouns for x in ws[i + 1 : i + 1 + window]):
                return True
            if not YEAR.fullmatch(w) and any(nlp.stem(x) in nouns for x in ws[max(0, i - window) : i]):
                return True
    return False


#: a year that is part of a name, after a capitalized word that is no stopword ("Vancouver 2010", "Beijing
#: 2022", "Euro 2016"): the name of an event, not a date (rule 17, session 13)
_GAMES_NAME = re.compile(r"\b([A-Z][\w'-]*)\s+(1[89]\d\d|20\d\d)\b(?!\s*[-\u2013])")
_DATE_LEFT = re.compile(
    r"\d|\b(january|february|march|april|may|june|july|august|september|october|november|december|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|yesterday|weekday|weekdays|weekend|"
    r"daily|weekly|morning|evening|night|noon|midnight|spring|summer|autumn|fall|winter|season|century|"
    r"decade|year|years|ago)\b",
    re.I,
)


def _unnamed(m: re.Match[str]) -> str:
    """A "Name YYYY" match without the name's year; a month, a weekday or a stopword before it keeps it."""
    word = m.group(1).lower()
    return m.group(0) if word in nlp.STOPWORDS or _DATE_LEFT.fullmatch(word) else " "


def time_miss(question: str, sentence: str) -> bool:
    """Rule 14: the question asks for a result time ("what was X's time"; session 17: a question with no
    question word that ends in "time", "beat feuz downhill time?") and the sentence holds none (m:ss, a
    decimal of seconds, a number with seconds / minutes / hours)."""
    q = nlp.fold(question).lower()
    asked = _ASKS_TIME.search(q) or _ENDS_IN_TIME.match(q)
    return bool(asked) and not _TIME_VALUE.search(nlp.fold(sentence))


def date_miss(sentence: str) -> bool:
    """A "when" question's sentence holds no date, year, month, weekday or time word once the years inside
    names ("Vancouver 2010") are taken out (rule 17)."""
    return not _DATE_LEFT.search(_GAMES_NAME.sub(_unnamed, nlp.fold(sentence)))
