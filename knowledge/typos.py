"""A viewer's typo read as the base's own word, before any stage reads the question (session 16's reader,
docs/knowledge.md "Session 16, brief R"; made cheap in session 17, "Session 17, brief K").

``answer.respell`` (session 14) folds a misspelling to the base's *stem* for the lexical side only: the dense
search and the neural reader, whose margin the gate weighs, still read "how many meadls did china win".
Rewriting the *surface* word lets every stage read "medals".

A word is read as a typo when it has at least :data:`MIN_LETTERS` letters, is no stopword, no whole word of
the embedding model's vocabulary (``known_word``: a word of English or a common name), no word of the base
in any form (its stem is not a term of the lexical index), and not capitalized after the first word (a name
as the asker wrote it may be another person: session 14). Its correction is a string one edit from it (a
letter added, dropped, changed, or two neighbours swapped, never the first letter) whose stem *is* a term of
the base's lexical index: the base's words are the index's own vocabulary, which the store keeps up at
ingest, so nothing is walked or built here, at any size of base (session 16's reader read every chunk at the
first question). Where several terms are reached, one reached by a word of English wins over one reached
only by another string, then the term in more documents (``weight``); two that tie give up. Among the
strings that reach the winning term, a word of English is written first.

Session 17 (brief K), judged on misspellings people really made (``evals.qa_viewer`` ``real_typo``): most of
them fall on short words, and a misspelt "the", "who" or "did" costs as many answers as a misspelt "ceremony"
(an unknown word the answer sentence lacks). So a word of :data:`STOPWORD_MIN` letters or more that is no
word of English nor of the base, one edit from exactly one stopword (the first letter kept), is read as that
stopword ("teh", "wich", "waht", "didi"); and a word that is a stopword or a base word with an "s" added
("whats", "yimings": a viewer's "what's", "Yiming's") is no typo at all.

Session 18 (brief K): on the pool the corrections added wrong answers, for two reasons. (1) A correction to
the wrong word: "amny" read as "any" (meant: "many", its first two letters swapped), "olt" as "out" (meant:
"old"); the stopword was the only string looked for. So the first two letters swapped count as one edit too,
and a misspelt stopword is read only when nothing else one edit away is a word of English the base holds
(:func:`stopword`: "amny" stays, "many" is as near as "any"). (2) Most new wrong answers came from a right
correction: the question as written is answered wrong too, and the typo's abstention had hidden it. A
correction is a guess, so the answer to a corrected question is given only when its calibrated probability
of being right is at least :data:`SURE` (more likely right than wrong), not at the answer path's threshold
(:func:`trusted`); below it the path abstains.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge import nlp

#: the shortest word read as a typo of a base word (session 14's limit, on the word as typed, not its stem)
MIN_LETTERS = 6
#: the shortest word read as a typo of a stopword (session 17)
STOPWORD_MIN = 3
#: the calibrated probability a corrected question's answer needs (session 18): more likely right than wrong
SURE = 0.5

_RAW = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# the stemmer without its cache: a typo's few hundred one-edit strings would only push real words out of it
_stem: Callable[[str], str] = getattr(nlp.stem, "__wrapped__", nlp.stem)


def one_edit_variants(word: str) -> set[str]:
    """Every string one edit from ``word`` that keeps its first letter (a letter dropped, swapped with the
    next, changed or added after the first), and ``word`` with its first two letters swapped ("amny")."""
    head = range(1, len(word))
    dropped = {word[:i] + word[i + 1 :] for i in head}
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
    changed = {word[:i] + c + word[i + 1 :] for i in head for c in _LETTERS}
    added = {word[:i] + c + word[i:] for i in range(1, len(word) + 1) for c in _LETTERS}
    first = {word[1] + word[0] + word[2:]} if len(word) > 2 else set()
    return (dropped | swapped | changed | added | first) - {word}


def candidate(
    word: str, first: bool, in_base: Callable[[str], bool], known_word: Callable[[str], bool]
) -> bool:
    """Whether ``word`` (as typed) may be a typo at all (before any correction is looked for)."""
    low = nlp.fold(word).lower()
    if len(low) < STOPWORD_MIN or not low.isalpha() or low in nlp.STOPWORDS:
        return False
    if word[0].isupper() and not first:
        return False  # a name as the asker wrote it
    if low.endswith("s") and (low[:-1] in nlp.STOPWORDS or in_base(nlp.stem(low[:-1]))):
        return False  # "whats", "yimings": the apostrophe left out
    return not known_word(low) and not in_base(nlp.stem(low))


def stopword(low: str, in_base: Callable[[str], bool], known_word: Callable[[str], bool]) -> str | None:
    """The one stopword one edit from ``low`` (:func:`one_edit_variants`); None when none is, or several, or
    when a word of English whose stem the base holds is one edit away too ("amny": "any" and "many")."""
    variants = one_edit_variants(low)
    near = [v for v in variants if v in nlp.STOPWORDS]
    if len(near) != 1:
        return None
    if any(known_word(v) and in_base(_stem(v)) for v in variants if v not in nlp.STOPWORDS):
        return None
    return near[0]


def trusted(abstained: bool, confidence: float) -> bool:
    """Whether the answer to a corrected question may be given as it is: an abstention always, an answer
    only at a calibrated probability of :data:`SURE` or more (session 18)."""
    return abstained or confidence >= SURE


def base_word(
    low: str,
    in_base: Callable[[str], bool],
    weight: Callable[[str], float],
    known_word: Callable[[str], bool],
) -> str | None:
    """The string one edit from ``low`` (lower case) whose stem is a base term, as the module says; None when
    none is, or two terms tie."""
    reached: dict[str, list[str]] = {}
    for variant in one_edit_variants(low):
        term = _stem(variant)
        if in_base(term):
            reached.setdefault(term, []).append(variant)
    if not reached:
        return None
    rank = {t: (any(known_word(v) for v in vs), weight(t)) for t, vs in reached.items()}
    order = sorted(reached, key=lambda t: rank[t], reverse=True)
    if len(order) > 1 and rank[order[0]] == rank[order[1]]:
        return None
    return min(reached[order[0]], key=lambda v: (not known_word(v), v))


def correct(
    question: str,
    in_base: Callable[[str], bool],
    weight: Callable[[str], float],
    known_word: Callable[[str], bool],
) -> str:
    """``question`` with each typo of a base word written as the base writes it ("how many meadls" ->
    "how many medals"). ``in_base``: whether the base's lexical index holds a stem; ``weight``: how common a
    held stem is (higher: in more documents). Unchanged when nothing is a typo."""

    def fix(m: re.Match[str]) -> str:
        word = m.group()
        if not candidate(word, not question[: m.start()].strip(), in_base, known_word):
            return word
        low = nlp.fold(word).lower()
        found = stopword(low, in_base, known_word)
        if found is None and len(low) >= MIN_LETTERS:
            found = base_word(low, in_base, weight, known_word)
        if found is None:
            return word
        return found[0].upper() + found[1:] if word[0].isupper() else found

    return _RAW.sub(fix, question)
