"""The gateway's end of the bus in-process, against a real redis-server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import redis.asyncio as aioredis

from agent.events import Behavior, Emotion, SpeechAct, dumps
from connectors.bus.edge import READ_BATCH, RedisEdge
from connectors.bus.keys import Keys

pytestmark = pytest.mark.redis


async def test_a_burst_of_output_arrives_whole_and_in_order(redis_server: Any) -> None:
    """More than one read's worth at once: nothing skipped (every gateway must number the same events)."""
    edge = RedisEdge(redis_server.url, "burst")
    got: list[Any] = []
    edge.bus.subscribe(got.append)
    await edge.start()
    redis = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    try:
        events = [
            Behavior(branch="engage", reason="r")
            if i % 2
            else SpeechAct(act="inform", text=f"line {i}", emotion=Emotion())
            for i in range(3 * READ_BATCH)
        ]
        async with redis.pipeline(transaction=False) as pipe:
            for event in events:
                await pipe.xadd(Keys("burst").output, {"t": event.type, "e": dumps(event)})
            await pipe.execute()
        for _ in range(300):
            if len(got) == len(events):
                break
            await asyncio.sleep(0.02)
        assert [e.id for e in got] == [e.id for e in events]
    finally:
        await redis.aclose()
        await edge.close()


async def test_submit_sheds_when_the_local_queue_is_full(redis_server: Any) -> None:
    from agent.events import Comment, User

    edge = RedisEdge(redis_server.url, "full", local_queue=2)  # not started: nothing drains the queue
    user = User(id="u", name="u")
    taken = [edge.submit(Comment(user=user, text=f"c{i}")) for i in range(3)]
    assert taken == [True, True, False]
    assert edge.stats.shed == {"local_full": 1}
