"""A worker in-process against a real redis-server: bad input and failing turns never stop it."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from typing import Any

import pytest
import redis.asyncio as aioredis

from agent.events import (
    Behavior,
    Comment,
    Control,
    Emotion,
    InputEvent,
    ServerEventModel,
    SpeechAct,
    User,
    UtteranceFinished,
    UtteranceStarted,
    dumps,
    new_id,
)
from connectors.bus.keys import GROUP, BusSettings, Keys
from connectors.bus.worker import Worker

pytestmark = pytest.mark.redis


class ScriptedTurns:
    """The worker's Turns seam with a scripted turn: one sentence back, or a failure on "boom"."""

    async def run(self, item: InputEvent | Control, out: Callable[[ServerEventModel], None]) -> None:
        text = getattr(item, "text", "")
        if text == "boom":
            raise RuntimeError("the stage broke")
        out(SpeechAct(act="inform", text=f"re: {text}", emotion=Emotion(), in_reply_to=item.id))

    def cancel(self) -> None:
        pass


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
            out = [fields for _, fields in await redis.xrange(keys.output) if fields["t"] != "end"]
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


class ThreeSentences:
    """A turn of three utterances (behavior, then speech_act/started/voice-less finished each); ``hang_after``
    events in, it stops producing and waits for ever (a worker that dies mid-turn)."""

    def __init__(self, hang_after: int | None = None) -> None:
        self.hang_after = hang_after
        self.stop = asyncio.Event()  # set by cancel(): the hanging turn ends

    async def run(self, item: InputEvent | Control, out: Callable[[ServerEventModel], None]) -> None:
        turn = new_id("t-")
        events: list[ServerEventModel] = [Behavior(branch="b", reason="r", turn_id=turn)]
        for n in range(3):
            uid = new_id("u-")
            events += [
                SpeechAct(
                    act="inform", text=f"s{n}", emotion=Emotion(), in_reply_to=item.id, utterance_id=uid
                ),
                UtteranceStarted(utterance_id=uid, text=f"s{n}", duration_ms=10, turn_id=turn),
                UtteranceFinished(utterance_id=uid, spoken_text=f"s{n}", turn_id=turn),
            ]
        for i, event in enumerate(events):
            if i == self.hang_after:
                await self.stop.wait()
                return
            out(event)
            await asyncio.sleep(0)

    def cancel(self) -> None:
        self.stop.set()


async def _output(redis: Any, keys: Keys, until: int) -> list[dict[str, str]]:
    for _ in range(300):
        out = [fields for _, fields in await redis.xrange(keys.output) if fields["t"] != "end"]
        if len(out) >= until:
            return out
        await asyncio.sleep(0.02)
    return out


async def test_a_turn_taken_over_from_a_dead_worker_continues_where_it_stopped(redis_server: Any) -> None:
    keys = Keys("takeover")
    redis = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    settings = BusSettings(claim_idle_ms=300)
    dead = asyncio.create_task(Worker(redis_server.url, "takeover", ThreeSentences(5), settings, "a").run())
    sent = Comment(user=User(id="u", name="u"), text="tell me three things")
    try:
        await redis.sadd(keys.channels, "default")
        await redis.xadd(keys.input("default"), {"e": dumps(sent)})
        first = await _output(redis, keys, 5)  # behavior, s0 (3 events), speech_act of s1: then it hangs
        assert [f["t"] for f in first] == ["behavior", "speech_act", "utterance_started"] + [
            "utterance_finished",
            "speech_act",
        ]
        dead.cancel()  # the worker dies: its input stays pending, its turn hash says how far it got
        with contextlib.suppress(asyncio.CancelledError):
            await dead
        survivor = Worker(redis_server.url, "takeover", ThreeSentences(), settings, "b")
        task = asyncio.create_task(survivor.run())
        out = await _output(redis, keys, 10)
        await asyncio.sleep(0.3)  # nothing more may come
        out = [fields for _, fields in await redis.xrange(keys.output)]
        assert [f["t"] for f in out].count("end") == 1 and out[-1] == {"t": "end", "r": sent.id}
        out = out[:-1]
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        events = [json.loads(f["e"]) for f in out]
        assert [int(f["k"]) for f in out] == list(range(len(out)))  # one index per event, none twice
        assert {f["r"] for f in out} == {sent.id}
        assert [e["type"] for e in events[5:]] == [
            "utterance_cancelled",
            "speech_act",
            "utterance_started",
        ] + ["utterance_finished"] * 1 + ["speech_act", "utterance_started", "utterance_finished"]
        assert events[5]["utterance_id"] == events[4]["utterance_id"]  # the half-said s1 is cut ...
        finished = [e["utterance_id"] for e in events if e["type"] == "utterance_finished"]
        said = {e["utterance_id"]: e["text"] for e in events if e["type"] == "speech_act"}
        assert [said[u] for u in finished] == ["s0", "s1", "s2"]  # ... and the answer is whole, once
        assert survivor.stats.taken_over == 1 and survivor.stats.turns == 1
        assert await redis.get(keys.done(sent.id)) == "b"
        assert await redis.xlen(keys.input("default")) == 0 and not await redis.exists(keys.turn(sent.id))
    finally:
        await redis.aclose()


async def test_idle_consumers_with_nothing_pending_leave_the_group(redis_server: Any) -> None:
    keys = Keys("ghosts")
    stream = keys.input("default")
    redis = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    try:
        await redis.sadd(keys.channels, "default")
        await redis.xgroup_create(stream, GROUP, id="0", mkstream=True)
        first = await redis.xadd(stream, {"e": dumps(Comment(user=User(id="u", name="u"), text="hi"))})
        await redis.xreadgroup(GROUP, "ghost", {stream: ">"}, count=1)  # a dead worker that held nothing
        await redis.xack(stream, GROUP, first)
        await redis.xadd(stream, {"e": dumps(Comment(user=User(id="u", name="u"), text="hi"))})
        await redis.xreadgroup(GROUP, "holder", {stream: ">"}, count=1)  # one that died holding an input
        settings = BusSettings(consumer_idle_ms=300, claim_idle_ms=600_000)
        worker = Worker(redis_server.url, "ghosts", ScriptedTurns(), settings, name="live")
        task = asyncio.create_task(worker.run())
        assert {c["name"] for c in await redis.xinfo_consumers(stream, GROUP)} == {"ghost", "holder"}
        # until the worker has both removed the ghost and counted it (it counts after the removal's reply: a
        # poll between the two, on a loaded machine, cancelled it first and saw 0); at most 20 s
        for _ in range(400):
            names = {c["name"] for c in await redis.xinfo_consumers(stream, GROUP)}
            if "ghost" not in names and worker.stats.forgotten:
                break
            await asyncio.sleep(0.05)
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        assert "holder" in names and "ghost" not in names  # the holder keeps its input until it is claimed
        assert worker.stats.forgotten == 1
    finally:
        await redis.aclose()


async def test_a_stalled_worker_whose_turn_was_taken_over_writes_nothing_more(redis_server: Any) -> None:
    keys = Keys("stalled")
    redis = aioredis.Redis.from_url(redis_server.url, decode_responses=True)
    settings = BusSettings(claim_idle_ms=300)
    turns = ThreeSentences(5)
    stalled = Worker(redis_server.url, "stalled", turns, settings, "a")
    task = asyncio.create_task(stalled.run())
    sent = Comment(user=User(id="u", name="u"), text="tell me three things")
    try:
        await redis.sadd(keys.channels, "default")
        entry = await redis.xadd(keys.input("default"), {"e": dumps(sent)})
        await _output(redis, keys, 5)
        # another worker claims the input and takes the turn over (as after a stall past claim_idle_ms)
        await redis.xclaim(keys.input("default"), GROUP, "b", 0, [entry], justid=True)
        await redis.hset(keys.turn(sent.id), "owner", "b")
        for _ in range(100):  # the stalled worker's next call (a heartbeat) finds the turn is not its own
            if stalled.stats.lost:
                break
            await asyncio.sleep(0.02)
        assert stalled.stats.lost == 1 and turns.stop.is_set()  # it stopped its turn ...
        assert await redis.xlen(keys.output) == 5  # ... and wrote nothing more (no end, no done)
        assert not await redis.exists(keys.done(sent.id))
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await redis.aclose()
