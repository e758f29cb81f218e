"""`persona live --youtube` against a local server answering as the YouTube Data API v3 does (videos.list
with liveStreamingDetails, liveChatMessages.list pages with nextPageToken and pollingIntervalMillis, the
API's error body), with the project's recorded page as content; and a saved chat replayed from a file."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from agent.events import Comment, Membership, Superchat
from connectors.errors import LiveRefused
from connectors.live.convert import to_event
from connectors.live.youtube import video_id, youtube_events
from connectors.livestream.audience import AudienceEvent

FIXTURE = Path(__file__).resolve().parents[1] / "livestream" / "fixtures" / "youtube_livechat.json"


async def _take(
    source: AsyncIterator[AudienceEvent], n: int | None = None, within: float = 20.0
) -> list[AudienceEvent]:
    out: list[AudienceEvent] = []

    async def read() -> None:
        async for ev in source:
            out.append(ev)
            if n is not None and len(out) >= n:
                return

    await asyncio.wait_for(read(), within)
    return out


class FakeApi:
    def __init__(self, key: str = "k") -> None:
        self.key = key
        self.page = json.loads(FIXTURE.read_text(encoding="utf-8"))
        self.tokens: list[str | None] = []
        self.failures_left = 1  # one 503 first: the client retries

    def _refuse(self, request: web.Request) -> web.Response | None:
        if request.query.get("key") != self.key:
            body = {
                "error": {"code": 403, "message": "API key not valid.", "errors": [{"reason": "keyInvalid"}]}
            }
            return web.json_response(body, status=403)
        return None

    async def videos(self, request: web.Request) -> web.Response:
        if (refused := self._refuse(request)) is not None:
            return refused
        if request.query.get("id") != "RNvg2bAUA4w":
            return web.json_response({"items": []})
        return web.json_response({"items": [{"liveStreamingDetails": {"activeLiveChatId": "chat-1"}}]})

    async def messages(self, request: web.Request) -> web.Response:
        if (refused := self._refuse(request)) is not None:
            return refused
        if self.failures_left:
            self.failures_left -= 1
            return web.Response(status=503)
        assert request.query["liveChatId"] == "chat-1" and request.query["part"] == "snippet,authorDetails"
        token = request.query.get("pageToken")
        self.tokens.append(token)
        page: dict[str, Any] = copy.deepcopy(self.page)
        n = len(self.tokens)
        for item in page["items"]:
            item["id"] = f"{item['id']}-{n}"
        page["nextPageToken"] = f"page-{n}"
        page["pollingIntervalMillis"] = 20
        return web.json_response(page)


async def _serve(api: FakeApi) -> tuple[web.AppRunner, str]:
    app = web.Application()
    app.router.add_get("/youtube/v3/videos", api.videos)
    app.router.add_get("/youtube/v3/liveChat/messages", api.messages)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}/youtube/v3"


def test_video_ids_from_urls() -> None:
    assert video_id("https://www.youtube.com/watch?v=RNvg2bAUA4w&t=3") == "RNvg2bAUA4w"
    assert video_id("https://youtu.be/RNvg2bAUA4w") == "RNvg2bAUA4w"
    assert video_id("https://www.youtube.com/live/RNvg2bAUA4w") == "RNvg2bAUA4w"
    with pytest.raises(LiveRefused):
        video_id("not a video!")


async def test_polls_pages_in_order_with_their_tokens() -> None:
    api = FakeApi()
    runner, base = await _serve(api)
    try:
        per_page = len(api.page["items"])
        source = youtube_events(
            "https://youtu.be/RNvg2bAUA4w", api=base, key="k", backoff=lambda _: 0.01, max_polls=3
        )
        events = await _take(source)
    finally:
        await runner.cleanup()
    assert api.tokens == [None, "page-1", "page-2"]
    converted = [to_event(e) for e in events]
    first = converted[: len(converted) // 3]
    assert len(converted) == 3 * len(first) and per_page >= len(first) > 0
    assert any(isinstance(e, Comment) for e in first)
    assert any(isinstance(e, Superchat) and e.text for e in first)
    assert any(isinstance(e, Membership) for e in first)
    assert len({e.id for e in converted}) == len(converted)


async def test_a_bad_key_or_a_video_without_chat_is_refused() -> None:
    api = FakeApi()
    runner, base = await _serve(api)
    try:
        with pytest.raises(LiveRefused, match="HTTP 403 \\(keyInvalid\\)"):
            await _take(youtube_events("RNvg2bAUA4w", api=base, key="bad"))
        with pytest.raises(LiveRefused, match="no active live chat"):
            await _take(youtube_events("AAAAAAAAAAA", api=base, key="k"))
        with pytest.raises(LiveRefused, match="PERSONA_YOUTUBE_API_KEY"):
            await _take(youtube_events("RNvg2bAUA4w", api=base, key=""))
    finally:
        await runner.cleanup()


async def test_a_saved_chat_file_is_replayed() -> None:
    events = await _take(youtube_events(str(FIXTURE)))
    assert events and all(e.platform == "youtube" for e in events)


async def test_the_command_replays_a_saved_chat_into_a_running_persona(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from agent.assemble import assemble_agent
    from connectors.app import AppOptions
    from connectors.cli import main as cli_main
    from connectors.gateway import Gateway, GatewayConfig
    from connectors.livestream import TriagedAgent
    from connectors.livestream.sources import read_log

    expected = [to_event(e) for e in read_log(FIXTURE, platform="youtube")]
    agent = assemble_agent(AppOptions(stages="basic"))
    front = TriagedAgent(agent)
    gateway = Gateway(front, GatewayConfig(port=0))
    await agent.warm_up()
    agent.start()
    front.start()
    await gateway.start()
    try:
        argv = ["live", "--youtube", str(FIXTURE), "--gateway", gateway.ws_url, "--json"]
        code = await asyncio.to_thread(cli_main, argv)
        await asyncio.sleep(0.2)
        offered = front.triage.stats().offered
    finally:
        await front.stop()
        await agent.stop()
        await gateway.close()
    assert code == 0
    counts = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert counts["received"] == counts["sent"] == len(expected) and not counts["gateway_errors"]
    assert offered == sum(e.type in ("comment", "gift") for e in expected)  # the others go to the turn


def test_the_command_says_when_no_persona_listens(capsys: pytest.CaptureFixture[str]) -> None:
    from connectors.cli import main as cli_main

    assert cli_main(["live", "--youtube", str(FIXTURE), "--gateway", "ws://127.0.0.1:9/ws"]) == 1
    assert "cannot reach the persona's gateway at ws://127.0.0.1:9/ws" in capsys.readouterr().err
