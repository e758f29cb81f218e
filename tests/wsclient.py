"""A small real websocket client for tests: sends protocol events, waits for typed output."""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

from agent.events import Hello, dumps


class WsClient:
    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.received: list[dict[str, Any]] = []

    @classmethod
    async def open(cls, url: str, role: str = "source", rcvbuf: int | None = None, **hello: Any) -> WsClient:
        """Connect and say hello. ``rcvbuf`` shrinks the socket's receive buffer (to play a slow client)."""
        sock = None
        if rcvbuf is not None:
            host, port = url.split("//", 1)[1].split("/", 1)[0].rsplit(":", 1)
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
            sock.connect((host, int(port)))
            sock.setblocking(False)
        ws = await connect(url, max_size=None, sock=sock, max_queue=4)
        client = cls(ws)
        await client.send(Hello(role=role, **hello))  # type: ignore[arg-type]
        return client

    async def send(self, event: Any) -> None:
        await self.ws.send(event if isinstance(event, str | bytes) else dumps(event))

    async def recv(self, within: float = 10.0) -> dict[str, Any]:
        raw = await asyncio.wait_for(self.ws.recv(), within)
        message: dict[str, Any] = json.loads(raw)
        self.received.append(message)
        return message

    async def expect(self, kind: str, within: float = 10.0, **match: Any) -> dict[str, Any]:
        """Read until a message of this type (and matching fields) arrives."""
        deadline = asyncio.get_running_loop().time() + within
        while True:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                raise TimeoutError(
                    f"no {kind} {match} within {within}s; got {[m['type'] for m in self.received]}"
                )
            message = await self.recv(left)
            if message["type"] == kind and all(message.get(k) == v for k, v in match.items()):
                return message

    async def close(self) -> None:
        await self.ws.close()

    async def __aenter__(self) -> WsClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
