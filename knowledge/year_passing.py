"""A year met only in passing (session 23, brief R, candidate R1; docs/knowledge.md "Session 23, brief R"):
rule 6 asks the evidence to name a year the question names; a sentence that names it only as a reference
back to another time ("the first American gold in that event since 1994", "hosted the ceremonies, as it did
in 2008"), or that shares nothing with the question but its Games while it names other years too ("how many
athletes came to sochi 2014" against "Mikaela Shiffrin ... won gold at Sochi 2014 and PyeongChang 2018"),
speaks of that year in passing: :func:`miss`. "since", "as" and "than" are English subordinators of
reference time and comparison (a closed class); nothing is taken from a question."""

from __future__ import annotations

import re

from knowledge import nlp
from knowledge.constraint_values import YEAR, near

#: the year within three words after "since" ("since 1994", "since the 2008 Games")
_SINCE = re.compile(r"\bsince(?:\s+\S+){0,2}\s+$")
#: a clause that opens with "as" or "than" ("as it did in 2008", "than in 2018")
_AS_THAN = re.compile(r"^\s*(?:as|than)\b")
#: R1b: an "as" clause whose verb stands for the clause before it ("as it did in 2008"): the main clause
#: held then too
_AS_PRO = re.compile(r"^\s*as(?:\s+\S+){0,3}?\s+(?:did|does|do|was|were|is|are|had|has)\b")
#: where a clause starts: the last , ; : or sentence end before the year
_CLAUSE_START = re.compile(r"[,;:.!?](?=[^,;:.!?]*$)")
#: a word written right before a year: a Games' host ("PyeongChang 2018")
_BEFORE_YEAR = re.compile(r"([A-Za-z][\w'-]*)\s+((?:19|20)\d\d)\b")


def _in_passing(text: str, year: str, shared: bool) -> bool:
    """Every place ``text`` writes ``year`` is a reference back: after "since", or in an "as" / "than"
    clause; an "as it did" clause only where the question ``shared`` no word with the text (R1b). False where
    it never writes it."""
    places = [m.start() for m in re.finditer(rf"\b{year}\b", text)]
    for at in places:
        left = text[:at].lower()
        clause = _CLAUSE_START.split(left)[-1] if _CLAUSE_START.search(left) else left
        if _SINCE.search(left):
            continue
        if _AS_PRO.match(clause) and shared:
            return False
        if not _AS_THAN.match(clause):
            return False
    return bool(places)


def miss(question: str, sentence: str, before: str, context: str) -> bool:
    """R1: a year the question names is met by ``sentence`` and ``before`` only in passing (a heading path
    ``context`` that writes it meets it)."""
    folded = nlp.fold(question).lower()
    years = set(YEAR.findall(folded))
    if not years:
        return False
    text = nlp.fold(f"{before} {sentence}")
    hosts = {s for m in _BEFORE_YEAR.finditer(text) for s in nlp.tokenize(m.group(1))}
    said = set(nlp.tokenize(text))
    words = [w for w in nlp.tokenize(folded) if not YEAR.fullmatch(w) and w not in hosts]
    shared = any(near(w, said) for w in words)
    if any(y not in context and _in_passing(text, y, shared) for y in years):
        return True
    if not set(YEAR.findall(text)) - years:
        return False  # no other year: the sentence is not about another time
    return not shared
