"""Question types and the shortest span of a sentence that answers them.

Rules, not a model: a viewer's "when did it open?" wants a date, "how much is the mug?" a price, "who won the
downhill?" a name. The span is taken from the evidence sentence only, so it is never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.nlp import STOPWORDS, fold, stem, tokenize

TYPED = ("who", "when", "where", "count", "price", "measure", "rank", "name")


def classify(question: str) -> str:
    """who | when | where | count | price | measure | what | yesno | why | how | other"""
    s = " " + re.sub(r"[^a-z0-9$' ]+", " ", fold(question).lower()) + " "
    if re.search(r"\b(weigh|weighs|weighed|weight|height|length)\b", s) and not re.search(
        r"\b(costs?|prices?|priced)\b|\$", s
    ):
        return "measure"  # "how much does the hoodie weigh", "what's her height": a measure, not a price
    if re.search(r"\bhow much\b|\bprices?\b|\bcosts?\b|\$|\bpriced\b|\bhow expensive\b", s) and not re.search(
        r"how much (time|snow|longer|further|farther)", s
    ):
        return "price"
    if re.search(r"\bhow many\b|\bnumber of\b|\bhow much\b", s):
        return "count"
    if re.search(
        r"\bhow (long|tall|high|heavy|far|fast|big|old|deep|wide|steep|large|quick)\b"
        r"|\b(what|which) (size|sizes|dimensions|length|weight|height|capacity)\b",
        s,
    ):
        return "measure"
    if re.search(r"\bwhen\b|\b(what|which) (date|day|days|time|year|month|night)s?\b|\bwhat time\b", s):
        return "when"
    if re.search(
        r"\bwhere (did|does|do|will|would) .*"
        r"\b(finish|(?<!take )(?<!took )(?<!takes )place|placed|rank|end up|come)\b"
        r"|\bwhat place\b",
        s,
    ):
        # "where did she place": a rank; "where did the biathlon take place": a venue (R39 / R42, session 21)
        return "rank"
    if re.search(
        r"\bwhere\b|\b(which|what) (venue|city|arena|stadium|place|zone|town|island|location|mountain|"
        r"rink|track|hill|studio|site|building)s?\b",
        s,
    ):
        return "where"
    if re.search(
        r"\bwho\b|\bwhose\b|\b(which|what) (athlete|skier|skater|snowboarder|player|team|country|nation|"
        r"woman|man|person|biathlete|jumper|curler|pair|duo|skip|captain|director|rider|guy|girl|"
        r"lady|boy|american|norwegian|athletes|countries|nations|teams)s?\b",
        s,
    ):
        return "who"
    if re.match(r"\s*(is|are|was|were|do|does|did|can|could|will|would|has|have|had|should|any)\b", s):
        return "yesno"
    if re.search(r"\bwhy\b", s):
        return "why"
    if re.search(r"\bhow\b", s):
        return "how"
    if re.search(r"\b(name|called|nickname|nicknamed|slogan|title|motto)\b", s):
        return "name"
    if re.search(r"\bwhat\b|\bwhich\b", s):
        return "what"
    # no question word: the noun asks what "what day" / "which length" asks ("paralympic closing day", "top
    # speed of a bobsled?"); left out: "time" (a record time, a delivery time: a duration) and "size" (a
    # garment's size is a letter, not a measure) (R39 of session 20, brief A2; kept in session 21 as R42)
    if re.search(r"\b(date|day|year|month)s?\b", s):
        return "when"
    if re.search(r"\b(dimensions|length|weight|height|capacity|speed(?! skat))s?\b", s):
        return "measure"
    return "other"


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATES = [
    re.compile(rf"(?:{_WEEKDAY},? )?\b\d{{1,2}}(?:\s*(?:-|–|to)\s*\d{{1,2}})? {_MONTH}(?:,? \d{{4}})?\b"),
    re.compile(rf"(?:{_WEEKDAY},? )?\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?\b"),
    re.compile(
        rf"\bevery (?:day|{_WEEKDAY}(?: and {_WEEKDAY})?)(?: at \d{{1,2}}:\d{{2}}(?: [A-Z][a-z]+ time)?)?"
    ),
    CLOCK_TIME := re.compile(r"\b\d{1,2}:\d{2}(?: ?[ap]\.?m\.?)?(?: [A-Z][a-z]+ time)?(?: \(UTC[+-]\d+\))?"),
    re.compile(rf"\b{_MONTH} \d{{4}}\b"),
    re.compile(r"\b(?:1[89]|20)\d{2}\b"),
]
#: the date, weekday, clock-time and year patterns (``CLOCK_TIME``: a bare clock time)
DATES = tuple(_DATES)
_MONEY = re.compile(r"(?:[$€£¥]\s?\d[\d,]*(?:\.\d+)?|\b\d[\d,]*(?:\.\d+)? ?(?:dollars|USD|euros|yuan)\b)")
_NUMBER_WORDS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty hundred"
).split()
_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth").split()
_ORDINAL = re.compile(r"\b(?:" + "|".join(_ORDINALS) + r"|\d+(?:st|nd|rd|th))\b", re.IGNORECASE)
_NUMBER = re.compile(
    r"(?<![$€£¥\d\w-])(?:\d[\d,]*(?:\.\d+)?(?::\d+(?:\.\d+)?)?|"
    + "|".join(_NUMBER_WORDS + _ORDINALS)
    + r")\b",
    re.IGNORECASE,
)
_UNITS = (
    "percent % km kilometres kilometers kilometre metres meters metre m cm mm ml l kg kilograms pounds lb "
    "minutes minute hours hour seconds second days day years year km/h degrees metre-long tall long"
).split()
#: the units that measure what a "how <adjective>" question asks (session 17, brief R): "how fast do orders
#: ship out" is not answered by "10 percent off" - a percent measures none of them; "how big", "how large"
#: and "how steep" take any unit
_LENGTH = frozenset("km kilometres kilometers kilometre metres meters metre m cm mm metre-long".split())
_TIME = frozenset("minutes minute hours hour seconds second days day years year".split())
_DIMENSIONS = {
    "tall": _LENGTH,
    "high": _LENGTH,
    "deep": _LENGTH,
    "wide": _LENGTH,
    "far": _LENGTH,
    "long": _LENGTH | _TIME,
    "fast": _LENGTH | _TIME | {"km/h"},
    "quick": _LENGTH | _TIME | {"km/h"},
    "heavy": frozenset("kg kilograms pounds lb".split()),
    "old": frozenset("years year".split()),
}
_HOW_DIMENSION = re.compile(r"\bhow (" + "|".join(_DIMENSIONS) + r")\b")
_SIZES = re.compile(r"\b(?:A[0-6]|(?:X{0,3}S|M|X{0,3}L)(?:/(?:X{0,3}S|M|X{0,3}L))?|one-size|one size)\b")
_PLACE_WORDS = {
    "stadium",
    "centre",
    "center",
    "park",
    "oval",
    "arena",
    "mountain",
    "shougang",
    "cube",
    "zone",
    "hall",
    "studio",
    "island",
    "district",
    "province",
    "city",
    "village",
    "venue",
    "warehouse",
}
_NAME_JOINERS = {"van", "der", "de", "von", "da", "del", "la", "du", "den", "ten", "st"}
_NOT_NAMES = {
    "the",
    "a",
    "an",
    "it",
    "in",
    "on",
    "at",
    "her",
    "his",
    "she",
    "he",
    "they",
    "both",
    "after",
    "before",
    "because",
    "instead",
    "many",
    "each",
    "every",
    "this",
    "that",
    "there",
    "these",
    "those",
    "our",
    "we",
    "you",
    "its",
    "as",
    "when",
    "while",
    "during",
    "since",
    "tags",
    "text",
    "video",
    "frame",
    "also",
    "only",
    "all",
    "one",
    "two",
    "three",
    "olympic",
    "winter",
    "summer",
}
# the answer to "which country/nation/team won": a country's name, not a person's (general knowledge, like
# the month names above; English short names of the sovereign states plus the usual sporting ones)
COUNTRIES = frozenset(
    """Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria Azerbaijan Bahamas
    Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan Bolivia Bosnia Botswana Brazil Brunei
    Bulgaria Burundi Cambodia Cameroon Canada Chad Chile China Colombia Comoros Congo Croatia Cuba Cyprus
    Czechia Denmark Djibouti Dominica Ecuador Egypt England Eritrea Estonia Eswatini Ethiopia Fiji Finland
    France Gabon Gambia Georgia Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary
    Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Kiribati
    Korea Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya Liechtenstein Lithuania
    Luxembourg Madagascar Malawi Malaysia Maldives Mali Malta Mauritania Mauritius Mexico Micronesia Moldova
    Monaco Mongolia Montenegro Morocco Mozambique Myanmar Namibia Nauru Nepal Netherlands Nicaragua Niger
    Nigeria Norway Oman Pakistan Palau Palestine Panama Paraguay Peru Philippines Poland Portugal Qatar
    Romania Russia Rwanda Samoa Scotland Senegal Serbia Seychelles Singapore Slovakia Slovenia Somalia
    Spain Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga Tunisia
    Turkey Turkmenistan Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela Vietnam Wales Yemen
    Zambia Zimbabwe""".split()
) | {
    "Burkina Faso",
    "Cape Verde",
    "Central African Republic",
    "Costa Rica",
    "Czech Republic",
    "Dominican Republic",
    "East Timor",
    "El Salvador",
    "Equatorial Guinea",
    "Great Britain",
    "Hong Kong",
    "Ivory Coast",
    "Marshall Islands",
    "New Zealand",
    "North Korea",
    "North Macedonia",
    "Papua New Guinea",
    "Puerto Rico",
    "Russian Olympic Committee",
    "San Marino",
    "Saudi Arabia",
    "Sierra Leone",
    "Solomon Islands",
    "South Africa",
    "South Korea",
    "South Sudan",
    "Sri Lanka",
    "Trinidad and Tobago",
    "United Arab Emirates",
    "United Kingdom",
    "United States",
    "Chinese Taipei",
}
_COUNTRY_RE = re.compile(
    r"\b(?:" + "|".join(sorted(map(re.escape, COUNTRIES), key=len, reverse=True)) + r")\b"
)
_ASKS_COUNTRY = re.compile(r"\b(which|what) (country|countries|nation|nations|team|teams)\b")
_MONTHS = set(re.findall(r"[A-Za-z]+", _MONTH)) | set(re.findall(r"[A-Za-z]+", _WEEKDAY))


# "Slovakia won ...", "Norway topped ...", "Sweden, skipped by ...": a first word that acts like a name
_NAME_THEN_VERB = re.compile(r"^[A-Z][\w'\-]+(,| (won|beat|took|led|ran|came|set|got|made|finished|\w+ed)\b)")


@dataclass(frozen=True)
class Span:
    text: str
    start: int
    end: int


@lru_cache(maxsize=16384)
def _words(sentence: str) -> tuple[Span, ...]:
    return tuple(Span(m.group(), m.start(), m.end()) for m in re.finditer(r"[^\W_][\w'’\-]*", sentence))


def entities(sentence: str) -> list[Span]:
    """Runs of capitalized words ("Nils van der Poel", "Big Air Shougang", "Beijing 2022")."""
    return list(_entities(sentence))


@lru_cache(maxsize=16384)
def _entities(sentence: str) -> tuple[Span, ...]:
    """Memoized: the same chunk sentences come back question after question."""
    words = _words(sentence)
    out: list[Span] = []
    run: list[Span] = []

    def capital(i: int) -> bool:
        w = words[i].text
        if w.lower() in _NOT_NAMES and (i == 0 or w.lower() in ("the", "a", "an")):
            return False
        return w[0].isupper() or (w[:2].lower() == "d'" and len(w) > 2 and w[2].isupper())

    def flush() -> None:
        while run and run[-1].text.lower() in _NAME_JOINERS:
            run.pop()
        if run and not all(w.text in _MONTHS for w in run):
            out.append(Span(sentence[run[0].start : run[-1].end], run[0].start, run[-1].end))
        run.clear()

    for i, w in enumerate(words):
        gap = sentence[run[-1].end : w.start] if run else " "
        joined = run and gap.strip() == ""
        if capital(i) and (not run or joined):
            run.append(w)
        elif run and joined and (w.text.lower() in _NAME_JOINERS or re.fullmatch(r"(?:19|20)\d{2}", w.text)):
            run.append(w)
        else:
            flush()
            if capital(i):
                run.append(w)
    flush()
    return tuple(out)


def _in_question(text: str, question_tokens: set[str]) -> bool:
    toks = tokenize(text)
    return bool(toks) and all(t in question_tokens for t in toks)


def _near(span: Span, sentence: str, question_tokens: set[str]) -> float:
    """How close a span sits to the question's words in the sentence (1 = adjacent, 0 = none near)."""
    positions = [
        w.start
        for w in _words(sentence)
        if tokenize(w.text)
        and tokenize(w.text)[0] in question_tokens
        and not (span.start <= w.start < span.end)
    ]
    if not positions:
        return 0.0
    gap = min(abs(p - span.start) for p in positions)
    return 1.0 / (1.0 + gap / 40.0)


def _best(spans: list[Span], sentence: str, question_tokens: set[str], prefer: str = "") -> str:
    spans = [s for s in spans if not _in_question(s.text, question_tokens)]
    if not spans:
        return ""

    def score(s: Span) -> float:
        value = _near(s, sentence, question_tokens)
        if prefer == "name":
            value += 0.6 * (len(s.text.split()) >= 2) + 0.4 * (s.start == 0)
            value += 0.3 * bool(re.match(r" of [A-Z]", sentence[s.end : s.end + 5]))
        elif prefer == "place":
            value += 0.8 * _placed(s, sentence)
        return value - s.start / 1000.0  # ties: the earlier one

    if prefer == "place":
        spans = [s for s in spans if _placed(s, sentence) and not re.search(r"\b(?:19|20)\d{2}\b", s.text)]
        if not spans:
            return ""
    return max(spans, key=score).text


def _place_word(span: Span, sentence: str) -> bool:
    """Named with a place word: "Capital Indoor Stadium", "Yanqing zone"."""
    after = re.findall(r"[a-z]+", sentence[span.end : span.end + 12].lower())[:1]
    return bool((set(span.text.lower().split()) | set(after)) & _PLACE_WORDS)


def _placed(span: Span, sentence: str) -> bool:
    """A place: after "at/in/on/from/near", or named with a place word."""
    before = sentence[max(0, span.start - 6) : span.start].lower()
    return bool(re.search(r"\b(at|in|on|from|near)\s$", before)) or _place_word(span, sentence)


def _pairs(spans: list[Span], sentence: str) -> list[Span]:
    """Join "Sui Wenjing and Han Cong": two names that share one result."""
    out = list(spans)
    for a, b in zip(spans, spans[1:], strict=False):
        if sentence[a.end : b.start] == " and " and len(a.text.split()) >= 2 and len(b.text.split()) >= 2:
            out.append(Span(sentence[a.start : b.end], a.start, b.end))
    return out


_MODIFIERS = {
    "gold",
    "silver",
    "bronze",
    "medal",
    "medals",
    "total",
    "different",
    "new",
    "olympic",
    "individual",
    "more",
    "than",
    "of",
    "the",
    "in",
    "per",
}


def _number_span(sentence: str, question_tokens: set[str], units: bool) -> str:
    """The number that answers "how many/how long", with what it counts ("16 gold medals", "180 cm")."""
    best, best_score = "", -1.0
    for m in _NUMBER.finditer(sentence):
        if re.fullmatch(r"(?:19|20)\d{2}", m.group()) and not units:
            continue  # a year is rarely "how many"
        tail = [w.lstrip("-") for w in re.findall(r"[\w'’\-]+", sentence[m.end() : m.end() + 60])[:4]]
        take = 0
        score = 0.0
        for i, word in enumerate(tail):
            folded = word.lower()
            stems = tokenize(word)
            if (stems and stems[0] in question_tokens) or (units and folded in _UNITS):
                take, score = i + 1, score + 1.0
            elif folded not in _MODIFIERS:
                break
        before = sentence[max(0, m.start() - 30) : m.start()]
        score += 0.5 * bool(set(tokenize(before)) & question_tokens)
        if score > best_score:
            best, best_score = " ".join([m.group(), *tail[:take]]), score
    return best


#: the words that ask a stretch's end or its start (R45b, session 22, brief A): "when did the games end",
#: "last day of the paralympics", "when did the olympics start"; a sentence stating a range covers them
_END_ASKED = re.compile(
    r"\b(end|ends|ended|ending|finish|finishes|finished|finishing|close|closes|closed|closing|conclude|"
    r"concludes|concluded)\b|\b(last|final) day\b"
)
_START_ASKED = re.compile(
    r"\b(start|starts|started|starting|begin|begins|began|beginning|open|opens|opened|opening)\b"
    r"|\bfirst day\b"
)
SIDE_WORDS = frozenset(
    tokenize(
        "last closing final end ended ending ends day date finish finished close closed conclude concluded "
        "first opening start started starts begin began beginning open opened"
    )
)
_RANGE_DAY_FIRST = re.compile(
    rf"\b(\d{{1,2}})(?: ({_MONTH}))?\s*(?:-|–|—|to|until|through)\s*(\d{{1,2}}) ({_MONTH})(?:,? (\d{{4}}))?\b"
)
_RANGE_MONTH_FIRST = re.compile(
    rf"\b({_MONTH}) (\d{{1,2}})\s*(?:-|–|—|to|until|through)\s*(?:({_MONTH}) )?(\d{{1,2}})(?:,? (\d{{4}}))?\b"
)


_CLOCK_ASKED = re.compile(r"\bwhat (?:time|hour)\b")


def range_end_asked(question: str) -> str:
    """The side of a stretch the question asks: "end" (when it ended), "start" (when it began), else ""."""
    folded = fold(question).lower()
    if _CLOCK_ASKED.search(folded):
        return ""  # "what time does the stream start": a clock time, not the day a stretch starts
    end, start = bool(_END_ASKED.search(folded)), bool(_START_ASKED.search(folded))
    return "end" if end and not start else "start" if start and not end else ""


def range_side(sentence: str, side: str) -> str:
    """The end ("13 March 2022") or start ("4 March 2022") of the first range of days ``sentence`` states
    ("held from 4 to 13 March 2022"); "" when it states none. The end is as written; a start the range writes
    without its month or year ("4 to 13 March") is given them from the range's end."""
    m = _RANGE_DAY_FIRST.search(sentence)
    if m:
        d1, m1, d2, m2, year = m.groups()
        tail = f" {year}" if year else ""
        return f"{d2} {m2}{tail}" if side == "end" else f"{d1} {m1 or m2}{tail}"
    m = _RANGE_MONTH_FIRST.search(sentence)
    if m:
        m1, d1, m2, d2, year = m.groups()
        tail = f", {year}" if year else ""
        return f"{m2 or m1} {d2}{tail}" if side == "end" else f"{m1} {d1}{tail}"
    return ""


def _side_said(sentence: str, side: str) -> bool:
    """Whether the sentence says the side asked in words ("the Games closed on 20 February")."""
    asked = _END_ASKED if side == "end" else _START_ASKED
    return bool(asked.search(fold(sentence).lower()))


def answer_span(kind: str, sentence: str, question: str, known: str = "") -> str:
    """The shortest span of ``sentence`` that answers a question of this kind ("" when none does).

    Names in the question or in ``known`` (the document's title) are never the answer.
    """
    q = set(tokenize(question)) | set(tokenize(known))
    if kind == "price":
        m = _MONEY.search(sentence)
        return m.group() if m else ""
    if kind == "when":
        side = range_end_asked(question)
        found_side = range_side(sentence, side) if side else ""
        if found_side:
            return found_side  # the end or start asked, of the range the sentence states (R45b)
        patterns = _DATES
        if re.search(r"\bwhat time\b|\bwhat hour\b", fold(question).lower()):
            patterns = [_DATES[3], _DATES[2]]  # a clock time, not a date
        for pattern in patterns:
            found = [Span(m.group(), m.start(), m.end()) for m in pattern.finditer(sentence)]
            found = [s for s in found if s.text not in question]
            if found:
                return max(found, key=lambda s: _near(s, sentence, q) - s.start / 1000.0).text
        return ""
    if kind == "count":
        return _number_span(sentence, q, units=False)
    if kind == "measure":
        if re.search(r"\bsizes?\b", question.lower()):
            sizes = _SIZES.findall(sentence)
            if sizes:
                return ", ".join(dict.fromkeys(sizes))
        return _number_span(sentence, q, units=True)
    if kind == "who" and _ASKS_COUNTRY.search(fold(question).lower()):
        found = [Span(m.group(), m.start(), m.end()) for m in _COUNTRY_RE.finditer(sentence)]
        if found:
            return _best(found, sentence, q)
    if kind == "who":
        name = _best(_pairs(entities(sentence), sentence), sentence, q, prefer="name")
        if name:
            return name
        m = re.match(
            r"(The|A|An) ([a-z][a-z\-]+)\b", sentence
        )  # a role: "The skip stands ... and calls the line"
        return m.group() if m and stem(m.group(2)) not in q and m.group(2) not in STOPWORDS else ""
    if kind == "where":
        found = entities(sentence)
        if re.search(r"\bfrom\b", question.lower()):  # "where is she from": a place of origin
            found = [s for s in found if sentence[max(0, s.start - 5) : s.start].lower() == "from "] or found
        return _best(found, sentence, q, prefer="place")
    if kind == "rank":
        m = _ORDINAL.search(sentence)
        return m.group() if m else ""
    if kind == "name":
        quoted = [
            m.group(1)
            for m in re.finditer(r"[\"“]([^\"”]{2,60})[\"”]", sentence)
            if not _in_question(m.group(1), q)
        ]
        return quoted[0] if quoted else _best(entities(sentence), sentence, q, prefer="name")
    return ""


def strength(kind: str, span: str, sentence: str, question: str = "") -> float:
    """How convincingly ``span`` answers a question of this kind (0 none .. 1 a complete answer)."""
    if not span:
        return 0.0
    if kind == "when":
        side = range_end_asked(question)
        if side and span == range_side(sentence, side):
            return 1.0
        clock = bool(_DATES[2].fullmatch(span) or _DATES[3].fullmatch(span))  # a time of day, no date
        weaker = 0.7 if side and not clock and not _side_said(sentence, side) else 1.0  # not the side asked
        return weaker * _when_strength(span, question)
    if kind == "where":
        if re.search(r"\bfrom\b", question.lower()) and f"from {span}" in sentence:
            return 1.0
        at = sentence.find(span)
        return 1.0 if at < 0 or _place_word(Span(span, at, at + len(span)), sentence) else 0.6
    if kind == "measure":
        words = span.lower().replace(",", " ").split()
        if _SIZES.fullmatch(span.split(",")[0]):
            return 1.0
        units = set(words) & set(_UNITS)
        asked = _HOW_DIMENSION.search(fold(question).lower())
        if asked and not units & _DIMENSIONS[asked.group(1)]:
            return 0.0  # a unit that does not measure what is asked ("10 percent" for "how fast")
        return 1.0 if units else 0.0
    if kind == "count":
        return 1.0 if len(span.split()) > 1 else 0.6
    if kind == "who" and _ASKS_COUNTRY.search(fold(question).lower()):
        return 1.0 if span in COUNTRIES else 0.3  # a person's name does not say which country
    if kind == "who":
        if re.fullmatch(r"(The|A|An) [a-z\-]+", span):
            return 0.6
        if len(span.split()) == 1 and sentence.startswith(span) and not _NAME_THEN_VERB.match(sentence):
            return 0.5  # a capitalized first word is as likely an ordinary word ("Next week ...")
        return 1.0 if len(span.split()) > 1 else 0.8
    if kind == "name":
        return 0.8 if f'"{span}"' in sentence or f"“{span}”" in sentence or len(span.split()) > 1 else 0.5
    return 1.0


def _when_strength(span: str, question: str) -> float:
    """How convincingly a date span answers a when-question (before R45b's side)."""
    if _DATES[2].fullmatch(span) or _DATES[3].fullmatch(span):
        return 1.0
    if _DATES[0].fullmatch(span) or _DATES[1].fullmatch(span):
        return 0.7 if re.search(r"\b(is|does|do|are)\b.*\b(on|start|air|stream)\b", question.lower()) else 1.0
    return 0.7 if _DATES[4].fullmatch(span) else 0.4
