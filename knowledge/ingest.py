"""Ingestion: find files, skip the unchanged, load the rest in parallel, embed in batches, apply atomically.

A file is unchanged when its size and modification time (and its sidecars') match the last ingest, or, if
they do not, when its content hash does. A changed file's chunks are replaced; with ``prune``, documents whose
file is gone are removed. An unreadable or unsupported file is reported by name and skipped: the rest goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from knowledge import loaders
from knowledge.embed import Embedder
from knowledge.errors import KnowledgeError, LoaderError
from knowledge.store import SOURCES_FILE, DocumentUpdate, Store, atomic_write, phrases
from knowledge.types import Chunk, IngestReport, Skipped

log = logging.getLogger(__name__)

EMBED_BATCH = 256  # chunks per embed call (a progress step)
EMBED_IN_FLIGHT = 2  # embed calls running at once


@dataclass(frozen=True)
class Progress:
    """One step of an ingest: ``phase`` is scan, load, embed or save; ``item`` the file being loaded."""

    phase: str
    done: int
    total: int
    item: str = ""


ProgressFn = Callable[[Progress], None]


@dataclass(frozen=True)
class Candidate:
    path: Path  # absolute
    source: str  # what citations show: the path under the ingested folder, prefixed by the folder's name
    root: str


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def scan(paths: Iterable[str | Path]) -> tuple[list[Candidate], list[Skipped]]:
    """Files to consider under ``paths`` (folders recursively, hidden entries and sidecars left out)."""
    found: dict[Path, Candidate] = {}
    skipped: list[Skipped] = []
    for given in paths:
        p = Path(given).expanduser()
        if not p.exists():
            skipped.append(Skipped(str(given), "no such file or directory"))
            continue
        root = p.resolve()
        if root.is_dir():
            files = [f for f in sorted(root.rglob("*")) if f.is_file() and not _hidden(f, root)]
            # gesture clips belong to their catalog's document, like sidecars to their file
            claimed = {c for f in files for c in loaders.catalog_clips(f)}
            for f in files:
                if f in claimed or loaders.primary_of(f) is not None:
                    continue
                if f.suffix.lower() not in loaders.SUPPORTED:
                    skipped.append(Skipped(str(f), f"unsupported file type {f.suffix or '(no extension)'}"))
                    continue
                source = f"{root.name}/{f.relative_to(root).as_posix()}"
                found.setdefault(f, Candidate(f, source, str(root)))
        else:
            owner = loaders.primary_of(root)
            if owner is not None:
                skipped.append(Skipped(str(given), f"a sidecar of {owner.name}; ingest that file instead"))
                continue
            found.setdefault(root, Candidate(root, root.name, str(root.parent)))
    return list(found.values()), skipped


def _files_of(path: Path) -> list[Path]:
    return [path, *loaders.sidecars(path)]


def stat_signature(path: Path) -> str:
    parts = []
    for f in _files_of(path):
        st = f.stat()
        parts.append([f.name, st.st_size, st.st_mtime_ns])
    return json.dumps([loaders.LOADER_VERSION, parts])


def content_hash(path: Path) -> str:
    h = hashlib.sha256(loaders.LOADER_VERSION.encode())
    for f in _files_of(path):
        h.update(b"\x00" + f.name.encode() + b"\x00")
        with open(f, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()


@dataclass
class _Todo:
    candidate: Candidate
    content_hash: str
    stat_sig: str
    existed: bool


def record_roots(directory: Path, paths: Sequence[str | Path]) -> None:
    """Remember what was ingested, outside SQLite, so a rebuild works even when the database is corrupt."""
    file = directory / SOURCES_FILE
    try:
        known = json.loads(file.read_text(encoding="utf-8")) if file.exists() else []
    except (OSError, json.JSONDecodeError):
        known = []
    merged = list(dict.fromkeys([*known, *(str(Path(p).expanduser().resolve()) for p in paths)]))
    if merged != known:

        def write(p: Path) -> None:
            p.write_text(json.dumps(merged, indent=1), encoding="utf-8")

        atomic_write(file, write)


def recorded_roots(directory: Path) -> list[str]:
    file = directory / SOURCES_FILE
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return []
    return [str(p) for p in data] if isinstance(data, list) else []


class Ingestor:
    """Runs one ingest against a store; ``lock`` guards the store (shared with searches)."""

    def __init__(
        self, store: Store, embedder: Embedder, lock: threading.RLock, workers: int | None = None
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.lock = lock
        self.workers = workers or min(4, os.cpu_count() or 1)

    def run(
        self, paths: Sequence[str | Path], prune: bool = False, progress: ProgressFn | None = None
    ) -> IngestReport:
        t0 = time.perf_counter()
        report = IngestReport()
        notify = progress or (lambda _p: None)
        candidates, report.skipped = scan(paths)
        notify(Progress("scan", len(candidates), len(candidates)))
        todo = self._changed(candidates, report)
        loaded = self._load_all(todo, report, notify)
        updates, embed_s = self._embed(loaded, notify)
        report.embed_seconds = embed_s
        removals: list[str] = []
        with self.lock:
            if prune:
                removals = [d.path for d in self.store.documents() if not Path(d.path).exists()]
            notify(Progress("save", 0, 1))
            if updates or removals:
                added, removed = self.store.apply(removals, updates)
                report.chunks_added, report.chunks_removed = added, removed
            notify(Progress("save", 1, 1))
        report.removed = removals
        for todo_item, _ in loaded:
            (report.updated if todo_item.existed else report.added).append(str(todo_item.candidate.path))
        report.seconds = time.perf_counter() - t0
        return report

    def _changed(self, candidates: list[Candidate], report: IngestReport) -> list[_Todo]:
        todo = []
        for c in candidates:
            try:
                sig = stat_signature(c.path)
                with self.lock:
                    doc = self.store.document(str(c.path))
                if doc is not None and doc.stat_sig == sig:
                    report.unchanged.append(str(c.path))
                    continue
                digest = content_hash(c.path)
            except OSError as exc:
                report.skipped.append(Skipped(str(c.path), f"unreadable ({exc.strerror or exc})"))
                continue
            if doc is not None and doc.content_hash == digest:
                report.unchanged.append(str(c.path))  # touched, not changed
                continue
            todo.append(_Todo(c, digest, sig, existed=doc is not None))
        return todo

    def _load_all(
        self, todo: list[_Todo], report: IngestReport, notify: ProgressFn
    ) -> list[tuple[_Todo, loaders.Loaded]]:
        """Load files in parallel threads (OCR and ffmpeg run as subprocesses, so threads overlap them)."""
        out: list[tuple[_Todo, loaders.Loaded]] = []
        if not todo:
            return out
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="persona-ingest") as pool:
            futures = [(item, pool.submit(loaders.load, item.candidate.path)) for item in todo]
            for done, (item, future) in enumerate(futures, start=1):
                try:
                    result = future.result()
                except LoaderError as exc:
                    report.skipped.append(
                        Skipped(str(item.candidate.path), _reason(exc, item.candidate.path))
                    )
                except KnowledgeError as exc:
                    report.skipped.append(Skipped(str(item.candidate.path), str(exc)))
                except Exception as exc:  # a loader bug must cost one file, not the ingest
                    log.exception("loading %s failed", item.candidate.path)
                    report.skipped.append(Skipped(str(item.candidate.path), f"{type(exc).__name__}: {exc}"))
                else:
                    report.warnings.extend(result.warnings)
                    out.append((item, result))
                notify(Progress("load", done, len(todo), str(item.candidate.path)))
        return out

    def _embed(
        self, loaded: list[tuple[_Todo, loaders.Loaded]], notify: ProgressFn
    ) -> tuple[list[DocumentUpdate], float]:
        chunks: list[Chunk] = [c for _, result in loaded for c in result.chunks]
        t0 = time.perf_counter()
        # Embedded in order of length, so texts of about the same length share a forward pass (less padding
        # than a file's chunks in file order), and put back in chunk order after.
        order = sorted(range(len(chunks)), key=lambda i: len(chunks[i].embed_text))
        all_vectors = np.zeros((len(chunks), self.embedder.dim), np.float32)
        parts = [order[start : start + EMBED_BATCH] for start in range(0, len(chunks), EMBED_BATCH)]
        # EMBED_IN_FLIGHT parts at a time: the next part's batches are queued while the last batches of the
        # current one finish, so the embedder's workers never wait at a part's end (measured ~4-8% of the
        # embedding time with one part at a time). Progress is reported in order, from this thread.
        with ThreadPoolExecutor(EMBED_IN_FLIGHT, thread_name_prefix="persona-ingest-embed") as pool:
            pending = [pool.submit(self.embedder.embed, [chunks[i].embed_text for i in p]) for p in parts]
            done = 0
            for part, future in zip(parts, pending, strict=True):
                all_vectors[part] = future.result()
                done += len(part)
                notify(Progress("embed", done, len(chunks)))
        embed_s = time.perf_counter() - t0
        updates, offset = [], 0
        for item, result in loaded:
            n = len(result.chunks)
            c = item.candidate
            updates.append(
                DocumentUpdate(
                    path=str(c.path),
                    source=c.source,
                    root=c.root,
                    content_hash=item.content_hash,
                    stat_sig=item.stat_sig,
                    modality=result.modality,
                    chunks=result.chunks,
                    vectors=all_vectors[offset : offset + n],
                    phrases=phrases.of_chunks(result.chunks),  # counted here, outside the base's lock
                )
            )
            offset += n
        return updates, embed_s


def _reason(exc: Exception, path: Path) -> str:
    """The loader's message without the path repeated (the report shows the path beside it)."""
    text = str(exc)
    prefix = f"{path}: "
    return text[len(prefix) :] if text.startswith(prefix) else text
