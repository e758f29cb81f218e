"""A line that asks by keywords - a thing the base holds, then what is asked of it - is a question to the base
(session 26, brief T: C2; docs/knowledge.md, "Session 26, brief T", declared there before measuring).

"nathan chen dob", "eileen gu age", "men's curling winner": a viewer types the thing and the attribute,
with no question word, verb or "?". The base answers such a line ("nathan chen birthday": the sentence that
gives his birth date), but the intent classifier reads it as a request, praise or chit-chat, so the turn never
asks the base. :func:`asks_by_keywords` reads it as a question when

1. past an address to the host, it has :data:`MIN_WORDS` to :data:`MAX_WORDS` words and no "!" (praise's mark:
   "eileen gu winner!");
2. its **last word** is an attribute noun (:data:`ATTRIBUTES`: a closed general class - the nouns naming a
   property or an outcome that a reference work's infobox lists of a person, place, event or product, and the
   standard form abbreviations of the date and place of birth and of birthday);
3. the words before it (a final "'s" off each) name something the base holds by T1's test
   (``told.known_phrases``: its headings, subjects and names; or, word for word, a name its text writes: T3),
   and none is a first- or second-person word (``told.PERSONS``: "my height", "your age" are not the base's).

Pure, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from agent.perception.question_forms import _past_address, _to_someone_else
from agent.perception.told import PERSONS, names_asked, words_of

#: Attribute nouns (declared before measuring: a general class, nouns naming a property or an outcome an
#: infobox lists of a person, place, event or product, with their plurals; and the standard form
#: abbreviations dob / pob / bday)
ATTRIBUTES = frozenset(
    """age ages birthday birthdays birthdate birthplace hometown height weight nationality country coach
    sport sports medal medals record records score scores result results winner winners champion champions
    date dates schedule venue venues location capacity nickname price prices cost costs size sizes colour
    colours color colors dob pob bday""".split()
)
#: auxiliaries and the copula (a closed class of English: the forms of be, have and do, the modals, their
#: negative contractions, and a pronoun + "'s"): a line that holds one after its first word says something of
#: the thing (a clause: "his skating is a gift to the sport"), it does not ask by keywords (K1, session 30)
_AUXILIARIES = frozenset(
    """am is are was were be been being has have had do does did will would shall should can could may might
    must isn't aren't wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't
    shouldn't can't cannot couldn't mightn't mustn't""".split()
)
CLAUSE_VERBS = _AUXILIARIES | frozenset("it's he's she's that's there's".split())
#: a question's first word (question order: "is eileen gu the winner" is left as it was read)
_QUESTION_OPENERS = _AUXILIARIES | frozenset("what whats who whos whose which when where why how".split())
MIN_WORDS = 2
MAX_WORDS = 8
#: the abbreviations a word split would break: "b-day", "d.o.b."
_SPLIT_FORMS = (
    (re.compile(r"\bb-day\b", re.IGNORECASE), "bday"),
    (re.compile(r"\bd\.o\.b\b\.?", re.I), "dob"),
)


def asks_by_keywords(
    text: str, host: str, known: Sequence[str], named: Collection[str] = frozenset()
) -> bool:
    """Whether ``text`` asks the base by keywords (module docstring): ``known`` (``told.known_phrases``) or,
    word for word, ``named`` (T3's names) before an attribute noun."""
    if "!" in text or not (known or named) or _to_someone_else(text, host):
        return False
    line = _past_address(text)
    for pattern, form in _SPLIT_FORMS:
        line = pattern.sub(form, line)
    words = words_of(line)
    if not MIN_WORDS <= len(words) <= MAX_WORDS or words[-1] not in ATTRIBUTES:
        return False
    if words[0] not in _QUESTION_OPENERS and any(w in CLAUSE_VERBS for w in words):
        return False  # a clause, not keywords: "his skating is a gift to the sport" (K1, session 30)
    before = [w[:-2] if w.endswith("'s") else w for w in words[:-1]]
    if any(w in PERSONS for w in before):
        return False
    if names_asked(before, named):
        return True
    said = " ".join(before)
    return any(re.search(rf"(?<!\w){re.escape(k)}(?!\w)", said) for k in known)


__all__ = ["ATTRIBUTES", "asks_by_keywords"]
