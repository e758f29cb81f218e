"""`persona live --twitch` against a local server speaking Twitch's IRC-over-websocket wire format."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import pytest
from websockets.asyncio.server import serve
from websockets.http11 import Response

from agent.assemble import assemble_agent
from agent.events import Comment, Raid, Subscription, Superchat
from connectors.app import AppOptions
from connectors.cli import main as cli_main
from connectors.errors import LiveRefused
from connectors.gateway import Gateway, GatewayConfig
from connectors.live.convert import to_event
from connectors.live.forward import ForwardStats, forward
from connectors.live.twitch import twitch_events
from connectors.livestream import TriagedAgent
from connectors.livestream.audience import AudienceEvent
from tests.connectors.live.irc_server import IrcServer, cheer, irc_server, privmsg, raid, resub


def _no_wait(_: bool) -> float:
    return 0.01


async def _take(source: AsyncIterator[AudienceEvent], n: int, within: float = 20.0) -> list[AudienceEvent]:
    out: list[AudienceEvent] = []

    async def read() -> None:
        async for ev in source:
            out.append(ev)
            if len(out) >= n:
                return

    await asyncio.wait_for(read(), within)
    return out


async def test_reads_every_line_across_a_reconnect_and_answers_ping() -> None:
    lines = [privmsg("{chan}", i) for i in range(300)] + [
        raid("{chan}", "AlpineCam", 120),
        resub("{chan}"),
        cheer("{chan}"),
    ]
    async with irc_server(IrcServer(lines, drop_after=120)) as server:
        source = twitch_events("Winter", url=server.url, nick="justinfan1", token=None, backoff=_no_wait)
        events = await _take(source, 303)
    assert server.connections == 2, "the dropped connection was re-opened"
    assert server.pongs >= 1 and "JOIN #winter" in server.received
    comments = [e for e in events if e.kind == "comment"]
    assert [e.text for e in comments[:300]] == [f"message number {i} about the race" for i in range(300)]
    assert not any(e.user_id == "justinfan1" for e in events), "our own JOIN echo is not an entrance"
    converted = [to_event(e) for e in events[300:]]
    assert (
        isinstance(converted[0], Raid) and converted[0].from_ == "AlpineCam" and converted[0].viewers == 120
    )
    assert isinstance(converted[1], Subscription) and converted[1].months == 6 and converted[1].tier == "1000"
    assert (
        isinstance(converted[2], Superchat) and converted[2].amount == 1.0 and "who won" in converted[2].text
    )
    assert all(isinstance(to_event(e), Comment) for e in comments)


async def test_a_refused_login_is_a_clear_error_not_a_retry_loop() -> None:
    async with irc_server(IrcServer([], valid_token="good")) as server:
        source = twitch_events("winter", url=server.url, nick="me", token="oauth:bad", backoff=_no_wait)
        with pytest.raises(LiveRefused, match="Login authentication failed"):
            await _take(source, 1, within=10)
    assert server.connections == 1


async def test_an_http_refusal_is_a_clear_error() -> None:
    def forbid(connection: object, request: object) -> Response:
        return connection.respond(403, "no\n")  # type: ignore[attr-defined, no-any-return]

    async with serve(lambda ws: ws.close(), "127.0.0.1", 0, process_request=forbid) as server:
        port = next(iter(server.sockets)).getsockname()[1]
        source = twitch_events(
            "winter", url=f"ws://127.0.0.1:{port}", nick="me", token=None, backoff=_no_wait
        )
        with pytest.raises(LiveRefused, match="HTTP 403"):
            await _take(source, 1, within=10)


async def test_the_command_exits_with_the_refusal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PERSONA_TWITCH_TOKEN", "bad")
    monkeypatch.setenv("PERSONA_TWITCH_NICK", "me")
    async with irc_server(IrcServer([], valid_token="good")) as server:
        gateway, front = await _gateway()
        try:
            argv = ["live", "--twitch", "winter", "--twitch-url", server.url, "--gateway", gateway.ws_url]
            code = await asyncio.to_thread(cli_main, argv)
        finally:
            await _stop(gateway, front)
    assert code == 1
    assert "Twitch refused the login as 'me'" in capsys.readouterr().err


async def _gateway() -> tuple[Gateway, TriagedAgent]:
    agent = assemble_agent(AppOptions(stages="basic"))
    front = TriagedAgent(agent)
    gateway = Gateway(front, GatewayConfig(port=0, rate_per_s=1e6, burst=1e6))
    await agent.warm_up()
    agent.start()
    front.start()
    await gateway.start()
    return gateway, front


async def _stop(gateway: Gateway, front: TriagedAgent) -> None:
    await front.stop()
    await front.agent.stop()  # type: ignore[attr-defined]
    await gateway.close()


async def test_a_thousand_messages_are_every_one_accounted_for_by_triage() -> None:
    n = 1000
    lines = [privmsg("{chan}", i) for i in range(n)]
    gateway, front = await _gateway()
    stats = ForwardStats()
    try:
        async with irc_server(IrcServer(lines, drop_after=400)) as server:
            source = twitch_events("winter", url=server.url, nick="justinfan1", token=None, backoff=_no_wait)
            task = asyncio.create_task(forward(gateway.ws_url, [source], rate=0, stats=stats))
            for _ in range(1200):  # at most 60 s
                if front.triage.stats().offered >= n:
                    break
                await asyncio.sleep(0.05)
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
    finally:
        await _stop(gateway, front)
    triage = front.triage.stats()
    assert stats.received == n and stats.sent == n and not stats.gateway_errors
    assert triage.offered == n and triage.offered_by_kind["comment"] == n
    assert triage.accounted(), triage.as_dict()
    assert triage.delivered_events + triage.pending_events + triage.dropped_total == n
