from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from agent.memory import Memory


def test_profile_history_and_summary(tmp_path: Path) -> None:
    m = Memory(tmp_path / "mem.db")
    assert m.journal_mode() == "wal"
    m.record_input("u1", "Lena", "who won the slalom?", topics=("slalom",), now=100.0)
    m.record_input("u1", "Lena", "sent 5 rose", gift=("rose", 5), now=110.0)
    m.record_spoken("u1", "Mikaela Shiffrin won.", now=111.0)
    p = m.viewer("u1")
    assert p is not None and p.first_seen == 100.0 and p.last_interaction == 110.0
    assert p.topics == {"slalom": 1} and p.gifts == {"rose": 5.0} and p.messages == 2
    assert m.history("u1")[-1] == ("persona", "Mikaela Shiffrin won.")
    s = m.summary("u1")
    assert "Lena" in s and "slalom" in s and "rose" in s and len(s) <= 300
    assert m.summary("stranger") == "" and m.viewer("stranger") is None


def test_survives_restart(tmp_path: Path) -> None:
    path = tmp_path / "mem.db"
    m = Memory(path)
    m.record_input("u2", "Kai", "hi", now=1.0)
    m.record_spoken("u2", "Hey Kai")  # an interrupted utterance stores only what was spoken
    m.close()
    again = Memory(path)
    assert again.viewer("u2") is not None
    assert again.history("u2") == [("viewer", "hi"), ("persona", "Hey Kai")]


def _write_then_die(path: str) -> None:
    m = Memory(path)
    m.record_input("u3", "Yuki", "first", now=1.0)
    m._db.execute("BEGIN IMMEDIATE")
    m._db.execute("INSERT INTO history(ts, viewer, speaker, text) VALUES (2, 'u3', 'viewer', 'half-written')")
    os._exit(0)  # a crash in the middle of a transaction


def test_crash_mid_write_keeps_committed_state(tmp_path: Path) -> None:
    path = str(tmp_path / "mem.db")
    proc = multiprocessing.get_context("spawn").Process(target=_write_then_die, args=(path,))
    proc.start()
    proc.join(60)
    assert proc.exitcode == 0
    m = Memory(path)
    assert m.history("u3") == [("viewer", "first")]
    m.record_input("u3", "Yuki", "second", now=3.0)  # and it is writable again
    assert m.viewer("u3").messages == 2  # type: ignore[union-attr]
