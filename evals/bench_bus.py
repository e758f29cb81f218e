"""`persona bench bus`: the Redis Streams bus against the in-process bus, in the same run.

Stages are the model-free ones (keyword perception, fixed decisions, templates, espeak) run unpaced
(``AgentConfig.realtime=False``), so the bus is what is measured, not the models. A real redis-server is
started on a free loopback port (and stopped after); gateways and workers are separate `persona` processes.

* Latency: one comment at a time from a real websocket client; the time from sending it to receiving its
  turn's last event (``utterance_finished``, the turn delivered) and its ``speech_act``, through
  `persona serve`'s in-process bus (one process, the baseline) and through gateway -> Redis -> worker ->
  Redis -> gateway, turn by turn in alternation (both paths see the same load on a shared machine).
  "Added" is the Redis figure minus the in-process one, at p50 and p95. A worker streams a turn's output
  as it is produced; the ``speech_act`` (the first sentence) is reported separately
  (``speech_act_added_*``).
* Throughput: comments/s through one gateway with 1, 2 and 4 workers, 10 channels, inputs from 10 source
  clients keeping ``WINDOW`` comments unanswered at a time (a closed loop: what the path sustains, not a
  flood that would only measure shedding); the clock runs from the first comment sent to the last answer.
  The in-process bus's comments/s on the same stages is the baseline beside it.
The machine's cores and load are in the details: the scaling ratio cannot exceed what the cores allow.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from agent.events import Comment, Hello, User, dumps
from evals.result import EvalOptions, EvalResult, Target

REPO = Path(__file__).resolve().parents[1]
CHANNELS = 10
WINDOW = 48  # comments in flight during the throughput runs


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q)) if values else float("nan")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def local_redis() -> Iterator[str]:
    """A throwaway redis-server on a free loopback port, no persistence; yields its URL (the server's pid
    is in ``REDIS_PIDS[url]`` while it runs)."""
    exe = shutil.which("redis-server")
    if exe is None:
        raise FileNotFoundError("redis-server is not installed (make sysdeps installs it)")
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="bench-bus-") as tmp:
        pidfile = Path(tmp) / "redis.pid"
        subprocess.run(
            [exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--daemonize", "yes", "--dir", tmp, "--pidfile", str(pidfile)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 10
            while not pidfile.exists() and time.monotonic() < deadline:
                time.sleep(0.02)
            url = f"redis://127.0.0.1:{port}/0"
            with contextlib.suppress(OSError, ValueError):
                REDIS_PIDS[url] = int(pidfile.read_text().strip())
            yield url
        finally:
            with contextlib.suppress(OSError, ValueError):
                os.kill(int(pidfile.read_text().strip()), signal.SIGTERM)


REDIS_PIDS: dict[str, int] = {}


class _Procs:
    def __init__(self) -> None:
        self.popens: list[subprocess.Popen[str]] = []

    def start(self, *args: str) -> subprocess.Popen[str]:
        popen = subprocess.Popen(
            [sys.executable, "-m", "connectors.cli", *args],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        self.popens.append(popen)
        return popen

    @staticmethod
    def first_line(popen: subprocess.Popen[str]) -> str:
        assert popen.stdout is not None
        line = popen.stdout.readline()
        if not line:
            raise RuntimeError(f"{popen.args!r} exited with {popen.wait(10)}")
        return line.strip()

    def close(self) -> None:
        for popen in self.popens:
            popen.terminate()
        for popen in self.popens:
            try:
                popen.wait(10)
            except subprocess.TimeoutExpired:
                popen.kill()
                popen.wait(10)
            if popen.stdout is not None:
                popen.stdout.close()


@contextlib.contextmanager
def redis_cluster(url: str, name: str, workers: int) -> Iterator[tuple[str, dict[str, int]]]:
    """One gateway and ``workers`` workers on the bus; yields the gateway's ws URL once all are up, and the
    pids of the processes on the path (gateway, workers, redis-server) by name."""
    procs = _Procs()
    try:
        gw = procs.start(
            "gateway",
            "--bus",
            url,
            "--name",
            name,
            "--port",
            "0",
            "--rate",
            "1e6",
            "--burst",
            "1e6",
            "--triage-window",
            "0",
        )
        wks = [
            procs.start("worker", "--bus", url, "--name", name, "--basic", "--voice", "espeak")
            for _ in range(workers)
        ]
        match = re.search(r"ws://\S+/ws", procs.first_line(gw))
        assert match is not None
        for wk in wks:
            procs.first_line(wk)
        pids = {"gateway": gw.pid, **{f"worker{i + 1}": wk.pid for i, wk in enumerate(wks)}}
        if url in REDIS_PIDS:
            pids["redis"] = REDIS_PIDS[url]
        yield match.group(0), pids
    finally:
        procs.close()


@contextlib.asynccontextmanager
async def in_process() -> AsyncIterator[str]:
    """`persona serve`'s wiring (one process, in-process bus) with the same stages, unpaced."""
    from agent.runtime import AgentConfig
    from connectors.app import AppOptions, running_app

    options = AppOptions(stages="basic", voice="espeak", agent=AgentConfig(idle_tick_s=None, realtime=False))
    async with running_app(options=options, rate_per_s=1e6, burst=1e6) as app:
        yield app.ws_url


async def _open(url: str, role: str, subscribe: list[str]) -> Any:
    from websockets.asyncio.client import connect

    ws = await connect(url, max_size=None)
    await ws.send(dumps(Hello(role=role, subscribe=subscribe)))  # type: ignore[arg-type]
    return ws


async def _next(ws: Any, kind: str, ref: str | None, field: str = "in_reply_to") -> dict[str, Any]:
    import json

    while True:
        message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), 30))
        if message["type"] == kind and (ref is None or message.get(field) == ref):
            return message


class _Probe:
    """A renderer and a source on one gateway, timing one comment's turn at a time."""

    def __init__(self, renderer: Any, source: Any) -> None:
        self.renderer, self.source = renderer, source
        self.speech_act_ms: list[float] = []
        self.turn_ms: list[float] = []

    @classmethod
    async def open(cls, url: str) -> _Probe:
        probe = cls(await _open(url, "renderer", ["speech_act", "utterance_finished"]), None)
        probe.source = await _open(url, "source", ["pong"])
        await _next(probe.renderer, "welcome", None)
        return probe

    async def turn(self, n: int, keep: bool) -> None:
        event = Comment(user=User(id=f"v{n}", name=f"viewer{n}"), text=f"hello there {n}")
        start = time.perf_counter()
        await self.source.send(dumps(event))
        act = await _next(self.renderer, "speech_act", event.id)
        t_act = time.perf_counter()
        await _next(self.renderer, "utterance_finished", act["turn_id"], field="turn_id")
        t_done = time.perf_counter()
        if keep:
            self.speech_act_ms.append((t_act - start) * 1000)
            self.turn_ms.append((t_done - start) * 1000)

    async def close(self) -> None:
        await self.renderer.close()
        await self.source.close()


async def _latency(urls: dict[str, str], turns: int) -> dict[str, dict[str, list[float]]]:
    """Sequential turns on each path, interleaved (one here, one there, the order swapped every round), so
    both see the same load on a shared machine: ms to the speech_act and to the turn's utterance_finished."""
    probes = {name: await _Probe.open(url) for name, url in urls.items()}
    try:
        for i in range(turns + 5):  # the first five warm the paths (channel discovery, caches)
            order = list(probes.values())
            for k, probe in enumerate(order if i % 2 else order[::-1]):
                await probe.turn(i * len(order) + k, keep=i >= 5)
    finally:
        for probe in probes.values():
            await probe.close()
    return {name: {"speech_act_ms": p.speech_act_ms, "turn_ms": p.turn_ms} for name, p in probes.items()}


async def _throughput(url: str, comments: int, window: int = WINDOW) -> tuple[float, int]:
    """Comments/s from 10 sources on 10 channels, at most ``window`` unanswered at a time (the in-process
    agent's queue holds 64: more would be refused ``busy``). Returns (comments/s, refused)."""
    import json

    renderer = await _open(url, "renderer", ["speech_act", "error"])
    sources = [await _open(url, "source", ["pong"]) for _ in range(CHANNELS)]
    await _next(renderer, "welcome", None)
    try:
        warm = [Comment(user=User(id="w", name="w"), text="hello", channel=f"ch{c}") for c in range(CHANNELS)]
        for source, event in zip(sources, warm, strict=True):
            await source.send(dumps(event))
        pending = {e.id for e in warm}
        while pending:
            pending.discard(json.loads(await asyncio.wait_for(renderer.recv(), 30)).get("in_reply_to"))
        events = [
            (
                i % CHANNELS,
                Comment(user=User(id=f"v{i}", name=f"viewer{i}"), text=f"hi {i}", channel=f"ch{i % 10}"),
            )
            for i in range(comments)
        ]
        wanted = {e.id for _, e in events}
        room = asyncio.Semaphore(window)
        refused = 0

        async def send() -> None:
            for channel, event in events:
                await room.acquire()
                await sources[channel].send(dumps(event))

        start = time.perf_counter()
        sending = asyncio.create_task(send())
        while wanted:
            message = json.loads(await asyncio.wait_for(renderer.recv(), 60))
            ref = message.get("in_reply_to") if message["type"] == "speech_act" else message.get("ref")
            if ref in wanted:
                wanted.discard(ref)
                refused += message["type"] == "error"
                room.release()
        elapsed = time.perf_counter() - start
        await sending
        return (comments - refused) / elapsed, refused
    finally:
        await renderer.close()
        for source in sources:
            await source.close()


def run(options: EvalOptions) -> EvalResult:
    turns = 40 if options.quick else 200
    comments = 400 if options.quick else 2000
    worker_counts = (1, 2) if options.quick else (1, 2, 4)

    async def inproc_rate() -> tuple[float, int]:
        async with in_process() as url:
            return await _throughput(url, comments)

    async def both_latencies(bus_url: str) -> dict[str, dict[str, list[float]]]:
        async with in_process() as url:
            return await _latency({"inproc": url, "redis": bus_url}, turns)

    load_before = os.getloadavg()
    base_rate = asyncio.run(inproc_rate())
    rates: dict[int, tuple[float, int]] = {}
    cpu: dict[str, dict[str, float]] = {}  # cores used per process during each throughput run
    per_comment: dict[str, dict[str, float]] = {}
    with local_redis() as redis_url:
        with redis_cluster(redis_url, "bench-latency", 1) as (url, _):
            lat = asyncio.run(both_latencies(url))
            base_lat, bus_lat = lat["inproc"], lat["redis"]
        for n in worker_counts:
            with redis_cluster(redis_url, f"bench-{n}w", n) as (url, pids):
                before = {name: cpu_s(pid) for name, pid in pids.items()}
                client_before, wall_before = time.process_time(), time.perf_counter()
                rates[n] = asyncio.run(_throughput(url, comments))
                wall = time.perf_counter() - wall_before
                share = {name: (cpu_s(pid) - before[name]) / wall for name, pid in pids.items()}
                share["client"] = (time.process_time() - client_before) / wall
                share["total"] = sum(share.values())
                cpu[f"{n}w"] = {name: round(v, 2) for name, v in share.items()}
                # CPU ms each process spends per comment: what N workers could reach on free cores
                per_comment[f"{n}w"] = {name: round(v * 1000 / rates[n][0], 2) for name, v in share.items()}
    load_after = os.getloadavg()

    def fig(values: list[float], q: float) -> float:
        return round(_pct(values, q), 2)

    metrics: dict[str, Any] = {
        "added_p50_ms": round(fig(bus_lat["turn_ms"], 50) - fig(base_lat["turn_ms"], 50), 2),
        "added_p95_ms": round(fig(bus_lat["turn_ms"], 95) - fig(base_lat["turn_ms"], 95), 2),
        "redis_turn_p50_ms": fig(bus_lat["turn_ms"], 50),
        "redis_turn_p95_ms": fig(bus_lat["turn_ms"], 95),
        "inproc_turn_p50_ms": fig(base_lat["turn_ms"], 50),
        "inproc_turn_p95_ms": fig(base_lat["turn_ms"], 95),
        "speech_act_added_p50_ms": round(
            fig(bus_lat["speech_act_ms"], 50) - fig(base_lat["speech_act_ms"], 50), 2
        ),
        "speech_act_added_p95_ms": round(
            fig(bus_lat["speech_act_ms"], 95) - fig(base_lat["speech_act_ms"], 95), 2
        ),
        "inproc_comments_per_s": round(base_rate[0], 1),
    }
    for n, (rate, _) in rates.items():
        metrics[f"redis_{n}w_comments_per_s"] = round(rate, 1)
    for n in worker_counts[1:]:
        metrics[f"scaling_{n}w"] = round(rates[n][0] / rates[1][0], 2)
    metrics["refused"] = base_rate[1] + sum(r for _, r in rates.values())
    return EvalResult(
        name="bus",
        metrics=metrics,
        targets=[Target("added_p95_ms", "<=", 5.0), Target("scaling_2w", ">=", 1.6)],
        details={
            "turns": turns,
            "comments": comments,
            "channels": CHANNELS,
            "window": WINDOW,
            "cpu_count": os.cpu_count(),
            "loadavg_before": [round(x, 2) for x in load_before],
            "loadavg_after": [round(x, 2) for x in load_after],
            "processes_per_throughput_run": "1 gateway + N workers + redis-server + this client",
            "cpu_cores_used": cpu,
            "cpu_ms_per_comment": per_comment,
        },
        notes="Model-free stages, unpaced. The in-process figures are `persona serve`'s wiring with the same "
        "stages in the same run. Throughput scaling is bounded by the cores: gateway, workers, Redis and the "
        "client share the machine's cores (see cpu_count, load average and cpu_cores_used: CPU seconds per "
        "wall second of each process during each throughput run, and their total).",
    )
