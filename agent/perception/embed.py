"""MiniLM sentence embeddings for perception, through the knowledge package's process-wide embedder (one
model per process, run on ONNX Runtime; importing this module is cheap)."""

from __future__ import annotations

from typing import Any

import numpy as np


def get_embedder() -> Any:
    """The shared PyTorch ``SentenceTransformer`` (all-MiniLM-L6-v2), for work that needs the model itself
    (distilling the static table)."""
    from knowledge.embed import shared_minilm

    return shared_minilm()


def embed(texts: list[str]) -> np.ndarray:
    """Unit-norm float32 embeddings, shape (len(texts), 384)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    from knowledge.embed import default_embedder

    return default_embedder().embed(texts)
