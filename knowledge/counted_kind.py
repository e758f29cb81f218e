"""Rule 2's counted noun read by its kind (session 26, brief Q, candidate Q1; docs/knowledge.md "Session 26,
brief Q").

Rule 2 of :mod:`knowledge.constraints` ("a count counts the thing asked") needs a number followed by the
counted noun. A viewer often names the thing counted by its kind, not by the word the base writes: "judged
by how many people" against "judged by five judges", "how many players per team" against "two teams of four",
"how many kinds of jumps" against "The six jumps", "how many points" against "a score of 113.97".
:func:`counts_kind` says whether the sentence counts the thing asked in one of four such ways (each an English
class, none a word of a question's answer):

(a) a classifier noun ("kinds of X", "types of X"): X is the thing counted;
(b) persons in general ("people", "ppl"): a number followed by a person noun (Open English WordNet's
    ``noun.person``, :func:`knowledge.roles.person_nouns`);
(c) members of a group: a person counted per a group the question names, written "GROUP(s) of N";
(d) the unit of a score ("points", "pts"): a number after "score" / "scored".
"""

from __future__ import annotations

import re

from knowledge import nlp, roles
from knowledge.constraint_values import YEAR, is_number, words

#: classifier nouns of English: "how many kinds of jumps" counts jumps
CLASSIFIERS = frozenset(
    "kind kinds type types sort sorts variety varieties category categories form forms".split()
)
#: words for persons in general, and "ppl", their common chat form
PERSONS = frozenset("people ppl persons person folks individuals".split())
#: the unit a score is counted in, and the words that state a score
SCORE_UNITS = frozenset("points pts".split())
_SCORE_WORDS = frozenset("score scores scored scoring".split())
#: words after "how many" (the thing counted and what follows it)
_HOW_MANY = re.compile(r"\bhow many ((?:[a-z]+ ?)+)")
#: how far a number may stand before the noun it counts
WINDOW = 3


def _person(word: str) -> bool:
    """Whether ``word`` names a person: a person noun, or its plural in -s, -es or -men ("women")."""
    nouns = roles.person_nouns()
    if (
        word in nouns
        or (word.endswith("s") and word[:-1] in nouns)
        or (word.endswith("es") and word[:-2] in nouns)
    ):
        return True
    return word.endswith("men") and f"{word[:-3]}man" in nouns


def _counts(sentence: list[str], counted: set[str]) -> bool:
    """A number (not a year) followed within :data:`WINDOW` words by a word of ``counted`` (stems)."""
    for i, w in enumerate(sentence):
        if is_number(w) and not YEAR.fullmatch(w):
            if any(nlp.stem(x) in counted for x in sentence[i + 1 : i + 1 + WINDOW]):
                return True
    return False


#: a number written right after a word and a hyphen ("COVID-19", "U-23"): part of a name (Q1b)
_NAMED_NUMBER = re.compile(r"\b([A-Za-z]+)-\d+\b")


def _counts_persons(sentence: str) -> bool:
    """(b): a number (not a year, not part of a name: "COVID-19") followed within :data:`WINDOW` words by
    a person noun."""
    said = words(_NAMED_NUMBER.sub(r"\1", sentence))
    for i, w in enumerate(said):
        if is_number(w) and not YEAR.fullmatch(w):
            if any(x not in nlp.STOPWORDS and _person(x) for x in said[i + 1 : i + 1 + WINDOW]):
                return True
    return False


#: "GROUP of N" and what ends the number's phrase: a mark, the end, or the next word (a stopword ends it)
_GROUP_OF = re.compile(r"\b([a-z]+) of ([a-z0-9]+(?:[.,][0-9]+)*)(?=(\s*[^\w\s]|\s*$)|\s+([a-z0-9]+))")


def _members(sentence: str, groups: set[str]) -> bool:
    """(c): a word of ``groups`` (stems), then "of" and a number that ends its phrase (followed by a mark,
    the sentence end or a stopword: "two teams of four on a sheet", not "a relay of 4 x 7.5 km")."""
    for m in _GROUP_OF.finditer(nlp.fold(sentence).lower()):
        group, number, mark, after = m.groups()
        if nlp.stem(group) in groups and is_number(number) and (mark is not None or after in nlp.STOPWORDS):
            return True
    return False


def _scored(sentence: list[str]) -> bool:
    """(d): a number within :data:`WINDOW` words after a word that states a score."""
    for i, w in enumerate(sentence):
        if w in _SCORE_WORDS and any(is_number(x) for x in sentence[i + 1 : i + 1 + WINDOW]):
            return True
    return False


def counts_kind(question: str, sentence: str) -> bool:
    """Whether ``sentence`` counts what "how many N" asks by N's kind ((a)-(d) of the module)."""
    m = _HOW_MANY.search(nlp.fold(question).lower())
    if not m:
        return False
    after = m.group(1).split()
    noun, said = after[0], words(sentence)
    if noun in CLASSIFIERS and len(after) > 2 and after[1] == "of":
        thing: list[str] = []
        for w in after[2:]:
            if w in nlp.STOPWORDS or len(thing) == WINDOW:
                break
            thing.append(nlp.stem(w))
        return bool(thing) and _counts(said, set(thing))
    if noun in SCORE_UNITS:
        return _scored(said)
    persons = noun in PERSONS
    if persons and _counts_persons(sentence):
        return True
    if persons or _person(noun):
        groups = {nlp.stem(w) for w in after[1:] if w not in nlp.STOPWORDS}
        return bool(groups) and _members(sentence, groups)
    return False
