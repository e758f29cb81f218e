"""The attack and the SIGKILL parts of `persona bench soak` (see :mod:`evals.bench_soak`)."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

from evals.bench_soak import _CHATTER, Sampler, Server, Tracked, _comment, _pct, _tracked_renderer, png_bomb

# --- attack -----------------------------------------------------------------------------------------------


def _message(i: int, text: str, attachment: dict[str, Any] | None = None) -> str:
    event: dict[str, Any] = {
        "v": 1, "type": "message", "id": f"m{i}", "ts": time.time(),
        "user": {"id": f"attacker{i}", "name": "attacker"}, "text": text,
    }  # fmt: skip
    if attachment is not None:
        event["attachments"] = [attachment]
    return json.dumps(event)


async def _hostile(
    url: str, name: str, frames: list[str | bytes], outcomes: dict[str, dict[str, int]]
) -> None:
    """Send ``frames`` one by one as a source, recording what came back for each (an error code, a close
    code, or nothing within 3 s); a closed connection is reopened for the next frame."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    got = outcomes.setdefault(name, {})
    ws: Any = None
    for i, payload in enumerate(frames):
        if ws is not None and i % 30 == 0:  # a fresh connection now and then: its own rate limit
            await ws.close()
            ws = None
        try:
            if ws is None:
                ws = await connect(url, max_size=None, compression=None)
                await ws.send(json.dumps({"v": 1, "type": "hello", "id": f"h{i}", "ts": 0, "role": "source"}))
                await ws.recv()
            await ws.send(payload)
            outcome = "nothing"
            deadline = time.time() + 3
            while time.time() < deadline:
                event = json.loads(await asyncio.wait_for(ws.recv(), max(0.01, deadline - time.time())))
                if event.get("type") == "error":
                    outcome = f"error:{event.get('code')}"
                    break
        except TimeoutError:
            pass
        except ConnectionClosed as exc:
            outcome = f"close:{exc.rcvd.code if exc.rcvd else None}"
            ws = None
        except OSError as exc:
            outcome = f"connect:{type(exc).__name__}"
            ws = None
        got[outcome] = got.get(outcome, 0) + 1
    if ws is not None:
        await ws.close()


async def _flood(url: str, n: int, outcomes: dict[str, dict[str, int]]) -> None:
    from websockets.asyncio.client import connect

    got = outcomes.setdefault("flood", {})
    async with connect(url, max_size=None, compression=None) as ws:
        await ws.send(json.dumps({"v": 1, "type": "hello", "id": "f", "ts": 0, "role": "source"}))
        await ws.recv()
        for i in range(n):
            await ws.send(_comment(1_000_000 + i))
        with suppress(TimeoutError):
            while True:
                event = json.loads(await asyncio.wait_for(ws.recv(), 2))
                key = f"error:{event.get('code')}" if event.get("type") == "error" else event.get("type", "?")
                got[key] = got.get(key, 0) + 1


async def _no_hello(url: str, n: int, outcomes: dict[str, dict[str, int]]) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    got = outcomes.setdefault("no_hello", {})
    conns = []
    for _ in range(n):
        with suppress(OSError):
            conns.append(await connect(url, max_size=None, compression=None))
    for ws in conns:
        try:
            await ws.send(_comment(0))
            event = json.loads(await asyncio.wait_for(ws.recv(), 3))
            key = f"error:{event.get('code')}" if event.get("type") == "error" else str(event.get("type"))
        except ConnectionClosed as exc:
            key = f"close:{exc.rcvd.code if exc.rcvd else None}"
        except TimeoutError:
            key = "nothing"
        got[key] = got.get(key, 0) + 1
        await ws.close()


async def _good_client(url: str, stop: asyncio.Event, result: dict[str, Any]) -> None:
    """A well-behaved source: a direct message every 2 s and a ping, its replies timed by the tracked
    renderer (speech_act in_reply_to) and its pongs here."""
    from websockets.asyncio.client import connect

    sent: dict[str, float] = {}
    pong_waits: list[float] = []
    async with connect(url, max_size=None, compression=None) as ws:
        await ws.send(json.dumps({"v": 1, "type": "hello", "id": "g", "ts": 0, "role": "source"}))
        await ws.recv()
        i = 0
        while not stop.is_set():
            mid = f"good{i}"
            sent[mid] = time.time()
            await ws.send(
                json.dumps({"v": 1, "type": "message", "id": mid, "ts": time.time(),
                            "user": {"id": f"good{i}", "name": "good"}, "text": _CHATTER[i % len(_CHATTER)]})
            )  # fmt: skip
            t0 = time.time()
            await ws.send(json.dumps({"v": 1, "type": "ping", "id": f"p{i}", "ts": t0}))
            deadline = t0 + 2
            got_pong = False
            while time.time() < deadline:
                try:
                    event = json.loads(await asyncio.wait_for(ws.recv(), max(0.01, deadline - time.time())))
                except TimeoutError:
                    break
                if event.get("type") == "pong" and not got_pong:
                    pong_waits.append(time.time() - t0)
                    got_pong = True
            if not got_pong:
                pong_waits.append(float("inf"))
            await asyncio.sleep(max(0.0, deadline - time.time()))
            i += 1
    result["sent"] = sent
    result["pong_waits"] = pong_waits


async def attack(bombs: int, seconds: float, workdir: Path) -> dict[str, Any]:
    server = Server(True, workdir)
    sampler = Sampler(server)
    outcomes: dict[str, dict[str, int]] = {}
    rng = random.Random(15)
    # above twice the pixel budget (Pillow's own check refuses it) and between one and two budgets (ours does)
    bombs_b64 = [base64.b64encode(png_bomb(side, side)).decode() for side in (13_000, 8_000)]
    try:
        url = await asyncio.to_thread(server.wait_ready)
        sampler.start()
        tracked, stop = Tracked(), asyncio.Event()
        tracker = asyncio.create_task(_tracked_renderer(url, tracked, stop))
        good: dict[str, Any] = {}
        good_task = asyncio.create_task(_good_client(url, stop, good))
        await asyncio.sleep(4)
        sampler.phase = "connected"
        await asyncio.sleep(2)
        sampler.phase = "attack"
        attack_start = time.time()
        images = [{"kind": "image", "mime": "image/png", "data_b64": b64} for b64 in bombs_b64]
        not_image = {
            "kind": "image",
            "mime": "image/png",
            "data_b64": base64.b64encode(rng.randbytes(3000)).decode(),
        }
        deep = "[" * 10_000 + "]" * 10_000
        surrogate = _comment(0).replace('"text": "', '"text": "\\ud800 ', 1)
        frames: dict[str, list[str | bytes]] = {
            "image_bomb": [_message(i, "how much is the panda beanie?", images[i % 2]) for i in range(bombs)],
            "not_an_image": [
                _message(10_000 + i, "what is this?", not_image) for i in range(max(10, bombs // 2))
            ],
            "deep_json": [deep] * 200,
            "lone_surrogate": [surrogate] * 200,
            "binary_frame": [rng.randbytes(rng.randint(1, 4000)) for _ in range(200)],
            "oversize": ["x" * 200_000] * 20,
        }
        tasks = [  # each kind on several connections at once, 25 frames apiece
            asyncio.create_task(_hostile(url, name, f[k : k + 25], outcomes))
            for name, f in frames.items()
            for k in range(0, len(f), 25)
        ]
        tasks.append(asyncio.create_task(_flood(url, 2_000, outcomes)))
        tasks.append(asyncio.create_task(_no_hello(url, 200, outcomes)))
        await asyncio.gather(*tasks)
        attack_s = time.time() - attack_start
        if attack_s < seconds:
            await asyncio.sleep(seconds - attack_s)
        sampler.phase = "after"
        await asyncio.sleep(8)  # the last replies arrive
        stop.set()
        await tracker
        await good_task
        await sampler.stop()
    finally:
        await sampler.stop()
        server.stop()
    sent: dict[str, float] = good.get("sent", {})
    waits = [tracked.replies[m] - t for m, t in sent.items() if m in tracked.replies]
    pongs = good.get("pong_waits", [])
    connected = sampler.of("connected")
    during = sampler.of("attack") + sampler.of("after")
    return {
        "bombs": bombs,
        "attack_seconds": round(attack_s, 1),
        "rss_connected_mb": max(connected) if connected else float("nan"),
        "rss_peak_mb": max(during) if during else float("nan"),
        "rss_growth_mb": round(max(during) - max(connected), 1) if during and connected else float("nan"),
        "tracebacks": server.tracebacks(),
        "outcomes": outcomes,
        "bomb_messages_answered": sum(f"m{i}" in tracked.replies for i in range(bombs)),
        "good_messages": len(sent),
        "good_replied": len(waits),
        "good_reply_p50_s": round(_pct(waits, 50), 2),
        "good_reply_max_s": round(max(waits), 2) if waits else float("nan"),
        "good_pongs": sum(1 for w in pongs if w != float("inf")),
        "good_pings": len(pongs),
        "good_renderer_closed": tracked.closed,
        "good_renderer_longest_silence_s": round(tracked.longest_silence_s, 2),
        "rss_series": [(round(t, 1), mb, p) for t, mb, p in sampler.samples],
        "log": str(server.log_path),
    }


# --- SIGKILL of a rebuild ---------------------------------------------------------------------------------

_REBUILD = """
import sys
from knowledge import KnowledgeBase
KnowledgeBase.rebuild(sys.argv[1], [sys.argv[2]])
"""

_ASK = """
import json, sys
from knowledge import KnowledgeBase, KnowledgeError
q = "how much is the snowflake mug?"
try:
    with KnowledgeBase.open(sys.argv[1], create=False) as kb:
        top = kb.search(q, k=1)
        a = kb.answer(q)
    found = bool(top) and ("$16" in top[0].text or "$18" in top[0].text)
    print(json.dumps({"ok": found, "top": top[0].text if top else "", "answer": a.text}))
except KnowledgeError as exc:
    print(json.dumps({"ok": False, "error": str(exc)}))
"""


def _docs(root: Path, n_files: int) -> Path:
    """The sample's winter-sports texts, a shop note with the price that each rebuild changes, and
    ``n_files`` short notes of their own."""
    from knowledge.kb import SAMPLE_DIR

    shutil.copytree(SAMPLE_DIR / "winter-sports", root / "winter-sports")
    (root / "notes.txt").write_text(
        "Shop notes\n\nThe snowflake mug costs $16.\nIt holds 350 ml.\n\n"
        "Returns are accepted within 30 days.\n"
    )
    words = [
        "river",
        "violin",
        "volcano",
        "bakery",
        "glacier",
        "comet",
        "orchard",
        "lantern",
        "harbor",
        "desert",
    ]
    for i in range(n_files):
        topic = words[i % len(words)]
        (root / f"filler-{i}.md").write_text(f"# {topic} {i}\n\nThe {topic} number {i} is described here.\n")
    return root


def kill_rebuilds(kills: int, workdir: Path, seed: int = 15) -> dict[str, Any]:
    """Build a base, then ``kills`` times: change a price, start ``rebuild`` in a subprocess, SIGKILL it at a
    random point within 1.1x its measured duration, and ask the base in a fresh process. A base answers when
    it opens for reading and the question's top hit is the shop note at the old or the new price (the
    answer's own text is recorded beside it)."""
    rng = random.Random(seed)
    docs = _docs(workdir / "kill-docs", 30)
    kb_dir = workdir / "kill-kb"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    subprocess.run([sys.executable, "-c", _REBUILD, str(kb_dir), str(docs)], check=True, env=env)
    t0 = time.time()  # a rebuild of an existing base, timed: the kill points are drawn inside it
    subprocess.run([sys.executable, "-c", _REBUILD, str(kb_dir), str(docs)], check=True, env=env)
    duration = time.time() - t0
    answered = 0
    rows = []
    for k in range(kills):
        notes = docs / "notes.txt"
        notes.write_text(
            notes.read_text().replace("$16" if k % 2 == 0 else "$18", "$18" if k % 2 == 0 else "$16")
        )
        at = rng.uniform(0.0, 1.1 * duration)  # a few may land after the swap, or finish first
        proc = subprocess.Popen([sys.executable, "-c", _REBUILD, str(kb_dir), str(docs)], env=env)
        try:
            proc.wait(timeout=at)
            finished = True
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            finished = False
        out = subprocess.run(
            [sys.executable, "-c", _ASK, str(kb_dir)], capture_output=True, text=True, env=env, check=False
        )
        try:
            verdict = json.loads(out.stdout.strip().splitlines()[-1])
        except (json.JSONDecodeError, IndexError):
            verdict = {"ok": False, "error": (out.stderr.strip().splitlines() or ["no output"])[-1]}
        answered += bool(verdict["ok"])
        rows.append({"kill_at_s": round(at, 2), "finished_first": finished, **verdict})
    killed = sum(not r["finished_first"] for r in rows)
    return {
        "kills": kills,
        "killed_before_done": killed,
        "answered": answered,
        "rebuild_s": round(duration, 1),
        "rows": rows,
    }
