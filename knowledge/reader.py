"""The reader: the short span of the evidence that answers the question, and how sure it is.

Not a sentence matcher: every candidate span (1-7 words, not starting or ending on a stopword or a
punctuation mark) of the best evidence sentences is scored by a linear model over features of the span
itself (capitalised, a number, a year or month, its length, its words already in the question), of its place
in the sentence (distance to the question's words, the word before it: "in", "by", "during"...), of the
question's answer type crossed with the span's type (a "who" question wants a name, "when" a date), of the
heading path, and of the sentence it stands in (coverage of the question, retrieval similarity, rank).

A second linear model over the chosen span and its evidence gives the probability that the span is right;
below the fitted threshold the persona says it does not know. Both models' weights and the threshold are
fitted by ``python -m evals.train_reader`` on the declared FIT articles of the SQuAD 2.0 track only
(``evals/qa_squad.py``) and shipped in ``reader.json``; the REPORT articles are never fitted on.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.nlp import STOPWORDS, fold, stem

READER_FILE = Path(__file__).with_name("reader.json")
MAX_SPAN = 7
SENTENCES = 6  # the best evidence sentences the reader looks into

KINDS = ("who", "when", "where", "howmany", "why", "how", "which", "what", "other")
_WH = (
    ("howmany", re.compile(r"\bhow (many|much|long|far|old|large|big|tall|high)\b")),
    ("when", re.compile(r"\bwhen\b|\b(what|which) (year|years|century|date|day|month|time|period|decade)\b")),
    ("who", re.compile(r"\bwho(m|se)?\b")),
    ("where", re.compile(r"\bwhere\b")),
    ("why", re.compile(r"\bwhy\b")),
    ("how", re.compile(r"\bhow\b")),
    ("which", re.compile(r"\bwhich\b")),
    ("what", re.compile(r"\bwhat\b")),
)
_TOKEN = re.compile(r"\d[\d,.]*\d%?|\w+(?:['\u2019\-]\w+)*|[^\w\s]")
_YEAR = re.compile(r"^(1\d{3}|20\d{2})s?$")
_MONTHS = set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_NUMBER_WORDS = set(
    "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred "
    "thousand million billion half dozen".split()
)
_PREPS = {
    "in": "in",
    "at": "in",
    "on": "in",
    "near": "in",
    "by": "by",
    "of": "of",
    "from": "from",
    "to": "to",
    "during": "time",
    "after": "time",
    "before": "time",
    "since": "time",
    "until": "time",
    "as": "as",
    "called": "called",
    "named": "called",
    "known": "called",
    "because": "why",
    "than": "than",
    "about": "about",
    "around": "about",
    "over": "about",
    "approximately": "about",
}
PREP_CLASSES = tuple(sorted(set(_PREPS.values())))
SPAN_TYPES = ("cap", "num", "date", "lower")

FEATURES: tuple[str, ...] = (
    "len",
    "len1",
    "len4",
    "in_q_frac",
    "in_q_any",
    "cap_frac",
    "has_num",
    "has_date",
    "dist",
    "dist_left",
    "dist_right",
    "near_q",
    "q_left1",
    "q_left3",
    "q_right1",
    "q_right3",
    "has_list",
    "rank0",
    "next_punct",
    "sent_start",
    "in_paren",
    "head_near",
    "head_in_span",
    "heading_in_span",
    "sent_score",
    "sent_rank",
    "sent_cov",
    "dense",
    *(f"prev_{p}" for p in PREP_CLASSES),
    *(f"{k}_x_{t}" for k in KINDS for t in SPAN_TYPES),
    *(f"{k}_x_len" for k in KINDS),
)
CONF_FEATURES: tuple[str, ...] = (
    "span_score",
    "margin",
    "sent_cov",
    "chunk_cov",
    "dense",
    "missing_top",
    "unknown_terms",
    "clash",
    "bigram",
    "agreement",
    "q_matched",
    "sentence_p",
    *(f"kind_{k}" for k in KINDS),
)


@dataclass(frozen=True)
class Sentence:
    """An evidence sentence as the reader sees it: its text, heading path, rank and score among the evidence,
    and the answer module's evidence features (coverage of the question, similarity, ...)."""

    text: str
    heading: str
    rank: int
    score: float
    features: dict[str, float]

    def span_features(self) -> dict[str, float]:
        return {
            "sent_score": self.score,
            "sent_rank": float(self.rank),
            "sent_cov": self.features.get("coverage", 0.0),
            "dense": self.features.get("dense", 0.0),
        }


@dataclass(frozen=True)
class Reading:
    """The reader's answer: which evidence sentence, the span in it, the probability it is right."""

    sentence: int
    span: str
    confidence: float
    features: dict[str, float]


@dataclass(frozen=True)
class Candidate:
    """One candidate span: its text, where it stands (sentence index among the evidence), its features."""

    text: str
    sentence: int
    features: dict[str, float]


@dataclass(frozen=True)
class ReaderModel:
    span_weights: dict[str, float]
    conf_weights: dict[str, float]
    conf_bias: float
    threshold: float
    note: str = ""

    def span_score(self, features: dict[str, float]) -> float:
        w = self.span_weights
        return sum(w.get(k, 0.0) * v for k, v in features.items())

    def confidence(self, features: dict[str, float]) -> float:
        z = self.conf_bias + sum(self.conf_weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path = READER_FILE) -> ReaderModel | None:
        """The shipped model, or None when there is none (the answerer then keeps its sentence scorer)."""
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            span_weights={k: float(v) for k, v in data["span_weights"].items()},
            conf_weights={k: float(v) for k, v in data["conf_weights"].items()},
            conf_bias=float(data["conf_bias"]),
            threshold=float(data["threshold"]),
            note=str(data.get("note", "")),
        )

    def to_json(self) -> dict[str, object]:
        return {
            "span_weights": self.span_weights,
            "conf_weights": self.conf_weights,
            "conf_bias": self.conf_bias,
            "threshold": self.threshold,
            "note": self.note,
        }


def wh_kind(question: str) -> str:
    """The question type from the wh-word: who, when, where, howmany, why, how, which, what, other."""
    q = fold(question).lower()
    return next((name for name, pattern in _WH if pattern.search(q)), "other")


@lru_cache(maxsize=8192)
def words(sentence: str) -> tuple[str, ...]:
    return tuple(_TOKEN.findall(sentence))


def _key(word: str) -> str:
    return stem(fold(word).lower())


_WH_HEAD = re.compile(
    r"\b(?:what|which|how many|how much|whose)\s+(?:\w+\s+)??([a-z]+)", re.IGNORECASE
)  # "what country", "how many people", "which royal house"


def head_noun(question: str) -> str:
    """The noun the wh-word asks for ("In what *country* ...", "How many *people* ..."), stemmed, or ""."""
    m = _WH_HEAD.search(question)
    if not m:
        return ""
    word = m.group(1).lower()
    if word in STOPWORDS or word in ("is", "was", "are", "were", "did", "does", "do", "had", "has"):
        return ""
    return stem(word)


def _matches(key: str, q_words: set[str], q_prefixes: set[str]) -> bool:
    """A word of the question, or one sharing its first 5 letters (a misspelling, another form)."""
    return key in q_words or (len(key) >= 5 and key[:5] in q_prefixes)


def content_keys(text: str) -> set[str]:
    return {_key(w) for w in words(text) if w.lower() not in STOPWORDS and w[0].isalnum()}


def candidates(question: str, kind: str, evidence: Sequence[Sentence]) -> list[Candidate]:
    """Every candidate span of the evidence sentences with its features."""
    k = wh_kind(question)
    q_words = content_keys(question)
    q_prefixes = {w[:5] for w in q_words if len(w) >= 5}
    head = head_noun(question)
    out: list[Candidate] = []
    for si, ev in enumerate(evidence):
        sentence, sfeat = ev.text, ev.span_features()
        heading_keys = content_keys(ev.heading)
        toks = words(sentence)
        n = len(toks)
        keys = [_key(t) for t in toks]
        alnum = [t[0].isalnum() for t in toks]
        stop = [t.lower() in STOPWORDS for t in toks]
        in_q = [
            a and not s and _matches(key, q_words, q_prefixes)
            for a, s, key in zip(alnum, stop, keys, strict=True)
        ]
        cap = [t[0].isupper() for t in toks]
        num = [t[0].isdigit() or t.lower() in _NUMBER_WORDS for t in toks]
        date = [bool(_YEAR.match(t)) or t.lower() in _MONTHS for t in toks]
        q_pos = [i for i in range(n) if in_q[i]]
        head_pos = [i for i in range(n) if head and keys[i] == head]
        paren_depth, depth = [], 0
        for t in toks:
            if t == "(":
                depth += 1
            paren_depth.append(depth > 0)
            if t == ")":
                depth = max(0, depth - 1)
        for i in range(n):
            if not alnum[i] or stop[i]:
                continue
            for j in range(i, min(n, i + MAX_SPAN)):
                if not alnum[j] and toks[j] not in (",", "-", "'", "&", "."):
                    break
                if not alnum[j] or stop[j]:
                    continue
                length = j - i + 1
                content = [x for x in range(i, j + 1) if alnum[x] and not stop[x]]
                nq = sum(in_q[x] for x in content)
                if nq == len(content):
                    continue  # the question's own words answer nothing
                frac_cap = sum(cap[x] for x in content) / len(content)
                has_num = any(num[x] for x in content)
                has_date = any(date[x] for x in content)
                if has_date:
                    stype = "date"
                elif has_num:
                    stype = "num"
                elif frac_cap >= 0.5:
                    stype = "cap"
                else:
                    stype = "lower"
                dist = min((abs(p - i) if p < i else abs(p - j) for p in q_pos), default=n)
                near = sum(1 for p in q_pos if i - 6 <= p < i or j < p <= j + 6)
                dist_left = min((i - p for p in q_pos if p < i), default=n)
                dist_right = min((p - j for p in q_pos if p > j), default=n)
                prev = toks[i - 1].lower() if i > 0 else ""
                f: dict[str, float] = {
                    "len": float(length),
                    "len1": float(length == 1),
                    "len4": float(length >= 4),
                    "in_q_frac": nq / len(content),
                    "in_q_any": float(nq > 0),
                    "cap_frac": frac_cap,
                    "has_num": float(has_num),
                    "has_date": float(has_date),
                    "dist": math.log1p(dist),
                    "dist_left": math.log1p(dist_left),
                    "dist_right": math.log1p(dist_right),
                    "near_q": min(near, 6) / 6,
                    "q_left1": float(i > 0 and in_q[i - 1]),
                    "q_left3": float(any(in_q[max(0, i - 3) : i])),
                    "q_right1": float(j + 1 < n and in_q[j + 1]),
                    "q_right3": float(any(in_q[j + 1 : j + 4])),
                    "has_list": float(any(toks[x] in (",", "and", "or") for x in range(i, j + 1))),
                    "rank0": float(ev.rank == 0),
                    "next_punct": float(j + 1 >= n or not alnum[j + 1]),
                    "sent_start": float(i == 0),
                    "in_paren": float(paren_depth[i]),
                    "head_near": float(any(i - 3 <= p < i or j < p <= j + 2 for p in head_pos)),
                    "head_in_span": float(any(i <= p <= j for p in head_pos)),
                    "heading_in_span": float(any(keys[x] in heading_keys for x in content)),
                    f"{k}_x_{stype}": 1.0,
                    f"{k}_x_len": float(length),
                    **sfeat,
                }
                if prev in _PREPS:
                    f[f"prev_{_PREPS[prev]}"] = 1.0
                text = _join(toks[i : j + 1])
                out.append(Candidate(text, si, f))
    return out


def _join(toks: Sequence[str]) -> str:
    """Words back into text: no space before punctuation or after an opening bracket."""
    out = ""
    for t in toks:
        if out and not (t in ",.;:)%'" or out.endswith("(")):
            out += " "
        out += t
    return out


def best(model: ReaderModel, found: list[Candidate]) -> tuple[Candidate, float, float] | None:
    """The best candidate, its score, and its margin over the best candidate that does not overlap it."""
    if not found:
        return None
    scored = sorted(((model.span_score(c.features), c) for c in found), key=lambda x: -x[0])
    top_score, top = scored[0]
    top_words = set(top.text.lower().split())
    second = next(
        (s for s, c in scored[1:] if not (set(c.text.lower().split()) & top_words)), top_score - 5.0
    )
    return top, top_score, top_score - second


def confidence_features(
    question: str, kind: str, sentence: Sentence, span_score: float, margin: float
) -> dict[str, float]:
    f = sentence.features
    q = content_keys(question)
    matched = len(q & (content_keys(sentence.text) | content_keys(sentence.heading))) / len(q) if q else 0.0
    return {
        "span_score": span_score,
        "margin": min(margin, 5.0),
        "sent_cov": f.get("coverage", 0.0),
        "chunk_cov": f.get("chunk_coverage", 0.0),
        "dense": f.get("dense", 0.0),
        "missing_top": f.get("missing_top", 0.0),
        "unknown_terms": f.get("unknown_terms", 0.0),
        "clash": f.get("clash", 0.0),
        "bigram": f.get("bigram", 0.0),
        "agreement": f.get("agreement", 0.0),
        "q_matched": matched,
        "sentence_p": f.get("sentence_p", 0.0),
        f"kind_{wh_kind(question)}": 1.0,
    }


def read(model: ReaderModel, question: str, kind: str, evidence: Sequence[Sentence]) -> Reading | None:
    """The best span of the evidence and the probability that it answers the question (None: no span)."""
    found = best(model, candidates(question, kind, evidence))
    if found is None:
        return None
    top, score, margin = found
    conf = confidence_features(question, kind, evidence[top.sentence], score, margin)
    return Reading(top.sentence, top.text, model.confidence(conf), conf)
