"""The phrases a base spells out (:mod:`knowledge.acronyms`), counted per document when it is ingested and
stored beside its chunk rows, so a question reads the counts of the initials it asks, not every chunk of the
base (session 22, brief A2; docs/knowledge.md "Session 22, brief A2").

``kb.sqlite`` holds one row per document and (initials, phrase) it spells out, with how often: written and
deleted in the transaction that writes and deletes the document's chunk rows, so the table always sums to
what reading every chunk of the base gives. The meta row ``acronyms_version`` (``acronyms.PHRASES_VERSION``)
says the table is whole for this reading; a base saved before it (or by another reading) is counted again
from its stored chunks - by its next ingest, or by a writable open (:meth:`.Store.save_acronyms`).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol

from knowledge import acronyms

META_KEY = "acronyms_version"

TABLE = (
    "CREATE TABLE IF NOT EXISTS acronyms "
    "(path TEXT NOT NULL, letters TEXT NOT NULL, phrase TEXT NOT NULL, n INTEGER NOT NULL)",
    "CREATE INDEX IF NOT EXISTS acronyms_letters ON acronyms (letters)",
    "CREATE INDEX IF NOT EXISTS acronyms_path ON acronyms (path)",
)

Counts = Counter[tuple[str, str]]


class _Text(Protocol):
    @property
    def context(self) -> str: ...

    @property
    def text(self) -> str: ...


def of_chunks(chunks: Iterable[_Text]) -> Counts:
    """The (initials, phrase) counts of one document's chunks, each read as its heading path and text."""
    return acronyms.counted(f"{c.context}\n{c.text}" for c in chunks)


def whole(meta: Mapping[str, str]) -> bool:
    """Whether a base's meta table says its stored counts are whole for this reading."""
    return meta.get(META_KEY) == acronyms.PHRASES_VERSION


def create(conn: sqlite3.Connection) -> None:
    """The table and its indexes, where a base saved before them has none (in the caller's transaction)."""
    for statement in TABLE:
        conn.execute(statement)


def insert(conn: sqlite3.Connection, path: str, counts: Counts) -> None:
    conn.executemany(
        "INSERT INTO acronyms VALUES (?, ?, ?, ?)",
        [(path, letters, phrase, n) for (letters, phrase), n in counts.items()],
    )


def remove(conn: sqlite3.Connection, path: str) -> None:
    conn.execute("DELETE FROM acronyms WHERE path = ?", (path,))


def replace_all(conn: sqlite3.Connection, by_path: Mapping[str, Counts]) -> None:
    """Every document's counts written anew (in the caller's transaction), the table made first if need
    be."""
    create(conn)
    conn.execute("DELETE FROM acronyms")
    for path, counts in by_path.items():
        insert(conn, path, counts)


def forms(conn: sqlite3.Connection, letters: str) -> list[tuple[str, int]]:
    """Each written form with initials ``letters`` and its count over the whole base."""
    return [
        (str(phrase), int(n))
        for phrase, n in conn.execute(
            "SELECT phrase, sum(n) FROM acronyms WHERE letters = ? GROUP BY phrase", (letters,)
        )
    ]


def save(conn: sqlite3.Connection, generation: int, by_path: Mapping[str, Counts]) -> bool:
    """Store ``by_path`` (:func:`walk`) as the base's whole counts, marked whole for this reading, in one
    SQLite transaction that changes nothing else; False, writing nothing, when the base is no longer at
    ``generation`` (another process saved it since the walk read it)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        if row is None or int(row[0]) != generation:
            conn.execute("ROLLBACK")
            return False
        replace_all(conn, by_path)
        conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (META_KEY, acronyms.PHRASES_VERSION))
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return True


def walk(paths: Iterable[str], chunks_of: Callable[[str], Iterable[_Text]]) -> dict[str, Counts]:
    """Every document's counts read from its stored chunks (a base saved before the table, or by another
    reading): the walk of the whole base, paid once where the result can be saved."""
    return {path: of_chunks(chunks_of(path)) for path in paths}
