"""Pure text functions for triage: MinHash fingerprints (normalization and the classifier: agent.screening).

Everything here is hot-path code (the triage budget is ~50 us a comment), so it is regexes, dict caches and
int arithmetic; no I/O, no clock.
"""

from __future__ import annotations

import hashlib

# Normalization, moderation and question detection live in agent/screening.py (one screening for
# triage and perception); re-exported here for triage's callers.
from agent.screening import KNOWN_EMOTES, Verdict, classify, is_question, normalize

_CACHE_MAX = 32_768  # recent trigram hashes (~0.13 KB each)

# --------------------------------------------------------------------------- MinHash (bottom-k)

_FEATURE_CACHE: dict[str, int] = {}


def _feature_hash(feature: str) -> int:
    h = _FEATURE_CACHE.get(feature)
    if h is None:
        # blake2b, not hash(): sketches must be the same in every process (PYTHONHASHSEED), so a replay
        # gives the same drops every time.
        h = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=8).digest(), "little")
        if len(_FEATURE_CACHE) >= _CACHE_MAX:
            _FEATURE_CACHE.clear()
        _FEATURE_CACHE[feature] = h
    return h


_SHINGLE_CHARS = 80  # long copypasta is alike from its start; this caps the cost of one line


def shingles(norm: str) -> frozenset[int]:
    """Hashed character trigrams of a normalized text (with word boundaries), as a set.

    Trigrams rather than words: chat near-duplicates differ by a letter or a word ("what song is this" /
    "whats the song"), and short lines have too few words for a useful set.
    """
    padded = f" {norm[:_SHINGLE_CHARS]} "
    tris = [padded[i : i + 3] for i in range(len(padded) - 2)]
    hashes = list(map(_FEATURE_CACHE.get, tris))  # C-level loop; misses (None) are hashed below
    if None in hashes:
        hashes = [h if h is not None else _feature_hash(t) for h, t in zip(hashes, tris, strict=True)]
    return frozenset(hashes)  # type: ignore[arg-type]


def minhash_keys(sh: frozenset[int], k: int = 4) -> tuple[int, ...]:
    """The ``k`` smallest hashes: a bottom-k MinHash sketch used as LSH keys.

    Two sets with Jaccard similarity J share their minimum with probability J, so a near-duplicate shares
    at least one of its k smallest values with high probability; candidates are then checked exactly.
    """
    return tuple(sorted(sh)[:k])


def jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    if not a and not b:
        return 1.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


__all__ = [
    "KNOWN_EMOTES",
    "Verdict",
    "classify",
    "is_question",
    "jaccard",
    "minhash_keys",
    "normalize",
    "shingles",
]
