"""The websocket gateway: ws://HOST:PORT/ws for the protocol, static files (the web stage) at /.

It only moves bytes: it validates client messages into events, hands input to the agent, and fans the
agent's output out to every session. Policies, each with a stable error code (docs/protocol.md):

* Roles: a renderer receives output; a source may also send input; an operator may also send `control`.
  Tokens per role come from config or environment; with none configured only loopback clients may connect.
* Bad input never kills a connection that can go on: invalid JSON, unknown type, invalid fields, a
  message the role may not send, a binary frame and a flood (token bucket) each get an `error`.
  Oversize messages close with 1009 (the websockets library enforces ``max_size``).
* A slow client never slows the agent: each connection has a bounded send queue; when it is full,
  droppable events (`behavior`) go first, then the client is disconnected (1013) and both are counted.
* Resume: output is numbered per session (`seq` from 1, no gaps) and kept in a bounded replay buffer; a
  renderer reconnecting with `session_id` and `resume_from` gets what came after, or `resume_gap`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import ipaddress
import json
import logging
import mimetypes
import os
import time
from collections import Counter, deque
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from agent.events import (
    CLIENT_TYPES,
    DROPPABLE_TYPES,
    Comment,
    Control,
    Error,
    Gift,
    Hello,
    Message,
    Ping,
    Pong,
    Question,
    ServerEventModel,
    Welcome,
    new_id,
    parse_client_event,
)

log = logging.getLogger(__name__)

STAGE_DIR = Path(__file__).with_name("stage")
INPUT_TYPES = frozenset({"comment", "gift", "message", "question"})
ROLE_MAY_SEND: dict[str, frozenset[str]] = {
    "renderer": frozenset({"hello", "ping"}),
    "source": frozenset({"hello", "ping"}) | INPUT_TYPES,
    "operator": frozenset({"hello", "ping", "control"}) | INPUT_TYPES,
}


class ErrorCode:
    """Stable error codes sent in `error` events (documented in docs/protocol.md)."""

    INVALID_JSON = "invalid_json"
    UNKNOWN_TYPE = "unknown_type"
    INVALID_EVENT = "invalid_event"
    FORBIDDEN = "forbidden"
    BINARY = "binary_not_supported"
    RATE_LIMITED = "rate_limited"
    HELLO_REQUIRED = "hello_required"
    UNAUTHORIZED = "unauthorized"
    RESUME_GAP = "resume_gap"
    UNKNOWN_SESSION = "unknown_session"
    BUSY = "busy"
    UNAVAILABLE = "unavailable"


@dataclass
class GatewayConfig:
    host: str = "127.0.0.1"
    port: int = 8765
    max_message_bytes: int = 64 * 1024
    send_queue: int = 512  # events per connection before the slow-client policy applies
    replay_buffer: int = 2048  # events kept per session for resume
    session_ttl_s: float = 300.0  # a disconnected session can be resumed this long
    max_sessions: int = 1000
    rate_per_s: float = 20.0  # client messages per second (token bucket)
    burst: float = 40.0
    hello_timeout_s: float = 10.0
    tokens: dict[str, str] = field(default_factory=dict)  # role -> token
    static_dir: Path = STAGE_DIR
    persona: str = "persona"
    capabilities: tuple[str, ...] = ("speech_act", "voice", "animation", "behavior", "resume")

    @classmethod
    def from_env(cls, **overrides: Any) -> GatewayConfig:
        """Tokens from PERSONA_TOKEN_RENDERER / _SOURCE / _OPERATOR unless given."""
        tokens = {
            role: os.environ[f"PERSONA_TOKEN_{role.upper()}"]
            for role in ROLE_MAY_SEND
            if os.environ.get(f"PERSONA_TOKEN_{role.upper()}")
        }
        overrides.setdefault("tokens", tokens)
        return cls(**overrides)


class TokenBucket:
    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate, self.burst, self.tokens, self.stamp = rate, burst, burst, now

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@dataclass
class Stats:
    connections: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    dropped_events: Counter[str] = field(default_factory=Counter)
    slow_disconnects: int = 0


class Session:
    """One output stream: its numbering, its filter, its replay buffer, and the connection now on it."""

    def __init__(self, session_id: str, subscribe: Iterable[str] | None, replay: int) -> None:
        self.id = session_id
        self.subscribe = frozenset(subscribe) if subscribe else None
        self.seq = 0
        self.replay: deque[tuple[int, str]] = deque(maxlen=replay)
        self.conn: Connection | None = None
        self.detached_at: float | None = None

    def wants(self, event_type: str) -> bool:
        return self.subscribe is None or event_type in self.subscribe or event_type == "error"

    def stamp(self, body: str) -> str:
        """Number one serialized event (``body`` is its JSON without ``seq``) and keep it for resume."""
        self.seq += 1
        text = f'{{"seq":{self.seq},{body[1:]}' if body != "{}" else f'{{"seq":{self.seq}}}'
        self.replay.append((self.seq, text))
        return text


class Connection:
    """A connected client: its bounded send queue and the task that drains it."""

    def __init__(self, ws: ServerConnection, session: Session, role: str, gateway: Gateway) -> None:
        self.ws, self.session, self.role, self.gateway = ws, session, role, gateway
        self.queue: deque[tuple[str, str]] = deque()  # (event type, body without seq)
        self.preface: list[str] = []  # already-numbered events replayed on resume, sent first
        self.ready = asyncio.Event()
        self.closing = False
        self.drainer: asyncio.Task[None] | None = None
        self._closer: asyncio.Task[None] | None = None

    def offer(self, event_type: str, body: str) -> None:
        """Queue an event, applying the slow-client policy. Never blocks."""
        if self.closing:
            return
        limit = self.gateway.config.send_queue
        if len(self.queue) >= limit:
            stats = self.gateway.stats
            if event_type in DROPPABLE_TYPES:
                stats.dropped_events[event_type] += 1
                return
            for index, (queued_type, _) in enumerate(self.queue):
                if queued_type in DROPPABLE_TYPES:
                    del self.queue[index]
                    stats.dropped_events[queued_type] += 1
                    break
            else:
                stats.slow_disconnects += 1
                log.warning("disconnecting slow client (session %s): send queue full", self.session.id)
                self.closing = True
                self.queue.clear()
                self._closer = asyncio.get_running_loop().create_task(self._disconnect_slow())
                return
        self.queue.append((event_type, body))
        self.ready.set()

    async def _disconnect_slow(self) -> None:
        if self.drainer is not None:
            self.drainer.cancel()  # it may be stuck waiting for the socket to drain
        await self.ws.close(1013, "send queue overflow: client too slow")

    async def drain(self) -> None:
        """Send queued events in order, numbering them as they leave. Ends when the connection closes."""
        for text in self.preface:
            await self.ws.send(text)
        self.preface = []
        while not self.closing:
            await self.ready.wait()
            self.ready.clear()
            while self.queue:
                _, body = self.queue.popleft()
                await self.ws.send(self.session.stamp(body))


class Gateway:
    """The websocket server. ``agent`` is a PersonaAgent (or anything with submit/control/bus)."""

    def __init__(
        self, agent: Any, config: GatewayConfig | None = None, http_routes: dict[str, Any] | None = None
    ):
        self.agent = agent
        self.config = config or GatewayConfig()
        self.stats = Stats()
        self.sessions: dict[str, Session] = {}
        self.server: Server | None = None
        self._unsubscribe = agent.bus.subscribe(self.broadcast)
        self._static_root = self.config.static_dir.resolve()

    # ------------------------------------------------------------------ server lifecycle

    async def start(self) -> None:
        if not self.config.tokens:
            log.warning(
                "no tokens configured (PERSONA_TOKEN_RENDERER/_SOURCE/_OPERATOR): "
                "only loopback clients are accepted"
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
        """Close every client with 1001 (going away)."""
        self._unsubscribe()
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
            return None
        if path == "/healthz":
            return ws.respond(200, "ok\n")
        return self._static(path)

    def _static(self, path: str) -> Response:
        rel = path.lstrip("/") or "index.html"
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
        try:
            hello = await self._await_hello(ws)
        except ConnectionClosed:
            return
        if hello is None:
            return
        conn = self._attach(ws, hello)
        drainer = conn.drainer = asyncio.create_task(conn.drain())
        try:
            await self._read_loop(conn)
        except ConnectionClosed:
            pass
        finally:
            drainer.cancel()
            with contextlib.suppress(asyncio.CancelledError, ConnectionClosed):
                await drainer
            conn.session.conn = None
            conn.session.detached_at = time.monotonic()

    async def _await_hello(self, ws: ServerConnection) -> Hello | None:
        """The first message must be a valid `hello` with an accepted token."""
        while True:
            try:
                raw = await asyncio.wait_for(ws.recv(), self.config.hello_timeout_s)
            except TimeoutError:
                await ws.close(1008, "hello expected")
                return None
            event, error = self._parse(raw, role=None)
            if error is not None:
                await self._send_direct(ws, error)
                continue
            if not isinstance(event, Hello):
                await self._send_direct(ws, self._error(ErrorCode.HELLO_REQUIRED, "send hello first", event))
                continue
            if not self._token_ok(event):
                self.stats.rejected["unauthorized"] += 1
                await self._send_direct(
                    ws, self._error(ErrorCode.UNAUTHORIZED, "bad token for this role", event)
                )
                await ws.close(1008, "unauthorized")
                return None
            return event

    def _token_ok(self, hello: Hello) -> bool:
        expected = self.config.tokens.get(hello.role)
        if not self.config.tokens:
            return True  # loopback-only mode, checked at the handshake
        if expected is None:
            return False
        return hmac.compare_digest((hello.token or "").encode(), expected.encode())

    def _attach(self, ws: ServerConnection, hello: Hello) -> Connection:
        """Bind the connection to a new session, or to the one it resumes (replaying what it missed)."""
        self._expire_sessions()
        problem: Error | None = None
        session = self.sessions.get(hello.session_id or "") if hello.resume_from is not None else None
        if hello.resume_from is not None and (session is None or session.conn is not None):
            why = "no such session to resume" if session is None else "that session is still connected"
            problem, session = self._error(ErrorCode.UNKNOWN_SESSION, why, hello), None
        resuming = session is not None
        if session is None:
            session = Session(new_id("s-"), hello.subscribe, self.config.replay_buffer)
            self.sessions[session.id] = session
        conn = Connection(ws, session, hello.role, self)
        session.conn, session.detached_at = conn, None
        if resuming and hello.resume_from is not None:
            oldest = session.replay[0][0] if session.replay else session.seq + 1
            if hello.resume_from + 1 < oldest:
                problem = self._error(ErrorCode.RESUME_GAP, f"events before seq {oldest} are gone", hello)
            else:
                conn.preface = [text for seq, text in session.replay if seq > hello.resume_from]
        welcome = Welcome(persona=self.config.persona, capabilities=list(self.config.capabilities))
        conn.offer("welcome", _body(welcome.model_copy(update={"session_id": session.id})))
        if problem is not None:
            conn.offer("error", _body(problem))
        return conn

    async def _read_loop(self, conn: Connection) -> None:
        bucket = TokenBucket(self.config.rate_per_s, self.config.burst, time.monotonic())
        async for raw in conn.ws:
            if not bucket.take(time.monotonic()):
                self._reply(conn, ErrorCode.RATE_LIMITED, "too many messages: slow down", None)
                continue
            event, error = self._parse(raw, role=conn.role)
            if error is not None:
                conn.offer("error", _body(error))
                continue
            assert event is not None
            if isinstance(event, Ping):
                conn.offer("pong", _body(Pong(session_id=conn.session.id)))
            elif isinstance(event, Hello):
                self._reply(conn, ErrorCode.INVALID_EVENT, "already said hello", event)
            elif isinstance(event, Control):
                self.agent.control(event)
            elif isinstance(event, Comment | Gift | Message | Question):
                if not self.agent.submit(event):
                    self._reply(conn, ErrorCode.BUSY, "the persona's input queue is full; try again", event)

    # ------------------------------------------------------------------ parsing and errors

    def _parse(self, raw: str | bytes, role: str | None) -> tuple[Any, Error | None]:
        if isinstance(raw, bytes):
            return None, self._error(
                ErrorCode.BINARY, "binary frames are not supported; send JSON text", None
            )
        try:
            data = json.loads(raw)
        except ValueError as exc:
            return None, self._error(ErrorCode.INVALID_JSON, f"not valid JSON: {exc}", None)
        if not isinstance(data, dict):
            return None, self._error(ErrorCode.INVALID_EVENT, "a message must be a JSON object", None)
        ref = data.get("id") if isinstance(data.get("id"), str) else None
        kind = data.get("type")
        if kind not in CLIENT_TYPES:
            return None, self._error(ErrorCode.UNKNOWN_TYPE, f"unknown type {kind!r}", ref)
        if role is not None and kind not in ROLE_MAY_SEND[role]:
            return None, self._error(ErrorCode.FORBIDDEN, f"a {role} may not send {kind!r}", ref)
        try:
            return parse_client_event(data), None
        except ValidationError as exc:
            return None, self._error(ErrorCode.INVALID_EVENT, _describe(exc), ref)

    def _error(self, code: str, message: str, ref: Any) -> Error:
        self.stats.errors[code] += 1
        ref_id = ref if isinstance(ref, str) or ref is None else getattr(ref, "id", None)
        return Error(code=code, message=message, ref=ref_id)

    def _reply(self, conn: Connection, code: str, message: str, ref: Any) -> None:
        conn.offer("error", _body(self._error(code, message, ref)))

    async def _send_direct(self, ws: ServerConnection, error: Error) -> None:
        """Errors before a session exists carry no seq."""
        await ws.send(error.model_dump_json(exclude_none=True))

    # ------------------------------------------------------------------ fan-out

    def broadcast(self, event: ServerEventModel) -> None:
        """Called by the agent's bus for every output event: serialize once, queue for every session."""
        body = event.model_dump_json(exclude_none=True, exclude={"seq", "session_id"})
        for session in self.sessions.values():
            if not session.wants(event.type):
                continue
            per_session = f'{{"session_id":"{session.id}",{body[1:]}'
            if session.conn is not None:
                session.conn.offer(event.type, per_session)
            else:
                session.stamp(per_session)  # kept for resume while the renderer is away

    def _expire_sessions(self) -> None:
        now = time.monotonic()
        for sid in [
            sid
            for sid, s in self.sessions.items()
            if s.conn is None
            and s.detached_at is not None
            and now - s.detached_at > self.config.session_ttl_s
        ]:
            del self.sessions[sid]
        while len(self.sessions) >= self.config.max_sessions:
            detached = [s for s in self.sessions.values() if s.conn is None]
            if not detached:
                break
            oldest = min(detached, key=lambda s: s.detached_at or 0)
            del self.sessions[oldest.id]


def _body(event: ServerEventModel) -> str:
    return event.model_dump_json(exclude_none=True, exclude={"seq"})


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err["loc"][1:] if p != err["loc"][0]) or ".".join(map(str, err["loc"]))
        parts.append(f"{loc}: {err['msg']}")
    return "invalid fields: " + "; ".join(parts)


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
async def running_gateway(agent: Any, config: GatewayConfig | None = None) -> AsyncIterator[Gateway]:
    gateway = Gateway(agent, config)
    await gateway.start()
    try:
        yield gateway
    finally:
        await gateway.close()
