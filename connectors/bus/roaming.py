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
  gateway's own). So a renderer whose gateway died resumes nowhere (``unknown_session``, a new session), and
  one that resumes right after a disconnect, before the other gateway has read the ``session`` entry, may
  have to try again.
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from typing import Any

from websockets.asyncio.server import ServerConnection

from connectors.bus.edge import RedisEdge
from connectors.gateway import Connection, Gateway, GatewayConfig
from connectors.session import Entry, Stream

log = logging.getLogger(__name__)

RECENT = 4096  # output entries each gateway keeps (id, log entry) to bring an installed session up to date


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
        edge.on_session_entry = self._session_entry

    # ------------------------------------------------------------------ numbering what the stream carries

    def broadcast(self, event: Any) -> None:
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
