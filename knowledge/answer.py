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
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge import acronyms, constraints, gate, neural_reader, nlp, reader, reselect, spans, word_lists
from knowledge.definitions import definition_evidence
from knowledge.evidence import (
    ANAPHORA_TIE as ANAPHORA_TIE,
)
from knowledge.evidence import (
    RULE_KINDS,
    SIBLINGS,
    Evidence,
    _context,
    answering_sentence,
    attribute_stated,
    typed_enough,
)
from knowledge.form_words import form_read
from knowledge.gate import heading_leaf, sentence_range
from knowledge.imaging import ImageInput
from knowledge.question_words import question_terms, request_read, respell, wh_respelled
from knowledge.ranks import asked_rank, rank_evidence
from knowledge.reselect import RESELECT_MISSES, SCOPE_MISSES, _best_supported, _sport_heading, heading_answer
from knowledge.retrieve import Retriever, hit_from_row
from knowledge.sentence_scores import score_sentences
from knowledge.span_asked import asked_span
from knowledge.span_gender import gender_span
from knowledge.spoken import spoken
from knowledge.superlatives import superlative_evidence
from knowledge.told_about import told_answer
from knowledge.types import Answer, Citation, Hit
from knowledge.word_vectors import _known_word, support

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
EVIDENCE_CHUNKS = 10
#: how far below the scorer's best a sentence may score and still be cited in its place for supporting the
#: question's words better (session 16, brief R3; :meth:`Answerer.evidence`)
SUPPORT_TIE = 0.035
ABSTAIN_TEXT = "I don't know: my sources don't answer that."
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
_ABOUT_PICTURE = re.compile(r"^\s*(what('?s| is) (this|that|it)|what am i looking at|identify)\b", re.I)


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
        # the base's own gate where its directory holds one (session 19), else the package's
        own = getattr(getattr(retriever, "store", None), "directory", None)
        self.gate = gate.load_gate_for(own) if gate_mode == "reader" else None
        #: the common English words :meth:`wh_read` never re-reads, read once here (cached per process), not
        #: on the first viewer's question
        self.common_words = word_lists.common_words()
        self.cite_mode = os.environ.get(CITE_ENV, "") or CITE_DEFAULT
        if self.cite_mode not in CITE_MODES:
            raise ValueError(f"{CITE_ENV}={self.cite_mode!r}: use one of {', '.join(CITE_MODES)}")

    # --- public -----------------------------------------------------------------------------------------

    def answer(self, question: str, image: ImageInput | None = None) -> Answer:
        """The answer to ``question``, a misspelt question word at its opening read as the question word
        (:meth:`wh_read`, session 19); a request to be told about a thing answered only by a sentence about
        it (:func:`knowledge.told_about.told_answer`, session 27 brief T: D1)."""
        read = self.wh_read(request_read(form_read(question)))  # s26 T: C2
        found = self.answer_as_read(read, image)
        return found if image is not None else told_answer(self, read, found, ABSTAIN_TEXT)  # s27 T: D1

    def answer_as_read(self, question: str, image: ImageInput | None = None) -> Answer:
        """The answer to ``question`` as it is written."""
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
        if evidence.unranked:  # no sentence states the rank asked, not the winner's (knowledge/ranks.py)
            return Answer(ABSTAIN_TEXT, abstained=True, confidence=confidence, kind=kind)
        if evidence.ranked:
            # the sentence states the rank asked, of the event asked: its holder answers. The rank reading
            # decides, not the calibration (its features read "silver" beside "won" as a clash): said at its
            # threshold at least, so the product's one answer gate (agent/decide.py) says it too
            confidence = max(confidence, self.calibration.threshold)
            citations = [Citation(evidence.hit.source, evidence.hit.span, evidence.sentence)]
            if image_hit is not None and image_hit.source != evidence.hit.source:
                citations.append(Citation(image_hit.source, image_hit.span, _first_sentence(image_hit.text)))
            return Answer(evidence.sentence, False, confidence, citations, short=evidence.ranked, kind=kind)
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
        short = self.short_span(question, evidence, read)
        answer = Answer(said, False, confidence, citations, short=short, kind=kind)
        return spoken(question, _context(evidence), answer, ABSTAIN_TEXT)  # R1, A1 (session 25, brief T)

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
        if self.short_mode == "typed" and (asked := asked_span(evidence.kind, question, evidence.sentence)):
            return asked  # an age or a unit the question asks, as the sentence states it (span_asked)
        if self.short_mode == "typed" and evidence.short and evidence.kind in RULE_KINDS:
            return evidence.short
        model = self.short_reader()
        if read is not None:
            text = _tidy(read.text) if read.text else ""
            found = text if text and text in evidence.sentence else ""
        else:
            found = reader_short(model, question, evidence) if model is not None else ""
        return gender_span(model, question, evidence, found or evidence.short, _tidy)  # G1 (session 28)

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

        def constrain(e: Evidence) -> Evidence:
            return self.constrain(question, e)

        def supported(e: Evidence) -> float:
            return self.support(question, e.sentence, _context(e))

        def calibrated(e: Evidence) -> bool:
            return self.calibration.probability(e.features) >= self.calibration.threshold

        if best.miss in RESELECT_MISSES:
            best = reselect.same_event(best, constrain, supported)
        if best.miss in SCOPE_MISSES:
            best = reselect.other_scope(best, found, constrain, supported)
        else:
            best.rival = reselect.rival(question, best, found, constrain, calibrated, SUPPORT_TIE)
        # the most, the first, the oldest: a sentence that states the superlative asked (session 18, brief H2)
        best = superlative_evidence(question, best, found, constrain, supported)
        best = definition_evidence(question, best, found, constrain, supported)  # "what is X" (s31, C1)
        rank = asked_rank(question)  # silver, second, runner-up: a rank asked (session 18, brief R)
        return best if rank is None else rank_evidence(question, rank, best, found, constrain, supported)

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
        """How well the sentence (and its headings) supports every word the question asks with
        (:func:`knowledge.word_vectors.support`; a calibration feature only)."""
        return support(question, sentence, context)

    def wh_read(self, question: str) -> str:
        """The question with a misspelt question word at its opening written as the question word
        (:func:`wh_respelled`, session 19): "wich country won" -> "which country won". Unchanged without
        the word lists (:mod:`knowledge.word_lists`)."""
        common = self.common_words
        return question if common is None else wh_respelled(question, common.__contains__)

    def respelled(self, question: str) -> str:
        """The question with viewer spelling folded to the base's own vocabulary (:func:`respell`), an acronym
        the base spells out written as its phrase first (:mod:`knowledge.acronyms`, R44 of session 22)."""
        store = self.retriever.store
        question = acronyms.spelled_in_base(store, question, self.common_words)  # R44 (session 22)
        return respell(question, store.lexical.respell, store.lexical.vocab.__contains__, _known_word)

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
            hint_tokens = set(nlp.tokenize(hint))
            for found in score_sentences(question, kind, weights, hit, rank, hint_tokens, lexical):
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
