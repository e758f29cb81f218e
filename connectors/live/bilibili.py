"""Bilibili live danmaku over its websocket (``wss://broadcastlv.chat.bilibili.com/sub``), with reconnect.

The wire: binary packets, each a 16-byte big-endian header (packet length, header length 16, protocol
version, operation, sequence) and a body. The client sends the auth packet (operation 7, a JSON body with
the room id and ``protover`` 3, so message bodies come brotli-compressed, as the web client asks; 2 asks for
zlib) and a heartbeat (operation 2) every 30 s; the server answers auth with operation 8 (``{"code": 0}``, or
a refusal), heartbeats with operation 3 (the popularity count), and sends commands as operation 5, several
packets inflated from one brotli body (version 3) or zlib body (version 2); a plain one (version 0) too.
Commands go through the project's Bilibili parser (DANMU_MSG, SEND_GIFT, SUPER_CHAT_MESSAGE, GUARD_BUY,
INTERACT_WORD). Real rooms ask for a ``key`` from the getDanmuInfo API: give it (and the uid it
belongs to) in ``PERSONA_BILIBILI_KEY`` / ``PERSONA_BILIBILI_UID``; without one the server may refuse.
A refused auth raises ``LiveRefused``; a dropped connection reconnects after a backoff.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import struct
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

from connectors.errors import LiveRefused, ParseError
from connectors.live.twitch import backoff_delays, connection_failures
from connectors.livestream.audience import AudienceEvent
from connectors.livestream.parsers import decode_bilibili_packets, parse_bilibili

log = logging.getLogger(__name__)

BILIBILI_WS_URL = "wss://broadcastlv.chat.bilibili.com/sub"
HEADER = struct.Struct(">IHHII")  # packet length, header length, protocol version, operation, sequence
OP_HEARTBEAT, OP_HEARTBEAT_REPLY, OP_MESSAGE, OP_AUTH, OP_AUTH_REPLY = 2, 3, 5, 7, 8


def packet(op: int, body: bytes, version: int = 1, seq: int = 1) -> bytes:
    return HEADER.pack(HEADER.size + len(body), HEADER.size, version, op, seq) + body


def auth_packet(room: int, uid: int = 0, key: str | None = None, protover: int = 3) -> bytes:
    """``protover`` 3: the server sends brotli bodies (version 3); 2: zlib bodies (version 2)."""
    if protover not in (2, 3):
        raise ValueError(f"Bilibili protover is 2 (zlib) or 3 (brotli), not {protover}")
    body: dict[str, Any] = {"uid": uid, "roomid": room, "protover": protover, "platform": "web", "type": 2}
    if key:
        body["key"] = key
    return packet(OP_AUTH, json.dumps(body).encode())


def operations(data: bytes) -> list[tuple[int, bytes]]:
    """The (operation, body) of each top-level packet of a frame (compressed bodies left as they are)."""
    out: list[tuple[int, bytes]] = []
    offset = 0
    while offset + HEADER.size <= len(data):
        length, header_len, _, op, _ = HEADER.unpack_from(data, offset)
        if header_len < HEADER.size or length < header_len or offset + length > len(data):
            raise ParseError("truncated Bilibili packet")
        out.append((op, data[offset + header_len : offset + length]))
        offset += length
    return out


async def bilibili_events(
    room: str | int,
    *,
    url: str = BILIBILI_WS_URL,
    uid: int | None = None,
    key: str | None = None,
    heartbeat_s: float = 30.0,
    backoff: Callable[[bool], float] | None = None,
    max_connects: int | None = None,
    open_timeout: float = 10.0,
    protover: int = 3,
) -> AsyncIterator[AudienceEvent]:
    """Every audience event of the room, across reconnects, until cancelled (or ``max_connects`` ended)."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    try:
        room_id = int(str(room).strip())
    except ValueError as exc:
        raise LiveRefused(f"a Bilibili room is a number, not {room!r}") from exc
    if key is None:
        key = os.environ.get("PERSONA_BILIBILI_KEY") or None
    if uid is None:
        uid = int(os.environ.get("PERSONA_BILIBILI_UID") or 0)
    auth = auth_packet(room_id, uid, key, protover)
    delay = backoff or backoff_delays()
    connects = 0
    while max_connects is None or connects < max_connects:
        connects += 1
        delivered = False
        with connection_failures("Bilibili", url):
            async with connect(url, open_timeout=open_timeout, max_size=2**22) as ws:
                await ws.send(auth)

                async def beat(ws: Any = ws) -> None:
                    while True:
                        await ws.send(packet(OP_HEARTBEAT, b"[object Object]"))
                        await asyncio.sleep(heartbeat_s)

                beating: asyncio.Task[None] | None = None
                try:
                    async for frame in ws:
                        data = frame if isinstance(frame, bytes) else frame.encode()
                        try:
                            ops = operations(data)
                        except ParseError as exc:
                            log.warning("skipping a Bilibili frame that does not parse: %s", exc)
                            continue
                        for op, body in ops:
                            if op == OP_AUTH_REPLY:
                                code = _auth_code(body)
                                if code != 0:
                                    raise LiveRefused(f"Bilibili refused to join room {room_id}: code {code}")
                                delivered = True
                                beating = beating or asyncio.create_task(beat())
                        try:
                            commands = decode_bilibili_packets(data)
                        except (ParseError, ValueError) as exc:
                            log.warning("skipping a Bilibili frame that does not decode: %s", exc)
                            continue
                        now = time.time()
                        for command in commands:
                            delivered = True
                            try:
                                events = parse_bilibili(command, now, room=str(room_id))
                            except ParseError as exc:
                                log.warning("skipping a Bilibili command that does not parse: %s", exc)
                                continue
                            for ev in events:
                                yield ev
                finally:
                    if beating is not None:
                        beating.cancel()
                        with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                            await beating
        if max_connects is not None and connects >= max_connects:
            return
        wait = delay(delivered)
        log.info("reconnecting to Bilibili room %s in %.1f s", room_id, wait)
        await asyncio.sleep(wait)


def _auth_code(body: bytes) -> int:
    try:
        reply = json.loads(body)
    except ValueError:
        return -1
    return int(reply.get("code", -1)) if isinstance(reply, dict) else -1
