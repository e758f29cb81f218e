"""Sessions that move between gateways: a renderer resumes through any gateway of the persona.

Every gateway reads the same output stream in the same order, and a detached session numbers only what that
stream carries (every output, and the gateways' ``busy`` errors, go through it). So a detached session's
numbering can be carried on by any gateway that knows where it stood:

* when a renderer disconnects, its gateway writes a ``session`` entry on the output stream: the session's
  id, filter, ``seq``, the frames its replay still holds, the utterances it has open, and the id of the last
  output entry it had numbered;
* every gateway, reaching that entry in the stream, installs the session as a detached one: the frames for
  replay, then the output entries that came between "last numbered" and the entry itself (it kept them), so
  its copy stands exactly where the first gateway's does, and numbers what follows the same way;
* when a renderer attaches (new or resumed) to a gateway, that gateway writes an ``attached`` entry: the
  others drop their copies, which would drift from then on (welcome, pongs and errors are the attached
  gateway's own). One that resumes right after a disconnect, before the other gateway has read the
  ``session`` entry, may have to try again.

A gateway that dies writes no ``session`` entry, so the gateway that owns a session also keeps it in Redis:
every ``CHECKPOINT_EVERY_S``, for each of its sessions whose numbering moved and whose send queue is empty
(everything admitted is numbered), it pushes a checkpoint on the session's list (``...:session:{ID}``, the
last 8, expiring ``session_ttl_s`` after the last): ``seq``, the filter, the open utterances, the last output
entry numbered, and the session's own frames (welcome, pong, error) numbered since its previous checkpoint.
A renderer resuming a session a gateway does not know (its gateway was SIGKILLed) gets it rebuilt from
there: the newest checkpoint at or before ``resume_from``, then the output stream from that checkpoint's
entry on (the replay window lives in Redis: it is the output stream), the session's own frames put back at
their ``seq``. Numbering is the same as on the dead gateway unless that one dropped events for a slow client
after the checkpoint (then ``seq`` shifts; docs/scaling.md).

A gateway's ``audience`` echo of the chat it takes goes through the output stream too, so every gateway
numbers it alike (a control page on any gateway sees every gateway's chat).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import time
from collections import deque
from typing import Any

from redis.exceptions import RedisError
from websockets.asyncio.server import ServerConnection

from agent.events import Audience, ServerEventModel, dumps, parse_server_event
from connectors.bus.edge import NOT_EVENTS, RedisEdge
from connectors.gateway import Connection, Gateway, GatewayConfig
from connectors.session import UTTERANCE_EVENTS, Entry, Session, Stream, body_of

log = logging.getLogger(__name__)

RECENT = 4096  # output entries each gateway keeps (id, log entry) to bring an installed session up to date
CHECKPOINT_EVERY_S = 1.0  # how often a gateway checkpoints its sessions to Redis (those whose seq moved)
RESTORE_TIMEOUT_S = 3.0  # a resume waits this long for a session kept in Redis, then gets unknown_session
RESTORE_MAX_ENTRIES = 20_000  # output entries read to rebuild a session; more: not restored


def _id(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq or 0)


class RoamingGateway(Gateway):
    """A Gateway on a RedisEdge whose detached sessions can be resumed through any gateway of the persona."""

    def __init__(self, edge: RedisEdge, config: GatewayConfig | None = None) -> None:
        super().__init__(edge, config)
        self.edge = edge
        self.recent: deque[tuple[str, Entry]] = deque(maxlen=RECENT)
        self._announced: set[str] = set()  # streams attached here whose `attached` entry went out
        self._snapshotted: set[tuple[str, float]] = set()
        self._owned: set[str] = set()  # sessions attached here (checkpointed to Redis by this gateway)
        self._checkpointed: dict[str, int] = {}  # session id -> seq of its last checkpoint
        self._checkpointer: asyncio.Task[None] | None = None
        self._reading = False
        edge.on_session_entry = self._session_entry
        self._unsubscribe()  # output comes from the stream; this gateway's own audience echo goes to it
        self._unsubscribe = edge.bus.subscribe(self._from_stream)

    async def start(self) -> None:
        await super().start()
        self._checkpointer = asyncio.create_task(self._checkpoint_loop(), name="bus-checkpoints")

    async def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._checkpointer
        await super().close()

    # ------------------------------------------------------------------ numbering what the stream carries

    def _from_stream(self, event: ServerEventModel) -> None:
        self._reading = True
        try:
            self.broadcast(event)
        finally:
            self._reading = False

    def broadcast(self, event: Any) -> None:
        if isinstance(event, Audience) and not self._reading:  # numbered when it comes back from the stream
            self.edge.publish_entry(event.type, dumps(event))
            return
        super().broadcast(event)
        entries = self.hub.log.entries
        if entries:
            self.recent.append((self.edge.last_output_id, entries[-1]))

    # ------------------------------------------------------------------ leaving and joining

    async def _handle(self, ws: ServerConnection) -> None:
        await super()._handle(ws)
        # Nothing was awaited since the session detached: the reader has numbered up to last_output_id.
        for stream in list(self.hub.streams.values()):
            if stream.session is None and stream.detached_at is not None:
                key = (stream.id, stream.detached_at)
                if key not in self._snapshotted:
                    self._snapshotted.add(key)
                    self._announced.discard(stream.id)
                    self.edge.publish_entry("session", self._snapshot(stream))
        if len(self._snapshotted) > 4 * max(1, len(self.hub.streams)):
            self._snapshotted = {k for k in self._snapshotted if k[0] in self.hub.streams}

    async def _act(self, conn: Connection, actions: list[Any]) -> None:
        await super()._act(conn, actions)
        stream = conn.session.stream
        if stream is not None and stream.session is conn.session and stream.id not in self._announced:
            self._announced.add(stream.id)
            self._owned.add(stream.id)
            self.edge.publish_entry("attached", json.dumps({"sid": stream.id}))

    def _snapshot(self, stream: Stream) -> str:
        frames = stream.replay_after(stream.first_seq - 1, self.hub.log) or []
        return json.dumps(
            {
                "sid": stream.id,
                "subscribe": sorted(stream.subscribe) if stream.subscribe is not None else None,
                "seq": stream.seq,
                "first_seq": stream.seq - len(frames) + 1,
                "frames": frames,
                "open": list(stream.open_utterances),
                "after": self.edge.last_output_id,
            }
        )

    async def _session_entry(self, kind: str, body: str, entry_id: str) -> None:
        try:
            data = json.loads(body)
            sid = data["sid"]
        except (ValueError, KeyError, TypeError):
            log.error("unreadable %s entry %s skipped", kind, entry_id)
            return
        here = self.hub.streams.get(sid)
        if here is not None and here.session is not None:
            return  # attached here: this gateway's stream is the session
        if kind == "attached":
            self._owned.discard(sid)
            if here is not None:
                del self.hub.streams[sid]
            return
        try:
            stream = self._install(data, entry_id)
        except (ValueError, KeyError, TypeError) as exc:
            log.error("session entry %s not installed: %s", entry_id, exc)
            return
        assert stream.detached_at is not None
        self._snapshotted.add((sid, stream.detached_at))  # a copy: its owner wrote the snapshot already
        self.hub.streams[sid] = stream
        self._checkpointed[sid] = stream.seq  # its frames so far are in its owner's checkpoints

    def _install(self, data: dict[str, Any], entry_id: str) -> Stream:
        now = time.monotonic()
        stream = Stream(data["sid"], data["subscribe"])
        stream.first_seq = int(data["first_seq"])
        stream.seq = stream.first_seq - 1
        for seq, body in data["frames"]:
            head = json.loads(body)
            uid = head.get("utterance_id")
            stream.record(Entry(self.hub.log.next_index, head["type"], uid, body, now), shared=False)
            if stream.seq != seq:
                raise ValueError(f"frame {seq} out of order")
        if stream.seq != int(data["seq"]):
            raise ValueError("frames do not end at the session's seq")
        stream.open_utterances = dict.fromkeys(data["open"])
        after, until = _id(data["after"]), _id(entry_id)
        for rid, entry in self.recent:  # what came after the first gateway's last numbered entry
            if after < _id(rid) < until and stream.admits(entry):
                stream.record(entry, shared=True)
        stream.detached_at = now
        return stream

    # ------------------------------------------------------------------ sessions kept in Redis

    async def _checkpoint_loop(self) -> None:
        while True:
            await asyncio.sleep(CHECKPOINT_EVERY_S)
            due = self._due_checkpoints()
            if not due:
                continue
            try:
                await self.edge.save_checkpoints(
                    [(sid, body) for sid, body, _ in due], self.config.session_ttl_s
                )
            except (RedisError, OSError) as exc:  # tried again next time: nothing is marked written
                log.warning("gateway: session checkpoints not written: %s", exc)
                continue
            for sid, _, seq in due:
                self._checkpointed[sid] = seq

    def _due_checkpoints(self) -> list[tuple[str, str, int]]:
        """(session id, checkpoint, seq) for this gateway's sessions whose numbering moved and whose send
        queue is empty (so everything admitted up to the reader's position is numbered)."""
        streams = self.hub.streams
        self._owned &= streams.keys()
        for sid in [s for s in self._checkpointed if s not in streams]:
            del self._checkpointed[sid]
        due = []
        for sid in self._owned:
            stream = streams[sid]
            session = stream.session
            if session is not None and (session.queue or session.preface):
                continue
            since = self._checkpointed.get(sid, 0)
            if since == stream.seq:
                continue
            body = json.dumps(
                {
                    "seq": stream.seq,
                    "after": self.edge.last_output_id,
                    "subscribe": sorted(stream.subscribe) if stream.subscribe is not None else None,
                    "open": list(stream.open_utterances),
                    "private": [[s, e.body] for s, e in stream.private.items() if s > since],
                }
            )
            due.append((sid, body, stream.seq))
        return due

    async def _before_hello(self, session: Session, raw: str | bytes) -> None:
        """A resume of a session this gateway does not know: rebuild it from Redis first, if it is there
        (and only for a client the session will admit: its role's token, or loopback where none is set)."""
        if len(raw) > self.config.max_message_bytes:
            return
        try:
            hello = json.loads(raw)
        except ValueError:
            return  # the session refuses it, as any bad frame
        if not isinstance(hello, dict) or hello.get("type") != "hello":
            return
        sid, resume_from = hello.get("session_id"), hello.get("resume_from")
        if not isinstance(sid, str) or not isinstance(resume_from, int) or sid in self.hub.streams:
            return
        expected = self.config.tokens.get(str(hello.get("role")))
        token = hello.get("token")
        if expected is None and not session.loopback:
            return
        if expected is not None and not hmac.compare_digest(str(token or "").encode(), expected.encode()):
            return
        try:
            async with asyncio.timeout(RESTORE_TIMEOUT_S):
                stream = await self._restore(sid, resume_from)
        except (RedisError, OSError, TimeoutError, ValueError, KeyError, TypeError) as exc:
            log.warning("gateway: session %s not restored from Redis: %s", sid, exc)
            return
        if stream is not None and sid not in self.hub.streams:
            self.hub.streams[sid] = stream
            self._checkpointed[sid] = stream.seq
            log.warning("gateway: session %s restored from Redis at seq %d", sid, stream.seq)

    async def _restore(self, sid: str, resume_from: int) -> Stream | None:
        points = [json.loads(body) for body in await self.edge.load_checkpoints(sid)]  # newest first
        if not points:
            return None
        usable = [p for p in points if int(p["seq"]) <= resume_from]
        base = usable[0] if usable else points[-1]  # none early enough: the session answers resume_gap
        start = int(base["seq"])
        private = {int(s): body for p in points for s, body in p["private"] if int(s) > start}
        entries = await self.edge.output_after(base["after"], RESTORE_MAX_ENTRIES)
        until = _id(self.edge.last_output_id)  # what follows comes through the reader, as for any session
        if len(entries) == RESTORE_MAX_ENTRIES and _id(entries[-1][0]) < until:
            raise ValueError(f"more than {RESTORE_MAX_ENTRIES} output entries since its checkpoint")
        now = time.monotonic()
        stream = Stream(sid, base["subscribe"])
        stream.seq, stream.first_seq = start, start + 1
        stream.open_utterances = dict.fromkeys(base["open"])

        def own_frames() -> None:  # the session's own frames go back at their seq
            while stream.seq + 1 in private:
                body = private.pop(stream.seq + 1)
                kind = json.loads(body)["type"]
                stream.record(Entry(self.hub.log.next_index, kind, None, body, now), shared=False)

        for entry_id, fields in entries:
            if _id(entry_id) > until:
                break
            own_frames()
            if fields.get("t", "") in NOT_EVENTS:
                continue
            try:
                event = parse_server_event(fields["e"])
            except (KeyError, ValueError):
                continue  # skipped by every gateway's reader too
            uid = event.utterance_id if isinstance(event, UTTERANCE_EVENTS) else None
            entry = Entry(self.hub.log.next_index, event.type, uid, body_of(event), now)
            if stream.admits(entry):
                stream.record(entry, shared=False)
        own_frames()
        if private:
            raise ValueError(f"own frames {sorted(private)} do not fit the output stream")
        stream.detached_at = now
        return stream
