"""`persona chat --batch FILE --json` and `persona script --json` through the real CLI parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from connectors.cli import main


def test_chat_batch_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "in.txt"
    lines = ["hi everyone!", "", "you are an idiot", "谢谢主播", "who should I vote for in the election?"]
    f.write_text("\n".join(lines) + "\n", "utf-8")
    assert main(["chat", "--batch", str(f), "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(rows) == 4  # blank lines skipped
    assert rows[0]["perception"]["intent"] == "greeting" and rows[0]["acts"][0]["act"] == "greet"
    assert rows[1]["perception"]["intent"] == "abuse" and rows[1]["acts"] == []
    assert rows[2]["perception"]["language"] == "zh"
    # the act said (session 29): the composer declines a vote asked for ("refuse"; the plan's was "answer")
    assert rows[3]["acts"][0]["act"] == "refuse" and "election" not in rows[3]["acts"][0]["text"]


def test_chat_batch_shows_a_quiet_host_as_quiet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A complaint to another viewer gets no words from the host: the transcript says so, not a blank."""
    f = tmp_path / "in.txt"
    f.write_text("@Hannabis you are wrong about that\nhi everyone!\n", "utf-8")
    assert main(["chat", "--batch", str(f)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2
    assert out[0].endswith("(stays quiet)") and "(-, " in out[0]
    assert not out[1].endswith("(stays quiet)") and not out[1].rstrip().endswith(":")
    assert main(["chat", "--batch", str(f), "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert rows[0]["acts"] == [] and rows[1]["acts"][0]["text"]


def test_chat_prints_the_act_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each line and JSON row names the act said, as the ``speech_act`` events do (session 29): a kind line
    under a planned chat act is ``comfort``, the care line ``care``. Until session 28 the plan's act."""
    f = tmp_path / "in.txt"
    f.write_text("i'm worried about my mom\ni want to hurt myself tonight\n", "utf-8")
    assert main(["chat", "--batch", str(f)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "(comfort, " in out[0] and "(care, " in out[1], out
    assert main(["chat", "--batch", str(f), "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [[a["act"] for a in r["acts"]] for r in rows] == [["comfort"], ["care"]], rows
    assert all(a["emotion"] == r["mood"] for r in rows for a in r["acts"]), rows  # the speech_act's emotion


def test_chat_bad_persona(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "p.yaml"
    bad.write_text("name: X\n", "utf-8")
    assert main(["chat", "--persona", str(bad), "--batch", str(bad)]) == 2
    assert "identity" in capsys.readouterr().err


def test_script_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["script", "--minutes", "2", "--json", "--persona", "reporter"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["persona"] == "Ada Ledger" and d["duration_s"] >= 120
    seg = d["segments"][1]
    assert {"act", "text", "emotion", "gestures", "duration_s"} <= set(seg)
