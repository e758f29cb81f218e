"""`persona bench soak`: a real `persona serve` under load and under attack; a knowledge base under SIGKILL.

Soak: N renderers (default 500, in client processes of their own) and 5 sources sending comments at a fixed
total rate (default 50/s) for a fixed time (default 600 s) on loopback against a `persona serve` subprocess.
Reported: the server's RSS over time (idle, connected baseline, peak, growth over the connected baseline,
growth after the first minute, after the clients left), seq gaps and unplanned disconnects seen by the
renderers, bytes per renderer, and the latency to one tracked renderer: ping -> pong on its connection
every 0.5 s (p50/p99), and the age of each event on arrival (arrival minus the event's server timestamp; voice
and animation may be paced to playback, and then their age includes that pacing). The server runs the full
stack (MiniLM perception, triage, knowledge, the tuned tree) with espeak as its voice, the one model-light
choice (audio is still streamed to every renderer as base64); ``PERSONA_SOAK_BASIC=1`` (``--basic``)
runs ``serve --basic`` instead (keyword perception, templates, no triage: most comments then get ``busy``).

Attack: the full stack (the chat bot decodes image attachments) with espeak, while a well-behaved client (a
renderer, and a source that sends a direct message every 2 s and pings) is timed throughout (served: its
renderer never dropped, every ping answered, >= 95% of its messages answered). Hostile input: image bombs
(1-bit PNGs of 13,000 x 13,000 pixels, ~20 KB, 500 MB decoded), attachments that are not images, JSON nested
10,000 deep, lone surrogates, binary frames, oversize frames, a message flood on one connection, and
connections that never say hello. Reported: server RSS peak and growth, tracebacks in the server log (target
0), what each attack got back, and whether the good client was served (replies and pongs, the longest wait).

Kill: a knowledge base rebuilt with ``persona ingest --rebuild`` and SIGKILLed at 10 random points of the
rebuild; reported: how many of the 10 bases answer afterwards (the old base or the new one).

Corrupt: 32 copies of a base, each damaged once (truncated, a flipped bit, a same-length edit of a chunk, a
file deleted, another base's kb.sqlite copied in; :mod:`evals.soak_corrupt`), each asked 4 questions by
``persona ask --batch``; reported: clear errors naming the damaged file, errors naming another file,
tracebacks, unchanged answers (the damage missed what was read), silent abstentions, silent wrong answers.

Sizes: ``--quick`` (50 renderers, 20 s, 20 bombs, 3 kills, 12 corruptions) or ``PERSONA_SOAK_RENDERERS``,
``PERSONA_SOAK_SECONDS``, ``PERSONA_SOAK_RATE``, ``PERSONA_SOAK_BOMBS``, ``PERSONA_SOAK_KILLS``,
``PERSONA_SOAK_CORRUPTIONS`` and ``PERSONA_SOAK_PARTS`` (any of soak,attack,kill,corrupt). By hand:
``python -m evals.bench_soak --renderers 200 --seconds 150 [--soak|--attack|--kill|--corrupt]
[--report DIR]``.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.result import EvalOptions, EvalResult, Target
from evals.soak_clients import start_renderers, stop_renderers

# --- helpers (also used by the tests) ---------------------------------------------------------------------


def png_bomb(width: int, height: int, bits: int = 1) -> bytes:
    """A valid grayscale PNG of ``width`` x ``height`` black pixels at ``bits`` per pixel: a few KB that a
    decoder inflates to width x height bytes (and 3x that as RGB)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"\x00" * (1 + (width * bits + 7) // 8)  # filter byte, then the packed pixels
    z = zlib.compressobj(9)
    parts = [z.compress(row * min(height, 256)) for _ in range(height // 256)]
    parts.append(z.compress(row * (height % 256)))
    parts.append(z.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, bits, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b"")


def rss_bytes(pid: int | None = None) -> int:
    """Resident set size of a process (this one by default), from /proc."""
    status = Path(f"/proc/{pid or 'self'}/status").read_text()
    m = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(m.group(1)) * 1024 if m else 0


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def _mb(n: float) -> float:
    return round(n / 2**20, 1)


# --- the server -------------------------------------------------------------------------------------------


class Server:
    """A `persona serve` subprocess on a free loopback port, its log in a file."""

    def __init__(self, full: bool, workdir: Path) -> None:
        self.log_path = workdir / ("serve-full.log" if full else "serve.log")
        args = ["serve", "--port", "0", "--voice", "espeak"] + ([] if full else ["--basic"])
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}
        for role in ("RENDERER", "SOURCE", "OPERATOR"):
            env.pop(f"PERSONA_TOKEN_{role}", None)  # loopback, no tokens
        self._log = open(self.log_path, "w")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys; from connectors.cli import main; sys.exit(main(sys.argv[1:]))",
            ]
            + args,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
            env=env,
        )
        self.ws_url = ""

    def wait_ready(self, timeout: float = 300.0) -> str:
        assert self.proc.stdout is not None
        deadline = time.time() + timeout
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError(f"persona serve exited ({self.proc.poll()}); see {self.log_path}")
            m = re.search(r"protocol (ws://\S+)", line)
            if m:
                self.ws_url = m.group(1)
                return self.ws_url
        raise RuntimeError(f"persona serve did not start in {timeout:.0f} s; see {self.log_path}")

    @property
    def rss(self) -> int:
        try:
            return rss_bytes(self.proc.pid)
        except OSError:
            return 0

    def tracebacks(self) -> int:
        return self.log_path.read_text(errors="replace").count("Traceback (most recent call last)")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        self._log.close()


class Sampler:
    """The server's RSS once a second, with the phase it was taken in."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.samples: list[tuple[float, float, str]] = []  # (t, MB, phase)
        self.phase = "idle"
        self.t0 = time.time()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while True:
            self.samples.append((time.time() - self.t0, _mb(self.server.rss), self.phase))
            await asyncio.sleep(1.0)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task

    def of(self, phase: str) -> list[float]:
        return [mb for _, mb, p in self.samples if p == phase]


# --- the tracked renderer and the sources -----------------------------------------------------------------


@dataclass
class Tracked:
    ages_by_type: dict[str, list[float]] = field(default_factory=dict)
    ping_ms: list[float] = field(default_factory=list)  # ping -> pong round trips on the same connection
    frames: int = 0
    gaps: int = 0
    closed: str = ""
    replies: dict[str, float] = field(default_factory=dict)  # in_reply_to -> arrival time
    last_frame_at: float = 0.0
    longest_silence_s: float = 0.0


async def _tracked_renderer(url: str, tracked: Tracked, stop: asyncio.Event) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    try:
        async with connect(url, max_size=None, compression=None) as ws:
            await ws.send(json.dumps({"v": 1, "type": "hello", "id": "t", "ts": 0, "role": "renderer"}))
            await ws.recv()
            last = None
            pings: list[float] = []

            async def pinger() -> None:
                n = 0
                while not stop.is_set():
                    pings.append(time.time())
                    await ws.send(json.dumps({"v": 1, "type": "ping", "id": f"tp{n}", "ts": time.time()}))
                    n += 1
                    await asyncio.sleep(0.5)

            ping_task = asyncio.create_task(pinger())
            while not stop.is_set():
                try:
                    text = await asyncio.wait_for(ws.recv(), 0.5)
                except TimeoutError:
                    continue
                now = time.time()
                event = json.loads(text)
                seq = event.get("seq")
                if isinstance(seq, int):
                    if last is not None and seq != last + 1:
                        tracked.gaps += 1
                    last = seq
                if event.get("type") == "pong" and pings:
                    tracked.ping_ms.append((now - pings.pop(0)) * 1000)
                    continue
                kind = str(event.get("type"))
                if isinstance(event.get("ts"), int | float):
                    tracked.ages_by_type.setdefault(kind, []).append((now - float(event["ts"])) * 1000)
                tracked.frames += 1
                if tracked.last_frame_at:
                    tracked.longest_silence_s = max(tracked.longest_silence_s, now - tracked.last_frame_at)
                tracked.last_frame_at = now
                if event.get("in_reply_to"):
                    tracked.replies.setdefault(str(event["in_reply_to"]), now)
            ping_task.cancel()
            with suppress(asyncio.CancelledError):
                await ping_task
    except ConnectionClosed as exc:
        tracked.closed = str(exc.rcvd.code if exc.rcvd else "closed")
    except OSError as exc:
        tracked.closed = type(exc).__name__


_CHATTER = [
    "hi everyone, first time here!",
    "what is the capital of mars?",
    "how much is the panda beanie?",
    "this stream is awesome",
    "when did the beijing games open?",
    "who won the women's big air?",
    "love the energy",
    "what are curling stones made of?",
]


def _comment(i: int) -> str:
    text = f"{_CHATTER[i % len(_CHATTER)]} ({i})"
    return json.dumps(
        {"v": 1, "type": "comment", "id": f"c{i}", "ts": time.time(),
         "user": {"id": f"viewer{i % 997}", "name": f"viewer{i % 997}"}, "text": text}
    )  # fmt: skip


async def _sources(url: str, n: int, rate: float, seconds: float) -> dict[str, Any]:
    """``n`` source connections sending comments round robin at ``rate`` per second in all."""
    from websockets.asyncio.client import connect

    errors: dict[str, int] = {}
    sent = 0
    conns = []
    readers = []

    async def drain(ws: Any) -> None:
        with suppress(Exception):
            async for text in ws:
                event = json.loads(text)
                if event.get("type") == "error":
                    errors[event["code"]] = errors.get(event["code"], 0) + 1

    for i in range(n):
        ws = await connect(url, max_size=None, compression=None)
        await ws.send(json.dumps({"v": 1, "type": "hello", "id": f"s{i}", "ts": 0, "role": "source"}))
        await ws.recv()
        conns.append(ws)
        readers.append(asyncio.create_task(drain(ws)))
    start = time.time()
    while (elapsed := time.time() - start) < seconds:
        due = int(elapsed * rate)
        while sent < due:
            with suppress(Exception):
                await conns[sent % n].send(_comment(sent))
            sent += 1
        await asyncio.sleep(0.01)
    for ws in conns:
        await ws.close()
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    return {"sent": sent, "errors": errors}


# --- soak -------------------------------------------------------------------------------------------------


async def soak(
    renderers: int, seconds: float, rate: float, full: bool, workdir: Path, sources: int = 5
) -> dict[str, Any]:
    server = Server(full, workdir)
    sampler = Sampler(server)
    try:
        url = await asyncio.to_thread(server.wait_ready)
        sampler.start()
        await asyncio.sleep(3)
        sampler.phase = "connecting"
        procs = await start_renderers(url, renderers)
        tracked, stop = Tracked(), asyncio.Event()
        tracker = asyncio.create_task(_tracked_renderer(url, tracked, stop))
        await asyncio.sleep(3)
        sampler.phase = "connected"
        await asyncio.sleep(3)
        sampler.phase = "load"
        load_start = time.time() - sampler.t0
        src = await _sources(url, sources, rate, seconds)
        sampler.phase = "drain"
        await asyncio.sleep(5)
        stop.set()
        await tracker
        totals = await stop_renderers(procs)
        sampler.phase = "left"
        await asyncio.sleep(10)
        await sampler.stop()
    finally:
        await sampler.stop()
        server.stop()
    idle = sampler.of("idle")
    connected = sampler.of("connected")
    load = [(t, mb) for t, mb, p in sampler.samples if p in ("load", "drain")]
    after_first_minute = [mb for t, mb in load if t - load_start >= 60]
    at_one_minute = after_first_minute[0] if after_first_minute else float("nan")
    left = sampler.of("left")
    base = max(connected) if connected else float("nan")
    peak = max(mb for _, mb in load) if load else float("nan")
    return {
        "renderers": renderers,
        "seconds": seconds,
        "rate_per_s": rate,
        "comments_sent": src["sent"],
        "source_errors": src["errors"],
        "rss_idle_mb": max(idle) if idle else float("nan"),
        "rss_connected_mb": base,
        "rss_peak_mb": peak,
        "rss_growth_mb": round(peak - base, 1),
        "rss_growth_after_first_min_mb": round(max(after_first_minute) - at_one_minute, 1)
        if after_first_minute
        else float("nan"),
        "rss_after_leave_mb": left[-1] if left else float("nan"),
        "seq_gaps": totals["gaps"] + tracked.gaps,
        "disconnects": totals["disconnects"] + (1 if tracked.closed else 0),
        "close_codes": totals["close_codes"],
        "renderers_connected": totals["connected"],
        "mb_per_renderer": round(totals["bytes"] / max(1, renderers) / 2**20, 2),
        "frames_per_renderer": round(totals["frames"] / max(1, renderers), 1),
        "latency_p50_ms": round(_pct(tracked.ping_ms, 50), 1),
        "latency_p99_ms": round(_pct(tracked.ping_ms, 99), 1),
        "speech_act_age_p99_ms": round(_pct(tracked.ages_by_type.get("speech_act", []), 99), 1),
        "event_age_p50_ms_by_type": {k: round(_pct(v, 50), 1) for k, v in tracked.ages_by_type.items()},
        "tracked_frames": tracked.frames,
        "tracebacks": server.tracebacks(),
        "rss_series": [(round(t, 1), mb, p) for t, mb, p in sampler.samples],
        "log": str(server.log_path),
    }


# --- the bench --------------------------------------------------------------------------------------------


def _plot(series: list[tuple[float, float, str]], title: str, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 3.5))
    phases = list(dict.fromkeys(p for _, _, p in series))
    for phase in phases:
        pts = [(t, mb) for t, mb, p in series if p == phase]
        ax.plot([t for t, _ in pts], [mb for _, mb in pts], ".-", label=phase, markersize=3)
    ax.set_xlabel("seconds")
    ax.set_ylabel("server RSS (MB)")
    ax.set_title(title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


@dataclass
class SoakOptions:
    renderers: int = 500
    seconds: float = 600.0
    rate: float = 50.0
    bombs: int = 100
    kills: int = 10
    corruptions: int = 32
    full: bool = True
    parts: tuple[str, ...] = ("soak", "attack", "kill", "corrupt")

    @classmethod
    def of(cls, quick: bool) -> SoakOptions:
        base = cls(renderers=50, seconds=20.0, bombs=20, kills=3, corruptions=12) if quick else cls()
        env = os.environ.get
        return cls(
            renderers=int(env("PERSONA_SOAK_RENDERERS", base.renderers)),
            seconds=float(env("PERSONA_SOAK_SECONDS", base.seconds)),
            rate=float(env("PERSONA_SOAK_RATE", base.rate)),
            bombs=int(env("PERSONA_SOAK_BOMBS", base.bombs)),
            kills=int(env("PERSONA_SOAK_KILLS", base.kills)),
            corruptions=int(env("PERSONA_SOAK_CORRUPTIONS", base.corruptions)),
            full=env("PERSONA_SOAK_BASIC", "") in ("", "0"),
            parts=tuple(env("PERSONA_SOAK_PARTS", ",".join(base.parts)).split(",")),
        )


def measure(opts: SoakOptions, report_dir: Path | None = None) -> EvalResult:
    workdir = Path(tempfile.mkdtemp(prefix="persona-soak-"))
    metrics: dict[str, Any] = {}
    details: dict[str, Any] = {"workdir": str(workdir)}
    plots: list[Path] = []
    targets: list[Target] = []
    try:
        if "soak" in opts.parts:
            s = asyncio.run(soak(opts.renderers, opts.seconds, opts.rate, opts.full, workdir))
            details["soak"] = s
            for key in (
                "renderers", "seconds", "comments_sent", "rss_idle_mb", "rss_connected_mb", "rss_peak_mb",
                "rss_growth_mb", "rss_growth_after_first_min_mb", "rss_after_leave_mb", "seq_gaps",
                "disconnects", "mb_per_renderer", "latency_p50_ms", "latency_p99_ms", "speech_act_age_p99_ms",
                "tracebacks",
            ):  # fmt: skip
                metrics[f"soak_{key}"] = s[key]
            targets += [
                Target("soak_rss_growth_mb", "<=", 300),
                Target("soak_seq_gaps", "==", 0),
                Target("soak_disconnects", "==", 0),
                Target("soak_tracebacks", "==", 0),
            ]
            if report_dir is not None:
                plots.append(
                    _plot(s["rss_series"], f"soak: {opts.renderers} renderers", report_dir / "soak_rss.png")
                )
        if "attack" in opts.parts:
            from evals.soak_attack import attack

            a = asyncio.run(attack(opts.bombs, min(opts.seconds, 60.0), workdir))
            details["attack"] = a
            for key in (
                "bombs", "bomb_messages_answered", "rss_connected_mb", "rss_peak_mb", "rss_growth_mb",
                "tracebacks", "good_messages",
                "good_replied", "good_reply_p50_s", "good_reply_max_s", "good_pings", "good_pongs",
                "good_renderer_longest_silence_s",
            ):  # fmt: skip
                metrics[f"attack_{key}"] = a[key]
            metrics["attack_rss_growth_per_bomb_mb"] = round(a["rss_growth_mb"] / max(1, a["bombs"]), 2)
            metrics["attack_good_served"] = int(
                not a["good_renderer_closed"]
                and a["good_pongs"] == a["good_pings"]
                and a["good_replied"] >= 0.95 * a["good_messages"]
            )
            targets += [
                Target("attack_tracebacks", "==", 0),
                Target("attack_rss_peak_mb", "<=", 1024),
                Target("attack_rss_growth_per_bomb_mb", "<=", 50),
                Target("attack_good_served", "==", 1),
            ]
            if report_dir is not None:
                plots.append(_plot(a["rss_series"], "attack", report_dir / "attack_rss.png"))
        if "kill" in opts.parts:
            from evals.soak_attack import kill_rebuilds

            k = kill_rebuilds(opts.kills, workdir)
            details["kill"] = k
            metrics["kill_rebuilds"] = k["kills"]
            metrics["kill_bases_answering"] = k["answered"]
            metrics["kill_killed_before_done"] = k["killed_before_done"]
            targets.append(Target("kill_bases_answering", ">=", k["kills"]))
        if "corrupt" in opts.parts:
            from evals.soak_corrupt import corruptions

            c = corruptions(opts.corruptions, workdir)
            details["corrupt"] = c
            metrics["corrupt_trials"] = c["trials"]
            for verdict in (
                "error_right_file", "error_wrong_file", "traceback", "same_answers", "silent_abstention",
                "silent_wrong_answer",
            ):  # fmt: skip
                metrics[f"corrupt_{verdict}"] = c["counts"].get(verdict, 0)
            targets += [
                Target(f"corrupt_{v}", "==", 0)
                for v in ("error_wrong_file", "traceback", "silent_abstention", "silent_wrong_answer")
            ]
    finally:
        keep_logs = report_dir if report_dir is not None else None
        if keep_logs is not None:
            for log in workdir.glob("serve*.log"):
                shutil.copy(log, keep_logs / f"soak-{log.name}")
        shutil.rmtree(workdir, ignore_errors=True)
    return EvalResult(
        name="soak",
        metrics=metrics,
        targets=targets,
        details=details,
        plots=plots,
        notes=f"`persona bench soak` ({opts}); the soak's server runs "
        f"{'the full stack' if opts.full else '--basic'} with espeak, the attack's the full stack with espeak"
        ". Latency: ping -> pong of a tracked renderer under the load. Baseline "
        "beside the RSS figures: the idle and connected RSS of the same server in the same run.",
    )


def run(options: EvalOptions) -> EvalResult:
    return measure(SoakOptions.of(options.quick), options.report_dir)


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python -m evals.bench_soak", description=__doc__.split("\n\n")[0])
    p.add_argument("--renderers", type=int)
    p.add_argument("--seconds", type=float)
    p.add_argument("--rate", type=float)
    p.add_argument("--bombs", type=int)
    p.add_argument("--kills", type=int)
    p.add_argument("--corruptions", type=int)
    p.add_argument("--basic", action="store_true", help="soak a model-light server (serve --basic)")
    p.add_argument("--attack", action="store_true", help="only the attack run")
    p.add_argument("--kill", action="store_true", help="only the SIGKILL-of-rebuild run")
    p.add_argument("--soak", action="store_true", help="only the soak run")
    p.add_argument("--corrupt", action="store_true", help="only the corrupted-base run")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--report", type=Path, metavar="DIR")
    args = p.parse_args(argv)
    opts = SoakOptions.of(args.quick)
    for name in ("renderers", "seconds", "rate", "bombs", "kills", "corruptions"):
        if getattr(args, name) is not None:
            setattr(opts, name, getattr(args, name))
    opts.full = opts.full and not args.basic
    chosen = tuple(n for n in ("soak", "attack", "kill", "corrupt") if getattr(args, n))
    if chosen:
        opts.parts = chosen
    if args.report is not None:
        args.report.mkdir(parents=True, exist_ok=True)
    result = measure(opts, args.report)
    shown = {k: v for k, v in result.details.items() if k != "workdir"}
    for part in shown.values():
        if isinstance(part, dict):
            part.pop("rss_series", None)
    targets = [[str(t), ok] for t, ok in result.target_status()]
    print(
        json.dumps({"metrics": result.metrics, "targets": targets, "details": shown}, indent=1, default=str)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
