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

Session 19 (brief A, R29), from the wrong answers of pool5 (fit data):

3. **A yes/no question to the host about itself.** "(host,) do / did / can / could / will / would you VERB"
   ("host do u like snow", "can u snowboard host"): VERB must be in the evidence and the evidence must speak
   in the first person (we, our, us, I, my, me): "Genting Snow Park hosted snowboard ..." does not say whether
   the host snowboards. Light, request and shop verbs are exempt ("do you have", "can you tell me", "do you
   sell"): the question asks the base, not the host's life. A vocative "host" (first or last word) is an
   address, and form 2 is read after it or after a choice ("host summer or winter which do u prefer").
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
#: session 19 (R29): a yes/no question to the host; the address "host" at either end is no content word
_VOCATIVE = re.compile(r"^(?:(?:hey|hi|yo|ok|okay|so)\s+)*host\b[\s,!:]*|[\s,]+host\W*$")
_HOST_YESNO = re.compile(r"^(?:do|did|can|could|will|would)\s+(?:you|u|ya)\s+([a-z]+)")
#: form 2 after a choice or a clause ("summer or winter which do u prefer")
_HOST_DOES_LATER = re.compile(
    r"\b(?:what|which)\s+(?:[a-z']+\s+){0,3}?(?:do|did|does|will|would|can)\s+(?:you|u|ya)\s+([a-z]+)"
)
#: verbs of a yes/no question that ask the base, not the host's life: light ones, requests ("can you tell
#: me"), the shop's ("do you sell / ship"); "like" is the host's own ("do u like snow")
_ASKS_THE_BASE = (_LIGHT - {"like"}) | frozenset(
    "know tell give show explain help recommend remember sell stock carry offer ship deliver list name find "
    "check send please pls plz".split()
)
_FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us|i|my|me|mine)\b", re.IGNORECASE)


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
    addressed = _VOCATIVE.sub(" ", folded).strip()
    if addressed != folded:
        does = _HOST_DOES.match(addressed) or _HOST_DOES_LATER.search(addressed)
        if does and does.group(1) not in nlp.STOPWORDS and does.group(1) not in _LIGHT:
            return (nlp.stem(does.group(1)),)
    return ()


def yes_no_asked(question: str) -> str:
    """R29: the verb (a stem) of a yes/no question to the host about itself ("do u like snow" -> "like"),
    after a vocative "host"; "" for any other question, or a verb that asks the base
    (:data:`_ASKS_THE_BASE`)."""
    addressed = _VOCATIVE.sub(" ", nlp.fold(question).lower()).strip()
    m = _HOST_YESNO.match(addressed)
    if not m or m.group(1) in _ASKS_THE_BASE or (m.group(1) in nlp.STOPWORDS and m.group(1) != "like"):
        return ""
    return nlp.stem(m.group(1))


def miss(question: str, evidence: str) -> bool:
    """True when ``question`` asks the host about itself (:func:`asked`) and ``evidence`` (the sentence, the
    one before it and its headings) holds none of the stems asked."""
    verb = yes_no_asked(question)
    if verb:
        # R29: the host's own yes/no is told in the first person, with its verb ("we ski")
        said = {nlp.stem(w) for w in re.findall(r"[a-z]+", nlp.fold(evidence).lower())}
        return verb not in said or not _FIRST_PERSON.search(evidence)
    need = asked(question)
    if not need:
        return False
    present = set(nlp.tokenize(evidence))
    return not any(s in present for s in need)
