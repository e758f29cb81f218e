"""The websocket gateway's asyncio driver: ws://HOST:PORT/ws for the protocol, the web stage at /.

It only moves bytes. The protocol (hello, roles and tokens, resume, rate limits, the send queue and the
slow-client policy) is the pure state machine in ``connectors/session.py``, hostile frames are parsed in
``connectors/frames.py``; this module feeds them frames and the clock, carries out the session's actions
(send, close, publish to the agent), drains each session's queue to its socket, and fans the agent's output
into the hub. Policies and codes: docs/protocol.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import gc
import ipaddress
import logging
import mimetypes
import os
import time
from collections.abc import AsyncIterator
from typing import Any

from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from agent.events import AUDIENCE_TYPES, Audience, Control, ServerEventModel
from agent.stages import AgentPort
from connectors.frames import INPUT_TYPES, ROLE_MAY_SEND
from connectors.session import (
    STAGE_DIR,
    Action,
    Close,
    GatewayConfig,
    Hub,
    Publish,
    Send,
    Session,
    Stats,
)

__all__ = [
    "INPUT_TYPES",
    "ROLE_MAY_SEND",
    "STAGE_DIR",
    "Gateway",
    "GatewayConfig",
    "Stats",
    "running_gateway",
]

log = logging.getLogger(__name__)
SHUTDOWN_CLOSE_S = 1.0  # at shutdown, how long a client may take to answer the close handshake


class Connection:
    """A connected client: its socket, its protocol session, and the task that drains the session's queue."""

    def __init__(self, ws: ServerConnection, session: Session) -> None:
        self.ws, self.session = ws, session
        self.ready = asyncio.Event()
        self.drainer: asyncio.Task[None] | None = None
        self.closer: asyncio.Task[None] | None = None

    async def drain(self) -> None:
        """Send the session's queued frames in order. Ends when the connection closes."""
        while True:
            await self.ready.wait()
            self.ready.clear()
            while (text := self.session.pop()) is not None:
                await self.ws.send(text)

    async def close(self, code: int, reason: str) -> None:
        if self.drainer is not None and code == 1013:
            self.drainer.cancel()  # it may be stuck waiting for the socket to drain
        await self.ws.close(code, reason)


class Gateway:
    """The websocket server. ``agent``: an ``AgentPort`` (a PersonaAgent, a TriagedAgent, a bus edge)."""

    def __init__(
        self, agent: AgentPort, config: GatewayConfig | None = None, http_routes: dict[str, Any] | None = None
    ):
        self.agent = agent
        self.config = config or GatewayConfig()
        self.stats = Stats()
        self.hub = Hub(self.config, self.stats)
        self.connections: dict[Session, Connection] = {}
        self.server: Server | None = None
        self._unsubscribe = agent.bus.subscribe(self.broadcast)
        self._static_root = self.config.static_dir.resolve()
        self._tracer: asyncio.Task[None] | None = None
        self._trimmer: asyncio.Task[None] | None = None
        self._release_at: asyncio.TimerHandle | None = None
        self.releases = 0  # times memory was handed back after the last client left

    @property
    def sessions(self) -> dict[str, Any]:
        """The output streams by session id (resumable ones included)."""
        return self.hub.streams

    # ------------------------------------------------------------------ server lifecycle

    async def start(self) -> None:
        if not self.config.tokens:
            log.warning(
                "no tokens configured (PERSONA_TOKEN_RENDERER/_SOURCE/_OPERATOR): "
                "only loopback clients are accepted"
            )
        else:
            missing = sorted(set(ROLE_MAY_SEND) - set(self.config.tokens))
            if missing:
                log.warning(
                    "no token for %s: those roles are accepted from loopback only", ", ".join(missing)
                )
        self.server = await serve(
            self._handle,
            self.config.host,
            self.config.port,
            process_request=self._process_request,
            max_size=self.config.max_message_bytes,
            max_queue=16,
            ping_interval=20,
            ping_timeout=20,
        )
        trace_path = os.environ.get("PERSONA_TRACEMALLOC", "")
        if trace_path:
            self._tracer = asyncio.create_task(_trace_memory(trace_path))
        self._trimmer = asyncio.create_task(_trim_periodically(TRIM_EVERY_S))

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.sockets[0].getsockname()[1])

    @property
    def ws_url(self) -> str:
        return f"ws://{self.config.host}:{self.port}/ws"

    @property
    def http_url(self) -> str:
        return f"http://{self.config.host}:{self.port}/"

    async def close(self) -> None:
        """Close every client with 1001 (going away). A client that does not answer the close (a frozen page
        that stopped reading) is dropped after ``SHUTDOWN_CLOSE_S``, not websockets' 10 s."""
        self._unsubscribe()
        for task in (self._tracer, self._trimmer):
            if task is not None:
                task.cancel()
        for conn in list(self.connections.values()):
            conn.ws.close_timeout = min(conn.ws.close_timeout or SHUTDOWN_CLOSE_S, SHUTDOWN_CLOSE_S)
        if self.server is not None:
            self.server.close(close_connections=True)
            await self.server.wait_closed()

    # ------------------------------------------------------------------ HTTP: the stage

    def _process_request(self, ws: ServerConnection, request: Request) -> Response | None:
        path = request.path.split("?", 1)[0]
        if path == "/ws":
            if not self.config.tokens and not _is_loopback(ws.remote_address):
                self.stats.rejected["not_loopback"] += 1
                return ws.respond(403, "only loopback clients are accepted when no tokens are configured\n")
            if not self.hub.hello_allowed(_host(ws.remote_address), time.monotonic()):
                self.stats.rejected["hello_throttled"] += 1
                return ws.respond(429, "too many failed hellos from this address; wait\n")
            return None
        if path == "/healthz":
            return ws.respond(200, "ok\n")
        return self._static(path)

    def _static(self, path: str) -> Response:
        rel = path.lstrip("/") or "index.html"
        if rel == "overlay":  # the OBS overlay: /overlay (the control page stays /)
            rel = "overlay.html"
        target = (self._static_root / rel).resolve()
        if not target.is_relative_to(self._static_root) or not target.is_file():
            return _response(404, b"not found\n", "text/plain; charset=utf-8")
        ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        return _response(200, target.read_bytes(), ctype)

    # ------------------------------------------------------------------ one connection

    async def _handle(self, ws: ServerConnection) -> None:
        self.stats.connections += 1
        now = time.monotonic()
        session = Session(self.hub, _host(ws.remote_address), _is_loopback(ws.remote_address), now)
        conn = self.connections[session] = Connection(ws, session)
        conn.drainer = asyncio.create_task(conn.drain())
        deadline = now + self.config.hello_timeout_s
        try:
            while session.state != "closed":
                if session.state == "hello":
                    try:
                        raw = await asyncio.wait_for(ws.recv(), max(0.0, deadline - time.monotonic()))
                    except TimeoutError:
                        await self._act(conn, session.hello_timeout())
                        break
                    await self._before_hello(session, raw)
                else:
                    raw = await ws.recv()
                await self._act(conn, session.receive(raw, time.monotonic()))
        except ConnectionClosed:
            pass
        finally:
            conn.drainer.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                await conn.drainer
            if conn.closer is not None:
                with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                    await conn.closer
            session.detach(time.monotonic())
            del self.connections[session]
            if not self.connections:
                if self._release_at is not None:
                    self._release_at.cancel()
                self._release_at = asyncio.get_running_loop().call_later(RELEASE_AFTER_S, self._release)

    async def _before_hello(self, session: Session, raw: str | bytes) -> None:
        """A hook for a gateway that must fetch state before a hello is handled (connectors/bus/roaming.py:
        a session to resume that lives in Redis). Nothing here."""

    async def _act(self, conn: Connection, actions: list[Action]) -> None:
        for action in actions:
            if isinstance(action, Send):
                await conn.ws.send(action.text)
            elif isinstance(action, Close):
                await conn.close(action.code, action.reason)
            elif isinstance(action, Publish):
                event = action.event
                if isinstance(event, Control):
                    self.agent.control(event)
                elif not self.agent.submit(event):
                    await self._act(conn, conn.session.busy(event, time.monotonic()))
                elif event.type in AUDIENCE_TYPES:  # v1.1: this gateway's clients see the public chat it took
                    # a probe: a bus edge (AgentPort) has no agent session of its own
                    self.broadcast(Audience(event=event, session_id=getattr(self.agent, "session_id", "")))
        conn.ready.set()

    def _release(self) -> None:
        """The last client left: forget what has aged out (the replay log is otherwise trimmed only when
        something is published), collect cycles, and hand freed heap pages back to the OS."""
        self._release_at = None
        if self.connections:
            return
        now, cfg = time.monotonic(), self.config
        self.hub.expire(now)
        self.hub.log.trim(now, max(1, cfg.replay_buffer), cfg.replay_bytes, cfg.replay_age_s)
        gc.collect()
        trim_heap()
        self.releases += 1

    # ------------------------------------------------------------------ fan-out

    def broadcast(self, event: ServerEventModel) -> None:
        """Called by the agent's bus for every output event: serialized once, one entry for every session."""
        for session, actions in self.hub.publish(event, time.monotonic()):
            conn = self.connections.get(session)
            if conn is None:
                continue
            for action in actions:
                if isinstance(action, Close):
                    sid = session.stream.id if session.stream is not None else "-"
                    log.warning("disconnecting slow client (session %s): send queue full", sid)
                    conn.closer = asyncio.get_running_loop().create_task(
                        conn.close(action.code, action.reason)
                    )
            conn.ready.set()


RELEASE_AFTER_S = 2.0  # after the last client leaves, hand memory back this much later


def trim_heap() -> bool:
    """``malloc_trim(0)`` (glibc): return the free pages of the C heap to the OS. False where unavailable."""
    trim = _malloc_trim()
    return bool(trim(0)) if trim is not None else False


@functools.cache
def _malloc_trim() -> Any:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


TRIM_EVERY_S = 60.0  # while serving, hand the C heap's free pages back this often (in a worker thread)


async def _trim_periodically(every_s: float) -> None:
    """Under steady load glibc keeps freed pages in its per-thread arenas (RSS creeps while the Python heap
    is flat); ``malloc_trim`` now and then returns them."""
    while True:
        await asyncio.sleep(every_s)
        await asyncio.to_thread(trim_heap)


def _host(address: Any) -> str | None:
    try:
        return str(address[0])
    except (TypeError, IndexError):
        return None


def _is_loopback(address: Any) -> bool:
    try:
        return ipaddress.ip_address(address[0]).is_loopback
    except (TypeError, ValueError, IndexError):
        return False


def _response(status: int, body: bytes, ctype: str) -> Response:
    reason = {200: "OK", 404: "Not Found", 403: "Forbidden"}.get(status, "OK")
    headers = Headers([("Content-Type", ctype), ("Content-Length", str(len(body))), ("Connection", "close")])
    return Response(status, reason, headers, body)


@contextlib.asynccontextmanager
async def running_gateway(agent: AgentPort, config: GatewayConfig | None = None) -> AsyncIterator[Gateway]:
    gateway = Gateway(agent, config)
    await gateway.start()
    try:
        yield gateway
    finally:
        await gateway.close()


async def _trace_memory(path: str, every_s: float = 60.0, top: int = 25) -> None:
    """A diagnostic (env PERSONA_TRACEMALLOC=FILE): every ``every_s`` append to FILE the ``top`` allocation
    sites that grew most since the first snapshot, by traceback line (to find what grows in a soak)."""
    import tracemalloc

    tracemalloc.start(4)
    first = tracemalloc.take_snapshot()
    t0 = time.monotonic()
    while True:
        await asyncio.sleep(every_s)
        snap = tracemalloc.take_snapshot()
        diffs = snap.compare_to(first, "lineno")[:top]
        current, peak = tracemalloc.get_traced_memory()
        head = f"--- t={time.monotonic() - t0:.0f}s traced={current / 2**20:.1f} MiB peak={peak / 2**20:.1f}"
        text = "\n".join([head, *map(str, diffs)]) + "\n"
        await asyncio.to_thread(_append, path, text)


def _append(path: str, text: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)
