"""The VRM overlay's frame cost, before and after its cheaper shading, in the same run.

``python -m evals.bench_overlay [--runs 3] [--width 480 --height 640]``: a real app, Debian chromium with
SwiftShader (software WebGL, as in the tests), and the OBS overlay at an avatar overlay's size, opened in turn
with ``?shading=pbr`` (the glTF materials as they are: the baseline) and without (plain materials drawn as
Lambert, the default). For each page: the milliseconds one frame of the avatar takes to draw (40 draws, each
waited for with a one-pixel readback), the idle frame rate over 3 s, and the frame rate while it speaks the
answer to a comment sent by another source. Prints one line per page and the medians; ``--json`` prints them
as JSON. Needs /usr/bin/chromium and ``make stage-vendor``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

ARGS = [
    "--headless",
    "--no-sandbox",
    "--use-angle=swiftshader",
    "--enable-unsafe-swiftshader",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
DRAW_MS = """(n) => {
    const c = window.vrmCharacter, r = c.renderer, gl = r.getContext(), px = new Uint8Array(4);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) {
        c.vrm.update(1 / 60);
        r.render(c.scene, c.camera);
        gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
    }
    return (performance.now() - t0) / n;
}"""
IDLE_FPS = """(ms) => new Promise((done) => {
    const c = window.vrmCharacter, f0 = c.frames, t0 = performance.now();
    setTimeout(() => done((c.frames - f0) * 1000 / (performance.now() - t0)), ms);
})"""


async def _page(browser: Any, app: Any, shading: str, width: int, height: int, n: int) -> dict[str, Any]:
    from websockets.asyncio.client import connect

    from agent.events import Comment, Hello, User, dumps

    page = await browser.new_page()
    try:
        extra = "&shading=pbr" if shading == "pbr" else ""
        await page.goto(app.http_url + f"/overlay?width={width}&height={height}{extra}")
        await page.wait_for_function("window.stageAvatar.kind === 'vrm'", timeout=30_000)
        await page.wait_for_function("stageState.connected && vrmCharacter.frames > 10", timeout=30_000)
        idle = await page.evaluate(IDLE_FPS, 3000)
        draw_ms = await page.evaluate(DRAW_MS, 40)
        await page.evaluate("window.vrmCharacter.trace = []")
        async with connect(app.ws_url, max_size=None) as ws:  # a chat source, as `persona live` is
            await ws.send(dumps(Hello(role="source")))

            async def read() -> None:
                async for _ in ws:
                    pass

            reading = asyncio.create_task(read())
            try:
                user = User(id=f"bench-{n}", name=f"Bench{n}")
                text = "Hello! What time does the final start?"
                await ws.send(dumps(Comment(platform="web", channel="stage", user=user, text=text)))
                await page.wait_for_function("document.body.dataset.speaking === '1'", timeout=60_000)
                await page.wait_for_function("document.body.dataset.speaking === '0'", timeout=60_000)
            finally:
                reading.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await reading
        times = await page.evaluate("vrmCharacter.trace.filter(s => s.tms != null).map(s => s.t)")
        speaking = (len(times) - 1) * 1000 / (times[-1] - times[0]) if len(times) > 1 else 0.0
        materials = await page.evaluate("window.vrmCharacter.lambertMaterials")
        return {
            "shading": shading,
            "lambert_materials": materials,
            "draw_ms": round(draw_ms, 2),
            "fps_idle": round(idle, 1),
            "fps_speaking": round(speaking, 1),
        }
    finally:
        await page.close()


async def run(runs: int, width: int, height: int) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    from connectors.app import running_app

    profile = tempfile.mkdtemp(prefix="persona-bench-overlay-")
    rows: list[dict[str, Any]] = []
    try:
        async with running_app(host="127.0.0.1", port=0) as app, async_playwright() as pw:
            browser = await pw.chromium.launch_persistent_context(
                profile,
                executable_path="/usr/bin/chromium",
                args=ARGS,
                headless=True,
                viewport={"width": width, "height": height},
            )
            try:
                for n in range(runs):
                    for shading in ("pbr", "default"):  # interleaved: the load changes alike for both
                        row = await _page(browser, app, shading, width, height, n)
                        rows.append(row)
                        print(json.dumps(row), flush=True)
            finally:
                await browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    medians = {
        shading: {
            key: statistics.median(r[key] for r in rows if r["shading"] == shading)
            for key in ("draw_ms", "fps_idle", "fps_speaking")
        }
        for shading in ("pbr", "default")
    }
    return {"size": f"{width}x{height}", "runs": rows, "median": medians}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.bench_overlay", description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--width", type=int, default=480)
    parser.add_argument("--height", type=int, default=640)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not Path("/usr/bin/chromium").exists():
        parser.error("needs Debian chromium at /usr/bin/chromium")
    result = asyncio.run(run(args.runs, args.width, args.height))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for shading, m in result["median"].items():
            print(
                f"{shading:8s} ({result['size']}): draw {m['draw_ms']:.2f} ms a frame, "
                f"idle {m['fps_idle']:.1f} fps, speaking {m['fps_speaking']:.1f} fps (median of {args.runs})"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
