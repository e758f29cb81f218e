"""Renderer clients for `persona bench soak`, in processes of their own (see :mod:`evals.bench_soak`)."""

from __future__ import annotations

import asyncio
import json
import sys
from typing import Any

# --- renderers (in processes of their own) ----------------------------------------------------------------

RENDERERS_SCRIPT = r"""
import asyncio, json, sys, time
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed
url, n = sys.argv[1], int(sys.argv[2])
stats = {"frames": 0, "bytes": 0, "gaps": 0, "disconnects": 0, "close_codes": {}, "connected": 0}
stopping = False
async def one(ready):
    try:
        async with connect(url, max_size=None, compression=None, open_timeout=60) as ws:
            await ws.send(json.dumps({"v": 1, "type": "hello", "id": "h", "ts": 0, "role": "renderer"}))
            await ws.recv()
            stats["connected"] += 1
            ready.append(1)
            last = None
            while True:
                text = await ws.recv()
                stats["frames"] += 1
                stats["bytes"] += len(text)
                if text.startswith('{"seq":'):
                    seq = int(text[7:text.index(",")])
                    if last is not None and seq != last + 1:
                        stats["gaps"] += 1
                    last = seq
    except ConnectionClosed as exc:
        if not stopping:
            stats["disconnects"] += 1
            code = str(exc.rcvd.code if exc.rcvd else None)
            stats["close_codes"][code] = stats["close_codes"].get(code, 0) + 1
    except Exception as exc:
        if not stopping:
            stats["disconnects"] += 1
            key = type(exc).__name__
            stats["close_codes"][key] = stats["close_codes"].get(key, 0) + 1
        ready.append(0)
async def main():
    global stopping
    ready = []
    tasks = [asyncio.create_task(one(ready)) for _ in range(n)]
    while len(ready) < n:
        await asyncio.sleep(0.05)
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the parent closes stdin
    stopping = True
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(json.dumps(stats), flush=True)
asyncio.run(main())
"""


async def start_renderers(url: str, n: int, per_process: int = 250) -> list[asyncio.subprocess.Process]:
    procs = []
    for i in range(0, n, per_process):
        procs.append(
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                RENDERERS_SCRIPT,
                url,
                str(min(per_process, n - i)),
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
            )  # fmt: skip
        )
    for proc in procs:
        assert proc.stdout is not None
        line = (await asyncio.wait_for(proc.stdout.readline(), 300)).decode()
        if line.strip() != "ready":
            raise RuntimeError(f"renderer clients failed to start: {line!r}")
    return procs


async def stop_renderers(procs: list[asyncio.subprocess.Process]) -> dict[str, Any]:
    total: dict[str, Any] = {"frames": 0, "bytes": 0, "gaps": 0, "disconnects": 0, "connected": 0}
    codes: dict[str, int] = {}
    for proc in procs:
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.close()
        line = (await asyncio.wait_for(proc.stdout.readline(), 120)).decode()
        await proc.wait()
        stats = json.loads(line)
        for key in total:
            total[key] += stats[key]
        for code, count in stats["close_codes"].items():
            codes[code] = codes.get(code, 0) + count
    total["close_codes"] = codes
    return total
