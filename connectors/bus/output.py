"""A turn's output on its way from a worker to the output stream: streamed as the turn produces it.

``TurnOutput.put`` (synchronous: the agent's bus calls it) queues an event; one sender task moves what is
queued to Redis in batches through the ``emit`` script (one round trip per batch: what the turn produced
within ``FLUSH_S`` of the batch's first event, or up to the end of a sentence, whichever comes first), in
order, each event with its index ``k`` within the turn. Renderers
see a turn's first sentence while the rest is still being composed. ``finish`` sends what is left with the
``last`` flag: the same script call sets the input's ``done`` key and acknowledges it, so an input is
acknowledged only after its turn's last output is on the stream.

Exactly once as seen by renderers: the ``turn`` hash in Redis says who owns the turn and how far its output
got. A worker that lost the turn (claimed by another while it was stalled) writes nothing more and stops
its turn; a retried call writes nothing twice (an index already written is skipped). A worker that takes
over a dead worker's turn (``Takeover``) first closes the utterances the dead one left open
(``utterance_cancelled``), then runs the turn again and leaves out what renderers already have: the turn's
``behavior`` (and a silent turn's gesture) and the utterances the dead worker finished, counted in order.
The rest of the answer follows under new utterance ids. (A composer that words the answer differently the
second time continues with its own next sentence: the turn is finished once, not reworded.)
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from redis.exceptions import ResponseError

from agent.events import ServerEventModel, UtteranceCancelled, dumps
from connectors.bus.redis_streams import Backoff, retrying

log = logging.getLogger(__name__)

LOST, DUPLICATE = -1, -2  # what the emit script answers when nothing may be written
FLUSH_S = 0.025  # output waits at most this long for more of the turn before it goes out (one round trip)
FLUSH_AT = frozenset({"utterance_finished", "utterance_cancelled", "error"})  # ... or goes out at once


@dataclass
class Takeover:
    """How far a dead worker's output for a turn got (the ``turn`` hash as ``begin`` found it)."""

    written: int = 0  # events on the output stream
    finished: int = 0  # utterances finished, in order
    open: dict[str, str] = field(default_factory=dict)  # utterance id -> turn id, announced and not closed
    kinds: set[str] = field(default_factory=set)  # events outside utterances written (behavior, animation)

    @classmethod
    def from_hash(cls, flat: list[str]) -> Takeover:
        state = dict(zip(flat[::2], flat[1::2], strict=True))
        return cls(
            written=int(state.get("n", 0)),
            finished=int(state.get("fin", 0)),
            open={k[2:]: v for k, v in state.items() if k.startswith("o:")},
            kinds={k[2:] for k in state if k.startswith("x:")},
        )


class Skip:
    """Leaves out of a re-run turn what a dead worker already put on the stream."""

    def __init__(self, takeover: Takeover) -> None:
        self.left = takeover.finished
        self.kinds = set(takeover.kinds)
        self.skipping: set[str] = set()

    def drops(self, event: ServerEventModel) -> bool:
        uid = getattr(event, "utterance_id", None)  # a probe: only the utterance events carry one
        if uid is None:
            if event.type in self.kinds:
                self.kinds.discard(event.type)
                return True
            return False
        if event.type == "speech_act" and self.left > 0:
            self.left -= 1
            self.skipping.add(uid)
        return uid in self.skipping


Emit = Callable[..., Awaitable[Any]]


@dataclass(frozen=True)
class OutputIds:
    """Who writes (``owner``: the worker), for which input, and the bounds the emit script applies."""

    owner: str
    group: str
    entry_id: str  # the input's entry on its input stream
    input_id: str  # the input event's id (``r`` on every output entry)
    output_bound: int
    turn_ttl_s: int
    done_ttl_s: int


class TurnOutput:
    """One input's turn output, streamed in order; ``lost`` once the turn is not this worker's to answer."""

    def __init__(
        self,
        emit: Emit,
        keys: list[str],
        ids: OutputIds,
        backoff: Backoff,
        *,
        fresh: bool,
        heartbeat_s: float,
        on_lost: Callable[[], None],
        flush_s: float = FLUSH_S,
        takeover: Takeover | None = None,
    ) -> None:
        self._emit, self._keys, self._ids, self._backoff = emit, keys, ids, backoff
        self._flags = "f" if fresh else ""
        self._heartbeat_s = heartbeat_s
        self._flush_s = flush_s
        self._flush = False
        self._on_lost = on_lost
        self.k = takeover.written if takeover is not None else 0  # index of the next event to send
        self._skip = Skip(takeover) if takeover is not None and takeover.written else None
        self._queue: list[ServerEventModel] = []
        self._wake = asyncio.Event()
        self._closing = False
        self.outcome: int | None = None  # the last call's answer: events written, LOST or DUPLICATE
        self.lost = False
        if takeover is not None:
            for uid, turn_id in takeover.open.items():  # cut what the dead worker left half-said
                cut = UtteranceCancelled(utterance_id=uid, spoken_text="", turn_id=turn_id or None)
                self._queue.append(cut)
        self._sender = asyncio.create_task(self._send_loop(), name="turn-output")

    def put(self, event: ServerEventModel) -> None:
        if self.lost or self._closing or (self._skip is not None and self._skip.drops(event)):
            return
        self._queue.append(event)
        if event.type in FLUSH_AT:
            self._flush = True
        self._wake.set()

    async def finish(self) -> int | None:
        """Send what is left with the ``last`` flag (done key, XACK); the script's answer (None: refused)."""
        self._closing = True
        self._wake.set()
        with contextlib.suppress(asyncio.CancelledError):
            await self._sender
        return self.outcome

    async def cancel(self) -> None:
        self._sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._sender

    async def _send_loop(self) -> None:
        while not self.lost:
            if not self._queue and not self._closing:
                self._wake.clear()
                try:
                    async with asyncio.timeout(self._heartbeat_s):  # not wait_for (loses a cancel on 3.11)
                        await self._wake.wait()
                except TimeoutError:
                    pass  # nothing produced for a while: an empty call keeps the input ours (XCLAIM)
            await self._hold()
            batch, self._queue = self._queue, []
            last = self._closing
            if not await self._send(batch, last) or last:
                return

    async def _hold(self) -> None:
        """Let the batch fill for up to ``flush_s``, unless a sentence closed or the turn ended: an unpaced
        turn goes out in one call, not one per burst of the turn (each call is a round trip on the way)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._flush_s
        while self._queue and not (self._flush or self._closing):
            left = deadline - loop.time()
            if left <= 0:
                break
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(left):
                    await self._wake.wait()
        self._flush = False

    async def _send(self, batch: list[ServerEventModel], last: bool) -> bool:
        parts: list[Any] = []
        for event in batch:
            uid = getattr(event, "utterance_id", None) or ""  # a probe: only utterance events carry one
            parts += [event.type, uid, event.turn_id or "", dumps(event)]
        ids, flags = self._ids, self._flags + ("l" if last else "")
        args = [ids.owner, self.k, ids.output_bound, ids.group, ids.entry_id, ids.turn_ttl_s, flags]
        args += [ids.input_id, ids.done_ttl_s, *parts]
        try:
            reply = await retrying(self._backoff, lambda: self._emit(keys=self._keys, args=args))
        except ResponseError as exc:  # refused (out of memory, ...): left pending, claimed and tried later
            log.error("turn output refused by Redis: %s", exc)
            self._lose()
            return False
        self._flags = ""
        self.outcome = int(reply)
        if self.outcome < 0:
            self._lose()
            return False
        self.k += len(batch)
        return True

    def _lose(self) -> None:
        self.lost = True
        self._on_lost()
