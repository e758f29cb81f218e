"""The store on disk: atomic generations, and every kind of bad base refused at open with a named file."""

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from knowledge import IndexCorrupt, KnowledgeBase
from knowledge.embed import SentenceTransformerEmbedder, minilm_name, shared_minilm
from knowledge.store import DB_FILE, DocumentUpdate
from knowledge.store import vectors as vector_index
from knowledge.types import Chunk


def _built(tmp_path: Path, docs: Path) -> Path:
    directory = tmp_path / "kb"
    with KnowledgeBase.open(directory) as kb:
        kb.ingest([docs])
    return directory


def _only(directory: Path, pattern: str) -> Path:
    (found,) = directory.glob(pattern)
    return found


def test_reopen_gives_the_same_answers(tmp_path: Path, docs: Path) -> None:
    directory = _built(tmp_path, docs)
    with KnowledgeBase.open(directory) as kb:
        hits = kb.search("what are curling stones made of", k=3)
        assert "granite" in hits[0].text and hits[0].source == "docs/guide.md"
        assert kb.stats()["documents"] == 4
    assert not list(directory.glob(".*.tmp"))  # no temporary file left behind


@pytest.mark.parametrize("victim", ["vectors-*.faiss", "aux-*.npz"])
def test_truncated_files_are_refused_by_name(tmp_path: Path, docs: Path, victim: str) -> None:
    directory = _built(tmp_path, docs)
    path = _only(directory, victim)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(IndexCorrupt) as err:
        KnowledgeBase.open(directory)
    assert err.value.path == path and path.name in str(err.value) and "--rebuild" in str(err.value)


def test_a_file_changed_in_place_is_refused(tmp_path: Path, docs: Path) -> None:
    directory = _built(tmp_path, docs)
    path = _only(directory, "vectors-*.faiss")
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF  # same size, different content
    path.write_bytes(bytes(data))
    with pytest.raises(IndexCorrupt, match="checksum"):
        KnowledgeBase.open(directory)


def test_missing_index_file(tmp_path: Path, docs: Path) -> None:
    directory = _built(tmp_path, docs)
    _only(directory, "vectors-*.faiss").unlink()
    with pytest.raises(IndexCorrupt, match="missing"):
        KnowledgeBase.open(directory)


def test_foreign_and_garbage_databases(tmp_path: Path) -> None:
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    conn = sqlite3.connect(foreign / DB_FILE)
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")
    conn.execute("INSERT INTO meta VALUES ('format', 'someone-else')")
    conn.commit()
    conn.close()
    with pytest.raises(IndexCorrupt, match="foreign"):
        KnowledgeBase.open(foreign)
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    (garbage / DB_FILE).write_bytes(b"\x00\x01 this is not sqlite" * 100)
    with pytest.raises(IndexCorrupt) as err:
        KnowledgeBase.open(garbage)
    assert DB_FILE in str(err.value)


def test_a_base_built_with_another_model_is_refused(tmp_path: Path, docs: Path) -> None:
    directory = _built(tmp_path, docs)
    other = SentenceTransformerEmbedder(shared_minilm(), name="some-other-model")
    with pytest.raises(IndexCorrupt, match="some-other-model"):
        KnowledgeBase.open(directory, embedder=other)


def test_an_int8_base_keeps_its_precision_and_refuses_fp32(tmp_path: Path, docs: Path) -> None:
    directory = tmp_path / "kb8"
    with KnowledgeBase.open(directory, precision="int8") as kb:
        kb.ingest([docs])
        assert kb.stats()["embedder"] == minilm_name("int8")
    with KnowledgeBase.open(directory) as kb:  # no precision given: the one it was built with
        assert kb.stats()["embedder"] == minilm_name("int8")
        hits = kb.search("what are curling stones made of?", k=3)
        assert hits and "granite" in hits[0].text
    with pytest.raises(IndexCorrupt, match="int8") as err:
        KnowledgeBase.open(directory, precision="fp32")
    assert DB_FILE in str(err.value) and "--rebuild" in str(err.value)
    kb, _ = KnowledgeBase.rebuild(directory)  # a rebuild keeps the recorded precision too
    with kb:
        assert kb.stats()["embedder"] == minilm_name("int8") and len(kb) > 0
    with pytest.raises(ValueError, match="precision"):
        KnowledgeBase.open(tmp_path / "new", precision="fp16")


def test_a_crash_before_commit_leaves_the_last_generation(tmp_path: Path, docs: Path) -> None:
    directory = _built(tmp_path, docs)
    with KnowledgeBase.open(directory) as kb:
        store = kb.store
        before = len(kb)
        # a save that wrote its files but died before the SQLite commit
        store.conn.execute("BEGIN IMMEDIATE")
        store._write_generation(store.generation + 1)
        store.conn.execute("ROLLBACK")
    with KnowledgeBase.open(directory) as kb:
        assert len(kb) == before and kb.store.generation == 1
        (docs / "guide.md").write_text("# Curling guide\n\nStones are granite.\n")
        kb.ingest([docs / "guide.md"])  # the next save removes the stray files
    assert len(list(directory.glob("vectors-*.faiss"))) == 1


def test_a_failed_apply_changes_nothing(tmp_path: Path, docs: Path) -> None:
    directory = _built(tmp_path, docs)
    with KnowledgeBase.open(directory) as kb:
        before = (len(kb), kb.store.generation)
        bad = DocumentUpdate(
            path="x",
            source="x",
            root="x",
            content_hash="x",
            stat_sig="",
            modality="text",
            chunks=[Chunk(text="one", modality="text")],
            vectors=np.zeros((2, 384), np.float32),
        )
        with pytest.raises(ValueError, match="vectors"):
            kb.store.apply([str((docs / "guide.md").resolve())], [bad])
        assert (len(kb), kb.store.generation) == before
        assert kb.search("granite", k=1)[0].source == "docs/guide.md"
    with KnowledgeBase.open(directory) as kb:
        assert len(kb) == before[0]


def test_hnsw_above_the_threshold_with_tombstones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vector_index, "HNSW_THRESHOLD", 30)
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(40):
        (folder / f"note{i:02d}.txt").write_text(f"Note {i}: the skier number {i} wore bib {1000 + i}.\n")
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        kb.ingest([folder])
        assert kb.store.kind == "hnsw" and len(kb) == 40
        for i in range(3):
            (folder / f"note{i:02d}.txt").unlink()
        kb.ingest([folder], prune=True)
        assert len(kb) == 37 and kb.store.ntotal == 40  # tombstoned, not yet compacted
        hits = kb.search("bib 1001", k=37)
        assert all(h.source != "many/note01.txt" for h in hits) and len(hits) == 37
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        assert kb.store.kind == "hnsw" and kb.search("bib 1005", k=1)[0].source == "many/note05.txt"
        for i in range(3, 30):
            (folder / f"note{i:02d}.txt").unlink()
        kb.ingest([folder], prune=True)
        assert kb.store.kind == "flat" and kb.store.ntotal == len(kb) == 10  # compacted, back to exact
        assert kb.search("bib 1035", k=1)[0].source == "many/note35.txt"


def test_contexts_are_the_distinct_heading_paths_of_the_chunks(tmp_path: Path, docs: Path) -> None:
    with KnowledgeBase.open(_built(tmp_path, docs)) as kb:
        walked = {row.context for doc in kb.store.documents() for row in kb.store.chunks_of(doc.path)}
        listed = kb.store.contexts()
    assert walked and len(listed) == len(set(listed))
    assert set(listed) == walked
