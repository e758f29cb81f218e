"""Small linear classifiers (multinomial logistic regression) over MiniLM embeddings and lexicon features.

Weights ship as NPZ (no pickle) under ``agent/perception/models/``; ``agent/perception/data/build.py``
rebuilds them from the labeled set. Three heads per task, each [sentence embedding | hashed char n-grams |
lexicon counts | surface]:

- ``static`` (the default): the embedding is the weighted mean of static MiniLM token vectors distilled from
  the model (``static.py``, 64 dims) - MiniLM's meaning at the cost of a table lookup;
- ``contextual``: the embedding is the contextual all-MiniLM-L6-v2 sentence embedding (384 dims), one
  transformer pass per input - a few hundred inputs a second on a CPU core;
- ``fast``: no embedding at all (lexicons and n-grams only).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from agent.errors import PerceptionError
from agent.perception.lexicon import (
    EMOTION_LEXICON,
    INTENT_LEXICON,
    hashed_ngrams,
    hashed_ngrams_batch,
    lexicon_counts,
    surface,
)

MODEL_DIR = Path(__file__).parent / "models"


def text_features(text: str) -> np.ndarray:
    """Everything but the embedding: hashed n-grams, intent and emotion lexicon counts, surface."""
    return np.concatenate(
        [
            hashed_ngrams(text),
            lexicon_counts(text, INTENT_LEXICON),
            lexicon_counts(text, EMOTION_LEXICON),
            surface(text),
        ]
    )


def featurize(texts: list[str], embeddings: np.ndarray | None) -> np.ndarray:
    """Rows of [embedding | ``text_features``] for a batch (the n-grams hashed in one numpy pass)."""
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    lex = np.stack(
        [
            np.concatenate(
                [lexicon_counts(t, INTENT_LEXICON), lexicon_counts(t, EMOTION_LEXICON), surface(t)]
            )
            for t in texts
        ]
    )
    parts = [hashed_ngrams_batch(texts), lex]
    if embeddings is not None:
        parts.insert(0, embeddings.astype(np.float32, copy=False))
    return np.concatenate(parts, axis=1)


@dataclass(frozen=True)
class LinearModel:
    classes: tuple[str, ...]
    weights: np.ndarray  # (n_features, n_classes)
    bias: np.ndarray  # (n_classes,)

    def proba(self, x: np.ndarray) -> np.ndarray:
        if x.shape[1] != self.weights.shape[0]:
            raise PerceptionError(f"feature size {x.shape[1]} != model input {self.weights.shape[0]}")
        z = x @ self.weights + self.bias
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return e / e.sum(axis=1, keepdims=True)  # type: ignore[no-any-return]

    def save(self, path: Path) -> None:
        np.savez_compressed(path, classes=np.array(self.classes), weights=self.weights, bias=self.bias)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        try:
            with np.load(path, allow_pickle=False) as z:
                return cls(
                    tuple(str(c) for c in z["classes"]),
                    z["weights"].astype(np.float32),
                    z["bias"].astype(np.float32),
                )
        except (OSError, KeyError, ValueError) as exc:
            raise PerceptionError(f"cannot load classifier {path}: {exc}") from exc


@lru_cache(maxsize=8)
def load_model(task: str, head: str) -> LinearModel:
    return LinearModel.load(MODEL_DIR / f"{task}_{head}.npz")
