"""The Redis bus end to end: real redis-server, gateways and workers as separate processes, real clients.

Workers run the model-free stages (keyword perception, fixed decisions, templates, espeak) unpaced, so a turn
costs milliseconds and the tests measure the bus, not the models.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import redis.asyncio as aioredis
from redis.exceptions import ResponseError

from agent.events import Comment, User
from connectors.bus.keys import GROUP, Keys
from tests.wsclient import WsClient

pytestmark = pytest.mark.redis


def _ws_url(proc: Any) -> str:
    match = re.search(r"ws://\S+/ws", proc.first_line)
    assert match, proc.first_line
    return match.group(0)


def _worker_name(proc: Any) -> str:
    match = re.match(r"persona worker (\S+):", proc.first_line)
    assert match, proc.first_line
    return match.group(1)


def gateway(procs: Any, url: str, name: str, *extra: str) -> Any:
    """Spawn a gateway (``.ready()`` before using its URL); without triage unless ``extra`` says."""
    triage = () if "--triage-window" in extra else ("--triage-window", "0")
    return procs.spawn("gateway", "--bus", url, "--name", name, "--port", "0", *triage, *extra)


def worker(procs: Any, url: str, name: str, *extra: str) -> Any:
    return procs.spawn("worker", "--bus", url, "--name", name, "--basic", "--voice", "espeak", *extra)


def ready(*started: Any) -> None:
    for proc in started:
        proc.ready()


async def pending(redis: Any, stream: str) -> int:
    try:
        return int((await redis.xpending(stream, GROUP))["pending"])
    except ResponseError:  # no group yet: no worker has seen the channel
        return 0


def comment(text: str, n: int = 0, channel: str = "default") -> Comment:
    return Comment(user=User(id=f"v{n}", name=f"viewer{n}"), text=text, channel=channel)


@contextlib.asynccontextmanager
async def client(url: str, role: str, **hello: Any) -> AsyncIterator[WsClient]:
    """A client whose unread output is drained in the background (a source receives output too: one that
    never reads it fills its queue and cannot see the server's close frame)."""
    if role in ("source", "operator"):
        hello.setdefault("subscribe", ["pong"])  # sources here only send: spare them every voice chunk
    ws = await WsClient.open(url, role=role, **hello)
    drain = None
    if role in ("source", "operator"):

        async def discard() -> None:
            with contextlib.suppress(Exception):
                async for _ in ws.ws:
                    pass

        drain = asyncio.create_task(discard())
    try:
        yield ws
    finally:
        await ws.close()
        if drain is not None:
            drain.cancel()


async def collect_replies(
    renderer: WsClient, wanted: set[str], within: float
) -> tuple[Counter[str], set[str]]:
    """Read until every wanted input is answered (speech_act in_reply_to) or refused (busy error ref)."""
    answered: Counter[str] = Counter()
    refused: set[str] = set()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while not wanted <= (set(answered) | refused):
        left = deadline - loop.time()
        if left <= 0:
            break
        try:
            message = await renderer.recv(left)
        except TimeoutError:
            break
        if message["type"] == "speech_act" and message.get("in_reply_to") in wanted:
            answered[message["in_reply_to"]] += 1
        elif message["type"] == "error" and message.get("code") == "busy":
            refused.add(message.get("ref"))
    return answered, refused


@dataclass
class Cluster:
    url: str
    name: str
    gateway_a: str
    gateway_b: str


@pytest.fixture(scope="module")
def cluster(shared_redis: Any, module_procs: Any) -> Iterator[Cluster]:
    """Two gateways (A sheds beyond 40 waiting inputs per channel) and two workers, started together."""
    name = "cluster"
    url = shared_redis.url
    a = gateway(module_procs, url, name, "--rate", "100000", "--burst", "100000", "--input-bound", "40")
    b = gateway(module_procs, url, name)
    ready(a, b, worker(module_procs, url, name), worker(module_procs, url, name))
    yield Cluster(url, name, _ws_url(a), _ws_url(b))


async def test_comment_to_gateway_a_is_answered_on_gateway_b(cluster: Cluster) -> None:
    async with (
        client(cluster.gateway_b, "renderer", subscribe=["speech_act"]) as renderer,
        client(cluster.gateway_a, "source") as source,
    ):
        await renderer.expect("welcome")
        sent = comment("hello from gateway A")
        await source.send(sent)
        reply = await renderer.expect("speech_act", within=20, in_reply_to=sent.id)
        assert "viewer0" in reply["text"]
        assert reply["seq"] >= 2  # numbered by gateway B's session, after its welcome


async def test_thousand_comments_ten_channels_two_workers(cluster: Cluster) -> None:
    inputs = {ch: [comment(f"hi there #{ch}-{i}", i, f"ch{ch}") for i in range(100)] for ch in range(10)}
    wanted = {c.id for batch in inputs.values() for c in batch}
    redis = aioredis.Redis.from_url(cluster.url, decode_responses=True)
    shed_before = sum(int(v) for v in (await redis.hgetall(Keys(cluster.name).shed)).values())
    async with client(cluster.gateway_a, "renderer", subscribe=["speech_act", "error"]) as renderer:
        async with contextlib.AsyncExitStack() as stack:
            sources = [
                await stack.enter_async_context(client(cluster.gateway_a, "source")) for _ in range(10)
            ]

            async def send(source: WsClient, batch: list[Comment]) -> None:
                for event in batch:
                    await source.send(event)

            reading = asyncio.create_task(collect_replies(renderer, wanted, within=60))
            await asyncio.gather(*(send(s, inputs[ch]) for ch, s in enumerate(sources)))
            answered, refused = await reading
    try:
        shed = sum(int(v) for v in (await redis.hgetall(Keys(cluster.name).shed)).values()) - shed_before
    finally:
        await redis.aclose()
    assert set(answered) | refused == wanted, (
        f"{len(wanted - set(answered) - refused)} neither answered nor shed"
    )
    assert not set(answered) & refused
    assert max(answered.values()) == 1, "an input was answered twice"
    assert shed == len(refused)  # every refusal is counted in Redis, with its reason
    assert len(answered) >= 400  # 10 channels x 40 waiting at least


async def test_worker_killed_mid_turn_is_answered_once_by_another(shared_redis: Any, procs: Any) -> None:
    name = "kill"
    gw = gateway(procs, shared_redis.url, name)
    doomed = worker(procs, shared_redis.url, name, "--paced", "--claim-idle-ms", "700")
    ready(gw, doomed)
    redis = aioredis.Redis.from_url(shared_redis.url, decode_responses=True)
    keys = Keys(name)
    try:
        async with (
            client(_ws_url(gw), "renderer", subscribe=["speech_act"]) as renderer,
            client(_ws_url(gw), "source") as source,
        ):
            sent = comment("hello, are you there?")
            await source.send(sent)
            stream = keys.input("default")
            for _ in range(400):  # the doomed worker took it and is in the middle of its (paced) turn
                if await pending(redis, stream) == 1:
                    break
                await asyncio.sleep(0.025)
            else:
                pytest.fail("the first worker never took the comment")
            os.kill(doomed.popen.pid, signal.SIGKILL)
            doomed.popen.wait(5)
            survivor = worker(procs, shared_redis.url, name, "--claim-idle-ms", "700").ready()
            answered, _ = await collect_replies(renderer, {sent.id}, within=20)
            late, _ = await collect_replies(renderer, {"none"}, within=1.5)  # a duplicate would come now
            assert answered == Counter({sent.id: 1}) and not late
            assert await redis.get(keys.done(sent.id)) == _worker_name(survivor)
            assert await redis.xlen(stream) == 0  # acknowledged and deleted
    finally:
        await redis.aclose()


async def test_redis_restart_reconnects_and_serves_again(redis_server: Any, procs: Any) -> None:
    gw = gateway(procs, redis_server.url, "restart")
    wk = worker(procs, redis_server.url, "restart")
    ready(gw, wk)
    async with (
        client(_ws_url(gw), "renderer", subscribe=["speech_act"]) as renderer,
        client(_ws_url(gw), "source") as source,
    ):
        first = comment("hello before the restart")
        await source.send(first)
        await renderer.expect("speech_act", within=20, in_reply_to=first.id)
        await asyncio.to_thread(redis_server.stop)
        await asyncio.sleep(1.0)
        await asyncio.to_thread(redis_server.start)  # empty (no persistence): groups are created again
        second = comment("hello after the restart", 1)
        for _ in range(40):  # the same input again while the processes reconnect: answered once at most
            await source.send(second)
            try:
                await renderer.expect("speech_act", within=1.0, in_reply_to=second.id)
                break
            except TimeoutError:
                continue
        else:
            pytest.fail("no answer after Redis came back")
    assert gw.popen.poll() is None and wk.popen.poll() is None
    assert "reconnected to Redis" in gw.stderr() + wk.stderr()


def test_unreachable_redis_at_start_names_the_url_without_its_password() -> None:
    url = "redis://:hunter2@127.0.0.1:1/0"  # port 1: nothing listens there
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "connectors.cli", command, "--bus", url, "--name", "x", *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command, extra in (("gateway", []), ("worker", ["--basic"]))
    ]
    for run in runs:
        out, err = run.communicate(timeout=60)
        assert run.returncode == 3, err
        assert "cannot reach the bus at redis://:***@127.0.0.1:1/0" in err
        assert "hunter2" not in out + err


def test_a_bad_bus_url_is_refused() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "connectors.cli", "gateway", "--bus", "http://x:secret@h/0", "--name", "x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 3
    assert "not a bus URL: http://x:***@h/0" in done.stderr


async def test_operator_say_is_spoken_by_one_worker(cluster: Cluster) -> None:
    from agent.events import Control

    async with (
        client(cluster.gateway_b, "renderer", subscribe=["speech_act"]) as renderer,
        client(cluster.gateway_a, "operator", subscribe=["pong"]) as operator,
    ):
        await renderer.expect("welcome")
        say = Control(action="say", text="We are back after the break.")
        await operator.send(say)
        reply = await renderer.expect("speech_act", within=20, in_reply_to=say.id)
        assert reply["text"] == "We are back after the break."
        late, _ = await collect_replies(renderer, {"none"}, within=1.0)
        assert not late


async def test_a_renderer_resumes_through_the_other_gateway_with_gapless_seq(cluster: Cluster) -> None:
    async with (
        client(cluster.gateway_a, "source") as source,
        client(cluster.gateway_b, "renderer", subscribe=["speech_act"]) as watcher,
    ):
        renderer = await WsClient.open(cluster.gateway_a, role="renderer", subscribe=["speech_act"])
        welcome = await renderer.expect("welcome")
        first = comment("hello, first")
        await source.send(first)
        got = await renderer.expect("speech_act", within=20, in_reply_to=first.id)
        await renderer.close()
        away = comment("hello while you were away", 1)  # numbered by the detached session
        await source.send(away)
        await watcher.expect("speech_act", within=20, in_reply_to=away.id)  # gateway B has read that far
        for _ in range(50):  # until gateway B has read gateway A's `session` entry
            back = await WsClient.open(
                cluster.gateway_b, role="renderer", session_id=welcome["session_id"], resume_from=got["seq"]
            )
            if (await back.recv())["type"] == "speech_act":  # the replay comes first; else welcome + error
                break
            await back.close()
            await asyncio.sleep(0.1)
        else:
            pytest.fail("gateway B never took the session over")
        try:
            missed = back.received[0]
            assert missed["type"] == "speech_act" and missed["in_reply_to"] == away.id
            assert missed["seq"] == got["seq"] + 1
            assert (await back.expect("welcome"))["seq"] == got["seq"] + 2
            later = comment("hello again", 2)
            await source.send(later)
            after = await back.expect("speech_act", within=20, in_reply_to=later.id)
            assert after["seq"] == got["seq"] + 3
            assert [m["seq"] for m in back.received] == list(range(got["seq"] + 1, got["seq"] + 4))
        finally:
            await back.close()


async def test_output_streams_per_sentence_and_a_killed_turn_is_finished_once(
    shared_redis: Any, procs: Any
) -> None:
    """A paced worker streams a three-sentence turn: the renderer has the first sentence whole before the
    third has started. SIGKILL then: another worker cuts the half-said sentence and finishes the
    answer; the renderer sees every sentence finished once, in order, and every utterance closed once."""
    from agent.events import Control

    name = "stream"
    gw = gateway(procs, shared_redis.url, name)
    doomed = worker(procs, shared_redis.url, name, "--paced", "--claim-idle-ms", "700")
    ready(gw, doomed)
    sentences = ["First we look at the snow.", "Then we check the wind.", "And then we ski down."]
    kinds = ["speech_act", "utterance_started", "utterance_finished", "utterance_cancelled"]
    async with (
        client(_ws_url(gw), "renderer", subscribe=kinds) as renderer,
        client(_ws_url(gw), "operator") as operator,
    ):
        await renderer.expect("welcome")
        await operator.send(Control(action="say", text=" ".join(sentences)))
        seen: list[dict[str, Any]] = []
        while not any(m["type"] == "utterance_finished" for m in seen):
            seen.append(await renderer.recv(20))
        started = [m["text"] for m in seen if m["type"] == "utterance_started"]
        assert started == [sentences[0]]  # the first sentence whole, before the third has started
        os.kill(doomed.popen.pid, signal.SIGKILL)
        doomed.popen.wait(5)
        worker(procs, shared_redis.url, name, "--claim-idle-ms", "700").ready()
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 20
        while loop.time() < deadline:
            finished = [m for m in seen if m["type"] == "utterance_finished"]
            if len(finished) >= 3:
                break
            with contextlib.suppress(TimeoutError):
                seen.append(await renderer.recv(max(0.1, deadline - loop.time())))
        with contextlib.suppress(TimeoutError):  # a duplicate would come now
            while True:
                seen.append(await renderer.recv(1.5))
    text_of = {m["utterance_id"]: m["text"] for m in seen if m["type"] == "speech_act"}
    finished = [text_of[m["utterance_id"]] for m in seen if m["type"] == "utterance_finished"]
    assert finished == sentences
    opened = Counter(m["utterance_id"] for m in seen if m["type"] == "speech_act")
    closed = Counter(
        m["utterance_id"] for m in seen if m["type"] in ("utterance_finished", "utterance_cancelled")
    )
    assert opened == closed and max(opened.values()) == 1  # every utterance opened once and closed once
    assert any(m["type"] == "utterance_cancelled" for m in seen)  # what was announced when it died: cut


async def test_a_renderer_resumes_on_gateway_b_after_gateway_a_is_killed(
    shared_redis: Any, procs: Any
) -> None:
    name = "crash"
    a, b = gateway(procs, shared_redis.url, name), gateway(procs, shared_redis.url, name)
    ready(a, b, worker(procs, shared_redis.url, name))
    redis = aioredis.Redis.from_url(shared_redis.url, decode_responses=True)
    try:
        async with (
            client(_ws_url(b), "source") as source,
            client(_ws_url(b), "renderer", subscribe=["speech_act"]) as watcher,
        ):
            renderer = await WsClient.open(_ws_url(a), role="renderer", subscribe=["speech_act"])
            welcome = await renderer.expect("welcome")
            first = comment("hello before the crash")
            await source.send(first)
            got = await renderer.expect("speech_act", within=20, in_reply_to=first.id)
            key = Keys(name).session(welcome["session_id"])
            for _ in range(100):  # gateway A has checkpointed the session (once a second)
                if await redis.exists(key):
                    break
                await asyncio.sleep(0.05)
            os.kill(a.popen.pid, signal.SIGKILL)
            a.popen.wait(5)
            with contextlib.suppress(Exception):
                await renderer.close()
            missed = [comment("hello while you were away", 1), comment("and hello again", 2)]
            for sent in missed:
                await source.send(sent)
            for sent in missed:  # gateway B has read them (they are on the output stream)
                await watcher.expect("speech_act", within=20, in_reply_to=sent.id)
            back = await WsClient.open(
                _ws_url(b), role="renderer", session_id=welcome["session_id"], resume_from=got["seq"]
            )
            try:
                replies = [await back.expect("speech_act", within=20) for _ in missed]
                assert [r["in_reply_to"] for r in replies] == [m.id for m in missed]
                assert [r["seq"] for r in replies] == [got["seq"] + 1, got["seq"] + 2]
                assert (await back.expect("welcome"))["seq"] == got["seq"] + 3
                assert all(m["type"] != "error" for m in back.received)  # no unknown_session
                later = comment("hello once more", 3)
                await source.send(later)
                after = await back.expect("speech_act", within=20, in_reply_to=later.id)
                assert after["seq"] == got["seq"] + 4
            finally:
                await back.close()
    finally:
        await redis.aclose()


async def test_the_chat_taken_by_gateway_a_is_echoed_on_gateway_b(cluster: Cluster) -> None:
    async with (
        client(cluster.gateway_b, "renderer", subscribe=["audience"]) as control_page,
        client(cluster.gateway_a, "source") as source,
    ):
        await control_page.expect("welcome")
        sent = comment("a viewer's line")
        await source.send(sent)
        echo = await control_page.expect("audience", within=20)
        assert echo["event"]["id"] == sent.id  # through the output stream: every gateway numbers it alike


async def test_a_busy_persona_sheds_by_triage_reasons_not_busy(shared_redis: Any, procs: Any) -> None:
    """Triage at the gateway: 300 comments from 10 viewers at once; each is answered or dropped and counted
    by triage's reason in the Redis shed hash (the first messages of newcomers may share one greeting)."""
    name = "triaged"
    gw = gateway(procs, shared_redis.url, name, "--triage-window", "4", "--rate", "1e5", "--burst", "1e5")
    ready(gw, worker(procs, shared_redis.url, name))
    sent = [
        comment(f"line number {i} about {['snow', 'ice', 'wind'][i % 3]} {i * 7919}", i % 10)
        for i in range(300)
    ]
    wanted = {c.id for c in sent}
    redis = aioredis.Redis.from_url(shared_redis.url, decode_responses=True)
    shed: dict[str, str] = {}
    try:
        async with (
            client(_ws_url(gw), "renderer", subscribe=["speech_act", "error"]) as renderer,
            client(_ws_url(gw), "source") as source,
        ):
            await renderer.expect("welcome")
            for event in sent:
                await source.send(event)
            answered: Counter[str] = Counter()
            errors = 0
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 40
            while loop.time() < deadline:
                shed = await redis.hgetall(Keys(name).shed)
                if len(answered) + sum(int(v) for v in shed.values()) >= len(sent) - 10:
                    break
                with contextlib.suppress(TimeoutError):
                    while True:
                        message = await renderer.recv(0.5)
                        if message["type"] == "speech_act" and message.get("in_reply_to") in wanted:
                            answered[message["in_reply_to"]] += 1
                        errors += message["type"] == "error"
    finally:
        await redis.aclose()
    total_shed = sum(int(v) for v in shed.values())
    assert errors == 0  # nobody is told "busy": triage decides
    assert shed and all(reason.startswith("triage_") for reason in shed), shed
    assert not answered or max(answered.values()) == 1
    assert len(sent) - 10 <= len(answered) + total_shed <= len(sent), (len(answered), shed)
