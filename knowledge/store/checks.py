"""What an open verifies before it trusts a base: the meta table, that the index files beside ``kb.sqlite``
belong to it, their sizes and digests, and the FAISS index's shape.

Each check raises :class:`~knowledge.errors.IndexCorrupt` naming the file at fault, so nothing half-written
or foreign is ever loaded. The checks read files and the database but change nothing.
"""

from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import faiss
import numpy as np

from knowledge.errors import IndexCorrupt
from knowledge.store.files import file_digest
from knowledge.store.layout import FORMAT, FORMAT_VERSION

#: a ``kb.sqlite`` smaller than this gets SQLite's ``quick_check`` at every open
QUICK_CHECK_LIMIT = 64 << 20


def checked_meta(
    conn: sqlite3.Connection, db: Path, dim: int, embedder_name: str, directory: Path
) -> dict[str, str]:
    """The meta table of ``db``, once the database reads as a whole and the meta says it is a base of this
    format built by the same embedder (``embedder_name``, ``dim``)."""
    try:
        if db.stat().st_size < QUICK_CHECK_LIMIT:
            check = conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise IndexCorrupt(db, f"SQLite integrity check failed ({check})", directory)
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    except sqlite3.DatabaseError as exc:
        raise IndexCorrupt(db, f"not a persona knowledge base ({exc})", directory) from exc
    if meta.get("format") != FORMAT:
        raise IndexCorrupt(db, "not a persona knowledge base (a foreign database)", directory)
    if meta.get("format_version") != FORMAT_VERSION:
        raise IndexCorrupt(
            db,
            f"format version {meta.get('format_version')}; this persona reads version {FORMAT_VERSION}",
            directory,
        )
    if meta.get("embedder") != embedder_name or meta.get("dim") != str(dim):
        raise IndexCorrupt(
            db,
            f"built with the embedder {meta.get('embedder')} ({meta.get('dim')} dims) "
            f"but opened with {embedder_name} ({dim} dims)",
            directory,
        )
    return meta


def check_same_base(db: Path, aux_path: Path, kb_id: str, directory: Path) -> None:
    """Blame ``kb.sqlite`` when the index files beside it belong to another base (a database copied in
    from elsewhere): their aux file records the id of the base that wrote it."""
    candidates = [aux_path] if aux_path.exists() else sorted(directory.glob("aux-*.npz"))
    for aux in candidates[:1]:
        try:
            with np.load(aux, allow_pickle=False) as npz:
                other = str(npz["kb_id"][0]) if "kb_id" in npz.files else None
        except (OSError, ValueError, KeyError, IndexError, zipfile.BadZipFile):
            return  # the aux file itself is damaged: the checks that follow name it
        if other is not None and other != kb_id:
            raise IndexCorrupt(
                db,
                f"belongs to another knowledge base (id {kb_id[:8]}) than the index files beside it "
                f"({aux.name}: id {other[:8]}); it was copied in or restored from elsewhere",
                directory,
            )


def check_recorded_files(meta: dict[str, str], index_path: Path, aux_path: Path, directory: Path) -> None:
    """The index and aux files exist with the sizes and digests the meta table recorded for them."""
    for path, size_key, digest_key in (
        (index_path, "index_size", "index_digest"),
        (aux_path, "aux_size", "aux_digest"),
    ):
        if not path.exists():
            raise IndexCorrupt(path, "missing", directory)
        if path.stat().st_size != int(meta[size_key]):
            raise IndexCorrupt(
                path,
                f"truncated or replaced: {path.stat().st_size} bytes where the base "
                f"recorded {meta[size_key]}",
                directory,
            )
        if file_digest(path) != meta[digest_key]:
            raise IndexCorrupt(
                path, "contents differ from what the base recorded (checksum mismatch)", directory
            )


def read_index(index_path: Path, meta: dict[str, str], dim: int, directory: Path) -> faiss.Index:
    """The FAISS index in ``index_path``, once it reads and holds the meta table's ``ntotal`` vectors of
    ``dim`` dims."""
    try:
        index = faiss.read_index(str(index_path))
    except RuntimeError as exc:
        raise IndexCorrupt(
            index_path, f"not a readable FAISS index ({str(exc).splitlines()[0]})", directory
        ) from exc
    ntotal = int(meta["ntotal"])
    if index.d != dim or index.ntotal != ntotal:
        raise IndexCorrupt(
            index_path,
            f"holds {index.ntotal} vectors of {index.d} dims, the base expects {ntotal} of {dim}",
            directory,
        )
    return index
