"""A `persona worker`: one PersonaAgent fed from the persona's input streams through a consumer group.

Each worker is one consumer of group ``workers`` on every ``persona:{NAME}:in:{CHANNEL}`` stream (channels
are discovered from the ``channels`` set, once a second). It takes one input at a time, runs the agent's turn
on it (``PersonaAgent.submit``, the turn `persona serve` runs) and streams what the turn publishes to the
output stream as it is published (connectors/bus/output.py): renderers get the first sentence while the
rest is composed. The turn's last output and the input's acknowledgement go in one script call; an input
answered already (its ``done`` key exists) or being answered by another worker is only acknowledged.

Inputs left pending by a dead worker are claimed with XAUTOCLAIM once idle ``claim_idle_ms`` (default 30 s;
a worker's output calls re-claim its input for itself, and a turn that produces nothing for a third of that
sends an empty call, so a live turn is not claimed however long it runs). The claiming worker takes the
turn over: it closes what the dead worker left half-said and continues the answer after the utterances
renderers already have, exactly once as they see it. Control ``interrupt``/``pause``/``resume`` arrive on
the control stream, which every worker reads.

Redis away or restarted: reads, claims and output calls back off and retry (logged); consumer groups lost
with a restarted Redis are created again. Output produced while Redis was away goes out when it is back.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError
from redis.exceptions import ResponseError

from agent.events import (
    Comment,
    Control,
    Error,
    Gift,
    InputEvent,
    Message,
    Question,
    ServerEventModel,
    parse_client_event,
)
from connectors.bus.keys import GROUP, BusSettings, Keys
from connectors.bus.output import DUPLICATE, LOST, OutputIds, Takeover, TurnOutput
from connectors.bus.redis_streams import FORGET_LUA, TRANSIENT, Backoff, connect, register_scripts, retrying

log = logging.getLogger(__name__)


Out = Callable[[ServerEventModel], None]


class Turns(Protocol):
    async def run(self, item: InputEvent | Control, out: Out) -> None:
        """Run one turn for ``item``, handing ``out`` every event it publishes, in order, as it does."""
        ...

    def cancel(self) -> None:
        """Stop the turn in progress (this worker no longer owns it)."""
        ...


class AgentTurns:
    """One turn at a time through a started PersonaAgent: submit, hand on its output, wait for the turn's end.

    The agent must run with ``idle_tick_s=None`` (no turn of its own between inputs). A worker runs it
    ``realtime=False`` by default (renderers pace by ``t_ms``; pacing here would only hold output back)."""

    def __init__(self, agent: Any) -> None:
        self.agent = agent
        self._out: Out | None = None
        self._changed = asyncio.Event()
        agent.bus.subscribe(self._forward)
        agent.state_hooks.append(self._changed.set)

    def _forward(self, event: ServerEventModel) -> None:
        if self._out is not None:
            self._out(event)

    async def run(self, item: InputEvent | Control, out: Out) -> None:
        mark = self.agent.turns_done
        self._out = out
        try:
            if isinstance(item, Control):
                self.agent.control(item)
            elif not self.agent.submit(item):
                raise RuntimeError("the agent's queue is full: a worker feeds it one input at a time")
            while self.agent.turns_done <= mark:
                await self._changed.wait()
                self._changed.clear()
        finally:
            self._out = None

    def cancel(self) -> None:
        self.agent.interrupt()


@dataclass
class WorkerStats:
    turns: int = 0
    duplicates: int = 0  # inputs acknowledged without a turn (answered before, or being answered)
    taken_over: int = 0  # turns continued from a dead worker's partial output
    lost: int = 0  # turns this worker stopped: another worker had taken them over
    forgotten: int = 0  # idle consumers with nothing pending removed from the group
    claimed: int = 0
    unreadable: int = 0


class Worker:
    def __init__(
        self,
        url: str,
        persona: str,
        turns: Turns,
        settings: BusSettings | None = None,
        name: str | None = None,
        on_control: Callable[[Control], None] | None = None,
    ) -> None:
        self.url = url
        self.keys = Keys(persona)
        self.turns = turns
        self.settings = settings or BusSettings()
        self.name = name or f"{socket.gethostname()}-{os.getpid()}"
        self.on_control = on_control
        self.stats = WorkerStats()
        self._channels: set[str] = set()
        self._redis: Any = None

    async def run(self) -> None:
        """Serve until cancelled. Raises BusUnavailable (naming the URL) if Redis is not there at start."""
        redis = self._redis = await connect(self.url)
        _, self._emit, self._begin = register_scripts(redis)
        self._forget = redis.register_script(FORGET_LUA)
        control = asyncio.create_task(self._control_loop(), name="worker-control")
        backoff = Backoff(f"worker {self.name}", self.url, self.settings.backoff_max_s)
        refreshed = claimed = forgotten = 0.0
        claim_every = min(5.0, max(0.1, self.settings.claim_idle_ms / 2000))
        forget_every = min(30.0, max(0.1, self.settings.consumer_idle_ms / 2000))
        try:
            while True:
                now = time.monotonic()
                try:
                    if now - refreshed >= 1.0 or not self._channels:
                        await self._refresh_channels()
                        refreshed = now
                    if not self._channels:
                        await asyncio.sleep(self.settings.block_ms / 1000)
                        continue
                    entries, claimed_now = [], True
                    if now - forgotten >= forget_every:
                        await self._forget_consumers()
                        forgotten = now
                    if now - claimed >= claim_every:
                        entries = await self._claim()
                        claimed = now
                    if not entries:
                        entries, claimed_now = await self._read(), False
                    backoff.ok()
                except ResponseError as exc:
                    if "NOGROUP" not in str(exc):  # a refusal (out of memory, ...): log, wait, try again
                        log.error("worker %s: Redis refused a read: %s", self.name, exc)
                        await backoff.failed(exc)
                        continue
                    log.warning(
                        "worker %s: consumer group gone (Redis restarted?); creating it again", self.name
                    )
                    self._channels.clear()
                    continue
                except TRANSIENT as exc:
                    await backoff.failed(exc)
                    continue
                for stream, entry_id, fields in entries:
                    await self._handle(stream, entry_id, fields, claimed_now)
        finally:
            control.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await control
            await redis.aclose()

    # ------------------------------------------------------------------ reading

    async def _refresh_channels(self) -> None:
        assert self._redis is not None
        channels = set(await self._redis.smembers(self.keys.channels))
        for channel in channels - self._channels:
            try:
                await self._redis.xgroup_create(self.keys.input(channel), GROUP, id="0", mkstream=True)
            except ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise
        self._channels = channels

    async def _read(self) -> list[tuple[str, str, dict[str, str]]]:
        assert self._redis is not None
        streams = {self.keys.input(c): ">" for c in sorted(self._channels)}
        reply = await self._redis.xreadgroup(GROUP, self.name, streams, count=1, block=self.settings.block_ms)
        return [(stream, entry_id, fields) for stream, entries in reply or [] for entry_id, fields in entries]

    async def _claim(self) -> list[tuple[str, str, dict[str, str]]]:
        """Inputs pending on a consumer (a dead worker) for longer than ``claim_idle_ms`` become ours."""
        assert self._redis is not None
        out = []
        for channel in sorted(self._channels):
            stream = self.keys.input(channel)
            reply = await self._redis.xautoclaim(
                stream, GROUP, self.name, self.settings.claim_idle_ms, start_id="0-0", count=8
            )
            for entry_id, fields in reply[1]:
                if fields:
                    out.append((stream, entry_id, fields))
        if out:
            self.stats.claimed += len(out)
            log.warning("worker %s claimed %d input(s) left pending by another worker", self.name, len(out))
        return out

    async def _forget_consumers(self) -> None:
        """Consumers (dead workers) idle ``consumer_idle_ms`` with nothing pending leave the group."""
        assert self._redis is not None
        for channel in sorted(self._channels):
            gone = await self._forget(
                keys=[self.keys.input(channel)], args=[GROUP, self.settings.consumer_idle_ms, self.name]
            )
            if gone:
                self.stats.forgotten += len(gone)
                log.warning(
                    "worker %s: removed idle consumer(s) %s from %s", self.name, ", ".join(gone), channel
                )

    # ------------------------------------------------------------------ one input

    async def _handle(self, stream: str, entry_id: str, fields: dict[str, str], claimed: bool) -> None:
        """Run the turn, streaming its output. ``claimed``: taken from a dead worker, whose output for it may
        be on the stream already (``begin`` takes the turn over and says how far it got)."""
        assert self._redis is not None
        backoff = Backoff(f"worker {self.name} output", self.url, self.settings.backoff_max_s)
        try:
            item = parse_client_event(fields["e"])
            if not isinstance(item, Comment | Gift | Message | Question | Control):
                raise ValueError(f"{item.type} is not an input")
        except (KeyError, ValueError, ValidationError) as exc:
            self.stats.unreadable += 1
            log.error("worker %s: unreadable input %s in %s dropped: %s", self.name, entry_id, stream, exc)
            await retrying(backoff, lambda: self._drop(stream, entry_id))
            return
        turn, done = self.keys.turn(item.id), self.keys.done(item.id)
        takeover = None
        if claimed:
            try:
                state = await retrying(
                    backoff,
                    lambda: self._begin(
                        keys=[turn, done, stream], args=[self.name, GROUP, entry_id, self.settings.turn_ttl_s]
                    ),
                )
            except ResponseError as exc:  # refused (out of memory, ...): left pending, claimed later
                log.error("worker %s: Redis refused to hand over %s: %s", self.name, item.id, exc)
                return
            if state == "done":
                self.stats.duplicates += 1
                return
            takeover = Takeover.from_hash(state)
            if takeover.written:
                self.stats.taken_over += 1
        cfg = self.settings
        ids = OutputIds(self.name, GROUP, entry_id, item.id, cfg.output_bound, cfg.turn_ttl_s, cfg.done_ttl_s)
        output = TurnOutput(
            self._emit,
            [turn, self.keys.output, stream, done],
            ids,
            backoff,
            fresh=not claimed,
            heartbeat_s=max(0.05, cfg.claim_idle_ms / 3000),
            on_lost=self.turns.cancel,
            takeover=takeover,
        )
        try:
            await self.turns.run(item, output.put)
        except Exception as exc:  # the turn's own failures are published by the agent; this is ours
            log.exception("worker %s: the turn for %s failed", self.name, item.id)
            output.put(Error(code="internal", message=f"the turn failed: {exc}", ref=item.id))
        except BaseException:
            await output.cancel()
            raise
        outcome = await output.finish()
        if outcome == DUPLICATE:
            self.stats.duplicates += 1
        elif outcome == LOST:
            self.stats.lost += 1
            log.warning("worker %s: the turn for %s was taken over by another worker", self.name, item.id)
        elif outcome is not None:
            self.stats.turns += 1

    async def _drop(self, stream: str, entry_id: str) -> None:
        assert self._redis is not None
        async with self._redis.pipeline(transaction=True) as pipe:
            await pipe.xack(stream, GROUP, entry_id)
            await pipe.xdel(stream, entry_id)
            await pipe.execute()

    async def _control_loop(self) -> None:
        """Every worker applies interrupt/pause/resume sent after it started."""
        assert self._redis is not None
        redis = self._redis
        backoff = Backoff(f"worker {self.name} control", self.url, self.settings.backoff_max_s)
        latest = await retrying(backoff, lambda: redis.xrevrange(self.keys.control, count=1))
        last = latest[0][0] if latest else "0-0"
        while True:
            reply = await retrying(
                backoff,
                lambda since=last: redis.xread(  # type: ignore[misc]
                    {self.keys.control: since}, count=16, block=self.settings.block_ms
                ),
            )
            for _stream, entries in reply or []:
                for entry_id, fields in entries:
                    last = entry_id
                    try:
                        event = parse_client_event(fields["e"])
                    except (KeyError, ValueError, ValidationError):
                        continue
                    if isinstance(event, Control) and self.on_control is not None:
                        self.on_control(event)
