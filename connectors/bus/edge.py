"""The gateway's end of the Redis bus: what a `persona gateway` process hands its websocket gateway as the
"agent". Input goes to the persona's input streams, output comes back from its output stream; no agent runs.

``submit`` is synchronous (the gateway calls it from its read loop), so it only puts the input on a bounded
local queue; a pump task moves queued inputs to Redis in pipelined batches through the ``enqueue`` script.
What cannot be taken is shed and counted by reason (``EdgeStats.shed``; the Redis ``shed`` hash has the same
reasons for inputs refused there): ``local_full`` when the local queue is full (Redis slow or away; the
client gets ``busy`` at once), ``input_full`` / ``too_many_channels`` when Redis refuses it (the gateway
then puts a ``busy`` error that names the input on the output stream). Renderers that cannot keep up meet
the gateway's own slow-client policy (droppable ``behavior`` events first), as with `persona serve`.
Control ``interrupt``/``pause``/``resume`` go to the
control stream every worker reads; ``say`` is input (one worker speaks it).

Redis away: the pump and the reader back off and retry (logged), the websocket side keeps serving, inputs
wait in the bounded local queue, and output resumes from the last entry read once Redis is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from redis.exceptions import RedisError

from agent.bus import OutputBus
from agent.events import Control, Error, InputEvent, dumps, parse_server_event
from connectors.bus.front import TRIAGED, TriageFront
from connectors.bus.keys import BusSettings, Keys, channel_of
from connectors.bus.redis_streams import Backoff, connect, register_scripts, retrying

log = logging.getLogger(__name__)

READ_BATCH = 512  # output entries per read
SESSION_KINDS = frozenset({"session", "attached"})  # output entries gateways write for each other
NOT_EVENTS = SESSION_KINDS | {
    "end"
}  # output entries that are not events (``end``: a turn's end, by input id)
SessionHook = Callable[[str, str, str], Awaitable[None]]  # (kind, body, entry id)


@dataclass
class EdgeStats:
    enqueued: int = 0
    delivered: int = 0  # output events read from Redis and published to the gateway
    shed: Counter[str] = field(default_factory=Counter)


class RedisEdge:
    """Stands where the agent stands for a Gateway: ``submit``, ``control``, ``bus``."""

    def __init__(
        self,
        url: str,
        persona: str,
        settings: BusSettings | None = None,
        local_queue: int = 4096,
        batch: int = 256,
        triage_window: int | None = None,
    ) -> None:
        """``triage_window``: comments and gifts go through triage (connectors/bus/front.py), at most this
        many of them unanswered at a time; None: straight to Redis."""
        self.url = url
        self.persona_name = persona
        self.keys = Keys(persona)
        self.settings = settings or BusSettings()
        self.bus = OutputBus()
        self.stats = EdgeStats()
        self._queue: asyncio.Queue[InputEvent | Control] = asyncio.Queue(local_queue)
        self._batch = batch
        self._redis: Any = None
        self._tasks: list[asyncio.Task[None]] = []
        self.last_output_id = "$"
        self.on_session_entry: SessionHook | None = None
        self._entries: asyncio.Queue[tuple[str, str]] = asyncio.Queue(10_000)
        self.front = TriageFront(self._take, window=triage_window) if triage_window else None

    async def start(self) -> None:
        """Connect (BusUnavailable naming the URL if Redis is not there) and start the pump and the reader."""
        self._redis = await connect(self.url)
        self._enqueue = register_scripts(self._redis)[0]
        # Output from what is newest now on: renderers see answers to what is sent from here on.
        latest = await self._redis.xrevrange(self.keys.output, count=1)
        self.last_output_id = latest[0][0] if latest else "0-0"
        self._tasks = [
            asyncio.create_task(self._pump(), name="bus-pump"),
            asyncio.create_task(self._read(), name="bus-reader"),
            asyncio.create_task(self._send_entries(), name="bus-sessions"),
        ]
        if self.front is not None:
            self._tasks += [
                asyncio.create_task(self.front.run(), name="bus-triage"),
                asyncio.create_task(self._count_triage(), name="bus-triage-counts"),
            ]

    async def close(self) -> None:
        """Stop the pump and the reader (inputs still queued locally are dropped) and close the client."""
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks = []
        if self._redis is not None:
            await self._redis.aclose()

    # ------------------------------------------------------------------ the agent, as a gateway sees it

    def submit(self, event: InputEvent, *, counted: bool = False) -> bool:
        if self.front is not None and isinstance(event, TRIAGED):
            self.front.offer(event)
            return True  # triage decided (and counted); never "busy", as with `persona serve`
        return self._take(event)

    def _take(self, event: InputEvent | Control) -> bool:
        try:
            self._queue.put_nowait(event)
        except asyncio.QueueFull:
            self.stats.shed["local_full"] += 1
            return False
        return True

    def control(self, event: Control) -> None:
        if not self.submit(event):  # type: ignore[arg-type]
            log.warning("control %s dropped: local queue full", event.action)

    # ------------------------------------------------------------------ tasks

    async def _pump(self) -> None:
        assert self._redis is not None
        backoff = Backoff("gateway pump", self.url, self.settings.backoff_max_s)
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            results = await retrying(backoff, lambda batch=batch: self._send(batch))  # type: ignore[misc]
            refusals: list[Error] = []
            for event, result in zip(batch, results, strict=True):
                if result == "ok":
                    self.stats.enqueued += 1
                    continue
                self.stats.shed[str(result)] += 1
                if self.front is not None:
                    self.front.ended(event.id)
                message = f"the persona's input is full ({result}); try again"
                refusals.append(Error(code="busy", message=message, ref=event.id))
            if refusals:
                await self._refuse(refusals)

    async def _refuse(self, errors: list[Error]) -> None:
        """``busy`` errors go out on the output stream like any output (every gateway numbers the same
        events in the same order, which is what lets a session move between gateways); if Redis refuses
        even that, they go to this gateway's sessions only."""
        try:
            async with self._redis.pipeline(transaction=False) as pipe:
                for error in errors:
                    await pipe.xadd(self.keys.output, {"t": "error", "e": dumps(error)}, **self._trim)
                await pipe.execute()
        except RedisError as exc:
            log.error("gateway: could not write busy errors to the output stream: %s", exc)
            for error in errors:
                self.bus.publish(error)

    async def _count_triage(self) -> None:
        """Triage's drops by reason into the Redis ``shed`` hash (``triage_<reason>``), once a second."""
        assert self.front is not None
        while True:
            await asyncio.sleep(1.0)
            new = self.front.uncounted()
            for reason, n in new.items():
                self.stats.shed[f"triage_{reason}"] += n
            if not new:
                continue
            try:
                async with self._redis.pipeline(transaction=False) as pipe:
                    for reason, n in new.items():
                        await pipe.hincrby(self.keys.shed, f"triage_{reason}", n)
                    await pipe.execute()
            except (RedisError, OSError) as exc:
                log.error("gateway: triage counts not written to Redis: %s", exc)

    def publish_entry(self, kind: str, body: str) -> None:
        """Queue a gateway entry (``session`` / ``attached``) for the output stream; never blocks. They go
        out in order (a session's ``attached`` before its next ``session``), retried while Redis is away."""
        try:
            self._entries.put_nowait((kind, body))
        except asyncio.QueueFull:
            log.error("gateway: %s entry dropped: %d waiting for Redis", kind, self._entries.qsize())

    async def _send_entries(self) -> None:
        backoff = Backoff("gateway sessions", self.url, self.settings.backoff_max_s)
        while True:
            kind, body = await self._entries.get()
            fields = {"t": kind, "e": body}
            await retrying(backoff, lambda f=fields: self._redis.xadd(self.keys.output, f, **self._trim))  # type: ignore[misc]

    # ------------------------------------------------------------------ sessions kept in Redis (roaming.py)

    CHECKPOINTS = 8  # kept per session, newest first

    async def save_checkpoints(self, items: list[tuple[str, str]], ttl_s: float) -> None:
        """Push each (session id, checkpoint) onto the session's list (the last ``CHECKPOINTS``, TTL)."""
        async with self._redis.pipeline(transaction=False) as pipe:
            for sid, body in items:
                key = self.keys.session(sid)
                await pipe.lpush(key, body)
                await pipe.ltrim(key, 0, self.CHECKPOINTS - 1)
                await pipe.expire(key, max(1, int(ttl_s)))
            await pipe.execute()

    async def load_checkpoints(self, sid: str) -> list[str]:
        """A session's checkpoints, newest first ([] when it has none or they expired)."""
        return list(await self._redis.lrange(self.keys.session(sid), 0, -1))

    async def output_after(self, after: str, count: int) -> list[tuple[str, dict[str, str]]]:
        """Output entries after ``after`` (exclusive), oldest first, at most ``count``."""
        return list(await self._redis.xrange(self.keys.output, min=f"({after}", count=count))

    @property
    def _trim(self) -> dict[str, Any]:
        return {"maxlen": self.settings.output_bound, "approximate": True}

    async def _send(self, batch: list[InputEvent | Control]) -> list[Any]:
        assert self._redis is not None
        async with self._redis.pipeline(transaction=False) as pipe:
            for event in batch:
                body = dumps(event)
                if isinstance(event, Control) and event.action != "say":
                    await pipe.xadd(self.keys.control, {"e": body}, maxlen=1000, approximate=True)
                    continue
                channel = "operator" if isinstance(event, Control) else channel_of(event)
                await self._enqueue(
                    keys=[self.keys.input(channel), self.keys.channels, self.keys.shed],
                    args=[self.settings.input_bound, channel, body, self.settings.max_channels],
                    client=pipe,
                )
            replies = await pipe.execute(raise_on_error=False)
        # A control XADD answers with the entry's id; the enqueue script with "ok" or the reason it shed.
        out: list[Any] = []
        for event, reply in zip(batch, replies, strict=True):
            if isinstance(reply, Exception):  # Redis refused the command itself (out of memory, ...)
                log.error("gateway: Redis refused input %s: %s", event.id, reply)
                out.append("redis_error")
            else:
                out.append("ok" if isinstance(event, Control) and event.action != "say" else reply)
        return out

    async def _read(self) -> None:
        assert self._redis is not None
        redis = self._redis
        backoff = Backoff("gateway reader", self.url, self.settings.backoff_max_s)
        while True:
            reply = await retrying(
                backoff,
                lambda: redis.xread(
                    {self.keys.output: self.last_output_id}, count=READ_BATCH, block=self.settings.block_ms
                ),
            )
            for _stream, entries in reply or []:
                for entry_id, fields in entries:
                    self.last_output_id = entry_id
                    kind = fields.get("t", "")
                    if kind == "end":
                        if self.front is not None:
                            self.front.ended(fields.get("r", ""))
                        continue
                    if kind in SESSION_KINDS:  # gateways' own entries (sessions moving between gateways)
                        if self.on_session_entry is not None:
                            await self.on_session_entry(kind, fields["e"], entry_id)
                        continue
                    try:
                        event = parse_server_event(fields["e"])
                    except (KeyError, ValueError) as exc:
                        log.error("unreadable output entry %s skipped: %s", entry_id, exc)
                        continue
                    self.stats.delivered += 1
                    self.bus.publish(event)
