"""A local Bilibili danmaku websocket speaking the real binary wire format (from the protocol's public
descriptions and the fixture tests/connectors/livestream/fixtures/bilibili_danmaku.jsonl): it reads the auth
packet (operation 7), answers operation 8 (``{"code": 0}``, or -101 for a wrong key), answers heartbeats
(operation 2) with operation 3 and a popularity int, and sends commands as operation 5 in the body the
auth asked for: ``protover`` 3 brotli bodies (version 3), 2 zlib bodies (version 2), several packets
inflated from one body. ``extra_frames`` go out first after the auth reply (broken frames, for the tests)."""

from __future__ import annotations

import contextlib
import json
import struct
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import brotli
from websockets.asyncio.server import ServerConnection, serve

HEADER = struct.Struct(">IHHII")
FIXTURE = Path(__file__).resolve().parents[1] / "livestream" / "fixtures" / "bilibili_danmaku.jsonl"


def fixture_commands() -> list[dict[str, Any]]:
    return [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _packet(op: int, body: bytes, version: int = 0) -> bytes:
    return HEADER.pack(HEADER.size + len(body), HEADER.size, version, op, 1) + body


def _inner(commands: list[dict[str, Any]]) -> bytes:
    return b"".join(_packet(5, json.dumps(c, ensure_ascii=False).encode()) for c in commands)


def zlib_frame(commands: list[dict[str, Any]]) -> bytes:
    return _packet(5, zlib.compress(_inner(commands)), version=2)


def brotli_frame(commands: list[dict[str, Any]]) -> bytes:
    return _packet(5, brotli.compress(_inner(commands)), version=3)


FRAMES: dict[int, Callable[[list[dict[str, Any]]], bytes]] = {2: zlib_frame, 3: brotli_frame}


@dataclass
class BiliServer:
    commands: list[dict[str, Any]]
    key: str | None = None  # None: any auth accepted
    per_frame: int = 10
    url: str = ""
    auths: list[dict[str, Any]] = field(default_factory=list)
    heartbeats: int = 0
    extra_frames: list[bytes] = field(default_factory=list)
    frames_sent: list[int] = field(default_factory=list)  # the body version of each command frame sent

    async def _handler(self, ws: ServerConnection) -> None:
        async for frame in ws:
            assert isinstance(frame, bytes)
            _, header_len, _, op, _ = HEADER.unpack_from(frame, 0)
            body = frame[header_len:]
            if op == 7:
                auth = json.loads(body)
                self.auths.append(auth)
                ok = self.key is None or auth.get("key") == self.key
                await ws.send(_packet(8, json.dumps({"code": 0 if ok else -101}).encode(), version=1))
                if not ok:
                    await ws.close()
                    return
                for extra in self.extra_frames:
                    await ws.send(extra)
                frame_of = FRAMES[int(auth.get("protover", 2))]
                for i in range(0, len(self.commands), self.per_frame):
                    command_frame = frame_of(self.commands[i : i + self.per_frame])
                    self.frames_sent.append(HEADER.unpack_from(command_frame, 0)[2])
                    await ws.send(command_frame)
            elif op == 2:
                self.heartbeats += 1
                await ws.send(_packet(3, struct.pack(">I", 1234), version=1))


@contextlib.asynccontextmanager
async def bili_server(server: BiliServer) -> AsyncIterator[BiliServer]:
    async with serve(server._handler, "127.0.0.1", 0) as ws_server:
        port = next(iter(ws_server.sockets)).getsockname()[1]
        server.url = f"ws://127.0.0.1:{port}/sub"
        yield server
