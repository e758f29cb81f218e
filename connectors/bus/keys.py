"""The Redis bus's names and settings, pure: which keys a persona uses, and how a bus URL is read.

Every key of one persona starts ``persona:{NAME}:`` with the name (``slug``: ``Frosty Fox`` is
``frosty-fox``) in braces, which Redis Cluster reads as a
hash tag: all of a persona's keys live in one slot, so the bus's Lua scripts (which touch several keys at
once) work on a cluster as on one server.

| key | type | written by | read by |
|---|---|---|---|
| ``...:in:{CHANNEL}`` | stream, ``MAXLEN ~ input_bound`` | gateways (enqueue) | workers (group ``workers``) |
| ``...:channels`` | set of channel names (at most ``max_channels``) | gateways | workers |
| ``...:out`` | stream, ``MAXLEN ~ output_bound`` | workers (emit), gateways (busy, sessions) | gateways |
| ``...:control`` | stream, ``MAXLEN ~ 1000`` (interrupt, pause, resume) | gateways | every worker |
| ``...:done:{EVENT_ID}`` | string: the worker that answered; TTL ``done_ttl_s`` | emit (last) | emit, begin |
| ``...:turn:{EVENT_ID}`` | hash: owner, output so far; TTL ``turn_ttl_s`` | emit, begin | emit, begin |
| ``...:session:{SESSION_ID}`` | list: last checkpoints; TTL ``session_ttl_s`` | gateways | gateways |
| ``...:shed`` | hash: reason -> count of inputs refused | enqueue script | operators, tests, bench |
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from connectors.errors import BusURLError

GROUP = "workers"


def redact(url: str) -> str:
    """The URL with its password (if any) replaced by ``***``: safe for logs and error messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable url>"
    if parts.password is None:
        return url
    user = parts.username or ""
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{user}:***@{host}" + (f":{parts.port}" if parts.port is not None else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def check_url(url: str) -> str:
    """``url`` if it names a Redis server (``redis://`` or ``rediss://``); BusURLError otherwise."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a non-numeric port
    except ValueError as exc:
        raise BusURLError(f"not a bus URL: {redact(url)} ({exc})") from exc
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise BusURLError(
            f"not a bus URL: {redact(url)}; expected redis://[:PASSWORD@]HOST:PORT/DB or rediss://..."
        )
    return url


@dataclass(frozen=True)
class BusSettings:
    """Bounds and timings shared by gateways and workers (documented in docs/scaling.md)."""

    input_bound: int = 10_000  # entries waiting or in flight per input stream; more are shed
    output_bound: int = 100_000  # output entries kept (MAXLEN ~): also how far back a late reader can look
    max_channels: int = 256  # distinct channels per persona; input on more is shed
    claim_idle_ms: int = 30_000  # a pending input idle this long is claimed by another worker (XAUTOCLAIM)
    done_ttl_s: int = 86_400  # how long an answered input's id is remembered (redelivery guard)
    turn_ttl_s: int = 3_600  # how long a turn in progress is remembered after its last output (takeover)
    consumer_idle_ms: int = 600_000  # a consumer with nothing pending that has not read this long is removed
    block_ms: int = 1_000  # how long one blocking read waits
    backoff_max_s: float = 5.0  # reconnect backoff cap


@dataclass(frozen=True)
class Keys:
    """The key names of one persona."""

    persona: str

    @property
    def prefix(self) -> str:
        return f"persona:{{{slug(self.persona)}}}"

    def input(self, channel: str) -> str:
        return f"{self.prefix}:in:{channel}"

    @property
    def channels(self) -> str:
        return f"{self.prefix}:channels"

    @property
    def output(self) -> str:
        return f"{self.prefix}:out"

    @property
    def control(self) -> str:
        return f"{self.prefix}:control"

    def done(self, event_id: str) -> str:
        return f"{self.prefix}:done:{event_id}"

    def session(self, session_id: str) -> str:
        return f"{self.prefix}:session:{session_id}"

    def turn(self, event_id: str) -> str:
        return f"{self.prefix}:turn:{event_id}"

    @property
    def shed(self) -> str:
        return f"{self.prefix}:shed"


def slug(name: str) -> str:
    """A persona's name as it appears in keys: lower case, runs of other than [a-z0-9_] as one ``-``."""
    return re.sub(r"[^a-z0-9_]+", "-", name.lower()).strip("-") or "persona"


def channel_of(event: object) -> str:
    """The partition an input goes to: its ``channel`` (comments, gifts, messages), else ``default``."""
    channel = getattr(event, "channel", None)  # a probe: not every input event has a channel
    return channel if isinstance(channel, str) and channel else "default"
