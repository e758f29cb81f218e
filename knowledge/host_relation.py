"""Rule 27 (session 18, brief A2): a question to the host about the host itself is answered only by evidence
that states the relation asked.

A viewer asks the host what it likes or does ("whats your favourite winter sport", "which hockey team do u
root for", "what games do you play off stream"). The base holds the show's own sentences ("Our favourite
moment was ...", "During the Games the show streams every day"), and the scorer finds one that shares the
question's other words; the sentence then answers a question nobody asked. Two forms, each a relation the
evidence must state (as rule 3 asks "who coaches" for "coach"):

1. **The favourite asked.** "your favourite / fav / favorite N": the head of N (the last of the words after
   the favourite word, up to a stopword, at most three) must be in the evidence: "favourite moment" does not
   answer the favourite (winter) sport.
2. **What the host does.** "what / which [N] do / did / does / will / can you VERB": VERB must be in the
   evidence (stemmed): "the show streams every day" does not say what games the host plays.

Written from the wrong answers of pool4 (fit data), no weight, nothing fitted.
"""

from __future__ import annotations

import re

from knowledge import nlp

_FAVOURITE = re.compile(r"\b(?:your|ur|yr)\s+(?:fav|fave|favs|favou?rites?|favorites?)\s+([a-z' ]+)")
_HOST_DOES = re.compile(
    r"^(?:what|which|whats|what's)\s+(?:[a-z']+\s+){0,3}?(?:do|did|does|will|would|can)\s+"
    r"(?:you|u|ya)\s+(?:guys\s+|all\s+)?([a-z]+)"
)
#: verbs that carry no relation of their own ("what do you do", "what did you have")
_LIGHT = frozenset({"do", "did", "does", "have", "has", "had", "get", "got", "like", "think", "mean", "say"})


def asked(question: str) -> tuple[str, ...]:
    """The stems the evidence must hold for a question to the host about itself (empty for any other)."""
    folded = nlp.fold(question).lower()
    fav = _FAVOURITE.search(folded)
    if fav:
        words: list[str] = []
        for w in fav.group(1).split():
            if w in nlp.STOPWORDS or len(words) == 3:
                break
            words.append(nlp.stem(w))
        return tuple(words[-1:])
    does = _HOST_DOES.match(folded)
    if does and does.group(1) not in nlp.STOPWORDS and does.group(1) not in _LIGHT:
        return (nlp.stem(does.group(1)),)
    return ()


def miss(question: str, evidence: str) -> bool:
    """True when ``question`` asks the host about itself (:func:`asked`) and ``evidence`` (the sentence, the
    one before it and its headings) holds none of the stems asked."""
    need = asked(question)
    if not need:
        return False
    present = set(nlp.tokenize(evidence))
    return not any(s in present for s in need)
