"""`persona api` as a real process: the command (``python -m connectors.cli api``) serves the sample knowledge
base on a free loopback port; a real aiohttp client asks ``/v1/ask`` and gets a cited answer in the reporter's
voice; SIGINT stops it cleanly (exit 130). A knowledge base that cannot open is exit 2, with a clear message.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp

from tests.interruptible import sigint_default

ROOT = Path(__file__).resolve().parents[2]
START_S = 60.0  # loading the models on a loaded shared CPU; a few seconds when idle


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PERSONA_API_TOKEN", "PERSONA_WEBHOOK_SECRET")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "connectors.cli", "api", *args]


async def _ask(port: int) -> tuple[int, dict[str, Any], int, dict[str, Any]]:
    """A cited question, then a body that is not JSON: (status, reply) of each."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as s:
        body = json.dumps({"question": "Who won the men's downhill?"})
        async with s.post(f"http://127.0.0.1:{port}/v1/ask", data=body) as r:
            status, data = r.status, await r.json()
        async with s.post(f"http://127.0.0.1:{port}/v1/ask", data=b"not json") as r:
            bad_status, bad = r.status, await r.json()
    return status, data, bad_status, bad


def test_persona_api_answers_a_cited_question(tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "api.err"
    with log.open("wb") as err:
        proc = subprocess.Popen(
            _command("--host", "127.0.0.1", "--port", str(port), "--memory", str(tmp_path / "m.db")),
            cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=err, preexec_fn=sigint_default,
        )  # fmt: skip
    try:
        assert proc.stdout is not None
        deadline = time.monotonic() + START_S
        line = b""
        while time.monotonic() < deadline and proc.poll() is None:
            line = proc.stdout.readline()  # the command prints its address once it serves
            if b"persona api on" in line:
                break
        assert f"http://127.0.0.1:{port}/v1/".encode() in line, log.read_text(errors="replace")
        status, data, bad_status, bad = asyncio.run(_ask(port))
        assert status == 200, data
        assert bad_status == 400 and bad["error"]["code"] == "invalid_json"
        assert not data["abstained"]
        assert "Feuz" in data["answer"]
        assert data["citations"] and data["citations"][0]["source"].endswith(".md")
        assert data["citations"][0]["quote"] in data["answer"]  # the cited sentence is what was said
        assert proc.poll() is None  # bad input did not take the server down
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 130  # the CLI's clean stop
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def test_persona_api_with_a_missing_knowledge_base_exits_2(tmp_path: Path) -> None:
    done = subprocess.run(
        _command("--port", str(_free_port()), "--kb", str(tmp_path / "nope")),
        cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "persona api:" in done.stderr


def test_serve_refuses_a_missing_knowledge_base_and_creates_nothing(tmp_path: Path, capsys) -> None:
    """`persona serve --kb DIR` is a read path: no base there is a clear error (exit 2), not an empty base."""
    from connectors.cli import main

    missing = tmp_path / "nope"
    assert main(["serve", "--kb", str(missing), "--port", "0"]) == 2
    assert "no knowledge base here" in capsys.readouterr().err and not missing.exists()
