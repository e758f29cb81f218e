"""The OBS overlay and the control page in a real browser (Debian chromium driven by Playwright) against the
assembled product: /overlay shows only the persona on a transparent background, sized by its URL; a comment
typed on the control page (/) is answered, and the overlay speaks it with subtitles. The overlay's screenshot
(transparent PNG) goes to artifacts/stage/overlay.png (docs/img/overlay.png is a copy of it)."""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import pytest
from PIL import Image

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(), reason="needs Debian chromium at /usr/bin/chromium"
    ),
]

SCREENSHOT = (
    Path(__file__).resolve().parents[2] / "artifacts" / "stage" / "overlay.png"
)  # docs/img/overlay.png is a copy
ARGS = [
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


async def test_overlay_is_transparent_and_the_control_page_answers() -> None:
    from playwright.async_api import async_playwright

    from agent.events import Superchat, User
    from connectors.app import running_app
    from tests.wsclient import WsClient

    profile = tempfile.mkdtemp(prefix="persona-chromium-")
    problems: list[str] = []
    try:
        async with running_app(host="127.0.0.1", port=0) as app, async_playwright() as pw:
            browser = await pw.chromium.launch_persistent_context(
                profile,
                executable_path="/usr/bin/chromium",
                args=ARGS,
                headless=True,
                viewport={"width": 900, "height": 700},
            )
            try:
                overlay = await browser.new_page()
                for page_ in (overlay,):
                    page_.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
                    page_.on("pageerror", lambda e: problems.append(str(e)))
                await overlay.goto(app.http_url + "/overlay?width=640&height=640&avatar=svg")
                await overlay.wait_for_function(
                    "window.stageState && window.stageState.events >= 1"
                )  # welcome
                # Only the persona: no status bar, no chat; a transparent page sized by the URL.
                assert await overlay.query_selector("#status") is None
                assert await overlay.query_selector("#chat-log") is None
                look = await overlay.evaluate(
                    "({html: getComputedStyle(document.documentElement).backgroundColor,"
                    " body: getComputedStyle(document.body).backgroundColor,"
                    " w: document.body.getBoundingClientRect().width,"
                    " h: document.body.getBoundingClientRect().height})"
                )
                assert look["html"] == "rgba(0, 0, 0, 0)" and look["body"] == "rgba(0, 0, 0, 0)", look
                assert (look["w"], look["h"]) == (640, 640), look
                shot = Image.open(io.BytesIO(await overlay.screenshot(omit_background=True))).convert("RGBA")
                assert shot.getpixel((3, 3))[3] == 0, "the corner is see-through"
                assert shot.getpixel((320, 320))[3] == 255, "the persona is drawn"

                # The control page: a typed comment is answered (chat line) and the overlay speaks it.
                control = await browser.new_page()
                control.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
                control.on("pageerror", lambda e: problems.append(str(e)))
                await control.goto(app.http_url)
                await control.wait_for_function("document.getElementById('conn').textContent === 'connected'")
                await control.fill("#chat-input", "Hi there! How much is the Slope Scarf?")
                await control.click("#chat-send")
                await control.wait_for_selector("#chat-log li.persona", timeout=60_000)
                replies = await control.eval_on_selector_all(
                    "#chat-log li.persona", "els => els.map(e => e.childNodes[1].textContent)"
                )
                assert replies and all(r.strip() for r in replies)
                await overlay.wait_for_function(
                    "document.getElementById('subtitle-said').textContent.length"
                    " + document.getElementById('subtitle-rest').textContent.length > 0",
                    timeout=20_000,
                )
                assert (await overlay.inner_text("#subtitle")).strip() in replies
                SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
                await overlay.screenshot(
                    path=str(SCREENSHOT),
                    omit_background=True,
                    clip={"x": 0, "y": 0, "width": 640, "height": 640},
                )

                # A superchat from another source (as `persona live` sends it): the control page shows it,
                # and the persona answers it.
                async with await WsClient.open(app.ws_url, role="source") as source:
                    await source.expect("welcome")
                    paid = Superchat(
                        platform="youtube",
                        user=User(id="yt:9", name="Mika"),
                        amount=20,
                        currency="USD",
                        text="How much is the Slope Scarf?",
                    )
                    await source.send(paid)
                    await control.wait_for_selector(
                        "#chat-log li.audience-superchat >> text=How much is the Slope Scarf?", timeout=10_000
                    )
                    said = await source.expect("speech_act", within=60, in_reply_to=paid.id)
                assert said["act"] == "answer"
                await control.wait_for_selector(
                    f"#chat-log li.persona >> text={said['text'][:20]}", timeout=10_000
                )

                # subtitles=0 hides them.
                await overlay.goto(app.http_url + "/overlay?subtitles=0&avatar=svg")
                await overlay.wait_for_function("window.stageState && window.stageState.events >= 1")
                assert (
                    await overlay.evaluate("getComputedStyle(document.getElementById('subtitle')).display")
                    == "none"
                )
            finally:
                await browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert not problems, problems
