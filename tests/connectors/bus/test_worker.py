"""A worker in-process against a real redis-server: bad input and failing turns never stop it."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest
import redis.asyncio as aioredis

from agent.events import Comment, Control, Emotion, InputEvent, ServerEventModel, SpeechAct, User, dumps
from connectors.bus.keys import Keys
from connectors.bus.worker import Worker

pytestmark = pytest.mark.redis


class ScriptedTurns:
    """The worker's Turns seam with a scripted turn: one sentence back, or a failure on "boom"."""

    async def run(self, item: InputEvent | Control) -> list[ServerEventModel]:
        text = getattr(item, "text", "")
        if text == "boom":
            raise RuntimeError("the stage broke")
        return [SpeechAct(act="inform", text=f"re: {text}", emotion=Emotion(), in_reply_to=item.id)]


async def test_unreadable_input_and_a_failing_turn_do_not_stop_the_worker(redis_server: Any) -> None:
    keys = Keys("poison")
    redis = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    worker = Worker(redis_server.url, "poison", ScriptedTurns(), name="w1")
    task = asyncio.create_task(worker.run())
    user = User(id="u", name="u")
    boom, fine = Comment(user=user, text="boom"), Comment(user=user, text="fine")
    try:
        await redis.sadd(keys.channels, "default")
        stream = keys.input("default")
        await redis.xadd(stream, {"e": "{not json"})
        await redis.xadd(stream, {"e": dumps(Comment(user=user, text="x")).replace('"comment"', '"hello"')})
        await redis.xadd(stream, {"e": dumps(boom)})
        await redis.xadd(stream, {"e": dumps(fine)})
        out: list[dict[str, str]] = []
        for _ in range(300):
            out = [fields for _, fields in await redis.xrange(keys.output)]
            if len(out) >= 2:
                break
            await asyncio.sleep(0.02)
        types = [(f["t"], f["e"]) for f in out]
        assert types[0][0] == "error" and boom.id in types[0][1] and '"internal"' in types[0][1]
        assert types[1][0] == "speech_act" and fine.id in types[1][1]
        assert await redis.xlen(stream) == 0  # all four acknowledged and deleted
        assert worker.stats.unreadable == 2 and worker.stats.turns == 2
        assert not task.done()
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await redis.aclose()
