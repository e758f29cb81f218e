"""`persona ingest` and `persona ask`, through the real command-line entry point."""

import json
import sqlite3
from pathlib import Path

import pytest

from connectors.cli import main
from knowledge import nlp
from knowledge.store import DB_FILE


def test_ingest_then_ask(tmp_path: Path, docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb_dir = tmp_path / "kb"
    assert main(["ingest", str(docs), "--kb", str(kb_dir), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["added"]) == 4 and report["kb"]["chunks"] == report["chunks_added"]

    assert main(["ask", "what are curling stones made of?", "--kb", str(kb_dir), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert not answer["abstained"] and "granite" in answer["text"]
    assert answer["citations"][0] == {
        "source": "docs/guide.md",
        "span": "Curling guide > Stones",
        "quote": answer["text"],
    }

    batch = tmp_path / "questions.txt"
    batch.write_text("how much is the snowflake mug?\n\nwhat is the capital of mars?\n")
    assert main(["ask", "--batch", str(batch), "--kb", str(kb_dir), "--json"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["question"] for line in lines] == [
        "how much is the snowflake mug?",
        "what is the capital of mars?",
    ]
    assert "$16" in lines[0]["text"] and lines[1]["abstained"]

    assert main(["ask", "how much is the snowflake mug?", "--kb", str(kb_dir)]) == 0
    out = capsys.readouterr().out
    assert "$16" in out and "[docs/notes.txt lines 3-4]" in out


def test_ingest_at_int8_then_ask(tmp_path: Path, docs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kb_dir = tmp_path / "kb8"
    assert main(["ingest", str(docs), "--kb", str(kb_dir), "--precision", "int8", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kb"]["embedder"].endswith(":int8") and report["kb"]["chunks"] > 0
    assert main(["ask", "what are curling stones made of?", "--kb", str(kb_dir), "--json"]) == 0
    assert "granite" in json.loads(capsys.readouterr().out)["text"]
    capsys.readouterr()
    assert main(["ingest", str(docs), "--kb", str(kb_dir), "--precision", "fp32"]) == 2
    err = capsys.readouterr().err
    assert "int8" in err and "--rebuild" in err


def test_a_corrupt_base_names_the_file_and_the_fix(
    tmp_path: Path, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb_dir = tmp_path / "kb"
    assert main(["ingest", str(docs), "--kb", str(kb_dir)]) == 0
    (faiss_file,) = kb_dir.glob("vectors-*.faiss")
    faiss_file.write_bytes(b"\x00" * 10)
    capsys.readouterr()
    assert main(["ask", "granite?", "--kb", str(kb_dir)]) == 2
    err = capsys.readouterr().err
    assert faiss_file.name in err and "persona ingest --rebuild" in err
    assert main(["ingest", "--rebuild", "--kb", str(kb_dir)]) == 0
    assert main(["ask", "what are curling stones made of?", "--kb", str(kb_dir), "--json"]) == 0
    assert "granite" in json.loads(capsys.readouterr().out.splitlines()[-1])["text"]


def test_bad_files_are_listed_on_stderr(
    tmp_path: Path, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (docs / "broken.jpg").write_bytes(b"\xff\xd8 not a jpeg")
    assert main(["ingest", str(docs), "--kb", str(tmp_path / "kb")]) == 0
    err = capsys.readouterr().err
    assert "skipped" in err and "broken.jpg" in err and "not a readable image" in err


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", "--kb", str(tmp_path / "kb")]) == 2
    assert main(["ask", "--kb", str(tmp_path / "nowhere"), "hi"]) == 2
    assert "no knowledge base" in capsys.readouterr().err


def test_ingest_upgrade_saves_a_stale_base_once(
    tmp_path: Path, docs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kb_dir = tmp_path / "kb"
    assert main(["ingest", str(docs), "--kb", str(kb_dir)]) == 0
    conn = sqlite3.connect(kb_dir / DB_FILE)  # as every base saved before the tokens' version was recorded
    conn.execute("DELETE FROM meta WHERE key = 'tokens_version'")
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["ingest", "--upgrade", "--kb", str(kb_dir), "--json"]) == 0
    tokens = json.loads(capsys.readouterr().out)["tokens"]
    assert tokens == {"version": nlp.tokens_version(), "made_again_from": "unrecorded", "saved": True}
    assert main(["ingest", "--upgrade", "--kb", str(kb_dir)]) == 0
    assert "nothing to do" in capsys.readouterr().out
    assert main(["ingest", "--upgrade", str(docs), "--kb", str(kb_dir)]) == 2
    assert "takes no PATH" in capsys.readouterr().err
    assert main(["ingest", "--upgrade", "--kb", str(tmp_path / "none")]) == 2
    assert "no knowledge base here" in capsys.readouterr().err and not (tmp_path / "none" / DB_FILE).exists()
