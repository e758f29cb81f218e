"""The web stage in a real browser (Debian chromium driven by Playwright) against a real gateway and agent.

Opens the stage, sends a comment from the chat panel, and checks that the reply's subtitle appears, the
mouth shape changes while the persona speaks, WebAudio plays the voice (the analyser sees signal), and the
console shows no errors. Screenshots go to artifacts/.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(), reason="needs Debian chromium at /usr/bin/chromium"
    ),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "stage"


def _args() -> list[str]:
    # A fresh --user-data-dir is given through launch_persistent_context (Playwright insists).
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--autoplay-policy=no-user-gesture-required",
    ]


async def test_stage_replies_with_voice_subtitle_and_moving_mouth() -> None:
    from playwright.async_api import async_playwright

    from agent.events import Control
    from connectors.app import running_app
    from tests.wsclient import WsClient

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="persona-chromium-")
    problems: list[str] = []
    try:
        async with running_app(host="127.0.0.1", port=0) as app, async_playwright() as pw:
            browser = await pw.chromium.launch_persistent_context(
                profile,
                executable_path="/usr/bin/chromium",
                args=_args(),
                headless=True,
                viewport={"width": 1200, "height": 760},
            )
            try:
                page = await browser.new_page()
                page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: problems.append(str(e)))
                await page.goto(app.http_url)
                await page.wait_for_function("document.getElementById('conn').textContent === 'connected'")
                await page.wait_for_function("window.stageState.events >= 1")  # welcome
                await page.screenshot(path=str(ARTIFACTS / "01-connected.png"))

                await page.fill("#chat-input", "Hello! What time does the final start?")
                await page.click("#chat-send")
                await page.wait_for_selector("#chat-log li.viewer")

                # The reply: its speech act in the chat, then its subtitle while the audio plays.
                await page.wait_for_selector("#chat-log li.persona", timeout=15_000)
                await page.wait_for_function(
                    "document.getElementById('subtitle-said').textContent.length"
                    " + document.getElementById('subtitle-rest').textContent.length > 0",
                    timeout=10_000,
                )
                subtitle = (await page.inner_text("#subtitle")).strip()
                # A reply of several sentences is several utterances: the subtitle shows one of its lines.
                replies = await page.eval_on_selector_all(
                    "#chat-log li.persona", "els => els.map(e => e.childNodes[1].textContent)"
                )
                assert subtitle in replies, (subtitle, replies)

                # While it speaks the mouth goes through several viseme shapes.
                shapes: set[str] = set()
                lips: set[str] = set()
                for _ in range(40):
                    shapes.add(await page.get_attribute("#mouth", "data-viseme") or "")
                    lips.add(await page.get_attribute("#lips", "d") or "")
                    if len(shapes) >= 4 and len(lips) >= 4:
                        break
                    await asyncio.sleep(0.05)
                await page.screenshot(path=str(ARTIFACTS / "02-speaking.png"))
                assert len(shapes - {"sil"}) >= 3, shapes
                assert len(lips) >= 4

                # WebAudio is running and carries the voice.
                audio = await page.evaluate(
                    "({state: window.stageState.audio.ctx.state, peak: window.stageState.audio.peak})"
                )
                assert audio["state"] == "running"
                await page.wait_for_function("window.stageState.audio.chunksPlayed >= 1", timeout=10_000)
                await page.wait_for_function("window.stageState.audio.peak > 0.02", timeout=10_000)
                latency = await page.inner_text("#latency")
                assert latency.endswith("ms")

                await page.wait_for_function(
                    "document.getElementById('speaking').textContent === 'idle'", timeout=20_000
                )
                await page.screenshot(path=str(ARTIFACTS / "03-after.png"))

                # Interruption: an operator makes the host say a long line, then interrupts it. The stage
                # stops that audio at once, reports what was said, and the mouth comes to rest.
                long_line = (
                    "Now let me tell you the whole story of the final, from the opening whistle "
                    "to the very last second, because every minute of it was worth watching again."
                )
                operator = await WsClient.open(app.ws_url, role="operator")
                async with operator:
                    await operator.send(Control(action="say", text=long_line))
                    await operator.expect("voice", within=15)
                    await page.wait_for_function(
                        "document.getElementById('speaking').textContent === 'speaking'", timeout=10_000
                    )
                    await asyncio.sleep(0.6)
                    await operator.send(Control(action="interrupt"))
                    await operator.expect("utterance_cancelled", within=5)
                await page.wait_for_selector("#chat-log li.system >> text=interrupted after", timeout=5_000)
                await page.wait_for_function(
                    "document.getElementById('speaking').textContent === 'idle'", timeout=3_000
                )
                await page.wait_for_function(
                    "document.getElementById('mouth').getAttribute('data-viseme') === 'sil'", timeout=2_000
                )
                await page.screenshot(path=str(ARTIFACTS / "04-interrupted.png"))
            finally:
                await browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert not problems, problems
