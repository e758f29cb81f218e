"""The web stage's chat shows what the persona said, not what it announced and never said (s21, brief D).

The agent announces a sentence's ``speech_act`` while the one before it is still spoken (``lookahead``); an
interrupt cancels the announced ones that never started (``utterance_cancelled`` with nothing spoken). The
stage's chat used to show every announced sentence and an "(interrupted after: “”)" line for each of those.
A real browser (Debian chromium through Playwright) against a real gateway and agent."""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.connectors.test_stage_browser import _args

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists(), reason="needs Debian chromium at /usr/bin/chromium"
    ),
]

SAY = (
    "Now let me tell you the whole story of the final, from the opening whistle to the very last second. "
    "Second, the halfpipe runs were wild tonight. Third, stay with us for the medals."
)


async def test_the_chat_shows_said_sentences_and_one_cut() -> None:
    from playwright.async_api import async_playwright

    from agent.events import Control
    from connectors.app import running_app
    from tests.wsclient import WsClient

    profile = tempfile.mkdtemp(prefix="persona-chromium-")
    problems: list[str] = []
    try:
        async with running_app(host="127.0.0.1", port=0) as app, async_playwright() as pw:
            browser = await pw.chromium.launch_persistent_context(
                profile, executable_path="/usr/bin/chromium", args=_args(), headless=True
            )
            try:
                page = await browser.new_page()
                page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
                page.on("pageerror", lambda e: problems.append(str(e)))
                await page.goto(app.http_url)
                await page.wait_for_function("document.getElementById('conn').textContent === 'connected'")
                operator = await WsClient.open(app.ws_url, role="operator")
                async with operator:
                    await operator.send(Control(action="say", text=SAY))
                    await operator.expect("voice", within=15)
                    await page.wait_for_function(
                        "document.getElementById('speaking').textContent === 'speaking'", timeout=10_000
                    )
                    await asyncio.sleep(1.0)
                    await operator.send(Control(action="interrupt"))
                    await operator.expect("utterance_cancelled", within=5)
                await page.wait_for_selector("#chat-log li.system >> text=interrupted after", timeout=5_000)
                await asyncio.sleep(0.5)  # any further cancellation would be shown by now
                said = await page.eval_on_selector_all(
                    "#chat-log li.persona", "els => els.map(e => e.childNodes[1].textContent)"
                )
                cut = await page.eval_on_selector_all(
                    "#chat-log li.system", "els => els.map(e => e.textContent)"
                )
            finally:
                await browser.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    assert said and all("halfpipe" not in s and "medals" not in s for s in said), said
    assert len([c for c in cut if "interrupted after" in c]) == 1, cut
    assert not problems, problems
