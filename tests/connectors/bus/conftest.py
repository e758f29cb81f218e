"""A real redis-server on a free loopback port (stopped after), and gateway/worker processes around it."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RedisServer:
    exe: str
    port: int
    dir: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        subprocess.run(
            [self.exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--daemonize", "yes", "--dir", str(self.dir), "--pidfile", str(self.dir / "redis.pid")],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 0.2) as s:
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.02)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        """SIGTERM (nothing to save: no persistence) and wait until the port is closed."""
        pidfile = self.dir / "redis.pid"
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
            except OSError:
                break
            time.sleep(0.02)
        with contextlib.suppress(OSError):
            pidfile.unlink()


def _redis_server(tmp: Path) -> Iterator[RedisServer]:
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.skip("redis-server is not installed (make sysdeps installs it)")
    server = RedisServer(exe, free_port(), tmp)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test's own (one it may stop and start again)."""
    yield from _redis_server(tmp_path)


@pytest.fixture(scope="module")
def shared_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One redis-server for a module's tests (each test uses its own persona name on it)."""
    yield from _redis_server(tmp_path_factory.mktemp("redis"))


@dataclass
class Proc:
    popen: subprocess.Popen[str]
    first_line: str
    log: Path

    def stderr(self) -> str:
        return self.log.read_text(errors="replace")

    def ready(self, within: float = 60.0) -> Proc:
        """Wait for the process's first stdout line (gateway: its URL; worker: its name)."""
        assert self.popen.stdout is not None
        line = self.popen.stdout.readline()
        if not line:
            self.popen.wait(within)
            raise RuntimeError(f"exited with {self.popen.returncode}: {self.stderr()}")
        self.first_line = line.strip()
        return self


@dataclass
class Procs:
    """`persona gateway` / `persona worker` processes, each killed at the end of the test."""

    tmp: Path
    started: list[Proc] = field(default_factory=list)

    def spawn(self, *args: str) -> Proc:
        """Start ``persona ARGS...``; ``ready()`` waits for its first line."""
        log = self.tmp / f"proc{len(self.started)}.stderr"
        with log.open("w") as err:
            popen = subprocess.Popen(
                [sys.executable, "-m", "connectors.cli", *args],
                cwd=REPO,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        proc = Proc(popen, "", log)
        self.started.append(proc)
        return proc

    def start(self, *args: str) -> Proc:
        proc = self.spawn(*args)
        proc.ready()
        return proc

    def close(self) -> None:
        for proc in self.started:
            if proc.popen.poll() is None:
                proc.popen.kill()
            proc.popen.wait(10)
            if proc.popen.stdout is not None:
                proc.popen.stdout.close()


@pytest.fixture
def procs(tmp_path: Path) -> Iterator[Procs]:
    started = Procs(tmp_path)
    try:
        yield started
    finally:
        started.close()


@pytest.fixture(scope="module")
def module_procs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Procs]:
    started = Procs(tmp_path_factory.mktemp("procs"))
    try:
        yield started
    finally:
        started.close()
