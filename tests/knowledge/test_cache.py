import os
import time
from importlib.metadata import PackageNotFoundError
from pathlib import Path

import pytest

from knowledge.cache import STALE_AFTER_S, derived_key, mark_used, prune_stale, stale_entries


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_stale_entries_are_the_old_ones_not_kept() -> None:
    now = 1_000_000_000.0
    entries = [
        (Path("a"), now - 10),
        (Path("b"), now - STALE_AFTER_S - 1),
        (Path("c"), now - 2 * STALE_AFTER_S),
    ]
    assert stale_entries(entries, keep=[Path("c")], now=now) == [Path("b")]


def test_prune_removes_unused_files_and_folders_and_keeps_the_rest(tmp_path: Path) -> None:
    old_graph, new_graph, mine = (tmp_path / f"minilm-{k}.onnx" for k in ("old", "new", "mine"))
    for p in (old_graph, new_graph, mine):
        p.write_bytes(b"graph")
    old_base = tmp_path / "kb-old"
    old_base.mkdir()
    (old_base / "kb.sqlite").write_bytes(b"db")
    other = tmp_path / "notes.txt"  # not of this kind: never touched
    other.write_text("keep me")
    for p in (old_graph, mine, old_base, other):
        _age(p, STALE_AFTER_S + 3600)
    assert prune_stale(tmp_path, "minilm-*.onnx", keep={mine}) == [old_graph]
    assert new_graph.exists() and mine.exists() and other.exists()
    assert prune_stale(tmp_path, "kb-*") == [old_base] and not old_base.exists()


def test_mark_used_keeps_an_old_entry(tmp_path: Path) -> None:
    entry = tmp_path / "piper-x-front.onnx"
    entry.write_bytes(b"graph")
    _age(entry, STALE_AFTER_S + 3600)
    mark_used(entry, tmp_path / "missing.onnx")  # a missing entry is no error
    assert prune_stale(tmp_path, "piper-*.onnx") == [] and entry.exists()


def test_derived_key_follows_the_file_and_the_libraries(tmp_path: Path) -> None:
    model = tmp_path / "model.onnx"
    model.write_bytes(b"weights")
    key = derived_key(model, ("numpy",), "v1")
    assert derived_key(model, ("numpy",), "v1") == key and len(key) == 16
    assert derived_key(model, ("numpy",), "v2") != key
    model.write_bytes(b"other weights")
    assert derived_key(model, ("numpy",), "v1") != key
    with pytest.raises(PackageNotFoundError):
        derived_key(model, ("no-such-library-here",), "v1")
