"""What the persona says of an answer it has decided to give (session 25, brief T; docs/knowledge.md "Session
25, brief T"): the cited text, with the name its pronoun stands for (R1), and an age asked worked out from the
dates it cites (A1). Pure functions; the citation, the short answer and the confidence are never changed.

R1. A sentence is cited as written, and the documents write the way people do: "As a child he acted in the
film ...", under the heading "Su Yiming", the sentence before it "He won gold in big air ...". Said alone,
"he" leaves the viewer guessing. Where the spoken text's first referring word (a person's
"he"/"she"/"his"/"her"/"him", a thing's "it"/"its"/"they"/"their"/"them": :mod:`knowledge.referent`'s word
sets) has no name before it for it to point back to, and the cited chunk's heading path names a thing of that
kind (:func:`referent.kind_heading`: a person - a name under a heading of people; a thing - a venue or a
product) that the text does not name, the heading is said first: "Su Yiming: As a child he acted in the film
...". A sport's or an event's heading is not used: its sentences' "they" are as often the athletes or the
scores ("In skeleton, they ride head first").

A1. "how old was X when ..." is answered with the age the text states ("aged 18", "at the age of 35"); where
the text states none but gives a birth date and a later date or year, with the arithmetic ("That makes 17 or
18 in 2022 (born 18 February 2004)."; one age where both dates are full); else with the don't-know: an age is
never guessed, and a sentence with no age and no birth date does not answer the question.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from knowledge import nlp, referent
from knowledge.referent import _PERSON_WORDS, _QUOTED, _THING_WORDS, _WORD, _has_name
from knowledge.types import Answer

#: the kinds of thing a referring word may stand for, by its word set (a sport or an event: never, see R1)
_KINDS = (
    (_PERSON_WORDS, ("person",)),
    (_THING_WORDS, ("venue", "product")),
)

_MONTHS = ("january february march april may june july august september october november december").split()
_MONTH = "(" + "|".join(m.capitalize() for m in _MONTHS) + ")"
#: the question asks an age: "how old", "what age", "at what age", "age of ...", "her age"
_ASKS_AGE = re.compile(
    r"\bhow\s+old\b|\bwhat\s+age\b|(?<!at the )\bage\s+of\b|\b(?:his|her|their|its)\s+age\b"
)
_UNIT = (
    r"%|percent|per\b|metres?|meters?|m\b|km|kilomet|kg|kilogram|pounds?|degrees?|points?|seconds?|minutes?|"
    r"hours?|am\b|pm\b|o'clock|mph|years?\b|[:.,]?\d"
)
#: the text states an age: "aged 18", "at the age of 35", "17 years old", "a 41-year-old", "took silver at 41"
_STATES_AGE = re.compile(
    rf"\baged\s+\d{{1,3}}\b|\bage\s+of\s+\d{{1,3}}\b|\b\d{{1,3}}[\s-]+years?[\s-]+old\b"
    rf"|\bat\s+\d{{1,2}}\b(?!\s*(?:{_UNIT}))",
    re.I,
)
_BORN = re.compile(rf"\bborn\s+(?:on\s+)?(?:in\s+)?(?:(\d{{1,2}})\s+{_MONTH}\s+|{_MONTH}\s+)?(\d{{4}})\b")
_FULL_DATE = re.compile(rf"\b(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})\b")
_YEAR = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")


def spoken(question: str, context: str, answer: Answer, abstain_text: str) -> Answer:
    """``answer`` as the persona says it (module docstring): A1 on an age asked, then R1 on its text.
    ``context`` is the cited chunk's heading path ("A > B > C"); ``abstain_text`` the don't-know."""
    if answer.abstained:
        return answer
    said = age_said(question, answer.text)
    if said is None:
        return Answer(abstain_text, abstained=True, confidence=answer.confidence, kind=answer.kind)
    said = named(said, context)
    return answer if said == answer.text else replace(answer, text=said)


def named(text: str, context: str) -> str:
    """``text`` with the heading its first referring word stands for said first (R1), else ``text``."""
    if not context or not text:
        return text
    plain = _QUOTED.sub(lambda m: " " * len(m.group()), text)  # a quoted title refers to nothing
    for m in _WORD.finditer(plain):
        word = m.group().lower()
        kinds = next((k for words, k in _KINDS if word in words), None)
        if kinds is None:
            continue
        before = text[: m.start()]
        if _has_name(plain[: m.start()]):  # quotes left out: a nickname is no name to point back to
            return text
        heading = next((h for h in (referent.kind_heading(k, context) for k in kinds) if h), "")
        if not heading or _names(before, heading) or heading.lower() in text.lower():
            return text
        return f"{heading}: {text}"
    return text


def _names(before: str, heading: str) -> bool:
    """The text before the referring word holds a capitalized word of the heading ("Wüst won ... and she")."""
    said = {w.lower() for w in _WORD.findall(before) if w[:1].isupper()}
    return any(w[:1].isupper() and w.lower() in said for w in _WORD.findall(heading))


def asks_age(question: str) -> bool:
    """The question asks an age ("how old was ...", "what age ...", "age of ...")."""
    return bool(_ASKS_AGE.search(nlp.fold(question).lower()))


def age_said(question: str, text: str) -> str | None:
    """A1: ``text`` as said to ``question`` - unchanged unless an age is asked and the text states none; then
    the text with the arithmetic from the birth date it gives, or None (the don't-know)."""
    if not asks_age(question) or _STATES_AGE.search(text):
        return text
    born = _BORN.search(text)
    if born is None:
        return None
    day, month, alone, year = born.groups()
    month = month or alone
    birth_year = int(year)
    later = text[born.end() :]
    full = next((d for d in _FULL_DATE.finditer(later) if int(d.group(3)) > birth_year), None)
    if full is not None:
        on = (int(full.group(3)), _MONTHS.index(full.group(2).lower()) + 1, int(full.group(1)))
        when = f"on {full.group(1)} {full.group(2)} {full.group(3)}"
    else:
        years = [int(y) for y in _YEAR.findall(later) if int(y) > birth_year]
        if not years:
            return None
        on, when = (years[0], 0, 0), f"in {years[0]}"
    ages = _ages(birth_year, _MONTHS.index(month.lower()) + 1 if month else 0, int(day or 0), on)
    if not ages or ages[0] < 0 or ages[-1] > 130:
        return None
    age = " or ".join(str(a) for a in ages)
    birth = " ".join(p for p in (day, month, year) if p)
    return f"{text} That makes {age} {when} (born {birth})."


def _ages(year: int, month: int, day: int, on: tuple[int, int, int]) -> list[int]:
    """The age or ages (two when a date is not known to the day) of someone born ``year``-``month``-``day``
    (0 = not known) on the date ``on`` (year, month, day; 0 = not known)."""
    older = on[0] - year
    if month and day and on[1] and on[2]:
        try:
            return [older - (date(on[0], on[1], on[2]) < date(on[0], month, day))]
        except ValueError:
            return []
    return [older - 1, older]
