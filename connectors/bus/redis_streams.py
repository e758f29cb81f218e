"""The Redis side of the bus: connecting (clear error, reconnect with backoff) and the two Lua scripts.

Both scripts run atomically inside Redis, which is what makes delivery safe without a home-made broker:

* ``enqueue`` (gateways): register the channel (bounded), refuse the input when its stream already holds
  ``input_bound`` entries (counted in the ``shed`` hash with a reason), else XADD it (``MAXLEN ~`` as a
  backstop). Answered inputs are deleted from their stream by ``commit``, so a stream's length is its backlog.
* ``commit`` (workers): if the input's ``done`` key can be set (SET NX EX), XADD the turn's output events to
  the output stream; then, in any case, XACK and XDEL the input. The output and the acknowledgement are one
  step: an input is never acknowledged without its answer on the output stream, and an input delivered twice
  (redelivered, claimed from a dead worker, or enqueued twice by a gateway's retry) is answered once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from connectors.bus.keys import BusSettings, check_url, redact
from connectors.errors import BusUnavailable

log = logging.getLogger(__name__)

T = TypeVar("T")

ENQUEUE_LUA = """
if redis.call('SISMEMBER', KEYS[2], ARGV[2]) == 0 then
  if redis.call('SCARD', KEYS[2]) >= tonumber(ARGV[4]) then
    redis.call('HINCRBY', KEYS[3], 'too_many_channels', 1)
    return 'too_many_channels'
  end
  redis.call('SADD', KEYS[2], ARGV[2])
end
if redis.call('XLEN', KEYS[1]) >= tonumber(ARGV[1]) then
  redis.call('HINCRBY', KEYS[3], 'input_full', 1)
  return 'input_full'
end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'e', ARGV[3])
return 'ok'
"""

COMMIT_LUA = """
local answered = 0
if redis.call('SET', KEYS[2], ARGV[3], 'NX', 'EX', ARGV[4]) then
  for i = 6, #ARGV, 2 do
    redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[5], '*', 't', ARGV[i], 'e', ARGV[i + 1])
  end
  answered = 1
end
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return answered
"""

TRANSIENT = (RedisConnectionError, RedisTimeoutError, ConnectionError, OSError)


# Clients are typed Any: redis-py annotates every reply as a union of bytes/str/int/list, which is true of the
# protocol and says nothing about what a given command returns with ``decode_responses=True``.
def client(url: str) -> Any:
    """A client for ``redis://`` / ``rediss://`` URLs; password, user and DB come from the URL."""
    check_url(url)
    return aioredis.Redis.from_url(
        url, decode_responses=True, socket_connect_timeout=3, socket_timeout=10, health_check_interval=5
    )


async def connect(url: str) -> Any:
    """Connect and PING once; raise BusUnavailable naming the (redacted) URL if Redis does not answer."""
    redis = client(url)
    try:
        await redis.ping()
    except (RedisError, OSError) as exc:
        await redis.aclose()
        raise BusUnavailable(f"cannot reach the bus at {redact(url)}: {exc}") from exc
    return redis


class Backoff:
    """Exponential reconnect backoff with logging: 0.1 s doubling to ``cap``; says when it recovered."""

    def __init__(self, what: str, url: str, cap: float = BusSettings.backoff_max_s) -> None:
        self.what, self.url, self.cap = what, redact(url), cap
        self.delay = 0.0
        self.failures = 0

    async def failed(self, exc: BaseException) -> None:
        self.failures += 1
        self.delay = min(self.cap, max(0.1, self.delay * 2))
        log.warning(
            "%s: Redis at %s unavailable (%s); retrying in %.1fs", self.what, self.url, exc, self.delay
        )
        await asyncio.sleep(self.delay)

    def ok(self) -> None:
        if self.failures:
            log.warning("%s: reconnected to Redis at %s after %d tries", self.what, self.url, self.failures)
        self.failures, self.delay = 0, 0.0


async def retrying(backoff: Backoff, step: Callable[[], Awaitable[T]]) -> T:
    """Run ``step`` until it succeeds, backing off while Redis is unreachable. Cancellation ends it."""
    while True:
        try:
            result = await step()
        except TRANSIENT as exc:
            await backoff.failed(exc)
            continue
        backoff.ok()
        return result


def register_scripts(redis: Any) -> tuple[Any, Any]:
    """The (enqueue, commit) scripts; redis-py reloads them by itself after a Redis restart (NOSCRIPT)."""
    return redis.register_script(ENQUEUE_LUA), redis.register_script(COMMIT_LUA)
