"""The evidence sentence (:class:`Evidence`) and the tests made on it once found: whether it holds what the
question's type asks (:func:`typed_enough`), whether it states a value of an attribute the question names
(:func:`attribute_stated`), and the text said and cited (:func:`answering_sentence`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from knowledge import shop_attributes
from knowledge.types import Hit

#: the kinds whose rule span "typed" keeps: the rules read prices, numbers, measures and dates
RULE_KINDS = ("price", "count", "measure", "when")
#: the scorer's sentence and at most this many other distinct candidates of the same source and section
SIBLINGS = 5
#: a sentence read with the one before it ("The Chairlift Tote Bag costs $19. It is a heavy canvas bag...")
#: ranks above that one alone where they tie (session 14): it says all the first says, and more
ANAPHORA_TIE = 1e-3
#: Answer types a sentence must hold a span of to answer at all: a "when" needs a date or a time, a
#: "how much" a price, a "how many" a number, a "how tall" a measure.
STRICT_KINDS = ("when", "price", "count", "measure")


@dataclass
class Evidence:
    """The best sentence found for a question, with the features the calibration scores."""

    sentence: str
    hit: Hit
    short: str
    kind: str
    score: float
    features: dict[str, float] = field(default_factory=dict)
    #: the constraint of the question this sentence misses (knowledge/constraints.py), "" when none
    miss: str = ""
    #: the sentence before it in its chunk ("" for the first): the paragraph goes on about what it named
    before: str = ""
    #: the next distinct candidate sentences of the same source and section (heading path), best first, at
    #: most :data:`SIBLINGS` (set by ``Answerer.evidence`` on the best one): where the citation may move
    siblings: list[Evidence] = field(default_factory=list)
    #: the retrieved chunks' texts, once each (what the constraints read a name from)
    passages: list[str] = field(default_factory=list)
    #: the answer is the heading put before the sentence (:func:`heading_answer`), ``short`` that heading
    from_heading: bool = False
    #: another sport's sentence naming the same event, said beside this one (:func:`knowledge.reselect.rival`)
    rival: Evidence | None = None
    #: the holder of the rank the question asks (silver, second, runner-up...), which this sentence states of
    #: the event asked: the short answer the path answers with (knowledge/ranks.py, session 18)
    ranked: str = ""
    #: no retrieved sentence states the rank the question asks: the path abstains (knowledge/ranks.py)
    unranked: bool = False


def _context(evidence: Evidence) -> str:
    return str(evidence.hit.metadata.get("context", ""))


def typed_enough(evidence: Evidence) -> bool:
    """False when the question wants a date, a price, a number or a measure and the best evidence holds
    none: "when does the ski jumping start?" is not answered by how jumpers are scored; or when the evidence
    misses a constraint the question sets (``Evidence.miss``, knowledge/constraints.py), or (session 11) when
    it speaks of the counterpart of what the question asks and not of it, or lacks a number the question
    names (the ``clash`` feature: "who won bronze in the men's giant slalom?" against the winner's sentence).
    """
    if evidence.miss or evidence.features.get("clash", 0.0) > 0.0:
        return False
    if evidence.kind not in STRICT_KINDS or evidence.features.get("type_found", 0.0) > 0.0:
        return True
    # the span rules miss some forms ("34.32", "7 to 14 business days", "several metres"): any number will do
    pattern = _DIGIT if evidence.kind in ("when", "price") else _QUANTITY
    return bool(pattern.search(evidence.sentence))


#: an attribute a question asks by its name, and what a sentence that states a value of it holds (session
#: 17, brief R2): the reader's gate reads "hoodie colour options?", "hoodie material pls" or "whats the sub
#: discount code" with a margin below its own inside a catalogue sentence that answers them ("... in midnight
#: navy or glacier white"), while it passes the same sentence for "what colour is the hoodie"; a named
#: attribute whose value the cited sentence states is answered there. The value words: ``shop_attributes``
_COLOUR_WORDS = "|".join(sorted(shop_attributes.COLOURS))
_MATERIAL_WORDS = "|".join(sorted(shop_attributes.MATERIALS))
_SIZE_CODE = r"\b(?:XXXL|XXL|XL|XXS|XS|S|M|L)(?:/(?:XXXL|XXL|XL|XXS|XS|S|M|L))?\b"
ATTRIBUTE_NAMED = (
    (re.compile(r"\bcolou?rs?\b", re.I), re.compile(rf"\b(?:{_COLOUR_WORDS})\b", re.I)),
    (
        re.compile(r"\bmaterials?\b|\bfabrics?\b|\bmade (?:of|from|out of)\b", re.I),
        re.compile(rf"\b(?:{_MATERIAL_WORDS})\b", re.I),
    ),
    (re.compile(r"\bsiz(?:e|es|ing)\b", re.I), re.compile(rf"{_SIZE_CODE}.*{_SIZE_CODE}|\bone[- ]size\b")),
    (
        re.compile(r"\bdiscounts?\b|\bpromo\b|\bcodes?\b", re.I),
        re.compile(r"\bpercent off\b|%\s?off\b|\bcode [A-Z0-9][A-Z0-9-]{2,}\b"),
    ),
)


def attribute_stated(question: str, sentence: str) -> bool:
    """Whether ``question`` names an attribute of :data:`ATTRIBUTE_NAMED` (colour, material, size, discount)
    and ``sentence`` states a value of it: a colour or material word, two size codes or "one-size", a code or
    "percent off". The value named is not compared (a yes/no on a value is ``shop_attributes``' reading)."""
    return any(named.search(question) and value.search(sentence) for named, value in ATTRIBUTE_NAMED)


_DIGIT = re.compile(r"\d")
_QUANTITY = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|thousand|million|billion|dozen|several|few|half)\b",
    re.I,
)


def answering_sentence(evidence: Evidence) -> str:
    """The text to say and cite: the sentence that holds the answer (session 15). A sentence that opens with
    a pronoun is read with the one before it (``score_sentences``), and that pair wins a tie with the
    sentence before alone (``ANAPHORA_TIE``): "how much is the hoodie" cited "The Snowline Logo Hoodie costs
    $49. It is made of 80% cotton...". The sentence before is said alone when (1) alone it scores as well as
    the pair but for the tie bonus (the pronoun sentence adds nothing to what the question asks; it is among
    ``evidence.siblings``) and (2) the question asks a typed value (:data:`RULE_KINDS`: a price, a count, a
    measure, a date) whose span is in the sentence before and not in the pronoun sentence. Unchanged
    otherwise: "what is the slope scarf made of" ties too, and its answer is in "It is ... knitted from a
    merino wool blend" (a question of no typed value: the pair is said)."""
    text, before, short = evidence.sentence, evidence.before, evidence.short
    if evidence.kind not in RULE_KINDS or not short or not before or not text.startswith(f"{before} "):
        return text
    own = text[len(before) + 1 :]
    if short not in before or short in own:
        return text
    alone = next((e for e in evidence.siblings if e.sentence == before), None)
    tied = alone is not None and alone.score >= evidence.score - 2 * ANAPHORA_TIE
    return before if tied else text


def adopted(
    e: Evidence,
    best: Evidence,
    constrain: Callable[[Evidence], Evidence],
    supported: Callable[[Evidence], float],
) -> Evidence:
    """``e`` re-selected in ``best``'s place (a superlative or a definition asked, stated by ``e`` and not
    by ``best``): ``best``'s passages, its own constraints (``constrain``) and support feature (``supported``)
    set, no rival."""
    e.passages = best.passages
    constrain(e)
    e.features["support"] = supported(e)
    return replace(e, rival=None)
