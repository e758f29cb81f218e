"""What a base's database holds: its tables, the rows read from them, the checksum each chunk row carries."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.types import Chunk

DB_FILE = "kb.sqlite"
SOURCES_FILE = "sources.json"
FORMAT = "persona-kb"
FORMAT_VERSION = "2"  # 2: chunk rows carry checksums, aux files the base id
DOC_COLUMNS = "path, source, root, content_hash, stat_sig, modality, n_chunks"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    path TEXT PRIMARY KEY, source TEXT NOT NULL, root TEXT NOT NULL, content_hash TEXT NOT NULL,
    stat_sig TEXT NOT NULL, modality TEXT NOT NULL, n_chunks INTEGER NOT NULL, ingested_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS chunks (
    vid INTEGER PRIMARY KEY, chunk_id TEXT NOT NULL UNIQUE, path TEXT NOT NULL, source TEXT NOT NULL,
    modality TEXT NOT NULL, span TEXT NOT NULL, text TEXT NOT NULL, context TEXT NOT NULL,
    t_start REAL, t_end REAL, metadata TEXT NOT NULL, checksum TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS chunks_path ON chunks (path);
"""


@dataclass(frozen=True)
class ChunkRow:
    vid: int
    chunk_id: str
    path: str
    source: str
    modality: str
    span: str
    text: str
    context: str
    t_start: float | None
    t_end: float | None
    metadata: dict[str, Any]


CHUNK_COLUMNS = (
    "vid, chunk_id, path, source, modality, span, text, context, t_start, t_end, metadata, checksum"
)


def row_checksum(values: Sequence[Any]) -> str:
    """The checksum of one chunk row's content: every column but ``vid`` (which compaction renumbers) and the
    checksum itself, in table order."""
    return hashlib.blake2b(
        json.dumps(list(values), ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"),
        digest_size=16,
    ).hexdigest()


def chunk_row(r: Sequence[Any]) -> ChunkRow:
    return ChunkRow(
        vid=r[0],
        chunk_id=r[1],
        path=r[2],
        source=r[3],
        modality=r[4],
        span=r[5],
        text=r[6],
        context=r[7],
        t_start=r[8],
        t_end=r[9],
        metadata=json.loads(r[10]),
    )


@dataclass(frozen=True)
class DocumentRow:
    path: str
    source: str
    root: str
    content_hash: str
    stat_sig: str
    modality: str
    n_chunks: int


@dataclass
class DocumentUpdate:
    """One document's new content: its chunks and their vectors (row i of ``vectors`` is chunk i)."""

    path: str
    source: str
    root: str
    content_hash: str
    stat_sig: str
    modality: str
    chunks: list[Chunk]
    vectors: np.ndarray
    tokens: list[list[str]] | None = None  # BM25 tokens per chunk when the caller has them already
    #: the (initials, phrase) counts of its chunks when the caller has them already (store/phrases.py)
    phrases: Counter[tuple[str, str]] | None = None


def connect(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(db, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def recorded_embedder(directory: Path) -> str | None:
    """The embedder name the base in ``directory`` was built with; None when there is no readable base
    (opening it then creates one, or reports what is wrong)."""
    db = directory / DB_FILE
    if not db.is_file():
        return None
    try:
        conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'embedder'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return str(row[0]) if row else None
