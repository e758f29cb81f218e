"""The knowledge base on disk: FAISS for vectors, SQLite for documents and chunks, one npz of derived arrays.

Layout of a base directory::

    kb.sqlite              documents, chunks (text, span, metadata as JSON), meta (format, model, generation)
    vectors-<gen>.faiss    the vector index of generation <gen> (IndexFlatIP, or IndexHNSWFlat when large)
    aux-<gen>.npz          per-vector arrays (alive, modality, source, times), image hashes, BM25 postings
    sources.json           the paths ingested, so ``persona ingest --rebuild`` can start from nothing

Every chunk row carries a checksum of its content (``checksum``), verified whenever the row is read: an
edited or damaged row is an :class:`~knowledge.errors.IndexCorrupt` naming ``kb.sqlite``, never a cited wrong
answer. ``aux-<gen>.npz`` records the base's id, so a ``kb.sqlite`` copied in from another base is blamed on
itself, not on the index files beside it.

Nothing is pickled. A save writes the new generation's files (temporary file, fsync, rename) and then commits
the SQLite transaction that names them: SQLite's commit is the single atomic switch, so a crash at any point
leaves the previous generation whole. Opening checks the format, the embedder, the files' sizes and digests
and the counts, and raises :class:`~knowledge.errors.IndexCorrupt` naming the file, so nothing half-written or
foreign is ever loaded.

Each chunk's BM25 tokens (``nlp.tokenize`` of its heading path and text) are stored in the aux file, and the
meta table records ``tokens_version`` (``nlp.tokens_version()``) beside them. A base opened under another
tokenizer (one saved before a change to ``nlp.stem``, or before the version was recorded at all) would
silently miss every query word whose token changed, so its tokens are made again from the chunks' stored
text at open, in memory only (a log line says so and how long it took; see :meth:`Store._retokenize`), and
written with the base's next save. Opening never writes: read-only bases open too, and a save is already the
one atomic switch.

Vector ids (``vid``) are row positions in the FAISS index. Removing a document tombstones its rows; a save
compacts them away (always for the exact index, past 20% dead for HNSW, which cannot remove in place).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
import uuid
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from knowledge import nlp
from knowledge.errors import IndexCorrupt, KnowledgeError
from knowledge.lexical import LexicalIndex
from knowledge.types import MODALITIES, Chunk

_faiss: Any = faiss  # the SWIG module's stubs lack the search-parameter classes
log = logging.getLogger(__name__)

DB_FILE = "kb.sqlite"
SOURCES_FILE = "sources.json"
FORMAT = "persona-kb"
FORMAT_VERSION = "2"  # 2: chunk rows carry checksums, aux files the base id

# Exact inner product below this many vectors, HNSW above. Measured by `persona bench knowledge`
# (details.threshold) on the 2-core reference machine under a load average of ~2: one exact query took
# 2.7 ms at 10k vectors, 14.6 ms at 50k and 25.4 ms at 100k; HNSW 0.56-0.72 ms, recall@5 1.0 against exact
# on generated clusters, built in 1.3 s at 10k and 8.9 s at 50k. At 20k an exact query costs ~5 ms, under
# the cost of embedding the question, and smaller bases keep exact results and skip the build.
HNSW_THRESHOLD = 20_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
# Real questions are harder for the graph than queries drawn beside stored vectors: on the bench corpora
# (real chunks among generated ones) the true dense top 5 was in HNSW's top 50 for 0.57 / 0.39 of the dev
# questions at 100k / 1M with efSearch 256, 0.81 / 0.57 with 1024, which lifted the fused recall@5 from
# 0.884 to 0.907 at 100k and from 0.758 to 0.800 at 1M for ~3 ms more per query.
HNSW_EF_SEARCH = 1024
# Filtered queries whose allowed set is this small are scored exactly (a matrix product) instead of a
# filtered index search.
EXACT_SUBSET = 20_000
_FULL_DIGEST_LIMIT = 256 << 20
#: chunk rows read (and checked) at a time when a base's stale tokens are made again
RETOKENIZE_BATCH = 100_000
_DOC_COLUMNS = "path, source, root, content_hash, stat_sig, modality, n_chunks"

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


_CHUNK_COLUMNS = (
    "vid, chunk_id, path, source, modality, span, text, context, t_start, t_end, metadata, checksum"
)


def row_checksum(values: Sequence[Any]) -> str:
    """The checksum of one chunk row's content: every column but ``vid`` (which compaction renumbers) and the
    checksum itself, in table order."""
    return hashlib.blake2b(
        json.dumps(list(values), ensure_ascii=False, default=str).encode("utf-8", "surrogatepass"),
        digest_size=16,
    ).hexdigest()


def _chunk_row(r: Sequence[Any]) -> ChunkRow:
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


# --- files ------------------------------------------------------------------------------------------------


def fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be opened
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write ``path`` through a temporary sibling: write, fsync, rename, fsync the directory."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    fsync_dir(path.parent)


def file_digest(path: Path) -> str:
    """sha256 of the file; past 256 MiB, of its size and three 8 MiB samples (head, middle, tail), so that
    opening a million-vector base does not read 1.5 GB twice. Truncation always changes the size."""
    size = path.stat().st_size
    h = hashlib.sha256(str(size).encode())
    with open(path, "rb") as f:
        if size <= _FULL_DIGEST_LIMIT:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        else:
            for offset in (0, size // 2, size - (8 << 20)):
                f.seek(offset)
                h.update(f.read(8 << 20))
    return h.hexdigest()


def _connect(db: Path) -> sqlite3.Connection:
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


# --- the store --------------------------------------------------------------------------------------------


class Store:
    """One base directory. Not thread-safe by itself: :class:`knowledge.KnowledgeBase` holds a lock."""

    def __init__(self, directory: Path, conn: sqlite3.Connection, dim: int, embedder_name: str) -> None:
        self.directory = directory
        self.conn = conn
        self.dim = dim
        self.embedder_name = embedder_name
        self.generation = 0
        self.kb_id = ""
        self.index: faiss.Index = faiss.IndexFlatIP(dim)
        self.alive = np.zeros(0, dtype=bool)
        self.modality = np.zeros(0, dtype=np.uint8)
        self.source_id = np.zeros(0, dtype=np.int32)
        self.t_start = np.zeros(0, dtype=np.float32)
        self.t_end = np.zeros(0, dtype=np.float32)
        self.sources: list[str] = []
        self._source_ids: dict[str, int] = {}
        self.img_vid = np.zeros(0, dtype=np.int64)
        self.img_hash = np.zeros(0, dtype=np.uint64)
        self.lexical = LexicalIndex()
        #: the ``tokens_version`` the opened base had recorded, when its tokens were made again at open
        #: (None: they were current); the next save records the current one
        self.retokenized_from: str | None = None

    # --- opening ----------------------------------------------------------------------------------------

    @classmethod
    def open(cls, directory: Path, dim: int, embedder_name: str, create: bool = True) -> Store:
        """Open the base in ``directory``; with ``create``, make an empty one when there is none at all.

        A missing ``kb.sqlite`` beside index files is a damaged base, never a new one; without ``create`` a
        missing base is an error too (read paths must not leave an empty base behind).
        """
        db = directory / DB_FILE
        fresh = not db.exists()
        if fresh:
            leftovers = sorted(
                f.name for pattern in ("vectors-*.faiss", "aux-*.npz") for f in directory.glob(pattern)
            )
            if leftovers:
                raise IndexCorrupt(
                    db, f"missing, while the index files beside it remain ({', '.join(leftovers)})", directory
                )
            if not create:
                raise KnowledgeError(
                    f"{directory}: no knowledge base here "
                    f"(build one with `persona ingest PATH --kb {directory}`)"
                )
        directory.mkdir(parents=True, exist_ok=True)
        try:
            conn = _connect(db)
        except sqlite3.DatabaseError as exc:
            raise IndexCorrupt(db, f"not a readable SQLite database ({exc})", directory) from exc
        store = cls(directory, conn, dim, embedder_name)
        try:
            if fresh:
                store._create()
            else:
                store._load()
        except BaseException:
            conn.close()
            raise
        return store

    def _create(self) -> None:
        self.conn.executescript(SCHEMA)
        self.kb_id = uuid.uuid4().hex
        meta = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "kb_id": self.kb_id,
            "embedder": self.embedder_name,
            "dim": str(self.dim),
            "generation": "0",
            "ntotal": "0",
            "tokens_version": nlp.tokens_version(),
            "created_at": str(time.time()),
        }
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
        self.conn.execute("COMMIT")

    def _corrupt(self, path: Path, problem: str) -> IndexCorrupt:
        return IndexCorrupt(path, problem, self.directory)

    def _checked_rows(self, sql: str, params: Sequence[Any]) -> list[ChunkRow]:
        """Chunk rows from ``sql`` (which selects ``_CHUNK_COLUMNS``), each verified against its checksum."""
        db = self.directory / DB_FILE
        try:
            raw = self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:  # a damaged page, text that is no longer UTF-8
            raise self._corrupt(db, f"a chunk row cannot be read ({exc})") from exc
        rows = []
        for r in raw:
            if row_checksum(r[1:11]) != r[11]:
                raise self._corrupt(db, f"chunk row {r[0]} differs from its checksum (edited or damaged)")
            try:
                rows.append(_chunk_row(r))
            except (ValueError, TypeError) as exc:
                raise self._corrupt(db, f"chunk row {r[0]} cannot be decoded ({exc})") from exc
        return rows

    def _load(self) -> None:
        db = self.directory / DB_FILE
        try:
            if db.stat().st_size < 64 << 20:
                check = self.conn.execute("PRAGMA quick_check").fetchone()
                if check is None or check[0] != "ok":
                    raise self._corrupt(db, f"SQLite integrity check failed ({check})")
            meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise self._corrupt(db, f"not a persona knowledge base ({exc})") from exc
        if meta.get("format") != FORMAT:
            raise self._corrupt(db, "not a persona knowledge base (a foreign database)")
        if meta.get("format_version") != FORMAT_VERSION:
            raise self._corrupt(
                db,
                f"format version {meta.get('format_version')}; this persona reads version {FORMAT_VERSION}",
            )
        if meta.get("embedder") != self.embedder_name or meta.get("dim") != str(self.dim):
            raise self._corrupt(
                db,
                f"built with the embedder {meta.get('embedder')} ({meta.get('dim')} dims) "
                f"but opened with {self.embedder_name} ({self.dim} dims)",
            )
        self.generation = int(meta["generation"])
        self.kb_id = str(meta.get("kb_id", ""))
        if self.generation == 0:
            return
        index_path = self.directory / meta["index_file"]
        aux_path = self.directory / meta["aux_file"]
        self._check_same_base(db, aux_path)
        for path, size_key, digest_key in (
            (index_path, "index_size", "index_digest"),
            (aux_path, "aux_size", "aux_digest"),
        ):
            if not path.exists():
                raise self._corrupt(path, "missing")
            if path.stat().st_size != int(meta[size_key]):
                raise self._corrupt(
                    path,
                    f"truncated or replaced: {path.stat().st_size} bytes where the base "
                    f"recorded {meta[size_key]}",
                )
            if file_digest(path) != meta[digest_key]:
                raise self._corrupt(path, "contents differ from what the base recorded (checksum mismatch)")
        try:
            index = faiss.read_index(str(index_path))
        except RuntimeError as exc:
            raise self._corrupt(
                index_path, f"not a readable FAISS index ({str(exc).splitlines()[0]})"
            ) from exc
        ntotal = int(meta["ntotal"])
        if index.d != self.dim or index.ntotal != ntotal:
            raise self._corrupt(
                index_path,
                f"holds {index.ntotal} vectors of {index.d} dims, the base expects {ntotal} of {self.dim}",
            )
        self._set_index(index)
        try:
            with np.load(aux_path, allow_pickle=False) as npz:
                arrays = {k: npz[k] for k in npz.files}
            self._set_arrays(arrays, ntotal)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise self._corrupt(aux_path, f"not a readable array file ({exc})") from exc
        n_rows = self._query("SELECT count(*) FROM chunks")[0][0]
        if n_rows != int(self.alive.sum()):
            raise self._corrupt(
                db, f"{n_rows} chunks where the index has {int(self.alive.sum())} live vectors"
            )
        recorded = meta.get("tokens_version")
        if recorded != nlp.tokens_version():
            self._retokenize(recorded, n_rows)

    def _retokenize(self, recorded: str | None, n_rows: int) -> None:
        """Make every chunk's BM25 tokens again from its stored heading path and text, as a save would
        (``nlp.tokenize(f"{context} {text}")``): the base was saved by another tokenizer (``recorded``; None
        for a base saved before versions were recorded). In memory only; every row is checked against its
        checksum as it is read, so a damaged row is an :class:`IndexCorrupt` naming ``kb.sqlite``, and nothing
        on disk is touched. Rows are read :data:`RETOKENIZE_BATCH` at a time, with a log line after each on
        a base that large."""
        t0 = time.perf_counter()
        log.warning(
            "%s: its search tokens were made by another tokenizer (%s, this one %s); making them again from "
            "the stored text of %d chunks (kept in memory; the next save writes them)",
            self.directory,
            recorded or "unrecorded",
            nlp.tokens_version(),
            n_rows,
        )
        lexical = LexicalIndex()
        done = 0
        for lo in range(0, self.ntotal, RETOKENIZE_BATCH):
            rows = self._checked_rows(
                f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE vid >= ? AND vid < ? ORDER BY vid",
                (lo, lo + RETOKENIZE_BATCH),
            )
            for r in rows:
                if not (0 <= r.vid < self.ntotal and self.alive[r.vid]):
                    raise self._corrupt(self.directory / DB_FILE, f"chunk row {r.vid} has no live vector")
            lexical.add([r.vid for r in rows], [nlp.tokenize(f"{r.context} {r.text}") for r in rows])
            done += len(rows)
            if n_rows > RETOKENIZE_BATCH:
                log.info("%s: tokens made again for %d of %d chunks", self.directory, done, n_rows)
        if done != n_rows:
            raise self._corrupt(self.directory / DB_FILE, f"{done} chunk rows read where it counts {n_rows}")
        doc_len = np.zeros(self.ntotal, dtype=np.float32)
        doc_len[: len(lexical.doc_len)] = lexical.doc_len
        lexical.set_doc_len(doc_len)
        self.lexical = lexical
        self.retokenized_from = recorded or "unrecorded"
        log.warning(
            "%s: tokens of %d chunks made again in %.1f s", self.directory, n_rows, time.perf_counter() - t0
        )

    def _check_same_base(self, db: Path, aux_path: Path) -> None:
        """Blame ``kb.sqlite`` when the index files beside it belong to another base (a database copied in
        from elsewhere): their aux file records the id of the base that wrote it."""
        candidates = [aux_path] if aux_path.exists() else sorted(self.directory.glob("aux-*.npz"))
        for aux in candidates[:1]:
            try:
                with np.load(aux, allow_pickle=False) as npz:
                    other = str(npz["kb_id"][0]) if "kb_id" in npz.files else None
            except (OSError, ValueError, KeyError, IndexError, zipfile.BadZipFile):
                return  # the aux file itself is damaged: the checks that follow name it
            if other is not None and other != self.kb_id:
                raise self._corrupt(
                    db,
                    f"belongs to another knowledge base (id {self.kb_id[:8]}) than the index files beside it "
                    f"({aux.name}: id {other[:8]}); it was copied in or restored from elsewhere",
                )

    def _set_index(self, index: faiss.Index) -> None:
        if isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = HNSW_EF_SEARCH
        self.index = index

    def _set_arrays(self, a: dict[str, np.ndarray], ntotal: int) -> None:
        for key in ("alive", "modality", "source_id", "t_start", "t_end"):
            if len(a[key]) != ntotal:
                raise ValueError(f"array {key!r} has {len(a[key])} rows for {ntotal} vectors")
        self.alive = a["alive"].astype(bool)
        self.modality = a["modality"].astype(np.uint8)
        self.source_id = a["source_id"].astype(np.int32)
        self.t_start = a["t_start"].astype(np.float32)
        self.t_end = a["t_end"].astype(np.float32)
        self.sources = [str(s) for s in a["sources"].tolist()]
        self._source_ids = {s: i for i, s in enumerate(self.sources)}
        self.img_vid = a["img_vid"].astype(np.int64)
        self.img_hash = a["img_hash"].astype(np.uint64)
        self.lexical = LexicalIndex.from_arrays(a)

    def close(self) -> None:
        self.conn.close()

    # --- reading ----------------------------------------------------------------------------------------

    @property
    def ntotal(self) -> int:
        return int(self.index.ntotal)

    @property
    def kind(self) -> str:
        return "hnsw" if isinstance(self.index, faiss.IndexHNSW) else "flat"

    def vectors(self) -> np.ndarray:
        """A read-only view of every stored vector (row = vid); valid until the index next changes."""
        flat: Any = self.index
        if isinstance(flat, faiss.IndexHNSW):
            flat = faiss.downcast_index(flat.storage)
        n = int(flat.ntotal)
        if n == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        view = faiss.rev_swig_ptr(flat.get_xb(), n * self.dim).reshape(n, self.dim)
        view.flags.writeable = False
        return view

    def dense_search(
        self, query: np.ndarray, n: int, allowed: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``n`` (vids, cosine) for one normalized query; ``allowed`` masks vids (None: all live)."""
        ntotal = self.ntotal
        if ntotal == 0 or n <= 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        mask = self.alive if allowed is None else allowed & self.alive
        n_allowed = int(mask.sum()) if allowed is not None or not bool(self.alive.all()) else ntotal
        if n_allowed == 0:
            return np.zeros(0, np.int64), np.zeros(0, np.float32)
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if n_allowed < ntotal and n_allowed <= EXACT_SUBSET:
            ids = np.flatnonzero(mask)
            scores = self.vectors()[ids] @ q[0]
            if len(ids) > n:
                top = np.argpartition(-scores, n)[:n]
                ids, scores = ids[top], scores[top]
            order = np.argsort(-scores, kind="stable")
            return ids[order], scores[order].astype(np.float32)
        params = None
        bitmap = None
        if n_allowed < ntotal:
            bitmap = np.packbits(mask, bitorder="little")
            selector = _faiss.IDSelectorBitmap(ntotal, faiss.swig_ptr(bitmap))
            if isinstance(self.index, faiss.IndexHNSW):
                params = _faiss.SearchParametersHNSW(sel=selector, efSearch=max(HNSW_EF_SEARCH, n))
            else:
                params = _faiss.SearchParameters(sel=selector)
        elif isinstance(self.index, faiss.IndexHNSW) and n > HNSW_EF_SEARCH:
            params = _faiss.SearchParametersHNSW(efSearch=n)
        scores, ids = self.index.search(q, min(n, n_allowed), params=params)
        del bitmap  # the selector points into it until the search returns
        keep = ids[0] >= 0
        return ids[0][keep].astype(np.int64), scores[0][keep]

    def rows(self, vids: Sequence[int]) -> list[ChunkRow]:
        """Chunk rows in the order of ``vids`` (missing ones left out)."""
        if not vids:
            return []
        marks = ",".join("?" * len(vids))
        found = self._checked_rows(
            f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE vid IN ({marks})", [int(v) for v in vids]
        )
        by_vid = {r.vid: r for r in found}
        return [by_vid[int(v)] for v in vids if int(v) in by_vid]

    def chunks_of(self, path: str) -> list[ChunkRow]:
        return self._checked_rows(f"SELECT {_CHUNK_COLUMNS} FROM chunks WHERE path = ? ORDER BY vid", (path,))

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as exc:
            raise self._corrupt(self.directory / DB_FILE, f"cannot be read ({exc})") from exc

    def contexts(self) -> list[str]:
        """Every distinct heading path (``context``) the chunks carry, in one query: no chunk rows are
        built or checked (a caller that needs verified text reads ``chunks_of``). For reading a base's own
        names at start-up (the abuse model's ``kb_names``), where walking every chunk of a 1M base is slow."""
        return [r[0] for r in self._query("SELECT DISTINCT context FROM chunks")]

    def document(self, path: str) -> DocumentRow | None:
        rows = self._query(f"SELECT {_DOC_COLUMNS} FROM documents WHERE path = ?", (path,))
        return DocumentRow(*rows[0]) if rows else None

    def documents(self) -> list[DocumentRow]:
        return [DocumentRow(*r) for r in self._query(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY path")]

    def source_ids_matching(self, match: Callable[[str], bool]) -> np.ndarray:
        return np.array([i for i, s in enumerate(self.sources) if match(s)], dtype=np.int32)

    def modality_code(self, modality: str) -> int:
        return MODALITIES.index(modality)

    @property
    def nbytes(self) -> int:
        """Bytes held in memory by the index and the arrays (not SQLite's page cache)."""
        vec = self.ntotal * self.dim * 4
        if isinstance(self.index, faiss.IndexHNSW):
            vec += self.ntotal * HNSW_M * 2 * 4 + self.ntotal * 8  # level-0 links (2M) and offsets, roughly
        arrays = (
            self.alive.nbytes
            + self.modality.nbytes
            + self.source_id.nbytes
            + self.t_start.nbytes
            + self.t_end.nbytes
            + self.img_vid.nbytes
            + self.img_hash.nbytes
        )
        return int(vec + arrays + self.lexical.nbytes)

    # --- writing ----------------------------------------------------------------------------------------

    def apply(self, removals: Iterable[str], updates: Sequence[DocumentUpdate]) -> tuple[int, int]:
        """Remove documents, add (or replace) others, and save a new generation, all or nothing.

        Returns (chunks added, chunks removed). On any failure the SQLite transaction is rolled back and the
        in-memory state reloaded from the last good generation before the error propagates.
        """
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            removed = sum(self._remove_document(p) for p in [*removals, *(u.path for u in updates)])
            added = self._add_documents(updates)
            meta = self._write_generation(self.generation + 1)
            self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
            self.conn.execute("COMMIT")  # the one atomic switch to the new generation
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._reload()
            raise
        self.generation += 1
        current = {meta["index_file"], meta["aux_file"]}
        for old in [*self.directory.glob("vectors-*.faiss"), *self.directory.glob("aux-*.npz")]:
            if old.name not in current:
                with contextlib.suppress(OSError):
                    old.unlink()
        return added, removed

    def _reload(self) -> None:
        fresh = Store(self.directory, self.conn, self.dim, self.embedder_name)
        fresh._load()
        self.__dict__.update(fresh.__dict__)

    def _remove_document(self, path: str) -> int:
        vids = np.array(
            [r[0] for r in self.conn.execute("SELECT vid FROM chunks WHERE path = ?", (path,))],
            dtype=np.int64,
        )
        self.conn.execute("DELETE FROM chunks WHERE path = ?", (path,))
        self.conn.execute("DELETE FROM documents WHERE path = ?", (path,))
        if len(vids):
            self.alive[vids] = False
            self.lexical.remove(vids)
            keep = ~np.isin(self.img_vid, vids)
            self.img_vid, self.img_hash = self.img_vid[keep], self.img_hash[keep]
        return len(vids)

    def _source_id(self, source: str) -> int:
        sid = self._source_ids.get(source)
        if sid is None:
            sid = self._source_ids[source] = len(self.sources)
            self.sources.append(source)
        return sid

    def _add_documents(self, updates: Sequence[DocumentUpdate]) -> int:
        """Append every update's chunks; per-vector arrays are grown once, not once per document."""
        now = time.time()
        self.conn.executemany(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (u.path, u.source, u.root, u.content_hash, u.stat_sig, u.modality, len(u.chunks), now)
                for u in updates
            ],
        )
        start = vid = self.ntotal
        modality: list[int] = []
        source_id: list[int] = []
        t_start: list[float] = []
        t_end: list[float] = []
        img_vid: list[int] = []
        img_hash: list[int] = []
        tokens: list[list[str]] = []
        for u in updates:
            n = len(u.chunks)
            if n == 0:
                continue
            vectors = np.ascontiguousarray(u.vectors, dtype=np.float32)
            if vectors.shape != (n, self.dim):
                raise ValueError(
                    f"{u.path}: vectors of shape {vectors.shape} for {n} chunks of {self.dim} dims"
                )
            self.index.add(vectors)
            sid = self._source_id(u.source)
            rows = []
            for i, c in enumerate(u.chunks):
                chunk_id = hashlib.sha1(f"{u.path}\x00{i}\x00{u.content_hash}".encode()).hexdigest()[:16]
                content = (
                    chunk_id,
                    u.path,
                    u.source,
                    c.modality,
                    c.span,
                    c.text,
                    c.context,
                    None if c.t_start is None else float(c.t_start),
                    None if c.t_end is None else float(c.t_end),
                    json.dumps(
                        {**c.metadata, "content_hash": u.content_hash}, ensure_ascii=False, default=str
                    ),
                )
                rows.append((vid, *content, row_checksum(content)))
                modality.append(MODALITIES.index(c.modality))
                source_id.append(sid)
                t_start.append(np.nan if c.t_start is None else c.t_start)
                t_end.append(np.nan if c.t_end is None else c.t_end)
                img_vid.extend([vid] * len(c.image_hashes))
                img_hash.extend(c.image_hashes)
                tokens.append(u.tokens[i] if u.tokens is not None else nlp.tokenize(f"{c.context} {c.text}"))
                vid += 1
            self.conn.executemany("INSERT INTO chunks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        n_new = vid - start
        if n_new:
            self.alive = np.concatenate([self.alive, np.ones(n_new, bool)])
            self.modality = np.concatenate([self.modality, np.array(modality, np.uint8)])
            self.source_id = np.concatenate([self.source_id, np.array(source_id, np.int32)])
            self.t_start = np.concatenate([self.t_start, np.array(t_start, np.float32)])
            self.t_end = np.concatenate([self.t_end, np.array(t_end, np.float32)])
            self.img_vid = np.concatenate([self.img_vid, np.array(img_vid, np.int64)])
            self.img_hash = np.concatenate([self.img_hash, np.array(img_hash, np.uint64)])
            self.lexical.add(np.arange(start, vid), tokens)
        return n_new

    def _compact(self) -> None:
        keep = np.flatnonzero(self.alive)
        new_of_old = np.full(self.ntotal, -1, dtype=np.int64)
        new_of_old[keep] = np.arange(len(keep))
        vectors = np.array(self.vectors()[keep])
        moves = [(new, old) for new, old in enumerate(keep.tolist()) if old != new]
        # in ascending order ids never collide: row i moves to i' <= i, and every id below i' is settled
        self.conn.executemany("UPDATE chunks SET vid = ? WHERE vid = ?", moves)
        self.index = self._new_index(vectors)
        self.alive = np.ones(len(keep), bool)
        self.modality, self.source_id = self.modality[keep], self.source_id[keep]
        self.t_start, self.t_end = self.t_start[keep], self.t_end[keep]
        self.img_vid = new_of_old[self.img_vid]
        self.lexical.renumber(new_of_old, len(keep))

    def _new_index(self, vectors: np.ndarray) -> faiss.Index:
        index: faiss.Index
        if len(vectors) >= HNSW_THRESHOLD:
            index = faiss.IndexHNSWFlat(self.dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            index = faiss.IndexFlatIP(self.dim)
        if len(vectors):
            index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return index

    def _write_generation(self, gen: int) -> dict[str, str]:
        """Compact or switch the index kind if due, write generation ``gen``'s files, return its meta."""
        n_alive = int(self.alive.sum())
        dead = self.ntotal - n_alive
        want_hnsw = n_alive >= HNSW_THRESHOLD
        if dead and (self.kind == "flat" or dead > 0.2 * self.ntotal):
            self._compact()
        elif want_hnsw != (self.kind == "hnsw") and (want_hnsw or n_alive < HNSW_THRESHOLD // 2):
            self.index = self._new_index(np.array(self.vectors()))
        index_path = self.directory / f"vectors-{gen}.faiss"
        aux_path = self.directory / f"aux-{gen}.npz"
        atomic_write(index_path, lambda p: faiss.write_index(self.index, str(p)))
        arrays = {
            "alive": self.alive,
            "modality": self.modality,
            "source_id": self.source_id,
            "t_start": self.t_start,
            "t_end": self.t_end,
            "sources": np.array(self.sources, dtype=str) if self.sources else np.zeros(0, dtype="<U1"),
            "img_vid": self.img_vid,
            "img_hash": self.img_hash,
            "kb_id": np.array([self.kb_id]),
            **self.lexical.arrays(),
        }

        def write_aux(p: Path) -> None:
            with open(p, "wb") as f:
                np.savez(f, **arrays)  # type: ignore[arg-type]

        atomic_write(aux_path, write_aux)
        return {
            "generation": str(gen),
            "ntotal": str(self.ntotal),
            "index_kind": self.kind,
            "index_file": index_path.name,
            "index_size": str(index_path.stat().st_size),
            "index_digest": file_digest(index_path),
            "aux_file": aux_path.name,
            "aux_size": str(aux_path.stat().st_size),
            "aux_digest": file_digest(aux_path),
            "tokens_version": nlp.tokens_version(),
            "saved_at": str(time.time()),
        }
