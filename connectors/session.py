"""The gateway's protocol as a pure state machine (sans-I/O, as websockets' own ``protocol.py``).

``Session.receive(frame, now)`` takes one client frame (text or bytes) and returns the actions the driver
must carry out: ``Send`` (an unnumbered frame, before ``hello``), ``Close`` (with a code) and ``Publish``
(hand an input or a control to the agent). Numbered output is queued inside the session and taken out by the
driver with ``Session.pop()``. Nothing here awaits, sleeps or reads the clock: ``now`` is passed in.

``Hub`` holds what sessions share: the output streams (one per ``session_id``, resumable), the one replay
log of output events (bounded in bytes, age and count; every stream refers to its entries, nothing is
copied per renderer), and the per-address count of failed hellos. Memory, worst case (docs/protocol.md):
the replay log (``replay_bytes``) + per connection its send queue (``send_queue_bytes``, entries shared
with the log) + per stream 8 bytes per event it can still replay.
"""

from __future__ import annotations

import hmac
from array import array
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.events import (
    DROPPABLE_TYPES,
    Animation,
    Comment,
    Control,
    Error,
    ErrorCode,
    Gift,
    Hello,
    InputEvent,
    LiveEvent,
    Message,
    Ping,
    Pong,
    Question,
    ServerEventModel,
    SpeechAct,
    UtteranceCancelled,
    UtteranceFinished,
    UtteranceStarted,
    Voice,
    Welcome,
    new_id,
)
from connectors.errors import Refused
from connectors.frames import ROLE_MAY_SEND, parse_frame, screen_attachments

STAGE_DIR = Path(__file__).with_name("stage")
#: Output that belongs to one utterance: a renderer that did not see the utterance start does not get it.
UTTERANCE_OPENERS = frozenset({"speech_act", "utterance_started"})
UTTERANCE_CLOSERS = frozenset({"utterance_finished", "utterance_cancelled"})
UTTERANCE_EVENTS = (SpeechAct, UtteranceStarted, Voice, Animation, UtteranceFinished, UtteranceCancelled)


@dataclass
class GatewayConfig:
    host: str = "127.0.0.1"
    port: int = 8765
    max_message_bytes: int = 64 * 1024
    max_json_depth: int = 32  # nesting of objects/arrays, checked before json.loads
    send_queue: int = 512  # events per connection before the slow-client policy applies
    send_queue_bytes: int = 4 * 2**20  # ... and bytes
    send_lag_s: float = 15.0  # ... and age: the oldest unsent event (under the 40 s keepalive)
    replay_buffer: int = 2048  # events kept for resume (one log shared by every session)
    replay_bytes: int = 16 * 2**20  # ... at most this many bytes
    replay_age_s: float = 300.0  # ... none older than this
    session_ttl_s: float = 300.0  # a disconnected session can be resumed this long
    max_sessions: int = 1000
    rate_per_s: float = 20.0  # client messages per second (token bucket)
    burst: float = 40.0
    hello_timeout_s: float = 10.0
    failed_hello_rate_per_s: float = 0.2  # failed hellos per address: one per 5 s sustained ...
    failed_hello_burst: float = 5.0  # ... after 5; then the address is refused until it earns a token
    tokens: dict[str, str] = field(default_factory=dict)  # role -> token
    static_dir: Path = STAGE_DIR
    persona: str = "persona"
    capabilities: tuple[str, ...] = ("speech_act", "voice", "animation", "behavior", "resume")

    @classmethod
    def from_env(cls, **overrides: Any) -> GatewayConfig:
        """Tokens from PERSONA_TOKEN_RENDERER / _SOURCE / _OPERATOR unless given."""
        import os

        tokens = {
            role: os.environ[f"PERSONA_TOKEN_{role.upper()}"]
            for role in ROLE_MAY_SEND
            if os.environ.get(f"PERSONA_TOKEN_{role.upper()}")
        }
        overrides.setdefault("tokens", tokens)
        return cls(**overrides)


@dataclass
class Stats:
    connections: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    dropped_events: Counter[str] = field(default_factory=Counter)
    slow_disconnects: int = 0


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True, slots=True)
class Send:
    """Send this text frame now (unnumbered: only before the session exists)."""

    text: str


@dataclass(frozen=True, slots=True)
class Close:
    code: int
    reason: str


@dataclass(frozen=True, slots=True)
class Publish:
    """Hand this input (or control) to the agent; if it refuses, call ``Session.busy``."""

    event: InputEvent | Control


Action = Send | Close | Publish


class TokenBucket:
    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate, self.burst, self.tokens, self.stamp = rate, burst, burst, now

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + max(0.0, now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def has(self, now: float) -> bool:
        return min(self.burst, self.tokens + max(0.0, now - self.stamp) * self.rate) >= 1


# --------------------------------------------------------------------------- output: one shared log


@dataclass(slots=True)
class Entry:
    """One output event, serialized once. ``body`` is its JSON without ``seq`` and ``session_id``."""

    index: int  # position in the log (private entries: the log's position when they were made)
    type: str
    utterance_id: str | None
    body: str
    at: float

    @property
    def size(self) -> int:
        return len(self.body)


class ReplayLog:
    """The output every stream may replay, bounded in count, bytes and age. Streams hold indices into it."""

    def __init__(self) -> None:
        self.entries: deque[Entry] = deque()
        self.bytes = 0
        self.next_index = 0

    @property
    def first_index(self) -> int:
        return self.entries[0].index if self.entries else self.next_index

    def append(self, kind: str, utterance_id: str | None, body: str, now: float) -> Entry:
        entry = Entry(self.next_index, kind, utterance_id, body, now)
        self.next_index += 1
        self.entries.append(entry)
        self.bytes += entry.size
        return entry

    def get(self, index: int) -> Entry | None:
        offset = index - self.first_index
        return self.entries[offset] if 0 <= offset < len(self.entries) else None

    def trim(self, now: float, max_count: int, max_bytes: int, max_age_s: float) -> None:
        entries = self.entries
        while entries and (
            len(entries) > max_count or self.bytes > max_bytes or now - entries[0].at > max_age_s
        ):
            self.bytes -= entries.popleft().size


class Stream:
    """One numbered output stream (a ``session_id``): what it delivered, for resume, as log indices."""

    def __init__(self, stream_id: str, subscribe: list[str] | None) -> None:
        self.id = stream_id
        self.subscribe = frozenset(subscribe) if subscribe else None
        self.seq = 0
        self.first_seq = 1  # seq of refs[head]
        self.refs: array[int] = array("q")  # log index per delivered event; -1 for a private one
        self.head = 0
        self.private: dict[int, Entry] = {}  # seq -> entry made for this stream alone (welcome, error, pong)
        self.session: Session | None = None
        self.detached_at: float | None = None
        self.open_utterances: dict[str, None] = {}  # utterances whose start this stream has seen

    def admits(self, entry: Entry) -> bool:
        """Whether this stream takes a shared event; renderers join at an utterance boundary."""
        uid = entry.utterance_id
        if uid is not None:
            if entry.type in UTTERANCE_OPENERS:
                self.open_utterances[uid] = None
                while len(self.open_utterances) > 64:
                    del self.open_utterances[next(iter(self.open_utterances))]
            elif uid not in self.open_utterances:
                return False  # its start was before this renderer joined
            elif entry.type in UTTERANCE_CLOSERS:
                del self.open_utterances[uid]
        return self.subscribe is None or entry.type in self.subscribe or entry.type == "error"

    def record(self, entry: Entry, shared: bool) -> int:
        """Number an event as it is delivered and remember it for resume. Returns its seq."""
        self.seq += 1
        self.refs.append(entry.index if shared else -1)
        if not shared:
            self.private[self.seq] = entry
        return self.seq

    def trim(self, first_index: int, max_count: int | None = None) -> None:
        """Forget what the log no longer holds, and (private events too) more than ``max_count`` events."""
        refs, head = self.refs, self.head
        while head < len(refs):
            index = refs[head]
            seq = self.first_seq
            over = max_count is not None and len(refs) - head > max_count
            if index == -1:
                if self.private[seq].index >= first_index and not over:
                    break
                del self.private[seq]
            elif index >= first_index and not over:
                break
            head += 1
            self.first_seq += 1
        if head > 1024 and head * 2 > len(refs):
            del refs[:head]
            head = 0
        self.head = head

    def replay_after(self, seq: int, log: ReplayLog) -> list[tuple[int, str]] | None:
        """(seq, body) of what came after ``seq`` (the bodies the log holds, not copies), or None when some
        of it is gone."""
        self.trim(log.first_index)
        if seq + 1 < self.first_seq:
            return None
        texts = []
        for s in range(seq + 1, self.seq + 1):
            index = self.refs[self.head + s - self.first_seq]
            entry = self.private.get(s) if index == -1 else log.get(index)
            if entry is None:
                return None
            texts.append((s, entry.body))
        return texts


def frame(seq: int, session_id: str, body: str) -> str:
    return f'{{"seq":{seq},"session_id":"{session_id}",{body[1:]}'


def body_of(event: ServerEventModel) -> str:
    return event.model_dump_json(exclude_none=True, exclude={"seq", "session_id"})


class Hub:
    """What the sessions share. Pure: every method takes ``now``."""

    def __init__(self, config: GatewayConfig, stats: Stats | None = None) -> None:
        self.config = config
        self.stats = stats or Stats()
        self.streams: dict[str, Stream] = {}
        self.log = ReplayLog()
        self.hello_failures: dict[str, TokenBucket] = {}

    # ------------------------------------------------------------------ fan-out

    def publish(self, event: ServerEventModel, now: float) -> list[tuple[Session, list[Action]]]:
        """One output event for every stream: serialized once, one log entry shared by all of them.

        Returns the sessions that got output (the driver wakes their senders) with their actions
        (a ``Close`` when the slow-client policy disconnects one)."""
        cfg = self.config
        # a probe: only the utterance events carry an utterance_id
        uid = event.utterance_id if isinstance(event, UTTERANCE_EVENTS) else None
        entry = self.log.append(event.type, uid, body_of(event), now)
        self.log.trim(now, max(1, cfg.replay_buffer), cfg.replay_bytes, cfg.replay_age_s)
        first = self.log.first_index
        touched: list[tuple[Session, list[Action]]] = []
        for stream in self.streams.values():
            if not stream.admits(entry):
                continue
            if stream.session is not None:
                touched.append((stream.session, stream.session.offer(entry)))
            else:
                stream.record(entry, shared=True)  # kept for resume while the renderer is away
            stream.trim(first)
        return touched

    def keep_bounded(self, stream: Stream) -> None:
        """A stream's own events (welcome, pong, error) count against the replay window too."""
        if len(stream.refs) - stream.head > self.config.replay_buffer:
            stream.trim(self.log.first_index, max(1, self.config.replay_buffer))

    def private_entry(self, event: ServerEventModel, now: float) -> Entry:
        return Entry(self.log.next_index, event.type, None, body_of(event), now)

    # ------------------------------------------------------------------ streams

    def expire(self, now: float) -> None:
        cfg = self.config
        for sid in [
            sid
            for sid, s in self.streams.items()
            if s.session is None and s.detached_at is not None and now - s.detached_at > cfg.session_ttl_s
        ]:
            del self.streams[sid]
        while len(self.streams) >= cfg.max_sessions:
            detached = [s for s in self.streams.values() if s.session is None]
            if not detached:
                break
            del self.streams[min(detached, key=lambda s: s.detached_at or 0.0).id]

    # ------------------------------------------------------------------ failed hellos per address

    def hello_allowed(self, address: str | None, now: float) -> bool:
        bucket = self.hello_failures.get(address or "")
        return bucket is None or bucket.has(now)

    def hello_failed(self, address: str | None, now: float) -> None:
        key = address or ""
        bucket = self.hello_failures.get(key)
        if bucket is None:
            if len(self.hello_failures) >= 10_000:  # forget the oldest address
                del self.hello_failures[next(iter(self.hello_failures))]
            cfg = self.config
            bucket = self.hello_failures[key] = TokenBucket(
                cfg.failed_hello_rate_per_s, cfg.failed_hello_burst, now
            )
        bucket.take(now)


# --------------------------------------------------------------------------- one connection


class Session:
    """The protocol of one connection: hello, roles and tokens, resume, rate limit, its send queue.

    States: ``hello`` (nothing but a valid hello is accepted), ``open`` (bound to a stream), ``closed``."""

    def __init__(self, hub: Hub, address: str | None, loopback: bool, now: float) -> None:
        self.hub = hub
        self.address, self.loopback = address, loopback
        self.state = "hello"
        self.role: str | None = None
        self.stream: Stream | None = None
        self.bucket = TokenBucket(hub.config.rate_per_s, hub.config.burst, now)
        self.queue: deque[tuple[Entry, bool]] = deque()  # (entry, shared) waiting to be sent
        self.queued_bytes = 0
        self.preface: deque[tuple[int, str]] = deque()  # (seq, body) replayed on resume, sent first

    # ------------------------------------------------------------------ input

    def receive(self, raw: str | bytes, now: float) -> list[Action]:
        if self.state == "closed":
            return []
        if not self.bucket.take(now):
            return self._refuse("rate_limited", "too many messages: slow down", None, now)
        try:
            event = parse_frame(raw, self.role, self.hub.config.max_json_depth)
        except Refused as exc:
            return self._refuse(exc.code, exc.message, exc.ref, now)  # type: ignore[arg-type]
        if self.state == "hello":
            if not isinstance(event, Hello):
                return self._refuse("hello_required", "send hello first", event.id, now)
            return self._hello(event, now)
        if isinstance(event, Ping):
            self._offer_private(Pong(), now)
            return []
        if isinstance(event, Hello):
            return self._refuse("invalid_event", "already said hello", event.id, now)
        if isinstance(event, Message) and event.attachments:
            event, refusals = screen_attachments(event)
            for code, message in refusals:  # the message's text is still answered
                self._refuse(code, message, event.id, now)
            return [Publish(event)]
        if isinstance(event, Control | Comment | Gift | Message | Question | LiveEvent):
            return [Publish(event)]
        return []  # pragma: no cover - every client type is handled above

    def busy(self, event: InputEvent | Control, now: float) -> list[Action]:
        """The agent refused ``event`` (its input queue is full)."""
        return self._refuse("busy", "the persona's input queue is full; try again", event.id, now)

    def hello_timeout(self) -> list[Action]:
        if self.state != "hello":
            return []
        self.state = "closed"
        return [Close(1008, "hello expected")]

    def _refuse(self, code: ErrorCode, message: str, ref: str | None, now: float) -> list[Action]:
        self.hub.stats.errors[code] += 1
        error = Error(code=code, message=message, ref=ref)
        if self.state == "open":
            self._offer_private(error, now)
            return []
        return [Send(error.model_dump_json(exclude_none=True, exclude={"seq", "session_id"}))]

    def _token_ok(self, hello: Hello) -> bool:
        """Each role's token is independent: a role with no token configured admits loopback clients only."""
        expected = self.hub.config.tokens.get(hello.role)
        if expected is None:
            return self.loopback
        return hmac.compare_digest((hello.token or "").encode(), expected.encode())

    def _hello(self, hello: Hello, now: float) -> list[Action]:
        hub = self.hub
        if not hub.hello_allowed(self.address, now):
            hub.stats.rejected["hello_throttled"] += 1
            actions = self._refuse("rate_limited", "too many failed hellos from this address", hello.id, now)
            self.state = "closed"
            return [*actions, Close(1008, "too many failed hellos")]
        if not self._token_ok(hello):
            hub.stats.rejected["unauthorized"] += 1
            hub.hello_failed(self.address, now)
            actions = self._refuse("unauthorized", "bad token for this role", hello.id, now)
            self.state = "closed"
            return [*actions, Close(1008, "unauthorized")]
        hub.expire(now)
        self.role = hello.role
        problem: tuple[ErrorCode, str] | None = None
        stream = hub.streams.get(hello.session_id or "") if hello.resume_from is not None else None
        if hello.resume_from is not None and (stream is None or stream.session is not None):
            why = "no such session to resume" if stream is None else "that session is still connected"
            problem, stream = ("unknown_session", why), None
        if stream is not None and hello.resume_from is not None:
            if hello.resume_from > stream.seq:
                problem = ("resume_gap", f"resume_from {hello.resume_from} is past this session's seq")
            else:
                texts = stream.replay_after(hello.resume_from, hub.log)
                if texts is None:
                    problem = ("resume_gap", f"events before seq {stream.first_seq} are gone")
                else:
                    self.preface.extend(texts)
        if stream is None:
            stream = Stream(new_id("s-"), hello.subscribe)
            hub.streams[stream.id] = stream
        stream.session, stream.detached_at = self, None
        self.stream, self.state = stream, "open"
        self._offer_private(
            Welcome(persona=hub.config.persona, capabilities=list(hub.config.capabilities)), now
        )
        if problem is not None:
            self._refuse(problem[0], problem[1], hello.id, now)
        return []

    # ------------------------------------------------------------------ output

    def _offer_private(self, event: ServerEventModel, now: float) -> None:
        self._enqueue(self.hub.private_entry(event, now), shared=False)

    def offer(self, entry: Entry) -> list[Action]:
        """Queue a shared event, applying the slow-client policy (bounded in events and bytes)."""
        if self.state != "open":
            return []
        cfg, stats = self.hub.config, self.hub.stats
        if self.queue and entry.at - self.queue[0][0].at > cfg.send_lag_s:
            return self._too_slow(f"output waited more than {cfg.send_lag_s:.0f} s")
        while len(self.queue) >= cfg.send_queue or self.queued_bytes + entry.size > cfg.send_queue_bytes:
            if entry.type in DROPPABLE_TYPES:
                stats.dropped_events[entry.type] += 1
                return []
            for i, (queued, _) in enumerate(self.queue):
                if queued.type in DROPPABLE_TYPES:
                    del self.queue[i]
                    self.queued_bytes -= queued.size
                    stats.dropped_events[queued.type] += 1
                    break
            else:
                return self._too_slow("send queue overflow")
        self._enqueue(entry, shared=True)
        return []

    def _too_slow(self, why: str) -> list[Action]:
        self.hub.stats.slow_disconnects += 1
        self.state = "closed"
        self.queue.clear()
        self.queued_bytes = 0
        return [Close(1013, f"{why}: client too slow")]

    def _enqueue(self, entry: Entry, shared: bool) -> None:
        self.queue.append((entry, shared))
        self.queued_bytes += entry.size

    def pop(self) -> str | None:
        """The next frame to send (numbered as it leaves, so shed events leave no gap), or None."""
        if self.preface and self.stream is not None:
            seq, body = self.preface.popleft()
            return frame(seq, self.stream.id, body)
        if not self.queue or self.stream is None:
            return None
        entry, shared = self.queue.popleft()
        self.queued_bytes -= entry.size
        text = frame(self.stream.record(entry, shared), self.stream.id, entry.body)
        if not shared:
            self.hub.keep_bounded(self.stream)
        return text

    def detach(self, now: float) -> None:
        """The connection is gone: keep the stream for resume; what was queued and unsent is kept too."""
        stream, self.state = self.stream, "closed"
        if stream is None:
            return
        while self.queue:
            entry, shared = self.queue.popleft()
            stream.record(entry, shared)
        self.queued_bytes = 0
        stream.session, stream.detached_at = None, now
