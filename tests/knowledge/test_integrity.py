"""A knowledge base that survives: one test per corruption class, each naming what it expects, and SIGKILL of
``persona ingest --rebuild`` at several points leaving a base that answers."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from connectors.cli import main
from knowledge import IndexCorrupt, KnowledgeBase, KnowledgeError
from knowledge.store import DB_FILE

MUG = "how much is the snowflake mug?"


def _built(tmp_path: Path, docs: Path, name: str = "kb") -> Path:
    directory = tmp_path / name
    with KnowledgeBase.open(directory) as kb:
        kb.ingest([docs])
    assert not list(directory.glob(f"{DB_FILE}-wal"))  # closed: everything is in kb.sqlite itself
    return directory


def _patch_db(directory: Path, old: bytes, new: bytes) -> None:
    db = directory / DB_FILE
    data = db.read_bytes()
    assert data.count(old) >= 1, f"{old!r} not found in {db}"
    db.write_bytes(data.replace(old, new))


def _ask(kb_dir: Path, capsys: pytest.CaptureFixture[str], question: str = MUG) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["ask", question, "--kb", str(kb_dir), "--json"])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_same_length_edit_of_a_chunk_is_an_error_naming_kb_sqlite(
    tmp_path: Path, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Expected: "$16" edited to "$61" in kb.sqlite -> exit 2, kb.sqlite and the fix named, no answer."""
    directory = _built(tmp_path, docs)
    _patch_db(directory, b"costs $16", b"costs $61")
    code, out, err = _ask(directory, capsys)
    assert code == 2 and out == ""
    assert f"{directory / DB_FILE}:" in err and "checksum" in err and "persona ingest --rebuild" in err
    assert "$61" not in out and "Traceback" not in err


def test_flipped_byte_in_a_chunk_is_an_error_not_a_traceback(
    tmp_path: Path, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Expected: one byte of a chunk's text flipped (here to invalid UTF-8) -> exit 2 naming kb.sqlite."""
    directory = _built(tmp_path, docs)
    _patch_db(directory, b"The snowflake mug", b"The snowfl\xffke mug")
    code, out, err = _ask(directory, capsys)
    assert code == 2 and out == "" and DB_FILE in err and "--rebuild" in err


def test_batch_reports_the_failing_line_and_goes_on(
    tmp_path: Path, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Expected: the damaged chunk's question reports an error with its line number; the others are answered;
    the exit status says that a line failed."""
    topics = [
        "river",
        "violin",
        "volcano",
        "bakery",
        "glacier",
        "comet",
        "orchard",
        "lantern",
        "harbor",
        "desert",
    ]
    for i, topic in enumerate(topics * 3):  # enough other chunks that only the mug question reads the bad row
        (docs / f"filler-{i}.md").write_text(f"# {topic} {i}\n\nThe {topic} number {i} is described here.\n")
    directory = _built(tmp_path, docs)
    _patch_db(directory, b"costs $16", b"costs $61")
    batch = tmp_path / "questions.txt"
    batch.write_text(f"what are curling stones made of?\n{MUG}\nwhat hosted curling in 2022?\n")
    capsys.readouterr()
    assert main(["ask", "--batch", str(batch), "--kb", str(directory), "--json"]) == 1
    out = capsys.readouterr()
    lines = [json.loads(line) for line in out.out.splitlines()]
    assert len(lines) == 3 and "text" in lines[0] and "error" not in lines[0]
    assert lines[1]["line"] == 2 and DB_FILE in lines[1]["error"] and "text" not in lines[1]
    assert "error" not in lines[2] and "line 2" in out.err


def test_truncated_kb_sqlite_is_refused_by_name(tmp_path: Path, docs: Path) -> None:
    """Expected: kb.sqlite cut in half -> IndexCorrupt whose path is kb.sqlite."""
    directory = _built(tmp_path, docs)
    db = directory / DB_FILE
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])
    with pytest.raises(IndexCorrupt) as err:
        KnowledgeBase.open(directory, create=False).answer(MUG)
    assert err.value.path == db and "--rebuild" in str(err.value)


def test_deleted_kb_sqlite_is_not_recreated(
    tmp_path: Path, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Expected: kb.sqlite deleted -> `persona ask` exits 2 naming kb.sqlite and the index files left; nothing
    is created; even a writing open refuses (the index files show a base was there)."""
    directory = _built(tmp_path, docs)
    (directory / DB_FILE).unlink()
    code, out, err = _ask(directory, capsys)
    assert code == 2 and out == "" and f"{directory / DB_FILE}: missing" in err and "vectors-" in err
    assert not (directory / DB_FILE).exists()
    with pytest.raises(IndexCorrupt, match="missing"):
        KnowledgeBase.open(directory)
    assert not (directory / DB_FILE).exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(KnowledgeError, match="no knowledge base here"):
        KnowledgeBase.open(empty, create=False)
    assert list(empty.iterdir()) == []


def test_foreign_kb_sqlite_is_blamed_on_itself(tmp_path: Path, docs: Path) -> None:
    """Expected: another base's kb.sqlite copied in -> IndexCorrupt on kb.sqlite ("another knowledge base"),
    not on vectors-N.faiss."""
    directory = _built(tmp_path, docs)
    other_docs = tmp_path / "other"
    other_docs.mkdir()
    (other_docs / "a.md").write_text("# Other\n\nA different base about tea kettles.\n")
    other = _built(tmp_path, other_docs, "other-kb")
    shutil.copyfile(other / DB_FILE, directory / DB_FILE)
    with pytest.raises(IndexCorrupt) as err:
        KnowledgeBase.open(directory, create=False)
    assert err.value.path == directory / DB_FILE and "another knowledge base" in str(err.value)


def test_a_damaged_documents_table_is_an_error_naming_kb_sqlite(tmp_path: Path, docs: Path) -> None:
    """Expected: a read that SQLite cannot complete becomes IndexCorrupt on kb.sqlite, not sqlite3's error."""
    directory = _built(tmp_path, docs)
    conn = sqlite3.connect(directory / DB_FILE)
    conn.execute("DROP TABLE documents")
    conn.commit()
    conn.close()
    with KnowledgeBase.open(directory, create=False) as kb, pytest.raises(IndexCorrupt) as err:
        kb.stats()
    assert err.value.path == directory / DB_FILE


_CHILD = """
import sys
from knowledge import KnowledgeBase
def progress(p):
    print(p.phase, flush=True)
KnowledgeBase.rebuild(sys.argv[1], [sys.argv[2]], progress=progress)
print("done", flush=True)
"""


@pytest.mark.parametrize("kill_at", ["load", "embed", "save"])
def test_sigkill_of_a_rebuild_leaves_a_base_that_answers(tmp_path: Path, docs: Path, kill_at: str) -> None:
    """Expected: a rebuild (to a changed price) SIGKILLed at the start of its load, embed or save phase leaves
    either the old base or the new one: it opens for reading and finds the note with one of the two prices."""
    directory = _built(tmp_path, docs)
    notes = docs / "notes.txt"
    notes.write_text(notes.read_text().replace("$16", "$18"))
    env = {**os.environ, "PERSONA_CACHE_DIR": os.environ.get("PERSONA_CACHE_DIR", "")}
    child = subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(directory), str(docs)],
        stdout=subprocess.PIPE,
        text=True,
        env={k: v for k, v in env.items() if v},
    )
    assert child.stdout is not None
    for line in child.stdout:
        if line.strip() in (kill_at, "done"):
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    child.stdout.close()
    with KnowledgeBase.open(directory, create=False) as kb:
        (top,) = kb.search(MUG, k=1)
        kb.answer(MUG)  # answers (or abstains) without an error
    assert "$16" in top.text or "$18" in top.text  # the old base or the new one, whole
    # the next rebuild cleans up after the killed one and finishes
    kb, _ = KnowledgeBase.rebuild(directory)
    with kb:
        assert "$18" in kb.search(MUG, k=1)[0].text
    assert not list(tmp_path.glob(".kb.rebuild-*"))
