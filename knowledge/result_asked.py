"""A winner asked without a question word (session 23, brief A, candidate A2; docs/knowledge.md "Session 23,
brief A"): "womens halfpipe gold?", "luge champs in 2022" ask for the holder of a result, as "who won ..."
does (rule 13). A sentence that states no result ("Olympic distances are 500, 1000, 1500 and 5000 metres
...", "About 560 athletes competed in 78 medal events ...") does not answer them, whatever names it holds:
:func:`miss`. The word classes are general English, none taken from a question.

The thing asked that the base never names (session 26, brief W, candidate W1; docs/knowledge.md "Session
26, brief W"): "what university does nathan chen study at" was answered with "Nathan Chen is an American
figure skater born on 5 May 1999 in Salt Lake City, Utah." - the sentence is about him, and no rule reads the
noun the question asks for. Where that noun is one the base never writes, and the evidence does not write it
another way, no sentence of the base says which one it is: :func:`unnamed_asked`."""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge import nlp, noun_kin, roles

#: a question word, or a yes/no opening: the line asks in the ordinary way and the other rules read it
_ASKS = re.compile(
    r"\b(?:what|whats|when|where|which|why|how|whose|whom|who)\b"
    r"|^\s*(?:is|are|was|were|do|does|did|can|could|will|would|has|have|had|should)\b"
)
#: a word that names the holder of a result
_HOLDER = re.compile(r"\b(?:winners?|champions?|champs?|golds?|medall?ists?)\b")
#: a word that states a result ("medal" alone is none: "78 medal events")
_RESULT = re.compile(
    r"\b(?:won|win|wins|winning|winners?|champions?|championships?|titles?|victory|victories|victorious|beat|"
    r"beating|beaten|defeated|golds?|silver|bronze|medall?ists?|took|claimed|topped)\b"
)


def asks_holder(question: str) -> bool:
    """Whether ``question`` asks for the holder of a result without a question word ("luge champ?")."""
    folded = nlp.fold(question).lower()
    return bool(_HOLDER.search(folded)) and not _ASKS.search(folded)


#: W1's three places of the noun asked (general English): (a) the head of a what/which phrase followed by
#: an auxiliary ("what university does X study at"; a copula after it, "what animal is X", asks X's kind and
#: is not read); (b) the noun after "what is / was the" or "what's X's", before a preposition or the end
#: ("what was the attendance at the final"); (c) the noun that ends a "what (did) X VERB PREP N" question
#: ("what did X study at uni")
_AUX = r"(?:did|does|do|has|have|had|will|can|could|would)"
_COPULA = r"(?:is|was|are|were)"
_PREPOSITION = r"(?:at|in|for|on|from|with|during|to|by|about)"
_ASKED_NOUN = (
    re.compile(rf"\b(?:what|which)\s+((?:[a-z'-]+\s+){{0,2}}?[a-z'-]+)\s+{_AUX}\b"),
    re.compile(
        rf"\b(?:whats|what's|what\s+{_COPULA})\s+(?:the\s+|[a-z]+'s\s+)((?:[a-z'-]+\s+){{0,2}}?[a-z'-]+)\s*"
        rf"(?:\b{_PREPOSITION}\b|\bof\b|\?|$)"
    ),
    re.compile(
        rf"\b(?:what|whats|what's)\s+(?:(?:{_AUX}|{_COPULA})\s+)?(?:[a-z'-]+\s+){{1,3}}?[a-z'-]+\s+{_PREPOSITION}\s+"
        r"(?:the\s+|a\s+|an\s+)?([a-z'-]+)\s*\??$"
    ),
)
#: "what's the deal / story / fuss with / about X" asks to be told about X, not for a thing called "deal"
#: (the lead's mend after review, session 26, R's D9): place (b) is not read when such a preposition follows
_ABOUT_AFTER = re.compile(r"\s+(?:with|about|around|on)\b")
#: value nouns the typed rules read themselves (a date, a time, a colour, a size, a price; W1c: a name, "what
#: is the name of X", the form of the answer as "what date" is); and (the lead's mend after review,
#: session 26, R's D7) the nouns of a magnitude, which the base writes as a number ("80,000 seats",
#: "1,975-metre", "5-4"), not by the noun: "what is the seating capacity of the bird's nest" is answered
_MAGNITUDES = (
    "length width height depth weight distance capacity volume speed temperature duration margin ratio score "
    "number amount total age percentage"
)
_VALUE_NOUNS = frozenset(
    "date dates day days year years month months time times colour colours color colors size sizes price "
    "prices cost costs name names".split()
    + _MAGNITUDES.split()
    + [f"{w}s" for w in _MAGNITUDES.split()]
)


def asked_nouns(question: str) -> list[str]:
    """The nouns ``question`` asks for in W1's three places (:data:`_ASKED_NOUN`), as written (lower case)."""
    folded = nlp.fold(question).lower()
    found = []
    for pattern in _ASKED_NOUN:
        m = pattern.search(folded)
        if m is not None and not (pattern is _ASKED_NOUN[1] and _ABOUT_AFTER.match(folded, m.end(1))):
            found.append(m.group(1).split()[-1])
    return found


def unnamed_asked(question: str, evidence: str, idf_share: Callable[[str], float]) -> bool:
    """W1: a noun ``question`` asks for (:func:`asked_nouns`) is a word the base never writes (``idf_share``
    1.0, as rule 19 reads it) and ``evidence`` (the sentence before, the sentence, the heading path) does not
    write it another way (:func:`knowledge.noun_kin.said`). A person noun ("which champ": who), a verb form in
    "-ing" ("what is the skip doing"), a value noun the typed rules read (:data:`_VALUE_NOUNS`) and (W1b) a
    word not written in letters alone are not read."""
    people = roles.person_nouns()
    said = set(nlp.tokenize(evidence))
    for word in asked_nouns(question):
        head = nlp.stem(word)
        if not word.isalpha() or word in nlp.STOPWORDS or word in _VALUE_NOUNS or word.endswith("ing"):
            continue  # W1b: a hyphenated or possessive word ("saint-pierre") is no noun the base keeps whole
        if word in people or word.removesuffix("s") in people:
            continue
        if idf_share(head) >= 1.0 and head not in said and not noun_kin.said(head, evidence):
            return True
    return False


def miss(
    question: str,
    sentence: str,
    before: str = "",
    context: str = "",
    idf_share: Callable[[str], float] | None = None,
) -> bool:
    """True where ``question`` asks for the holder of a result without a question word (:func:`asks_holder`)
    and neither ``sentence`` nor the sentence ``before`` it states a result; or (W1, with ``idf_share``) where
    it asks for a thing the base never names (:func:`unnamed_asked`; the evidence is ``before``, ``sentence``
    and the heading path ``context``)."""
    if asks_holder(question) and not _RESULT.search(nlp.fold(f"{before} {sentence}").lower()):
        return True
    return idf_share is not None and unnamed_asked(question, f"{before} {sentence} {context}", idf_share)
