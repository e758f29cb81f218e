"""A generation's files: each written whole under its generation's name and recorded (name, size, digest) for
the meta table, and the files of earlier generations removed once the meta names the new ones.

Writing a file here changes nothing a reader sees: a base reads the files its meta table names, and the
SQLite commit that names the new ones (:class:`~knowledge.store.base.Store`) is the one atomic switch.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import faiss
import numpy as np

from knowledge.store.files import atomic_write, file_digest, left_by_a_dead_process


def write_index(directory: Path, gen: int, index: faiss.Index) -> dict[str, str]:
    """Write generation ``gen``'s FAISS index file; what the meta table records of it."""
    index_path = directory / f"vectors-{gen}.faiss"
    atomic_write(index_path, lambda p: faiss.write_index(index, str(p)))
    return {
        "index_file": index_path.name,
        "index_size": str(index_path.stat().st_size),
        "index_digest": file_digest(index_path),
    }


def write_aux(directory: Path, gen: int, arrays: dict[str, np.ndarray]) -> dict[str, str]:
    """Write generation ``gen``'s aux file (the per-vector arrays and the BM25 postings, ``arrays``); what the
    meta table records of it."""
    aux_path = directory / f"aux-{gen}.npz"

    def write(p: Path) -> None:
        with open(p, "wb") as f:
            np.savez(f, **arrays)  # type: ignore[arg-type]

    atomic_write(aux_path, write)
    return {
        "aux_file": aux_path.name,
        "aux_size": str(aux_path.stat().st_size),
        "aux_digest": file_digest(aux_path),
    }


def remove_unused(directory: Path, current: set[str]) -> None:
    """Delete the index and aux files of earlier generations (every one not named in ``current``), and the
    temporary files of writes that a killed process left behind (never those of a process still running)."""
    for old in [*directory.glob("vectors-*.faiss"), *directory.glob("aux-*.npz")]:
        if old.name not in current:
            with contextlib.suppress(OSError):
                old.unlink()
    for tmp in [*directory.glob(".vectors-*.tmp"), *directory.glob(".aux-*.tmp")]:
        if left_by_a_dead_process(tmp):
            with contextlib.suppress(OSError):
                tmp.unlink()
