"""Send live platform events to a running persona's gateway as a ``source`` client.

The gateway allows a source ``rate_per_s`` messages a second (20 by default, burst 40): ``forward`` paces
itself to ``rate`` so no message is refused for flooding; a chat faster than that waits in a bounded queue
(the oldest comments are dropped first when it is full, and counted). The gateway's triage then decides what
is answered; ``persona live`` only carries.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from agent.events import Hello, InputEvent, dumps
from connectors.errors import LiveRefused
from connectors.live.convert import to_event
from connectors.livestream.audience import AudienceEvent

log = logging.getLogger(__name__)


@dataclass
class ForwardStats:
    received: int = 0  # events read from the platforms
    sent: int = 0  # events sent to the gateway
    by_type: Counter[str] = field(default_factory=Counter)
    dropped_queue_full: int = 0
    gateway_errors: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "sent": self.sent,
            "by_type": dict(self.by_type),
            "dropped_queue_full": self.dropped_queue_full,
            "gateway_errors": dict(self.gateway_errors),
        }


async def forward(
    gateway_url: str,
    sources: list[AsyncIterator[AudienceEvent]],
    *,
    token: str | None = None,
    rate: float = 18.0,
    max_queue: int = 2000,
    stats: ForwardStats | None = None,
) -> ForwardStats:
    """Read every source until all end (or the task is cancelled), sending each event to the gateway.
    Raises ``LiveRefused`` when the gateway refuses the hello (token, role)."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed, InvalidStatus

    stats = stats or ForwardStats()
    queue: asyncio.Queue[InputEvent | None] = asyncio.Queue()
    try:
        ws = await connect(gateway_url, max_size=2**22)
    except (OSError, InvalidStatus) as exc:
        raise LiveRefused(f"cannot reach the persona's gateway at {gateway_url}: {exc}") from exc
    async with ws:
        await ws.send(dumps(Hello(role="source", token=token, subscribe=["error"])))
        first = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if first.get("type") != "welcome":
            raise LiveRefused(
                f"the gateway refused persona live: {first.get('code')}: {first.get('message')}"
            )

        async def read(source: AsyncIterator[AudienceEvent]) -> None:
            async for ev in source:
                stats.received += 1
                if queue.qsize() >= max_queue:
                    queue.get_nowait()
                    stats.dropped_queue_full += 1
                queue.put_nowait(to_event(ev))

        async def errors() -> None:
            with contextlib.suppress(ConnectionClosed):
                async for raw in ws:
                    message = json.loads(raw)
                    if message.get("type") == "error":
                        stats.gateway_errors[message.get("code", "?")] += 1
                        log.warning("gateway: %s %s", message.get("code"), message.get("message"))

        async def readers() -> None:
            try:
                await asyncio.gather(*(read(s) for s in sources))
            finally:
                queue.put_nowait(None)

        reading = asyncio.create_task(readers())
        listening = asyncio.create_task(errors())
        interval = 1.0 / rate if rate > 0 else 0.0
        loop = asyncio.get_running_loop()
        next_at = loop.time()
        try:
            while (event := await queue.get()) is not None:
                wait = next_at - loop.time()
                if wait > 0:
                    await asyncio.sleep(wait)
                next_at = max(next_at, loop.time() - 1.0) + interval  # a second of credit at most
                await ws.send(dumps(event))
                stats.sent += 1
                stats.by_type[event.type] += 1
            await reading  # a source's own error (LiveRefused) surfaces here
        finally:
            reading.cancel()
            listening.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await listening
    return stats
