import json
import os
from pathlib import Path

import numpy as np
import pytest

from knowledge import IndexCorrupt, KnowledgeBase, Progress
from knowledge import ingest as ingest_module
from knowledge.embed import default_embedder


def test_add_skip_update_prune(kb: KnowledgeBase, docs: Path) -> None:
    first = kb.ingest([docs])
    assert len(first.added) == 4 and first.chunks_added == len(kb) and not first.skipped
    again = kb.ingest([docs])
    assert len(again.unchanged) == 4 and again.chunks_added == 0
    os.utime(docs / "notes.txt", None)  # touched, same content
    assert len(kb.ingest([docs]).unchanged) == 4
    (docs / "guide.md").write_text(
        "# Curling guide\n\n## Stones\n\nStones are polished granite from Scotland.\n"
    )
    changed = kb.ingest([docs])
    assert changed.updated == [str((docs / "guide.md").resolve())]
    assert all("19 kilograms" not in h.text for h in kb.search("how heavy is a stone", k=10))
    (docs / "venues.html").unlink()
    assert kb.ingest([docs]).removed == []  # without --prune, what is gone stays
    assert kb.ingest([docs], prune=True).removed == [str((docs / "venues.html").resolve())]
    assert not [h for h in kb.search("Ice Cube", k=10) if h.source == "docs/venues.html"]


def test_a_sidecar_edit_reingests_its_image(kb: KnowledgeBase, docs: Path) -> None:
    kb.ingest([docs])
    (docs / "cap.png.json").write_text(json.dumps({"caption": "The Glacier Cap in storm grey."}))
    report = kb.ingest([docs])
    assert report.updated == [str((docs / "cap.png").resolve())]
    assert "storm grey" in kb.search("storm grey cap", k=1, modality="image")[0].text


def test_bad_files_are_reported_by_name_and_the_rest_goes_on(kb: KnowledgeBase, docs: Path) -> None:
    (docs / "broken.png").write_bytes(b"nope")
    (docs / "table.xlsx").write_bytes(b"PK")
    (docs / ".hidden.md").write_text("# secret\n\nnot for the base\n")
    (docs / "song.mp3").write_bytes(b"ID3 not really audio")
    events: list[Progress] = []
    report = kb.ingest([docs, docs / "missing.md"], progress=events.append)
    reasons = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(reasons) == {"broken.png", "table.xlsx", "song.mp3", "missing.md"}
    assert "not a readable image" in reasons["broken.png"] and "unsupported" in reasons["table.xlsx"]
    assert len(report.added) == 4 and not any("secret" in h.text for h in kb.search("secret", k=20))
    assert {e.phase for e in events} == {"scan", "load", "embed", "save"}


def test_rebuild_from_recorded_sources_after_corruption(tmp_path: Path, docs: Path) -> None:
    directory = tmp_path / "kb"
    with KnowledgeBase.open(directory) as kb:
        kb.ingest([docs])
        n = len(kb)
    (directory / "kb.sqlite").write_bytes(b"garbage" * 1000)
    for f in directory.glob("kb.sqlite-*"):
        f.unlink()
    try:
        KnowledgeBase.open(directory)
        raise AssertionError("a corrupt base opened")
    except IndexCorrupt:
        pass
    kb, report = KnowledgeBase.rebuild(directory)
    with kb:
        assert len(kb) == n and len(report.added) == 4


def test_embed_calls_in_flight_keep_each_vector_with_its_chunk(
    kb: KnowledgeBase, docs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ingest_module, "EMBED_BATCH", 2)  # many small embed calls, two at a time
    events: list[Progress] = []
    report = kb.ingest([docs], progress=events.append)
    assert report.chunks_added > 4
    done = [e.done for e in events if e.phase == "embed"]
    assert done == sorted(done) and done[-1] == report.chunks_added  # in order, to the end
    store = kb.store
    rows = store.rows([int(v) for v in np.flatnonzero(store.alive)])
    texts = [f"{r.context}: {r.text}" if r.context else r.text for r in rows]
    alone = default_embedder().embed(texts)
    stored = store.vectors()[[r.vid for r in rows]]
    assert np.min(np.sum(alone * stored, axis=1)) > 0.999  # every row holds its own chunk's vector
