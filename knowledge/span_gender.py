"""G1 (session 28, brief S; docs/knowledge.md "Session 28, brief S"): the reader's short span read again where
it stands in the other gender's clause of the cited sentence.

A sentence often names both genders' results side by side: "Marco Odermatt of Switzerland won the men's giant
slalom, and Sara Hector of Sweden won the women's giant slalom". Asked for the men's, the reader may take its
span from the women's clause. The sentence is cut into parts (its sentences, each cut at ";" and at "and"); a
part is the *other gender's* when the question names one gender (a word of the "men man" or of the "women
woman" family of ``constraint_scope.SCOPE_WORDS``, not both) and the part names the other and not the asked
one. Where the span overlaps such a part, the reader's best span inside the parts that name the asked gender
is the short span instead; where there is none, or the reader reads none there, nothing changes. Only
``Answer.short`` changes: the sentence said and the decision to answer do not. Session 27's S3 without its
price half (/work/e-data/s27/S/patches/S3.patch).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from knowledge import gate, neural_reader, nlp
from knowledge.constraint_scope import SCOPE_WORDS
from knowledge.evidence import Evidence

#: the two genders of an event (``constraint_scope.SCOPE_WORDS``' "men man" and "women woman" families)
_GENDERS = (SCOPE_WORDS["men"], SCOPE_WORDS["women"])
#: where a sentence's parts meet: a sentence's end, a semicolon, "and" (with or without a comma before it)
_CUT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])|\s*;\s*|,?\s+and\s+")


def parts(sentence: str) -> list[tuple[int, int]]:
    """The sentence's parts as character ranges (module docstring), in order."""
    out: list[tuple[int, int]] = []
    start = 0
    for m in _CUT.finditer(sentence):
        if m.start() > start:
            out.append((start, m.start()))
        start = m.end()
    if start < len(sentence):
        out.append((start, len(sentence)))
    return out


def genders(text: str) -> set[int]:
    """Which of :data:`_GENDERS` ``text`` names (0 men, 1 women)."""
    stems = set(nlp.tokenize(text))
    return {i for i, family in enumerate(_GENDERS) if family & stems}


def asked_parts(question: str, sentence: str, short: str) -> list[tuple[int, int]] | None:
    """The parts of ``sentence`` that name the gender the question asks, where ``short`` (found in the
    sentence) overlaps a part of the other gender; None where it overlaps none, or no such part is left."""
    at = sentence.find(short) if short else -1
    asked = genders(question)
    if at < 0 or len(asked) != 1:
        return None
    gender = next(iter(asked))
    cut = parts(sentence)

    def other(lo: int, hi: int) -> bool:
        named = genders(sentence[lo:hi])
        return 1 - gender in named and gender not in named

    if not any(lo < at + len(short) and at < hi and other(lo, hi) for lo, hi in cut):
        return None
    left = [(lo, hi) for lo, hi in cut if not other(lo, hi) and gender in genders(sentence[lo:hi])]
    return left or None


def gender_span(
    model: neural_reader.NeuralReader | None,
    question: str,
    evidence: Evidence,
    short: str,
    tidy: Callable[[str], str],
) -> str:
    """``short``, or the reader's best span inside the parts of the evidence sentence that name the gender
    asked (:func:`asked_parts`), tidied by ``tidy``, where ``short`` stands in the other gender's part and
    the reader reads a span there."""
    if model is None:
        return short
    sentence = evidence.sentence
    left = asked_parts(question, sentence, short)
    if left is None:
        return short
    hit = evidence.hit
    leaf = gate.heading_leaf(str(hit.metadata.get("context", "")))
    placed = gate.sentence_range(sentence, leaf, hit.text)
    if placed is None:
        return short
    lo = placed[0]
    found = model.spans_in(question, gate.chunk_text(leaf, hit.text), [(lo + a, lo + b) for a, b in left])
    read = [s for s in found if s is not None]
    if not read:
        return short
    text = tidy(max(read, key=lambda s: s.score).text)
    return text if text and text in sentence else short
