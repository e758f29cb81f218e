"""The acronym counts paid for at ingest (session 22, brief A2): each document's (initials, phrase) counts are
stored with its chunk rows, so a question reads them instead of every chunk of the base. The stored table must
equal what reading the whole base gives after any ingest, re-ingest or prune, and a base saved before it gets
it saved once on a writable open (a read-only open writes nothing)."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from connectors.cli import main
from knowledge import KnowledgeBase
from knowledge.acronyms import Acronyms, base_acronyms, phrases_in
from knowledge.store import DB_FILE, Store

A_TEXT = (
    "# Games\n\nTeams came from 91 National Olympic Committees.\n\n"
    "The Court of Arbitration for Sport (CAS) heard two cases.\n"
)
B_TEXT = "# Clubs\n\nThe Alpine Racing Club won. The Alpine Racing Club trains in the hills.\n"
B_NEW = "# Clubs\n\nThe Nordic Ski Federation met in May.\n"


def _walked(store: Store) -> Counter[tuple[str, str]]:
    """What reading every chunk of the base gives (the walk R46c did at the first question)."""
    counts: Counter[tuple[str, str]] = Counter()
    for doc in store.documents():
        for row in store.chunks_of(doc.path):
            counts.update(phrases_in(f"{row.context}\n{row.text}"))
    return counts


def _stored(directory: Path) -> Counter[tuple[str, str]] | None:
    """The counts the base's table holds over all its documents (None: no table, or not marked whole)."""
    conn = sqlite3.connect(directory / DB_FILE)
    try:
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        if "acronyms_version" not in meta:
            return None
        sql = "SELECT letters, phrase, sum(n) FROM acronyms GROUP BY letters, phrase"
        rows = conn.execute(sql).fetchall()
    finally:
        conn.close()
    return Counter({(letters, phrase): int(n) for letters, phrase, n in rows})


def _texts(store: Store) -> list[str]:
    return [f"{r.context}\n{r.text}" for d in store.documents() for r in store.chunks_of(d.path)]


def _same_readings(store: Store) -> None:
    """The base's acronyms read from the stored counts answer as the walk over its texts does."""
    walked = Acronyms(_texts(store))
    read = base_acronyms(store)
    for letters in {letters for letters, _ in _walked(store)} | {"cas", "noc", "arc", "nsf", "xyz"}:
        assert read.spelled(letters) == walked.spelled(letters), letters


def test_ingest_reingest_and_prune_keep_the_table_equal_to_the_walk(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(A_TEXT, encoding="utf-8")
    directory = tmp_path / "kb"
    with KnowledgeBase.open(directory) as kb:
        kb.ingest([docs / "a.md"])  # step one
        (docs / "b.md").write_text(B_TEXT, encoding="utf-8")
        kb.ingest([docs])  # step two: b added, a unchanged
        store = kb.store
        assert store.acronyms_stored()
        assert _stored(directory) == _walked(store)
        assert ("arc", "Alpine Racing Club") in _walked(store)
        _same_readings(store)
        assert base_acronyms(store).spelled("cas") == "Court of Arbitration for Sport"

        (docs / "b.md").write_text(B_NEW, encoding="utf-8")
        kb.ingest([docs])  # b replaced: its old phrases leave with it
        assert _stored(directory) == _walked(store)
        assert base_acronyms(store).spelled("arc") is None
        assert base_acronyms(store).spelled("nsf") == "Nordic Ski Federation"

        (docs / "a.md").unlink()
        kb.ingest([docs], prune=True)  # a removed
        stored = _stored(directory)
        assert stored == _walked(store)
        assert stored is not None and not any(letters == "cas" for letters, _ in stored)
        assert base_acronyms(store).spelled("cas") is None
        assert base_acronyms(store).spelled("noc") is None
        _same_readings(store)


def _as_saved_before(directory: Path) -> None:
    """The base as one saved before the counts were stored: no table, no meta row."""
    conn = sqlite3.connect(directory / DB_FILE)
    conn.execute("DROP TABLE acronyms")
    conn.execute("DELETE FROM meta WHERE key = 'acronyms_version'")
    conn.commit()
    conn.close()


def _saved_before(tmp_path: Path) -> tuple[Path, Path]:
    """Two documents ingested, then the base made one saved before the counts: (docs, base directory)."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(A_TEXT, encoding="utf-8")
    (docs / "b.md").write_text(B_TEXT, encoding="utf-8")
    directory = tmp_path / "kb"
    with KnowledgeBase.open(directory) as kb:
        kb.ingest([docs])
    _as_saved_before(directory)
    return docs, directory


def test_a_base_without_the_table_gets_it_saved_on_a_writable_open(tmp_path: Path) -> None:
    _, directory = _saved_before(tmp_path)
    assert _stored(directory) is None

    with KnowledgeBase.open(directory, read_only=True) as kb:  # read-only: walked, nothing written
        assert not kb.store.acronyms_stored()
        _same_readings(kb.store)
        assert base_acronyms(kb.store).spelled("noc") == "National Olympic Committees"
    assert _stored(directory) is None

    with KnowledgeBase.open(directory) as kb:  # writable: walked once and saved
        assert kb.store.acronyms_stored()
        walked = _walked(kb.store)
        _same_readings(kb.store)
    assert _stored(directory) == walked and walked


def test_an_ingest_into_a_base_without_the_table_writes_all_of_it(tmp_path: Path) -> None:
    docs, directory = _saved_before(tmp_path)
    with KnowledgeBase.open(directory, read_only=True) as kb:
        dim, name = kb.store.dim, kb.store.embedder_name
    store = Store.open(directory, dim, name, create=False)  # an open that saves nothing by itself
    try:
        assert not store.acronyms_stored()
        store.apply([str((docs / "b.md").resolve())], [])
        assert store.acronyms_stored()
        assert _stored(directory) == _walked(store)
        assert base_acronyms(store).spelled("arc") is None
        assert base_acronyms(store).spelled("cas") == "Court of Arbitration for Sport"
    finally:
        store.close()


def test_ingest_upgrade_saves_the_counts_of_a_base_without_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, directory = _saved_before(tmp_path)
    capsys.readouterr()
    assert main(["ingest", "--upgrade", "--kb", str(directory), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["acronyms"] == {"saved": True}
    with KnowledgeBase.open(directory, read_only=True) as kb:
        assert _stored(directory) == _walked(kb.store)
    assert main(["ingest", "--upgrade", "--kb", str(directory)]) == 0
    assert "nothing to do" in capsys.readouterr().out
