"""A base's stored search tokens carry the tokenizer's version (session 20, brief C): a base saved by another
``nlp.stem`` is re-tokenised from its stored text at open, never searched with stale tokens. A writable open
saves the tokens once, through the same atomic switch as a save (session 21, brief C); a read-only open
writes nothing and names the command that saves them; a failed or killed save leaves the old base whole."""

import errno
import hashlib
import logging
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from knowledge import IndexCorrupt, KnowledgeBase, Progress, nlp
from knowledge.lexical import LexicalIndex
from knowledge.store import DB_FILE, file_digest, files


def _built(tmp_path: Path, docs: Path, name: str = "kb") -> Path:
    directory = tmp_path / name
    with KnowledgeBase.open(directory) as kb:
        kb.ingest([docs])
    return directory


def _old_tokens(text: str) -> list[str]:
    """What an older tokenizer made: lower-cased words, unstemmed ("sweeping" where stem makes "sweep")."""
    return [w for w in text.lower().replace("?", " ").replace(".", " ").split() if w not in nlp.STOPWORDS]


def _as_saved_by(directory: Path, tokens: Callable[[str], list[str]], version: str | None) -> None:
    """Rewrite the base's stored tokens as another tokenizer would have saved them, with ``version`` recorded
    (None: no version, as every base saved before session 20): a new aux file, its size and digest in the meta
    table, as a save by that tokenizer would leave them."""
    conn = sqlite3.connect(directory / DB_FILE)
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    aux = directory / meta["aux_file"]
    with np.load(aux, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    rows = conn.execute("SELECT vid, context, text FROM chunks ORDER BY vid").fetchall()
    lexical = LexicalIndex()
    lexical.add([r[0] for r in rows], [tokens(f"{r[1]} {r[2]}") for r in rows])
    doc_len = np.zeros(len(arrays["alive"]), np.float32)
    doc_len[: len(lexical.doc_len)] = lexical.doc_len
    lexical.set_doc_len(doc_len)
    arrays.update(lexical.arrays())
    with open(aux, "wb") as f:
        np.savez(f, **arrays)  # type: ignore[arg-type]
    updates = {"aux_size": str(aux.stat().st_size), "aux_digest": file_digest(aux)}
    conn.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", updates.items())
    if version is None:
        conn.execute("DELETE FROM meta WHERE key = 'tokens_version'")
    else:
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('tokens_version', ?)", (version,))
    conn.commit()
    conn.close()


def _digests(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def _lexical(kb: KnowledgeBase) -> tuple[list[str], list[tuple[str, int, float]], list[float]]:
    """The BM25 index as comparable values: its terms, its postings (term, vid, tf) sorted, its lengths."""
    lex = kb.store.lexical.arrays()
    terms = [str(t) for t in lex["lex_terms"].tolist()]
    postings = sorted(
        zip(
            [terms[t] for t in lex["lex_term"].tolist()],
            lex["lex_doc"].tolist(),
            lex["lex_tf"].tolist(),
            strict=True,
        )
    )
    return sorted(terms), postings, lex["lex_doc_len"].tolist()


QUESTIONS = ("what are curling stones made of?", "how long for returns?", "which venue hosted curling?")


def test_a_version_is_recorded_and_a_current_base_is_not_retokenised(tmp_path: Path, docs: Path) -> None:
    directory = _built(tmp_path, docs)
    conn = sqlite3.connect(directory / DB_FILE)
    (recorded,) = conn.execute("SELECT value FROM meta WHERE key = 'tokens_version'").fetchone()
    conn.close()
    assert recorded == nlp.tokens_version()
    with KnowledgeBase.open(directory) as kb:
        assert kb.store.retokenized_from is None


@pytest.mark.parametrize("version", [None, "0-an-older-stem"])
def test_a_stale_base_is_retokenised_and_answers_like_a_fresh_ingest(
    tmp_path: Path, docs: Path, version: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    fresh_dir = _built(tmp_path, docs, "fresh")
    with KnowledgeBase.open(fresh_dir) as fresh:
        want_lexical = _lexical(fresh)
        want = [[(h.chunk_id, round(h.score, 6)) for h in fresh.search(q, k=3)] for q in QUESTIONS]
    stale_dir = _built(tmp_path, docs, "stale")
    _as_saved_by(stale_dir, _old_tokens, version)
    on_disk = _digests(stale_dir)
    with caplog.at_level(logging.WARNING, logger="knowledge.store"):
        kb = KnowledgeBase.open(stale_dir, read_only=True)
    with kb:
        assert kb.store.retokenized_from == (version or "unrecorded")
        assert _lexical(kb) == want_lexical
        got = [[(h.chunk_id, round(h.score, 6)) for h in kb.search(q, k=3)] for q in QUESTIONS]
        assert got == want
    assert "another tokenizer" in caplog.text and str(stale_dir) in caplog.text
    assert f"`persona ingest --upgrade --kb {stale_dir}` saves them" in caplog.text
    assert _digests(stale_dir) == on_disk  # the read-only open wrote nothing


def test_stale_tokens_would_miss_what_the_base_holds(tmp_path: Path, docs: Path) -> None:
    """The test above can fail: the same stale tokens under the current version (as if nothing recorded the
    change) lose the word "sweeping" a question stems to "sweep"."""
    directory = _built(tmp_path, docs)
    _as_saved_by(directory, _old_tokens, nlp.tokens_version())
    with KnowledgeBase.open(directory) as kb:
        assert kb.store.retokenized_from is None
        assert "sweep" not in kb.store.lexical.vocab and "sweeping" in kb.store.lexical.vocab


def test_the_next_save_records_the_current_tokens(tmp_path: Path, docs: Path) -> None:
    directory = _built(tmp_path, docs)
    _as_saved_by(directory, _old_tokens, None)
    with KnowledgeBase.open(directory) as kb:
        assert kb.store.retokenized_from == "unrecorded"
        (docs / "extra.md").write_text("# Extra\n\nThe rink opens at nine.\n", encoding="utf-8")
        kb.ingest([docs / "extra.md"])
        want = _lexical(kb)
    with KnowledgeBase.open(directory) as kb:
        assert kb.store.retokenized_from is None and _lexical(kb) == want
        assert "sweep" in kb.store.lexical.vocab


def test_a_damaged_row_in_a_stale_base_is_a_clear_error_and_nothing_is_modified(
    tmp_path: Path, docs: Path
) -> None:
    directory = _built(tmp_path, docs)
    _as_saved_by(directory, _old_tokens, None)
    conn = sqlite3.connect(directory / DB_FILE)
    conn.execute("UPDATE chunks SET text = 'edited behind the base''s back' WHERE vid = 1")
    conn.commit()
    conn.close()
    on_disk = _digests(directory)
    with pytest.raises(IndexCorrupt) as err:
        KnowledgeBase.open(directory)
    assert err.value.path.name == DB_FILE and "checksum" in str(err.value)
    assert "persona ingest --rebuild" in str(err.value)
    assert _digests(directory) == on_disk


def test_a_stale_base_opened_read_only_is_retokenised_too(tmp_path: Path, docs: Path) -> None:
    directory = _built(tmp_path, docs)
    _as_saved_by(directory, _old_tokens, "0-an-older-stem")
    on_disk = _digests(directory)
    with KnowledgeBase.open(directory, read_only=True) as kb:
        assert kb.store.retokenized_from == "0-an-older-stem" and "sweep" in kb.store.lexical.vocab
    assert _digests(directory) == on_disk


def _meta(directory: Path) -> dict[str, str]:
    conn = sqlite3.connect(directory / DB_FILE)  # read-write: its close removes the WAL files
    try:
        return dict(conn.execute("SELECT key, value FROM meta").fetchall())
    finally:
        conn.close()


def _stale_and_fresh(tmp_path: Path, docs: Path, version: str | None) -> tuple[Path, Any]:
    """A base saved by an older tokenizer, and the BM25 index a fresh ingest of the same files has."""
    with KnowledgeBase.open(_built(tmp_path, docs, "fresh")) as fresh:
        want = _lexical(fresh)
    stale = _built(tmp_path, docs, "stale")
    _as_saved_by(stale, _old_tokens, version)
    return stale, want


@pytest.mark.parametrize("version", [None, "0-an-older-stem"])
def test_a_writable_open_saves_the_tokens_once(
    tmp_path: Path, docs: Path, version: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    directory, want = _stale_and_fresh(tmp_path, docs, version)
    before = _meta(directory)
    index_digest = _digests(directory)[before["index_file"]]
    told: list[Progress] = []
    with (
        caplog.at_level(logging.WARNING, logger="knowledge.store"),
        KnowledgeBase.open(directory, progress=told.append) as kb,
    ):
        assert kb.store.retokenized_from == (version or "unrecorded") and kb.store.tokens_saved
        assert _lexical(kb) == want
        n = len(kb)
    assert told and told[-1] == Progress("tokens", n, n)
    assert "saved once made" in caplog.text and "are saved (generation" in caplog.text
    after = _meta(directory)
    assert after["tokens_version"] == nlp.tokens_version()
    assert int(after["generation"]) == int(before["generation"]) + 1
    assert after["index_file"] == before["index_file"]  # the vectors are not written again
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        [DB_FILE, before["index_file"], after["aux_file"], "sources.json"]
    )
    assert _digests(directory)[before["index_file"]] == index_digest
    saved = _digests(directory)
    for _ in range(2):  # paid once: later opens make nothing again and write nothing
        with KnowledgeBase.open(directory) as kb:
            assert kb.store.retokenized_from is None and _lexical(kb) == want
            assert "sweep" in kb.store.lexical.vocab
        assert _digests(directory) == saved


def _fail_rename(src: object, dst: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device (injected)")


def _fail_half_written(f: Any, **arrays: object) -> None:
    f.write(b"PK\x03\x04 half an aux file")
    raise OSError(errno.EIO, "Input/output error (injected)")


@pytest.mark.parametrize("where", ["write", "rename", "digest"])
def test_a_failed_save_leaves_the_base_as_it_was(
    tmp_path: Path,
    docs: Path,
    where: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A write that fails at the file layer - half written, not renamed into place, renamed but the meta never
    committed - is logged; the open goes on with the tokens in memory, every file of the base is as it was,
    and the next writable open saves them."""
    directory, want = _stale_and_fresh(tmp_path, docs, "0-an-older-stem")
    on_disk = _digests(directory)
    unnamed = f"aux-{int(_meta(directory)['generation']) + 1}.npz"
    with monkeypatch.context() as patch:
        if where == "write":
            patch.setattr(np, "savez", _fail_half_written)
        elif where == "rename":
            patch.setattr(files.os, "replace", _fail_rename)
        else:  # the new aux file is in place, the transaction that would name it fails

            def fail_on_new_aux(path: Path) -> str:
                if path.name == unnamed:
                    raise OSError(errno.EIO, "Input/output error (injected)")
                return file_digest(path)

            patch.setattr("knowledge.store.generations.file_digest", fail_on_new_aux)
        with caplog.at_level(logging.WARNING, logger="knowledge.store"), KnowledgeBase.open(directory) as kb:
            assert not kb.store.tokens_saved and _lexical(kb) == want
    assert "could not be saved" in caplog.text and "(injected)" in caplog.text
    now = _digests(directory)
    assert {name: now.get(name) for name in on_disk} == on_disk
    assert set(now) - set(on_disk) <= {unnamed}  # at most the unnamed file of the failed save
    with KnowledgeBase.open(directory, read_only=True) as kb:
        assert kb.store.retokenized_from == "0-an-older-stem"
    with KnowledgeBase.open(directory) as kb:
        assert kb.store.tokens_saved and _lexical(kb) == want
    with KnowledgeBase.open(directory) as kb:
        assert kb.store.retokenized_from is None and _lexical(kb) == want


_KILL = """
import os, signal, sys
from pathlib import Path
import numpy as np
from knowledge.store import base, generations, recorded_embedder
point, directory = sys.argv[1], Path(sys.argv[2])
def kill(*_args, **_kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
if point == "writing":  # half the new aux file written to its temporary name
    def savez(f, **arrays):
        f.write(b"PK\\x03\\x04 half an aux file")
        f.flush()
        kill()
    np.savez = savez
elif point == "renamed":  # the new aux file in place, the meta not yet committed
    write = generations.atomic_write
    def atomic_write(path, w):
        write(path, w)
        kill()
    generations.atomic_write = atomic_write
else:  # committed: the old generation's files not yet deleted
    generations.remove_unused = kill
base.Store.open(directory, 384, recorded_embedder(directory), create=False, upgrade=True)
sys.exit(3)
"""


@pytest.mark.parametrize("point", ["writing", "renamed", "committed"])
def test_a_save_killed_midway_leaves_the_old_base_or_the_new_one(
    tmp_path: Path, docs: Path, point: str
) -> None:
    """SIGKILL in the middle of the save: the base opens as the old generation (every file it had is
    byte-identical) or, once the commit is through, as the new one; a later writable open saves it and
    removes what the killed process left."""
    directory, want = _stale_and_fresh(tmp_path, docs, "0-an-older-stem")
    on_disk = _digests(directory)
    unnamed = f"aux-{int(_meta(directory)['generation']) + 1}.npz"
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", _KILL, point, str(directory)], cwd=root, env=env, capture_output=True
    )
    assert done.returncode == -9, done.stderr.decode()[-2000:]
    with KnowledgeBase.open(directory, read_only=True) as kb:
        committed = kb.store.retokenized_from is None
        assert _lexical(kb) == want
    assert committed == (point == "committed")
    now = _digests(directory)
    if committed:  # the new complete generation: its meta names a new aux file beside the same index
        meta = _meta(directory)
        assert meta["tokens_version"] == nlp.tokens_version() and now[meta["aux_file"]]
        assert now[meta["index_file"]] == on_disk[meta["index_file"]]
    else:  # the old generation, every file as it was; at most the killed save's unnamed files beside it
        assert {name: now.get(name) for name in on_disk} == on_disk
        assert all(name == unnamed or name.endswith(".tmp") for name in set(now) - set(on_disk))
    with KnowledgeBase.open(directory) as kb:
        assert kb.store.tokens_saved != committed and _lexical(kb) == want
    if not committed:
        meta = _meta(directory)
        assert sorted(p.name for p in directory.iterdir()) == sorted(
            [DB_FILE, meta["index_file"], meta["aux_file"], "sources.json"]
        )
