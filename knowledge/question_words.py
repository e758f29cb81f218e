"""Reading a question: the words it asks with (:func:`question_terms`, without the words that only shape it)
and the question with viewer spelling folded to the base's vocabulary (:func:`respell`). Pure functions; the
base's vocabulary comes in as callables (``knowledge/answer.py`` passes the lexical index's)."""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge import nlp

# words that shape a question but never appear in an answer ("how MUCH is", "what TIME does")
_SCAFFOLD = set(
    nlp.tokenize(
        "much many whats kind sort type exactly actually someone anybody u ur r ya yo btw q question wonder "
        "wondering curious happen happens happened",
        keep_stopwords=True,
    )
)
_HOW = re.compile(
    r"\bhow (long|tall|high|heavy|far|fast|big|old|deep|wide|steep|large|quick|often|much|many)\b"
)
_WHAT_UNIT = re.compile(r"\b(?:what|which) (time|date|day|year|month|size|colou?r|sizes|colou?rs)\b")
# "which country", "what venue": the noun names the answer's type; a sentence answers without repeating it
_TYPE_NOUN = re.compile(
    r"\b(?:which|what) (country|countries|nation|nations|team|teams|athlete|athletes|person|venue|city|"
    r"place|arena|stadium|zone|town|location|event|events|sport|sports|player|players)\b"
)


#: "what was the Olympic mascot called?": the verb only asks for a name (session 13)
_NAME_ASKED = re.compile(r"^\W*(?:what|whats|what's)\b.*\b(called|named)\W*$")


#: "when did the Paralympics take place?", "where were the biathlon races held?": the verb only asks for the
#: time or the place (session 13)
_TIME_PLACE_ASKED = re.compile(r"^\W*(?:when|where|what (?:year|date|day|time|month))\b")
_HELD = re.compile(r"\b(held|hold|holds|holding)\b|\b(take|takes|took|taking) (place)\b")


#: "when were the beijing paralympics, dates pls", "when's su yiming's birthday, day and year": a question
#: that asks "when" and names the kind of time it wants anywhere (session 16, brief R2)
#: (session 17, brief R) as "what/which date(s)", "what days" do: "what dates were the 2022 paralympics"
_WHEN_ASKED = re.compile(r"^\W*(?:when|(?:what|which) (?:dates?|days?|years?|months?|times?))\b")
_TIME_KIND = re.compile(r"\b(date|dates|day|days|year|years|month|months|time|times)\b")


def _name_asked(folded: str) -> frozenset[str]:
    """The words that only shape the question (docs/knowledge.md "Session 13"): "called" / "named" at the end
    of a "what ... called?" question (the answer says "the mascot was Bing Dwen Dwen", not "was called"),
    "held" / "take place" in a question for a time or a place (the answer says "were held from 4 to 13
    March" as often as "hosted" or nothing), and (session 16, brief R2) the kind of time a "when" question
    names ("when were the paralympics, dates pls": the answer says "from 4 to 13 March 2022", not "dates")."""
    out: set[str] = set()
    m = _NAME_ASKED.match(folded)
    if m:
        out.add(m.group(1))
    if _TIME_PLACE_ASKED.match(folded):
        for h in _HELD.finditer(folded):
            out.update(w for w in h.groups() if w)
    if _WHEN_ASKED.match(folded):
        out.update(_TIME_KIND.findall(folded))
    return frozenset(out)


def question_terms(question: str) -> list[str]:
    """The question's content tokens, without the words that only shape it ("how old" asks for an age)."""
    folded = nlp.fold(question).lower()
    drop = set(_SCAFFOLD)
    extra = []
    for m in _HOW.finditer(folded):
        drop.add(nlp.stem(m.group(1)))
        if m.group(1) == "old":
            extra.append("age")
    for m in _WHAT_UNIT.finditer(folded):
        if m.group(1) in ("time", "date", "day", "year", "month"):
            drop.add(nlp.stem(m.group(1)))
    if re.search(r"\b(what|whats|what's)( is)? (the|their|his|her|its) name\b", folded):
        drop.add("name")
    drop.update(nlp.stem(w) for w in _name_asked(folded))
    for m in _TYPE_NOUN.finditer(folded):
        drop.add(nlp.stem(m.group(1)))  # "which COUNTRY won": the answer is a country, the evidence names it
    return [t for t in dict.fromkeys([*nlp.tokenize(question), *extra]) if t not in drop]


#: the shortest word read as a misspelling of a base term (shorter ones are too often another word: "marit")
MISSPELT_MIN = 6
_RAW_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
#: the question words a misspelling is read as when it is one edit from exactly one ("wich", "wat", "wen")
_WH_WORDS = ("what", "which", "where", "when", "who", "whose", "how", "why")
#: units of time as viewers shorten them ("stays cold for how many hrs"): the word the base writes (session
#: 16, brief R2); general English, none names a thing the base holds
UNIT_SHORTHAND = {
    "hr": "hour",
    "hrs": "hours",
    "mins": "minutes",
    "sec": "second",
    "secs": "seconds",
    "yr": "year",
    "yrs": "years",
    "wk": "week",
    "wks": "weeks",
    # a speed the base writes in words (session 17, brief R): "bobsleigh top speed kmh"
    "kmh": "kilometres per hour",
    "kph": "kilometres per hour",
    "mph": "miles per hour",
}


def respell(
    question: str,
    base_term: Callable[[str], str | None],
    in_base: Callable[[str], bool],
    known_word: Callable[[str], bool],
) -> str:
    """The question with viewer spelling folded to the base's own vocabulary (session 14, docs/knowledge.md
    "Session 14, brief C"): a word whose stem the base does not know becomes the base's term one edit away
    (``base_term``, ``LexicalIndex.respell``): a misspelling ("contry", "pengiun") when the word is no word
    of the embedding model's vocabulary (``known_word``), or the stem of another form of the same word
    ("retire" for the base's "retired", a trailing "e" the stemmer drops); a misspelling keeps its first
    letter and has at least :data:`MISSPELT_MIN` letters. A misspelt question word ("wich") becomes the one
    question word it is one edit from, "whats" is "what's". Words the base knows (``in_base``, by stem), a
    capitalized word after the first (a name as written) and other words are kept as written."""

    def fold(m: re.Match[str]) -> str:
        word = m.group()
        low = nlp.fold(word).lower()
        if low in UNIT_SHORTHAND:
            return UNIT_SHORTHAND[low]
        stem = nlp.stem(low)
        if low in nlp.STOPWORDS or any(c.isdigit() for c in low) or in_base(stem):
            return word
        if word[0].isupper() and question[: m.start()].strip():
            return word  # a name as the asker wrote it ("Celeron"): another person, not a typo, may be meant
        if low.endswith("s") and low[:-1] in _WH_WORDS:
            return f"{low[:-1]}'s"  # "whats", "whens": the contraction without its apostrophe
        wh = [w for w in _WH_WORDS if nlp.one_edit(low, w)]
        if len(wh) == 1 and not known_word(low):
            return wh[0]
        found = base_term(stem)
        if found is None or nlp.stem(found) != found or found[0] != stem[0]:
            return word
        if found == stem + "e" or stem == found + "e":
            return found  # another form of the same word: the stemmer dropped a trailing "e"
        return found if len(stem) >= MISSPELT_MIN and not known_word(low) else word

    return _RAW_WORD.sub(fold, question)


#: where a misspelt question word is read (session 19, brief T): the line's first word, or the word after a
#: joining "and" / "so" / "but" ("ok so wat time is the final")
_WORD = re.compile(r"[A-Za-z]+")
_JOINING = frozenset(("and", "so", "but"))


def misspelt_wh(word: str, common: Callable[[str], bool]) -> str | None:
    """The question word ``word`` misspells (session 19, brief T): one edit from exactly one of them
    (:func:`nlp.one_edit`: a letter added, dropped, changed, or two neighbours swapped), or, where several
    are, the one it is a letter short of ("wht": what, not who); never a common word of English (``common``:
    "hot", "were", "hoe" are words) nor a stopword. "whos", "wats": a misspelling with "s" is the contraction
    ("who's", "what's"). None when ``word`` is no misspelt question word."""
    low = word.lower()
    if low in nlp.STOPWORDS or not low.isalpha():
        return None
    if low.endswith("s") and len(low) > 2:
        stem = low[:-1] if low[:-1] in _WH_WORDS else misspelt_wh(low[:-1], common)
        if stem is not None and "'" not in stem and not common(low):
            return f"{stem}'s"
    if common(low):
        return None
    near = [w for w in _WH_WORDS if nlp.one_edit(low, w)]
    if len(near) > 1:
        near = [w for w in near if len(w) == len(low) + 1]
    return near[0] if len(near) == 1 else None


def wh_respelled(question: str, common: Callable[[str], bool]) -> str:
    """``question`` with a misspelt question word at its opening (or after "and/so/but") written as the
    question word (:func:`misspelt_wh`): "wich country won the relay" -> "which country won the relay". The
    rest of the line is as written; a line with no such word comes back unchanged."""
    out: list[str] = []
    last, previous = 0, None
    for m in _WORD.finditer(question):
        word = m.group()
        if previous is None or previous in _JOINING:
            found = misspelt_wh(word, common)
            if found is not None:
                out += [
                    question[last : m.start()],
                    found[0].upper() + found[1:] if word[0].isupper() else found,
                ]
                last = m.end()
        previous = word.lower()
    return "".join([*out, question[last:]])


#: a modal request to be told something ("can you describe X", "could u pls tell me where X"): a request, not
#: a question about ability (an indirect speech act; lead L2, session 23)
_REQUEST_OPENING = re.compile(
    r"^\s*(?:can|could|would|will)\s+(?:you|u|ya)\s+(?:(?:please|pls|plz)\s+)?"
    r"(?=(?:tell|describe|explain|show|give)\b)",
    re.I,
)


def request_read(question: str) -> str:
    """``question`` with a modal request's opening dropped: "can you describe the mug" -> "describe the mug",
    "could you tell me where X" -> "tell me where X"; any other line comes back unchanged."""
    return _REQUEST_OPENING.sub("", question, count=1)
