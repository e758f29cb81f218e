"""Conversation memory: a profile per viewer and the history of what was said, in SQLite (WAL mode).

What is stored is what was actually spoken: the runtime calls ``record_spoken(viewer, spoken_text)`` with an
interrupted utterance's ``spoken_text`` only. Each write is one transaction, so a crash mid-write leaves the
previous state; WAL keeps readers from blocking the writer. ``summary(viewer_id)`` is the short text an LLM
prompt gets.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from agent.errors import MemoryStoreError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS viewers (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, first_seen REAL NOT NULL, last_interaction REAL NOT NULL,
    topics TEXT NOT NULL DEFAULT '{}', gifts TEXT NOT NULL DEFAULT '{}', messages INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, ts REAL NOT NULL, viewer TEXT,
    speaker TEXT NOT NULL, text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS history_viewer ON history(viewer, seq);
"""


@dataclass(frozen=True)
class ViewerProfile:
    id: str
    name: str
    first_seen: float
    last_interaction: float
    topics: dict[str, int] = field(default_factory=dict)
    gifts: dict[str, float] = field(default_factory=dict)
    messages: int = 0


class Memory:
    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        self._lock = threading.Lock()
        self._writer: ThreadPoolExecutor | None = None
        try:
            self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise MemoryStoreError(f"cannot open memory {self.path}: {exc}") from exc

    def close(self) -> None:
        self.flush()
        with self._lock:
            self._db.close()

    def later(self, write: Callable[..., None], *args: object, **kw: object) -> Future[None]:
        """Run a write on the memory's own writer thread, in order: the event loop never waits on SQLite.
        A failed write is logged by the caller's future, never raised into the turn."""
        with self._lock:
            if self._writer is None:
                self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="memory-writer")
            return self._writer.submit(write, *args, **kw)

    def flush(self) -> None:
        """Wait for the writes handed to ``later`` so far."""
        with self._lock:
            writer = self._writer
        if writer is not None:
            writer.submit(lambda: None).result()

    def journal_mode(self) -> str:
        return str(self._db.execute("PRAGMA journal_mode").fetchone()[0])

    # ------------------------------------------------------------------ writes (one transaction each)

    def record_input(
        self,
        viewer_id: str,
        name: str,
        text: str,
        *,
        topics: tuple[str, ...] = (),
        gift: tuple[str, float] | None = None,
        now: float | None = None,
    ) -> None:
        now = time.time() if now is None else now
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                row = self._db.execute(
                    "SELECT topics, gifts FROM viewers WHERE id=?", (viewer_id,)
                ).fetchone()
                t: dict[str, int] = json.loads(row[0]) if row else {}
                g: dict[str, float] = json.loads(row[1]) if row else {}
                for topic in topics:
                    t[topic] = t.get(topic, 0) + 1
                if gift:
                    g[gift[0]] = g.get(gift[0], 0.0) + gift[1]
                self._db.execute(
                    "INSERT INTO viewers(id, name, first_seen, last_interaction, topics, gifts, messages) "
                    "VALUES (?,?,?,?,?,?,1) ON CONFLICT(id) DO UPDATE SET name=excluded.name, "
                    "last_interaction=excluded.last_interaction, topics=excluded.topics, "
                    "gifts=excluded.gifts, "
                    "messages=messages+1",
                    (
                        viewer_id,
                        name,
                        now,
                        now,
                        json.dumps(t, ensure_ascii=False),
                        json.dumps(g, ensure_ascii=False),
                    ),
                )
                self._db.execute(
                    "INSERT INTO history(ts, viewer, speaker, text) VALUES (?,?,?,?)",
                    (now, viewer_id, "viewer", text),
                )
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                self._rollback()
                raise MemoryStoreError(f"cannot record input: {exc}") from exc

    def record_spoken(self, viewer_id: str | None, text: str, now: float | None = None) -> None:
        """Store what the persona actually said (an interrupted utterance: its ``spoken_text`` only)."""
        if not text.strip():
            return
        now = time.time() if now is None else now
        with self._lock:
            try:
                self._db.execute(
                    "INSERT INTO history(ts, viewer, speaker, text) VALUES (?,?,?,?)",
                    (now, viewer_id, "persona", text),
                )
            except sqlite3.Error as exc:
                raise MemoryStoreError(f"cannot record spoken text: {exc}") from exc

    def _rollback(self) -> None:
        try:
            self._db.execute("ROLLBACK")
        except sqlite3.Error:
            pass

    # ------------------------------------------------------------------ reads

    def viewer(self, viewer_id: str) -> ViewerProfile | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, name, first_seen, last_interaction, topics, gifts, messages "
                "FROM viewers WHERE id=?",
                (viewer_id,),
            ).fetchone()
        if row is None:
            return None
        return ViewerProfile(row[0], row[1], row[2], row[3], json.loads(row[4]), json.loads(row[5]), row[6])

    def history(self, viewer_id: str | None = None, limit: int = 20) -> list[tuple[str, str]]:
        """The last ``limit`` (speaker, text) pairs, oldest first; for one viewer when given."""
        with self._lock:
            if viewer_id is None:
                rows = self._db.execute(
                    "SELECT speaker, text FROM history ORDER BY seq DESC LIMIT ?", (limit,)
                )
            else:
                rows = self._db.execute(
                    "SELECT speaker, text FROM history WHERE viewer=? ORDER BY seq DESC LIMIT ?",
                    (viewer_id, limit),
                )
            out = [(r[0], r[1]) for r in rows.fetchall()]
        return out[::-1]

    def summary(self, viewer_id: str, max_chars: int = 300) -> str:
        """A short description of a viewer for an LLM prompt ("" for a stranger)."""
        p = self.viewer(viewer_id)
        if p is None:
            return ""
        parts = [f"{p.name}, {p.messages} message(s) so far"]
        if p.topics:
            top = sorted(p.topics.items(), key=lambda kv: -kv[1])[:3]
            parts.append("interested in " + ", ".join(k for k, _ in top))
        if p.gifts:
            parts.append("sent " + ", ".join(f"{v:g} {k}" for k, v in p.gifts.items()))
        return "; ".join(parts)[:max_chars]
