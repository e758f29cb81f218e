"""The short answer a question asks for by what it names: an age, or a unit (session 26, brief S).

The typed short span (``spans.answer_span``) reads a count or measure question's number by the words after it
and a date question's first date. Where a question asks an age ("how old was she at the games") it took
"2022" or "1500 metres" inside a sentence that says "aged 18" or "at the age of 35"; where a question names a
unit ("... in pounds", "how long does it keep drinks hot") it took "19.96 kilograms" beside "about 44 pounds",
or a volume for a duration. These rules read the sentence for what the question asks, as it is written there,
and say nothing where the sentence states none (then the span is as before). Only ``Answer.short`` changes:
never the evidence, so never whether the question is answered. docs/knowledge.md, "Session 26, brief S".
"""

from __future__ import annotations

import re

from knowledge.nlp import fold, tokenize
from knowledge.spans import _DIMENSIONS as _SPAN_DIMENSIONS
from knowledge.spans import _HOW_DIMENSION as _HOW
from knowledge.spans import Span, _near

#: S1: a question asks an age: "how old", "what/which age", or "age" not followed by a number ("silver at age
#: 41" gives an age and asks none; "aged 35" is not "age")
_AGE_ASKED = re.compile(r"\bhow old\b|\b(?:what|which) age\b|\bage\b(?!\s*(?:of\s+)?\d)")
#: the English forms of a stated age; "at N" only with one or two digits and then the sentence's end, a stop
#: or comma, or a joining word ("won the halfpipe at 17 and again ...", never "at 10:30" or "at 12 hours")
_JOINING = r"and|in|on|when|with|after|before|while|but|or"
_AGE_STATED = (
    re.compile(r"\baged (\d{1,3})\b"),
    re.compile(r"\bage of (\d{1,3})\b"),
    re.compile(r"\bage (\d{1,3})\b"),
    re.compile(r"\b(\d{1,3})[- ]years?[- ]old\b"),
    re.compile(rf"\bat (\d{{1,2}})(?=[,.](?!\d)|$|\s+(?:{_JOINING})\b)"),
)

#: S2: a unit's spellings and standard abbreviations, one group a unit (the words of ``spans._UNITS``)
_UNIT_GROUPS = (
    frozenset("kg kgs kilogram kilograms".split()),
    frozenset("lb lbs pound pounds".split()),
    frozenset("km kms kilometre kilometres kilometer kilometers".split()),
    frozenset("m metre metres meter meters".split()),
    frozenset("cm centimetre centimetres centimeter centimeters".split()),
    frozenset("mm millimetre millimetres millimeter millimeters".split()),
    frozenset("ml millilitre millilitres milliliter milliliters".split()),
    frozenset("hr hrs hour hours".split()),
    frozenset("min mins minute minutes".split()),
    frozenset("sec secs second seconds".split()),
    frozenset("day days".split()),
    frozenset("year years".split()),
    frozenset("percent %".split()),
    frozenset("degree degrees".split()),
)
#: the units that measure what "how <adjective>" asks: ``spans._DIMENSIONS``, each unit in all its spellings
_DIMENSIONS = {
    dim: frozenset(units).union(*(g for g in _UNIT_GROUPS if g & units))
    for dim, units in _SPAN_DIMENSIONS.items()
}
_NUM = r"\d[\d,]*(?:\.\d+)?"
#: a number, or a range "N to M" / "N-M" kept whole, then its next two words (a hyphen joins "150-metre")
_NUMBER_THEN = re.compile(rf"(?<![\w$€£¥.,\-]){_NUM}(?:\s*(?:to|-|–)\s*{_NUM})?(?=[\s\-])")
_NEXT_WORD = re.compile(r"[\s\-]+([A-Za-z][A-Za-z/]*|%)")


def asks_age(question: str) -> bool:
    """Whether the question asks an age (S1)."""
    return bool(_AGE_ASKED.search(fold(question).lower()))


def age_span(question: str, sentence: str) -> str:
    """The age the sentence states, as written, for a question that asks one; "" otherwise (S1)."""
    if not asks_age(question):
        return ""
    found = [Span(m.group(1), m.start(1), m.end(1)) for p in _AGE_STATED for m in p.finditer(sentence)]
    if not found:
        return ""
    q = set(tokenize(question))
    return max(found, key=lambda s: _near(s, sentence, q) - s.start / 1000.0).text


def units_asked(question: str) -> frozenset[str]:
    """The unit spellings a question asks for: the unit it names, else the units of "how <dimension>" (S2)."""
    words = re.findall(r"[a-z/%]+", fold(question).lower())
    named = frozenset().union(*(g for g in _UNIT_GROUPS if g & set(words)))
    if named:
        return named
    how = _HOW.search(fold(question).lower())
    return _DIMENSIONS[how.group(1)] if how else frozenset()


def unit_span(kind: str, question: str, sentence: str) -> str:
    """For a count or measure question, the sentence's number (or range) of the unit asked, as written, the
    one nearest the question's words; "" where the question asks no unit or the sentence states none (S2)."""
    if kind not in ("count", "measure"):
        return ""
    units = units_asked(question)
    if not units:
        return ""
    found = []
    for m in _NUMBER_THEN.finditer(sentence):
        end, pos = None, m.end()
        for _ in range(2):  # the unit directly, or after one word ("2 business days")
            w = _NEXT_WORD.match(sentence, pos)
            if not w:
                break
            if w.group(1).lower() in units:
                end = w.end()
                break
            pos = w.end()
        if end is not None:
            found.append(Span(sentence[m.start() : end], m.start(), end))
    if not found:
        return ""
    q = set(tokenize(question))
    return max(found, key=lambda s: _near(s, sentence, q) - s.start / 1000.0).text


def asked_span(kind: str, question: str, sentence: str) -> str:
    """S1, else S2: the short span the question asks for by what it names ("" where neither applies)."""
    return age_span(question, sentence) or unit_span(kind, question, sentence)
