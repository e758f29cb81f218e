"""The default path's abstention gate that hears the reader (issue 14, session 12).

The default path decides to answer from a logistic calibration over the sentence scorer's features
(``calibration.json``). Once a sentence is chosen, the neural reader reads its chunk for the short answer;
this module keeps what the reader says there - its best span inside the cited sentence and its best
span anywhere in the chunk, each with its margin over the no-answer position and the no-answer head's
logit - and adds a veto to the calibration's decision below a fitted threshold on one of those signals
(``gate.json``, fitted by ``python -m evals.gate_fit refit``; features, fit data and threshold rule in
docs/knowledge.md "Session 12: the gate"). Pure functions over numbers; where the reader or the file is
absent the calibration decides alone.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from knowledge import nlp
from knowledge.neural_reader import Span

GATE_FILE = Path(__file__).with_name("gate.json")
#: every signal a gate may weigh (a fitted file names the ones it uses)
SIGNALS = (
    "p_logit",  # the calibration's probability, as a logit (clipped to +-8)
    "score_in",  # the head's logit (else the margin) of the reader's best span inside the cited sentence
    "margin_in",  # that span's margin over the no-answer position
    "score_best",  # the same of its best span anywhere in the cited chunk
    "margin_best",
    "in_sentence",  # 1 when the best span of the chunk lies inside the cited sentence
    "none_in",  # 1 when the reader reads no span inside the sentence at all
    # lexical signals (session 14): does the cited chunk hold what is asked? Over the question's content
    # words (``answer.question_terms``), each weighed by the base's own idf (a share of the largest)
    "cover_chunk",  # the idf-weighted share of them found in the cited chunk or its headings
    "cover_sentence",  # the same in the cited sentence or its headings
    "missing_chunk",  # the largest idf share among those absent from the chunk and its headings (0: none)
    "rarest_in",  # 1 when the question's rarest word (largest idf) is in the chunk or its headings
    "unknown",  # the idf-weighted share of them the base holds nowhere (a word no chunk has)
    "numbers_in",  # the share of the question's numbers and years found in the chunk (1 when it names none)
    "span_overlap",  # the share of the reader's span's words that are the question's own (0: no span)
    "negated_asked",  # 1 when the question is asked in the negative and the cited sentence holds no negation
    "negated_told",  # 1 when the cited sentence is negated and the question is not
)
#: the signals computed from words alone (no reader): what :func:`lexical_signals` returns
LEXICAL = SIGNALS[7:]
_LEXICAL = frozenset(LEXICAL)
#: the lexical signals that weigh the question's words against the chunk's (one tokenization of the chunk)
_COVERAGE = frozenset(("cover_chunk", "cover_sentence", "missing_chunk", "rarest_in", "unknown"))


class SpanReader(Protocol):
    def spans(
        self, question: str, passages: list[str], within: list[tuple[int, int]] | None = None
    ) -> list[Span]: ...


@dataclass(frozen=True)
class CitedRead:
    """What the reader says about the cited sentence's chunk: the raw span text inside the sentence ("" when
    none), and the signals of :data:`SIGNALS` but ``p_logit`` (of the lexical ones, those asked for)."""

    text: str
    signals: dict[str, float]


def chunk_text(leaf: str, text: str) -> str:
    """The chunk as the reader reads it: the heading leaf, then the text (``Answerer.passages``)."""
    return f"{leaf}. {text}" if leaf else text


def heading_leaf(context: str) -> str:
    """The last heading of a chunk's heading path ("Results > Alpine skiing" -> "Alpine skiing")."""
    return context.split(" > ")[-1].strip()


def sentence_range(sentence: str, leaf: str, text: str) -> tuple[int, int] | None:
    """Where ``sentence`` lies in its chunk as the reader reads it (:func:`chunk_text`: heading leaf, then
    text), as character offsets; None when it is not in the chunk as written."""
    headed = False
    if leaf and sentence.startswith(f"{leaf}: ") and not text.startswith(f"{leaf}: "):
        sentence = sentence[len(leaf) + 2 :]  # "Both arenas hosted...": the heading was put before it
        headed = True
    at = text.find(sentence)
    if at < 0:
        return None
    lo = len(chunk_text(leaf, text)) - len(text) + at
    if headed and not text[:at].strip():
        return 0, lo + len(sentence)
    return lo, lo + len(sentence)


def read_cited(
    model: SpanReader,
    question: str,
    sentence: str,
    leaf: str,
    text: str,
    whole: bool = True,
    *,
    terms: list[str] | None = None,
    context: str = "",
    idf: Callable[[str], float] | None = None,
    names: Collection[str] | None = None,
) -> CitedRead | None:
    """Read the chunk ``text`` (under heading ``leaf``) once: the best span inside ``sentence`` and, with
    ``whole``, the best span anywhere in it (the same text twice in one batch, the second unrestricted).
    With the question's ``terms`` and the base's ``idf`` (a share of its largest), the
    :data:`LEXICAL` signals too, over the chunk and its heading path ``context``: all of them, or with
    ``names`` (the answer path passes ``Gate.names``) only those it names. None when the sentence is not in
    the chunk as written."""
    placed = sentence_range(sentence, leaf, text)
    if placed is None:
        return None
    lo, hi = placed
    passage = chunk_text(leaf, text)
    passages, within = [passage], [(lo, hi)]
    if whole:
        passages.append(passage)
        within.append((0, len(passage)))
    found = {s.passage: s for s in model.spans(question, passages, within=within)}
    inside, best = found.get(0), found.get(1)
    signals = {"none_in": float(inside is None)}
    if inside is not None:
        signals.update(score_in=inside.score, margin_in=inside.margin)
    else:
        signals.update(score_in=-10.0, margin_in=-20.0)
    if best is not None:
        signals.update(
            score_best=best.score,
            margin_best=best.margin,
            in_sentence=float(lo <= best.start and best.end <= hi),
        )
    span = inside.text if inside is not None else ""
    if terms is not None and idf is not None and (names is None or not _LEXICAL.isdisjoint(names)):
        signals.update(lexical_signals(question, terms, sentence, text, context or leaf, idf, span, names))
    return CitedRead(span, signals)


#: a question asked in the negative ("which lands weren't reserved?") is answered by a sentence that says what
#: is not, or what is other than something; one that states only what is answers another question
_NEGATION = re.compile(r"\b(?:not|no|never|none|nor|neither|without|cannot)\b|n't\b|n’t\b", re.IGNORECASE)
_CONTRAST = re.compile(
    r"\b(?:except|other than|instead|rather than|unlike|apart from|besides)\b", re.IGNORECASE
)
_NUMBER = re.compile(r"\b\d[\d,.]*\b")


def _numbers(text: str) -> set[str]:
    return {m.group().rstrip(".,").replace(",", "") for m in _NUMBER.finditer(text)}


def lexical_signals(
    question: str,
    terms: list[str],
    sentence: str,
    chunk: str,
    context: str,
    idf: Callable[[str], float],
    span: str = "",
    names: Collection[str] | None = None,
) -> dict[str, float]:
    """The :data:`LEXICAL` signals: whether the cited chunk (``chunk``, under the heading path ``context``)
    and its sentence hold the words the question asks with. ``terms``: the question's content tokens
    (stemmed, as ``nlp.tokenize``); ``idf(term)``: the base's idf over its largest (1.0 for a word no chunk
    holds). SQuAD 2.0's unanswerable questions typically change one name, number or qualifier of a
    paragraph that answers a near question: that word is then absent from the cited chunk; or they ask in
    the negative what the paragraph states in the positive. With ``names``, only the signals it names are
    computed and returned (each with the value it has among all of them): the answer path computes only
    what its gate weighs, ``evals.gate_fit`` all of them."""
    wanted = _LEXICAL if names is None else _LEXICAL.intersection(names)
    out: dict[str, float] = {}
    if not _COVERAGE.isdisjoint(wanted):
        out.update(_coverage(terms, sentence, chunk, context, idf))
    if "numbers_in" in wanted:
        asked = _numbers(question)
        held = _numbers(f"{context} {chunk}")
        out["numbers_in"] = len(asked & held) / len(asked) if asked else 1.0
    if "span_overlap" in wanted:
        words = nlp.tokenize(span)
        asked_words = set(terms)
        out["span_overlap"] = sum(w in asked_words for w in words) / len(words) if words else 0.0
    if "negated_asked" in wanted or "negated_told" in wanted:
        asked_not = bool(_NEGATION.search(question))
        told_not = bool(_NEGATION.search(sentence))
        out["negated_asked"] = float(asked_not and not told_not and not _CONTRAST.search(sentence))
        out["negated_told"] = float(told_not and not asked_not)
    return {name: out[name] for name in LEXICAL if name in wanted}


def _coverage(
    terms: list[str], sentence: str, chunk: str, context: str, idf: Callable[[str], float]
) -> dict[str, float]:
    """The :data:`_COVERAGE` signals of :func:`lexical_signals`."""
    heads = set(nlp.tokenize(context))
    in_chunk = set(nlp.tokenize(chunk)) | heads
    in_sentence = set(nlp.tokenize(sentence)) | heads
    weights = {t: idf(t) for t in dict.fromkeys(terms)}
    total = sum(weights.values())
    if total <= 0:
        return {
            "cover_chunk": 1.0,
            "cover_sentence": 1.0,
            "missing_chunk": 0.0,
            "rarest_in": 1.0,
            "unknown": 0.0,
        }
    rarest = max(weights, key=lambda t: weights[t])
    absent = [w for t, w in weights.items() if t not in in_chunk]
    return {
        "cover_chunk": sum(w for t, w in weights.items() if t in in_chunk) / total,
        "cover_sentence": sum(w for t, w in weights.items() if t in in_sentence) / total,
        "missing_chunk": max(absent, default=0.0),
        "rarest_in": float(rarest in in_chunk),
        "unknown": sum(w for w in weights.values() if w >= 1.0) / total,
    }


def logit(p: float) -> float:
    """log(p / (1 - p)), clipped to +-8."""
    p = min(max(p, 1e-12), 1 - 1e-12)
    return max(-8.0, min(8.0, math.log(p / (1 - p))))


#: the name of a gate that weighs several signals (``weights``, ``bias``) instead of one
LINEAR = "linear"


@dataclass(frozen=True)
class Gate:
    """The reader's veto beside the calibration: the default path answers only when the calibration's
    probability clears its threshold AND the read signal ``signal`` is at least ``tau`` (docs/knowledge.md
    "Session 12: the gate": ``margin_in``, the reader's margin for its best span inside the cited
    sentence). With ``signal`` "linear" the value is ``bias`` + the ``weights``' sum over several signals
    (session 14: the reader's margin beside the lexical signals)."""

    signal: str
    tau: float
    note: str = ""
    #: the rescue (session 13, docs/knowledge.md "Session 13: the rescue"): where the calibration's
    #: probability is below its threshold but at least ``rescue_p``, the path answers all the same when
    #: ``signal`` is at least ``rescue`` (None: no rescue)
    rescue: float | None = None
    rescue_p: float = 0.0
    #: the linear gate's weights by signal (None: the one signal ``signal``)
    weights: Mapping[str, float] | None = None
    bias: float = 0.0

    def value(self, signals: Mapping[str, float]) -> float | None:
        """The gate's value for the read ``signals``; None where a signal it weighs was not read."""
        if self.weights is None:
            one = signals.get(self.signal)
            return None if one is None else float(one)
        if any(name not in signals for name in self.weights):
            return None
        return self.bias + sum(w * float(signals[name]) for name, w in self.weights.items())

    def allows(self, signals: Mapping[str, float]) -> bool:
        """Whether the reader lets the answer through (a signal it did not read counts as no veto)."""
        value = self.value(signals)
        return value is None or value >= self.tau

    def considers(self, p: float) -> bool:
        """Whether a question the calibration turns down at probability ``p`` is read for a rescue."""
        return self.rescue is not None and p >= self.rescue_p

    def rescues(self, signals: Mapping[str, float], p: float) -> bool:
        """Whether the reader answers a question the calibration turned down (at probability ``p``): it
        reads a span inside the cited sentence with ``signal`` at least ``rescue`` (a signal it did not
        read rescues nothing)."""
        value = self.value(signals)
        return self.considers(p) and value is not None and self.rescue is not None and value >= self.rescue

    @property
    def names(self) -> tuple[str, ...]:
        """The signals the gate reads."""
        return tuple(self.weights) if self.weights is not None else (self.signal,)

    @property
    def whole(self) -> bool:
        """Whether the gate needs the chunk's best span anywhere (a second read of the same text)."""
        return any(n in ("score_best", "margin_best", "in_sentence") for n in self.names)

    @classmethod
    def load(cls, path: Path = GATE_FILE) -> Gate:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not {"signal", "tau"} <= data.keys():
            raise ValueError(f"{path}: a gate file holds a signal and a tau")
        signal = str(data["signal"])
        known = SIGNALS[1:]
        weights: dict[str, float] | None = None
        if signal == LINEAR:
            raw = data.get("weights")
            if not isinstance(raw, dict) or not raw:
                raise ValueError(f"{path}: a linear gate holds its weights by signal")
            unknown = [str(n) for n in raw if n not in known]
            if unknown:
                raise ValueError(f"{path}: unknown reader signal(s) {', '.join(unknown)}")
            weights = {str(n): _number(path, raw, n) for n in raw}
        elif signal not in known:
            raise ValueError(f"{path}: unknown reader signal {signal!r} (use one of {', '.join(known)})")
        tau = _number(path, data, "tau")
        rescue = _number(path, data, "rescue") if data.get("rescue") is not None else None
        rescue_p = _number(path, data, "rescue_p") if data.get("rescue_p") is not None else 0.0
        bias = _number(path, data, "bias") if data.get("bias") is not None else 0.0
        return cls(signal, tau, str(data.get("note", "")), rescue, rescue_p, weights, bias)

    def to_json(self) -> dict[str, object]:
        out: dict[str, object] = {"signal": self.signal, "tau": self.tau, "note": self.note}
        if self.weights is not None:
            out.update(weights=dict(self.weights), bias=self.bias)
        if self.rescue is not None:
            out.update(rescue=self.rescue, rescue_p=self.rescue_p)
        return out


def _number(path: Path, data: Mapping[str, object], key: str) -> float:
    try:
        value = float(data[key])  # type: ignore[arg-type]
    except (TypeError, ValueError) as e:
        raise ValueError(f"{path}: {key} {data[key]!r} is not a number") from e
    if not math.isfinite(value):
        raise ValueError(f"{path}: {key} {value} is not a finite number")
    return value


def load_gate(path: Path = GATE_FILE) -> Gate | None:
    """The shipped gate, or None where its file is absent (the calibration then decides alone)."""
    return Gate.load(path) if path.is_file() else None


#: a base's own gate (session 19, docs/knowledge.md "Session 19, brief Q"): the file a base directory may
#: hold, fitted on questions asked of that base (its own calibration split), read instead of the package's
BASE_GATE = "gate.json"


def load_gate_for(directory: Path | None, path: Path = GATE_FILE) -> Gate | None:
    """The gate for the base in ``directory``: its own :data:`BASE_GATE` where it holds one, else the
    package's (:func:`load_gate`). One tau does not serve every base: the reader's margin and the
    calibration separate answerable from unanswerable questions well on the sample base and little on
    Wikipedia prose (SQuAD), so a base whose questions were labelled carries the threshold they call for."""
    if directory is not None:
        own = Path(directory) / BASE_GATE
        if own.is_file():
            return Gate.load(own)
    return load_gate(path)
