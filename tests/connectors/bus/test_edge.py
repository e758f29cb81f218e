"""The gateway's end of the bus in-process, against a real redis-server."""

from __future__ import annotations

from typing import Any

import pytest
import redis.asyncio as aioredis

from agent.events import Behavior, Emotion, SpeechAct, dumps
from connectors.bus.edge import READ_BATCH, RedisEdge
from connectors.bus.keys import Keys

pytestmark = pytest.mark.redis


async def test_a_gateway_behind_on_output_drops_behavior_events_first(redis_server: Any) -> None:
    edge = RedisEdge(redis_server.url, "lag")
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
        async with redis.pipeline(transaction=False) as pipe:  # a burst the reader cannot take in one read
            for event in events:
                await pipe.xadd(Keys("lag").output, {"t": event.type, "e": dumps(event)})
            await pipe.execute()
        speech = [e.id for e in events if e.type == "speech_act"]
        for _ in range(200):
            if [e.id for e in got if e.type == "speech_act"] == speech:
                break
            await _sleep()
        assert [e.id for e in got if e.type == "speech_act"] == speech  # all of them, in order
        dropped = edge.stats.shed["behind_behavior"]
        assert dropped > 0
        assert dropped + sum(e.type == "behavior" for e in got) == len(events) - len(speech)
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


async def _sleep() -> None:
    import asyncio

    await asyncio.sleep(0.02)
