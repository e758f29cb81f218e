"""The public :class:`Store`: one base directory opened, searched, and saved a generation at a time.

A save writes the new generation's files (temporary file, fsync, rename; :mod:`knowledge.store.generations`)
and then commits the SQLite transaction that names them: SQLite's commit is the single atomic switch, so a
crash at any point leaves the previous generation whole. Opening checks the format, the embedder, the files'
sizes and digests and the counts (:mod:`knowledge.store.checks`), and raises
:class:`~knowledge.errors.IndexCorrupt` naming the file, so nothing half-written or foreign is ever loaded.
Removing a document tombstones its rows; a save compacts them away (always for the exact index, past 20% dead
for HNSW, which cannot remove in place).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import time
import uuid
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import faiss
import numpy as np

from knowledge import acronyms, nlp
from knowledge.errors import IndexCorrupt, KnowledgeError
from knowledge.lexical import LexicalIndex
from knowledge.store import checks, generations, phrases, tokens
from knowledge.store import vectors as vector_index
from knowledge.store.layout import (
    CHUNK_COLUMNS,
    DB_FILE,
    DOC_COLUMNS,
    FORMAT,
    FORMAT_VERSION,
    SCHEMA,
    ChunkRow,
    DocumentRow,
    DocumentUpdate,
    chunk_row,
    connect,
    row_checksum,
)
from knowledge.types import MODALITIES

log = logging.getLogger(__name__)


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
        #: whether the tokens made again at open were saved (:meth:`save_tokens`)
        self.tokens_saved = False
        #: the reading the stored acronym counts were made by (meta ``acronyms_version``; None: none stored)
        self.acronyms_version: str | None = None
        #: whether this open read the whole base's acronym counts and saved them (:meth:`save_acronyms`)
        self.acronyms_saved = False

    # --- opening ----------------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        directory: Path,
        dim: int,
        embedder_name: str,
        create: bool = True,
        *,
        upgrade: bool = False,
        progress: tokens.TokensProgress | None = None,
    ) -> Store:
        """Open the base in ``directory``; with ``create``, make an empty one when there is none at all.

        A missing ``kb.sqlite`` beside index files is a damaged base, never a new one; without ``create`` a
        missing base is an error too (read paths must not leave an empty base behind).

        A base saved by another tokenizer has its search tokens made again from its stored text
        (:mod:`knowledge.store.tokens`; ``progress(done, total)`` after each batch of rows). With ``upgrade``
        (a writable open) they are then saved once (:meth:`save_tokens`), so later opens do not pay for
        them; without it nothing on disk changes, and the log line names the command that saves them. A save
        that fails (a read-only file or medium, a full disk) is logged and leaves the base as it was.
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
            conn = connect(db)
        except sqlite3.DatabaseError as exc:
            raise IndexCorrupt(db, f"not a readable SQLite database ({exc})", directory) from exc
        store = cls(directory, conn, dim, embedder_name)
        try:
            if fresh:
                store._create()
            else:
                store._load(saving=upgrade, progress=progress)
            if upgrade and store.retokenized_from is not None:
                store._save_tokens_once()
            if upgrade and not store.acronyms_stored():
                store._save_acronyms_once()
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
            phrases.META_KEY: acronyms.PHRASES_VERSION,
            "created_at": str(time.time()),
        }
        self.acronyms_version = acronyms.PHRASES_VERSION
        self.conn.execute("BEGIN IMMEDIATE")
        phrases.create(self.conn)
        self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
        self.conn.execute("COMMIT")

    def _corrupt(self, path: Path, problem: str) -> IndexCorrupt:
        return IndexCorrupt(path, problem, self.directory)

    def _checked_rows(self, sql: str, params: Sequence[Any]) -> list[ChunkRow]:
        """Chunk rows from ``sql`` (which selects ``CHUNK_COLUMNS``), each verified against its checksum."""
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
                rows.append(chunk_row(r))
            except (ValueError, TypeError) as exc:
                raise self._corrupt(db, f"chunk row {r[0]} cannot be decoded ({exc})") from exc
        return rows

    def _load(self, saving: bool | None = None, progress: tokens.TokensProgress | None = None) -> None:
        """Read the recorded generation, checking every file; stale tokens are made again (``saving``: what
        the log line says becomes of them - saved now, left for the command, None: the next save)."""
        db = self.directory / DB_FILE
        meta = checks.checked_meta(self.conn, db, self.dim, self.embedder_name, self.directory)
        self.generation = int(meta["generation"])
        self.kb_id = str(meta.get("kb_id", ""))
        self.acronyms_version = meta.get(phrases.META_KEY)
        if self.generation == 0:
            return
        index_path = self.directory / meta["index_file"]
        aux_path = self.directory / meta["aux_file"]
        checks.check_same_base(db, aux_path, self.kb_id, self.directory)
        checks.check_recorded_files(meta, index_path, aux_path, self.directory)
        index = checks.read_index(index_path, meta, self.dim, self.directory)
        ntotal = int(meta["ntotal"])
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
            self._retokenize(recorded, n_rows, saving, progress)

    def _retokenize(
        self,
        recorded: str | None,
        n_rows: int,
        saving: bool | None,
        progress: tokens.TokensProgress | None,
    ) -> None:
        """Make every chunk's BM25 tokens again from its stored text (:func:`tokens.remade_lexical`), in
        memory: nothing on disk is touched here."""
        self.lexical = tokens.remade_lexical(
            self.directory,
            lambda lo, hi: self._checked_rows(
                f"SELECT {CHUNK_COLUMNS} FROM chunks WHERE vid >= ? AND vid < ? ORDER BY vid", (lo, hi)
            ),
            self.alive,
            n_rows,
            recorded,
            tokens.fate(self.directory, saving),
            progress,
        )
        self.retokenized_from = recorded or "unrecorded"

    def _save_tokens_once(self) -> None:
        """:meth:`save_tokens`, where a failure to write is logged, not raised: the open goes on with the
        tokens in memory and the base on disk stays as it was (the next writable open tries again)."""
        try:
            saved = self.save_tokens()
        except (OSError, sqlite3.Error) as exc:
            log.warning(
                "%s: the tokens made again could not be saved (%s); the base is as it was, and its next "
                "open makes them again",
                self.directory,
                exc,
            )
            return
        if saved:
            log.warning(
                "%s: the tokens made again are saved (generation %d); later opens do not pay for them",
                self.directory,
                self.generation,
            )

    def _save_acronyms_once(self) -> None:
        """:meth:`save_acronyms`, a failure to write logged, not raised: the base stays as it was, read
        whole at the first question holding an acronym, as before."""
        try:
            self.save_acronyms()
        except (OSError, sqlite3.Error) as exc:
            log.warning("%s: the acronym counts could not be saved (%s)", self.directory, exc)

    def _set_index(self, index: faiss.Index) -> None:
        self.index = vector_index.tuned(index)

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
        return vector_index.index_kind(self.index)

    def vectors(self) -> np.ndarray:
        """A read-only view of every stored vector (row = vid); valid until the index next changes."""
        return vector_index.stored_vectors(self.index, self.dim)

    def dense_search(
        self, query: np.ndarray, n: int, allowed: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top ``n`` (vids, cosine) for one normalized query; ``allowed`` masks vids (None: all live)."""
        return vector_index.dense_search(self.index, self.dim, self.alive, query, n, allowed)

    def rows(self, vids: Sequence[int]) -> list[ChunkRow]:
        """Chunk rows in the order of ``vids`` (missing ones left out)."""
        if not vids:
            return []
        marks = ",".join("?" * len(vids))
        found = self._checked_rows(
            f"SELECT {CHUNK_COLUMNS} FROM chunks WHERE vid IN ({marks})", [int(v) for v in vids]
        )
        by_vid = {r.vid: r for r in found}
        return [by_vid[int(v)] for v in vids if int(v) in by_vid]

    def chunks_of(self, path: str) -> list[ChunkRow]:
        return self._checked_rows(f"SELECT {CHUNK_COLUMNS} FROM chunks WHERE path = ? ORDER BY vid", (path,))

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

    def acronyms_stored(self) -> bool:
        """Whether the base holds its acronym counts, whole for this reading (:mod:`.phrases`)."""
        return self.acronyms_version == acronyms.PHRASES_VERSION

    def acronym_forms(self, letters: str) -> list[tuple[str, int]]:
        """Each phrase the base writes with initials ``letters``, with its count (the stored counts)."""
        try:
            return phrases.forms(self.conn, letters)
        except sqlite3.DatabaseError as exc:
            raise self._corrupt(self.directory / DB_FILE, f"cannot be read ({exc})") from exc

    def acronym_counts(self) -> dict[str, phrases.Counts]:
        """Every document's acronym counts read from its stored chunks: the walk of the whole base."""
        return phrases.walk((d.path for d in self.documents()), self.chunks_of)

    def document(self, path: str) -> DocumentRow | None:
        rows = self._query(f"SELECT {DOC_COLUMNS} FROM documents WHERE path = ?", (path,))
        return DocumentRow(*rows[0]) if rows else None

    def documents(self) -> list[DocumentRow]:
        return [DocumentRow(*r) for r in self._query(f"SELECT {DOC_COLUMNS} FROM documents ORDER BY path")]

    def source_ids_matching(self, match: Callable[[str], bool]) -> np.ndarray:
        return np.array([i for i, s in enumerate(self.sources) if match(s)], dtype=np.int32)

    def modality_code(self, modality: str) -> int:
        return MODALITIES.index(modality)

    @property
    def nbytes(self) -> int:
        """Bytes held in memory by the index and the arrays (not SQLite's page cache)."""
        vec = vector_index.index_nbytes(self.index, self.dim)
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
            phrases.create(self.conn)  # where a base saved before the counts has no table
            removed = sum(self._remove_document(p) for p in [*removals, *(u.path for u in updates)])
            added = self._add_documents(updates)
            if not self.acronyms_stored():  # a base saved before the counts: every document's, once
                phrases.replace_all(self.conn, self.acronym_counts())
            meta = {**self._write_generation(self.generation + 1), phrases.META_KEY: acronyms.PHRASES_VERSION}
            self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())
            self.conn.execute("COMMIT")  # the one atomic switch to the new generation
        except BaseException:
            self.conn.execute("ROLLBACK")
            self._reload()
            raise
        self.generation += 1
        self.acronyms_version = acronyms.PHRASES_VERSION
        generations.remove_unused(self.directory, {meta["index_file"], meta["aux_file"]})
        return added, removed

    def save_acronyms(self) -> bool:
        """The acronym counts of a base saved before they were stored at ingest: the whole base walked once,
        saved by :func:`phrases.save` (False: stored already, or saved by another process meanwhile). Raises
        ``OSError`` or ``sqlite3.Error`` when the write fails (nothing has changed then)."""
        if self.acronyms_stored():
            return False
        t0 = time.perf_counter()
        by_path = self.acronym_counts()
        if not phrases.save(self.conn, self.generation, by_path):
            return False
        self.acronyms_version, self.acronyms_saved = acronyms.PHRASES_VERSION, True
        log.warning(
            "%s: the acronym counts of %d documents read and saved in %.1f s; later opens do not read them",
            self.directory,
            len(by_path),
            time.perf_counter() - t0,
        )
        return True

    def save_tokens(self) -> bool:
        """Save the search tokens made again at open (:attr:`retokenized_from`) as the base's next generation:
        a new aux file beside the same index file (the vectors did not change), named in the meta table by one
        SQLite transaction - the same atomic switch as :meth:`apply`, so a failure or a kill at any point
        leaves the previous generation whole and readable. Returns False, writing nothing, when there is
        nothing to save or another process saved the base since this one read it. Raises ``OSError`` or
        ``sqlite3.Error`` when the write fails (a read-only base, a full disk); nothing has changed then."""
        if self.retokenized_from is None or self.tokens_saved:
            return False
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
            if int(meta["generation"]) != self.generation:  # another process saved it meanwhile
                self.conn.execute("ROLLBACK")
                return False
            saved = {
                "generation": str(self.generation + 1),
                **self._write_aux(self.generation + 1),
                "tokens_version": nlp.tokens_version(),
                "saved_at": str(time.time()),
            }
            self.conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", saved.items())
            self.conn.execute("COMMIT")  # the one atomic switch to the new generation
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.generation += 1
        self.tokens_saved = True
        generations.remove_unused(self.directory, {meta["index_file"], saved["aux_file"]})
        return True

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
        phrases.remove(self.conn, path)
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
            phrases.insert(self.conn, u.path, phrases.of_chunks(u.chunks) if u.phrases is None else u.phrases)
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
        return vector_index.new_index(self.dim, vectors)

    def _write_generation(self, gen: int) -> dict[str, str]:
        """Compact or switch the index kind if due, write generation ``gen``'s files, return its meta."""
        n_alive = int(self.alive.sum())
        dead = self.ntotal - n_alive
        want_hnsw = n_alive >= vector_index.HNSW_THRESHOLD
        if dead and (self.kind == "flat" or dead > 0.2 * self.ntotal):
            self._compact()
        elif want_hnsw != (self.kind == "hnsw") and (want_hnsw or n_alive < vector_index.HNSW_THRESHOLD // 2):
            self.index = self._new_index(np.array(self.vectors()))
        return {
            "generation": str(gen),
            "ntotal": str(self.ntotal),
            "index_kind": self.kind,
            **generations.write_index(self.directory, gen, self.index),
            **self._write_aux(gen),
            "tokens_version": nlp.tokens_version(),
            "saved_at": str(time.time()),
        }

    def _write_aux(self, gen: int) -> dict[str, str]:
        """Write generation ``gen``'s aux file (the per-vector arrays and the BM25 postings); its meta."""
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
        return generations.write_aux(self.directory, gen, arrays)
