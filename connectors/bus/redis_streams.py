"""The Redis side of the bus: connecting (clear error, reconnect with backoff) and the two Lua scripts.

Both scripts run atomically inside Redis, which is what makes delivery safe without a home-made broker:

* ``enqueue`` (gateways): register the channel (bounded), refuse the input when its stream already holds
  ``input_bound`` entries (counted in the ``shed`` hash with a reason), else XADD it (``MAXLEN ~`` as a
  backstop). Answered inputs are deleted from their stream by ``emit``, so a stream's length is its backlog.
* ``emit`` (workers): put some of a turn's output events on the output stream as the turn produces them,
  each tagged with the input's id (``r``) and its index within the turn (``k``). The input's ``turn`` hash
  records who owns the turn and how far its output got: a call from a worker that no longer owns the turn
  writes nothing, and events at an index already written (a retry after a lost reply) are not written
  again. The turn's last call also writes an ``end`` entry (``r`` only: a gateway's triage slot is free),
  sets the input's ``done`` key (SET NX EX) and XACKs and XDELs the input:
  an input is never acknowledged before its turn's last output is on the stream. A first call for an input
  another worker owns, or one answered already, only acknowledges it (a gateway enqueued it twice).
* ``begin`` (workers, for an input claimed from a dead worker): take the turn over and say how far the dead
  worker's output got (events written, utterances finished, utterances still open), or, if the input was
  answered already, only acknowledge it.
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

# KEYS: turn hash, output stream, input stream, done key. ARGV: owner, k0, output bound, group, entry id,
# turn ttl, flags ("f": first call for a fresh input, "l": the turn's last call), input id, done ttl, then
# (type, utterance id, turn id, body) per event. Returns the events written so far, -1 when the turn is
# owned by another worker now, -2 when the input was a duplicate (acknowledged, nothing written).
EMIT_LUA = """
local owner = redis.call('HGET', KEYS[1], 'owner')
if string.find(ARGV[7], 'f', 1, true) then
  if redis.call('EXISTS', KEYS[4]) == 1 or (owner and owner ~= ARGV[1]) then
    redis.call('XACK', KEYS[3], ARGV[4], ARGV[5])
    redis.call('XDEL', KEYS[3], ARGV[5])
    return -2
  end
  if not owner then
    redis.call('HSET', KEYS[1], 'owner', ARGV[1])
    owner = ARGV[1]
  end
end
if owner ~= ARGV[1] then
  return -1
end
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
local k = tonumber(ARGV[2])
for i = 10, #ARGV, 4 do
  if k >= n then
    local t, uid = ARGV[i], ARGV[i + 1]
    redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 't', t, 'e', ARGV[i + 3], 'r', ARGV[8], 'k', k)
    if t == 'speech_act' and uid ~= '' then
      redis.call('HSET', KEYS[1], 'o:' .. uid, ARGV[i + 2])
    elseif t == 'utterance_finished' then
      redis.call('HDEL', KEYS[1], 'o:' .. uid)
      redis.call('HINCRBY', KEYS[1], 'fin', 1)
    elseif t == 'utterance_cancelled' then
      redis.call('HDEL', KEYS[1], 'o:' .. uid)
    elseif uid == '' then
      redis.call('HSET', KEYS[1], 'x:' .. t, 1)
    end
    n = k + 1
  end
  k = k + 1
end
if string.find(ARGV[7], 'l', 1, true) then
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 't', 'end', 'r', ARGV[8])
  redis.call('SET', KEYS[4], ARGV[1], 'NX', 'EX', ARGV[9])
  redis.call('XACK', KEYS[3], ARGV[4], ARGV[5])
  redis.call('XDEL', KEYS[3], ARGV[5])
  redis.call('DEL', KEYS[1])
  return n
end
redis.call('HSET', KEYS[1], 'n', n)
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('XCLAIM', KEYS[3], ARGV[4], ARGV[1], 0, ARGV[5], 'JUSTID')
return n
"""

# KEYS: turn hash, done key, input stream. ARGV: owner, group, entry id, turn ttl. Returns "done" (answered
# already: acknowledged) or the turn hash as it stood (owner now ARGV[1]).
BEGIN_LUA = """
if redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('XACK', KEYS[3], ARGV[2], ARGV[3])
  redis.call('XDEL', KEYS[3], ARGV[3])
  return 'done'
end
local state = redis.call('HGETALL', KEYS[1])
redis.call('HSET', KEYS[1], 'owner', ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return state
"""

# KEYS: an input stream. ARGV: group, idle ms, the caller. Removes (XGROUP DELCONSUMER) the group's consumers
# that have nothing pending and have not read for ``idle ms`` (dead workers), atomically: a consumer cannot
# take an entry between the check and the removal. Returns their names.
FORGET_LUA = """
local gone = {}
for _, info in ipairs(redis.call('XINFO', 'CONSUMERS', KEYS[1], ARGV[1])) do
  local c = {}
  for i = 1, #info, 2 do
    c[info[i]] = info[i + 1]
  end
  if c['pending'] == 0 and c['idle'] >= tonumber(ARGV[2]) and c['name'] ~= ARGV[3] then
    redis.call('XGROUP', 'DELCONSUMER', KEYS[1], ARGV[1], c['name'])
    table.insert(gone, c['name'])
  end
end
return gone
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


def register_scripts(redis: Any) -> tuple[Any, Any, Any]:
    """The (enqueue, emit, begin) scripts; redis-py reloads them itself after a Redis restart (NOSCRIPT)."""
    return tuple(redis.register_script(lua) for lua in (ENQUEUE_LUA, EMIT_LUA, BEGIN_LUA))  # type: ignore[return-value]
