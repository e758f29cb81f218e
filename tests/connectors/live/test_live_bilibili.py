"""`persona live --bilibili` against a local server speaking Bilibili's binary danmaku protocol."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import AsyncIterator

import brotli
import pytest

from agent.events import Comment, Entrance, Follow, Gift, Membership, Superchat
from connectors.errors import LiveRefused
from connectors.live.bilibili import bilibili_events
from connectors.live.convert import to_event
from connectors.livestream.audience import AudienceEvent
from tests.connectors.live.bili_server import HEADER, BiliServer, bili_server, fixture_commands


async def _take(source: AsyncIterator[AudienceEvent], n: int, within: float = 20.0) -> list[AudienceEvent]:
    out: list[AudienceEvent] = []

    async def read() -> None:
        async for ev in source:
            out.append(ev)
            if len(out) >= n:
                return

    await asyncio.wait_for(read(), within)
    return out


async def test_brotli_frames_of_every_command_kind_become_v11_events() -> None:
    """The client asks for protover 3, as Bilibili's web client does; the server sends brotli bodies."""
    commands = fixture_commands()
    danmaku = [c for c in commands if c["cmd"].startswith("DANMU_MSG")][0]
    many = [
        {
            **danmaku,
            "info": [danmaku["info"][0], f"弹幕 {i}", [1000 + i, f"观众{i}", *danmaku["info"][2][2:]]],
        }
        for i in range(200)
    ]
    async with bili_server(BiliServer(commands + many, key="k1", per_frame=7)) as server:
        source = bilibili_events(21452505, url=server.url, key="k1", uid=7, heartbeat_s=0.05)
        events = await _take(source, 8 + 200)
        await asyncio.sleep(0.15)
    assert server.auths[0] == {
        "uid": 7,
        "roomid": 21452505,
        "protover": 3,
        "platform": "web",
        "type": 2,
        "key": "k1",
    }
    assert server.heartbeats >= 1
    assert set(server.frames_sent) == {3}  # header version 3: brotli bodies, in the real framing
    converted = [to_event(e) for e in events]
    kinds = [type(e) for e in converted[:8]]
    assert kinds.count(Comment) == 2 and kinds.count(Gift) == 2
    assert Entrance in kinds and Follow in kinds and Superchat in kinds and Membership in kinds
    sc = next(e for e in converted if isinstance(e, Superchat))
    assert sc.text == "请问下一场比赛几点开始？" and sc.currency == "CNY" and sc.amount == 30
    assert [e.text for e in converted[-200:] if isinstance(e, Comment)] == [f"弹幕 {i}" for i in range(200)]
    assert all(e.channel == "21452505" and e.platform == "bilibili" for e in converted)
    assert next(e for e in converted if isinstance(e, Membership)).tier == "captain"


async def test_a_refused_auth_is_a_clear_error() -> None:
    async with bili_server(BiliServer([], key="right")) as server:
        source = bilibili_events(21452505, url=server.url, key="wrong", backoff=lambda _: 0.01)
        with pytest.raises(LiveRefused, match="code -101"):
            await _take(source, 1, within=10)


async def test_a_room_must_be_a_number() -> None:
    with pytest.raises(LiveRefused, match="room is a number"):
        await _take(bilibili_events("winter", url="ws://127.0.0.1:9"), 1)


async def test_zlib_frames_when_the_client_asks_for_protover_2() -> None:
    commands = [c for c in fixture_commands() if c["cmd"].startswith("DANMU_MSG")]
    async with bili_server(BiliServer(commands, per_frame=1)) as server:
        events = await _take(bilibili_events(21452505, url=server.url, protover=2), len(commands))
    assert server.auths[0]["protover"] == 2 and set(server.frames_sent) == {2}
    assert [to_event(e).text for e in events] == [c["info"][1] for c in commands]  # type: ignore[union-attr]


def _frame(version: int, body: bytes) -> bytes:
    return HEADER.pack(HEADER.size + len(body), HEADER.size, version, 5, 1) + body


async def test_broken_frames_are_skipped_and_the_room_keeps_coming() -> None:
    """A zero-length packet (once an endless loop), a brotli bomb, a truncated brotli body and a body that
    is not zlib are each skipped with a warning; the commands after them arrive."""
    inner = _frame(0, b'{"cmd": "DANMU_MSG"}')
    bomb = brotli.compress(b"\0" * (17 * 2**20), quality=1)
    broken = [
        HEADER.pack(0, 0, 0, 5, 1) + b"0123456789",
        _frame(3, bomb),
        _frame(3, brotli.compress(inner)[:-4]),
        _frame(2, b"not zlib at all"),
        _frame(0, b"{}") + struct.pack(">I", 99),  # trailing bytes shorter than a header: ignored
    ]
    commands = [c for c in fixture_commands() if c["cmd"].startswith("DANMU_MSG")]
    async with bili_server(BiliServer(commands, extra_frames=broken)) as server:
        events = await _take(bilibili_events(21452505, url=server.url), len(commands), within=10)
    assert [to_event(e).text for e in events] == [c["info"][1] for c in commands]  # type: ignore[union-attr]
