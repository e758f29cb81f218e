"""A role the base never names, or names of another holder (session 23, brief T, K1; issue 14).

"who was great britains coach in womens curling" was answered with "Great Britain, skipped by Eve Muirhead,
won the women's curling ..." and "who was the referee of the womens hockey final" with the final's result: the
sentence that repeats the question's event wins, though the base never names a coach or a referee. And "who
skipped japan in the womens curling final" was answered with Great Britain's skip, stated of the other side.

- (a) A **person noun** (:data:`PERSON_NOUNS`: Open English WordNet's ``noun.person``, ``person_nouns.txt``)
  used as a relation of someone the question names - after a possessive ("gu's", "canadas"), at most three
  content words between, or followed by "of" / "for" - that the base never writes (nor a root it is made from:
  "medalist" is made from "medal") names a role no sentence of the base states (:func:`unwritten_role`).
- (b) "who VERB ..." naming a country or team, against a sentence that states the verb as a participle clause
  of another subject, "S, VERBed by H," (:func:`other_holder`): the role is S's, not the asked side's.

Pure functions; :func:`knowledge.constraints.miss` asks them (miss "role").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from knowledge import nlp
from knowledge.constraint_names import _DEMONYMS, asked_countries, possessives

PERSON_NOUNS_FILE = Path(__file__).with_name("person_nouns.txt")


@cache
def person_nouns() -> frozenset[str]:
    """The nouns that name a person (``person_nouns.txt``; read once a process)."""
    lines = PERSON_NOUNS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


#: an agentive ending: what is left names what the person does ("medalist" -> "medal", "referee" -> "refer")
_AGENTIVE = re.compile(r"(?:ee|er|or|ist|ian|ant|ent)$")
#: content words that may stand between a possessive and the role ("canadas womens hockey coach")
_BETWEEN = 3
_RELATION_AFTER = frozenset({"of", "for"})


def _person(word: str) -> str | None:
    """``word`` as a person noun (a plural read as its singular), else None."""
    nouns = person_nouns()
    if word in nlp.STOPWORDS:
        return None
    if word in nouns:
        return word
    if word.endswith("s") and word[:-1] in nouns:
        return word[:-1]
    return None


def _roots(noun: str) -> list[str]:
    """The roots a person noun may be made from: "winner" -> ["winn", "win"], "medalist" -> ["medal"]."""
    root = _AGENTIVE.sub("", noun)
    if root == noun or len(root) < 3:
        return []
    out = [root]
    if len(root) >= 4 and root[-1] == root[-2]:
        out.append(root[:-1])
    return out


def relational_roles(question: str, anchors: set[str], passage: str = "") -> list[str]:
    """The question's person nouns used as a relation of someone it names: after a possessive with at most
    :data:`_BETWEEN` content words between, or followed by "of" / "for". A possessive is "'s", or (K1c) a bare
    "-s" on a word that ``passage`` (the evidence's passage and headings) never writes as it is and whose stem
    less "s" is one of ``anchors`` (the stems the passages write as names): "canadas" beside "Canada", not
    "jacobellis" beside "Jacobellis"."""
    words = possessives(question, anchors, stopwords=True)
    said = set(re.findall(r"[a-z0-9]+", nlp.fold(passage).lower()))
    out: list[str] = []
    last_own: int | None = None
    for i, (word, _stem, own) in enumerate(words):
        # a bare "-s" after a name of the passages is its possessive though both stem alike ("canadas")
        own = own or (
            len(word) > 3 and word.endswith("s") and word not in said and nlp.stem(word[:-1]) in anchors
        )
        noun = _person(word)
        if noun is not None and not own:
            after = words[i + 1][0] if i + 1 < len(words) else ""
            if (last_own is not None and i - last_own <= _BETWEEN + 1) or after in _RELATION_AFTER:
                out.append(noun)
        if own:
            last_own = i
        elif word in nlp.STOPWORDS:
            last_own = None  # a stopword ends the possessive's phrase ("gu's race with the coach")
    return out


def unwritten_role(
    question: str, anchors: set[str], idf_share: Callable[[str], float], passage: str = ""
) -> str:
    """K1 (a): the first person noun of :func:`relational_roles` the base never writes (its stem's
    ``idf_share`` is 1.0, as for every root of :func:`_roots`), or ""."""
    for noun in relational_roles(question, anchors, passage):
        if idf_share(nlp.stem(noun)) < 1.0:
            continue
        if any(idf_share(nlp.stem(r)) < 1.0 for r in _roots(noun)):
            continue
        return noun
    return ""


_WHO_VERB = re.compile(r"^\W*who\s+([a-z]+)\b")
_AUX = frozenset("is was were are did does do has have had will would can could should".split())
#: "S, VERBed by H": a participle clause that states a role of its subject S
_BY_CLAUSE = re.compile(r"((?:[A-Z][\w'\u2019-]*\s+)*[A-Z][\w'\u2019-]*),\s+([a-z]+)\s+by\s+[A-Z]")
_DEMONYM_OF = {k.lower(): v for k, v in _DEMONYMS.items()}


def _asked_sides(question: str) -> set[str]:
    """The countries or teams the question names: by name or short name, or by adjective ("british")."""
    found = set(asked_countries(question))
    for word in re.findall(r"[a-z]+", nlp.fold(question).lower()):
        found.update(_DEMONYM_OF.get(word, ()))
    return found


def other_holder(question: str, sentence: str) -> bool:
    """K1 (b): "who VERB <a country or team> ..." against "S, VERBed by H, ..." where S (the clause's subject)
    is none of the asked sides: the sentence states the role of another holder."""
    m = _WHO_VERB.match(nlp.fold(question).lower())
    if m is None or m.group(1) in _AUX or m.group(1) in nlp.STOPWORDS:
        return False
    sides = _asked_sides(question)
    if not sides:
        return False
    verb = nlp.stem(m.group(1))
    for clause in _BY_CLAUSE.finditer(nlp.fold(sentence)):
        if nlp.stem(clause.group(2)) != verb:
            continue
        subject = clause.group(1)
        if not any(side in subject or subject in side for side in sides):
            return True
    return False


__all__ = ["PERSON_NOUNS_FILE", "other_holder", "person_nouns", "relational_roles", "unwritten_role"]
