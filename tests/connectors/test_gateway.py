"""The gateway with a real server on 127.0.0.1:0 and real websocket clients."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import urllib.request
from collections.abc import AsyncIterator

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus

from agent.events import Attachment, Behavior, Comment, Control, Message, Ping, User, parse_server_event
from connectors.app import App, AppOptions, running_app
from connectors.gateway import _is_loopback
from tests.wsclient import WsClient

VIEWER = User(id="u1", name="Lumi")
BASIC = AppOptions(stages="basic")


@pytest.fixture
async def app() -> AsyncIterator[App]:
    async with running_app(options=BASIC) as app:
        yield app


async def test_hello_gets_welcome(app: App) -> None:
    async with await WsClient.open(app.ws_url, role="renderer") as client:
        welcome = await client.expect("welcome")
    assert welcome["seq"] == 1
    assert welcome["protocol"] == 1
    assert welcome["session_id"]
    assert "voice" in welcome["capabilities"]
    parse_server_event(welcome)


async def test_comment_gives_a_whole_consistent_utterance(app: App) -> None:
    async with await WsClient.open(app.ws_url, role="source") as client:
        await client.expect("welcome")
        comment = Comment(user=VIEWER, text="hello everyone")
        await client.send(comment)
        finished = await client.expect("utterance_finished", within=20)
    messages = client.received
    for m in messages:
        parse_server_event(m)  # every output validates against the protocol models
    seqs = [m["seq"] for m in messages]
    assert seqs == list(range(1, len(seqs) + 1)), "seq must start at 1 with no gaps"
    types = [m["type"] for m in messages]
    for kind in ("behavior", "speech_act", "utterance_started", "voice", "animation", "utterance_finished"):
        assert kind in types
    act = next(m for m in messages if m["type"] == "speech_act")
    assert act["act"] == "greet" and act["in_reply_to"] == comment.id and act["addressee"] == "Lumi"
    uid = act["utterance_id"]
    turn = act["turn_id"]
    spoken = [m for m in messages if m.get("utterance_id") == uid]
    assert {m["turn_id"] for m in spoken} == {turn}
    assert types.index("speech_act") < types.index("utterance_started") < types.index("voice")
    voices = [m for m in messages if m["type"] == "voice"]
    assert [v["chunk"] for v in voices] == list(range(len(voices)))
    assert voices[-1]["final"] and voices[0]["sample_rate"] > 0
    visemes = [v for m in messages if m["type"] == "animation" for v in m["visemes"]]
    assert len({v["viseme"] for v in visemes}) > 3, "real lip sync uses several mouth shapes"
    assert finished["spoken_text"] == act["text"]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ("{not json", "invalid_json"),
        (json.dumps({"v": 1, "type": "dance", "id": "x1"}), "unknown_type"),
        (json.dumps({"v": 1, "type": "comment", "id": "x2", "text": "no user"}), "invalid_event"),
        (
            json.dumps(
                {
                    "v": 1,
                    "type": "gift",
                    "id": "x3",
                    "user": {"id": "a", "name": "a"},
                    "gift": "x",
                    "amount": -1,
                }
            ),
            "invalid_event",
        ),
        (json.dumps({"v": 1, "type": "control", "id": "x4", "action": "interrupt"}), "forbidden"),
        (json.dumps([1, 2, 3]), "invalid_event"),
        (b"\x00\x01binary", "binary_not_supported"),
        ("[" * 1000 + "]" * 1000, "invalid_json"),  # nesting checked before json.loads
        ('{"a":' * 10_000, "invalid_json"),
        (
            '{"v": 1, "type": "comment", "id": "x5", "user": {"id": "u", "name": "\\ud800"}, "text": "hi"}',
            "invalid_text",
        ),
    ],
)
async def test_bad_input_gets_its_code_and_the_connection_goes_on(
    app: App, payload: str | bytes, code: str
) -> None:
    async with await WsClient.open(app.ws_url, role="source") as client:
        await client.expect("welcome")
        await client.send(payload)
        error = await client.expect("error")
        assert error["code"] == code
        if isinstance(payload, str) and payload.startswith("{") and "id" in payload:
            assert error["ref"] == json.loads(payload)["id"]
        await client.send(Ping())  # the same connection still works
        await client.expect("pong")
    async with await WsClient.open(app.ws_url, role="source") as second:  # and the server serves others
        await second.expect("welcome")


async def test_an_attachment_that_is_not_an_image_gets_an_error_and_the_text_is_answered(app: App) -> None:
    not_image = base64.b64encode(b"%PDF-1.7 this is not a picture").decode()
    message = Message(
        user=VIEWER,
        text="hello, is this scarf in your shop?",
        attachments=[Attachment(kind="image", mime="image/png", data_b64=not_image)],
    )
    async with await WsClient.open(app.ws_url, role="source") as client:
        await client.expect("welcome")
        await client.send(message)
        error = await client.expect("error")
        act = await client.expect("speech_act", within=20, in_reply_to=message.id)
    assert (error["code"], error["ref"]) == ("image_unreadable", message.id)
    assert act["text"]


async def test_renderer_may_not_send_input(app: App) -> None:
    async with await WsClient.open(app.ws_url, role="renderer") as client:
        await client.expect("welcome")
        await client.send(Comment(user=VIEWER, text="hi"))
        error = await client.expect("error")
    assert error["code"] == "forbidden"


async def test_first_message_must_be_hello(app: App) -> None:
    from websockets.asyncio.client import connect

    async with connect(app.ws_url) as ws:
        await ws.send(json.dumps({"v": 1, "type": "ping", "id": "p1", "ts": 0}))
        error = json.loads(await ws.recv())
    assert error["type"] == "error" and error["code"] == "hello_required" and error["ref"] == "p1"


async def test_flood_is_rate_limited(app: App) -> None:
    async with await WsClient.open(app.ws_url, role="source") as client:
        await client.expect("welcome")
        for _ in range(int(app.gateway.config.burst) + 20):
            await client.send(Ping())
        await client.expect("error", code="rate_limited")


async def test_oversize_message_closes_with_1009(app: App) -> None:
    client = await WsClient.open(app.ws_url, role="source")
    await client.expect("welcome")
    big = Comment(user=VIEWER, text="x").model_dump_json().replace('"x"', json.dumps("y" * 70_000))
    await client.send(big)
    with pytest.raises(ConnectionClosed) as closed:
        await client.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
    async with await WsClient.open(app.ws_url, role="source") as other:
        await other.expect("welcome")


async def test_ping_pong(app: App) -> None:
    async with await WsClient.open(app.ws_url, role="renderer") as client:
        await client.send(Ping())
        await client.expect("pong")


async def test_operator_interrupt_cancels_with_spoken_text(app: App) -> None:
    async with await WsClient.open(app.ws_url, role="operator") as op:
        await op.expect("welcome")
        text = "This is a long operator announcement that goes on and on about the halfpipe final tonight."
        await op.send(Control(action="say", text=text))
        started = await op.expect("utterance_started")
        await op.expect("voice", chunk=3)  # some of it has been played
        await op.send(Control(action="interrupt"))
        cancelled = await op.expect("utterance_cancelled", utterance_id=started["utterance_id"])
        assert text.startswith(cancelled["spoken_text"])
        assert cancelled["spoken_text"] != text
        await asyncio.sleep(0.3)
        late = [
            m
            for m in op.received[op.received.index(cancelled) :]
            if m.get("utterance_id") == started["utterance_id"]
        ]
        assert [m["type"] for m in late] == ["utterance_cancelled"], (
            "nothing of the utterance after its cancel"
        )


async def test_renderer_joining_mid_reply_starts_at_an_utterance_boundary(app: App) -> None:
    async with await WsClient.open(app.ws_url, role="operator") as op:
        await op.expect("welcome")
        text = "This first sentence is long enough to join in the middle of it. And here is a second one."
        await op.send(Control(action="say", text=text))
        first = await op.expect("utterance_started")
        await op.expect("voice", chunk=1)
        async with await WsClient.open(app.ws_url, role="renderer") as late:
            await late.expect("welcome")
            started = await late.expect("utterance_started", within=20)
            await late.expect("utterance_finished", utterance_id=started["utterance_id"], within=20)
    assert started["utterance_id"] != first["utterance_id"]
    seen: set[str] = set()
    for m in late.received:
        if m["type"] in ("speech_act", "utterance_started"):
            seen.add(m["utterance_id"])
        elif m.get("utterance_id") is not None:
            assert m["utterance_id"] in seen, f"orphan {m['type']} of an utterance begun before joining"
    assert any(m["type"] == "voice" for m in late.received)


async def test_resume_replays_what_was_missed(app: App) -> None:
    client = await WsClient.open(app.ws_url, role="renderer")
    welcome = await client.expect("welcome")
    app.agent.bus.publish(Behavior(branch="test/a", reason="one"))
    first = await client.expect("behavior")
    await client.close()
    await asyncio.sleep(0.05)
    for i in range(3):
        app.agent.bus.publish(Behavior(branch=f"test/missed{i}", reason="while away"))
    back = await WsClient.open(
        app.ws_url, role="renderer", session_id=welcome["session_id"], resume_from=first["seq"]
    )
    replayed = [await back.recv() for _ in range(3)]
    assert [m["branch"] for m in replayed] == ["test/missed0", "test/missed1", "test/missed2"]
    assert [m["seq"] for m in replayed] == [first["seq"] + 1, first["seq"] + 2, first["seq"] + 3]
    again = await back.expect("welcome")
    assert again["seq"] == first["seq"] + 4 and again["session_id"] == welcome["session_id"]
    await back.close()


async def test_resume_too_old_is_an_error(app: App) -> None:
    app.gateway.config.replay_buffer = 4
    client = await WsClient.open(app.ws_url, role="renderer")
    welcome = await client.expect("welcome")
    await client.close()
    await asyncio.sleep(0.05)
    for i in range(10):
        app.agent.bus.publish(Behavior(branch=f"b{i}", reason="r"))
    back = await WsClient.open(app.ws_url, role="renderer", session_id=welcome["session_id"], resume_from=1)
    error = await back.expect("error")
    assert error["code"] == "resume_gap"
    await back.close()
    unknown = await WsClient.open(app.ws_url, role="renderer", session_id="s-nope", resume_from=3)
    assert (await unknown.expect("error"))["code"] == "unknown_session"
    await unknown.close()


async def test_slow_client_loses_droppable_events_then_is_disconnected(app: App) -> None:
    app.gateway.config.send_queue = 32
    slow = await WsClient.open(app.ws_url, role="renderer", rcvbuf=4096)
    fast = await WsClient.open(app.ws_url, role="renderer")
    await fast.expect("welcome")

    async def keep_reading() -> None:
        with contextlib.suppress(ConnectionClosed):
            while True:
                await fast.recv()

    reader = asyncio.create_task(keep_reading())
    await asyncio.sleep(0.05)
    # the slow client never reads: fill the socket buffers and its queue with big droppable events
    pad = base64.b64encode(os.urandom(30_000)).decode()  # incompressible (permessage-deflate is on)
    for i in range(300):
        app.agent.bus.publish(Behavior(branch=f"flood{i}", reason=pad))
        await asyncio.sleep(0.002)  # a pace the reading client keeps up with
    assert app.gateway.stats.dropped_events["behavior"] > 0
    assert app.gateway.stats.slow_disconnects == 0
    for i in range(100):  # output it may not lose: once nothing droppable is left, it is disconnected
        app.gateway.broadcast(_big_error(i))
        await asyncio.sleep(0.002)
    await asyncio.sleep(0.2)
    assert app.gateway.stats.slow_disconnects == 1
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await slow.ws.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1013
    await asyncio.sleep(0.5)
    reader.cancel()
    # the reading client got everything, in order, without gaps
    seqs = [m["seq"] for m in fast.received]
    assert seqs == list(range(1, len(seqs) + 1))
    assert sum(1 for m in fast.received if m["type"] == "error") == 100
    await fast.close()


def _big_error(i: int):  # type: ignore[no-untyped-def]
    from agent.events import Error

    return Error(code="internal", message=base64.b64encode(os.urandom(30_000)).decode(), ref=str(i))


async def test_static_stage_and_path_traversal(app: App) -> None:
    def get(path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(app.http_url.rstrip("/") + path, timeout=5) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, b""

    status, body = await asyncio.to_thread(get, "/")
    assert status == 200 and b"<html" in body.lower()
    status, _ = await asyncio.to_thread(get, "/../../pyproject.toml")
    assert status == 404


async def test_tokens_required_when_configured() -> None:
    async with running_app(options=BASIC, tokens={"source": "s3cret", "renderer": "r3nd"}) as app:
        bad = await WsClient.open(app.ws_url, role="source", token="wrong")
        assert (await bad.expect("error"))["code"] == "unauthorized"
        with pytest.raises(ConnectionClosed):
            await bad.recv()
        good = await WsClient.open(app.ws_url, role="source", token="s3cret")
        await good.expect("welcome")
        await good.close()
        # each role's token is independent: no operator token is set, so operators are accepted from
        # loopback only (a remote one is refused: tests/connectors/test_gateway_session.py)
        local_operator = await WsClient.open(app.ws_url, role="operator")
        await local_operator.expect("welcome")
        await local_operator.close()


async def test_failed_hellos_are_throttled_per_address() -> None:
    async with running_app(options=BASIC, tokens={"source": "s3cret"}, failed_hello_burst=3.0) as app:
        for _ in range(3):
            guess = await WsClient.open(app.ws_url, role="source", token="guess")
            assert (await guess.expect("error"))["code"] == "unauthorized"
            await guess.close()
        # the 4th try, even with the right token, is refused at the handshake (HTTP 429) for a while
        with pytest.raises(InvalidStatus) as refused:
            await WsClient.open(app.ws_url, role="source", token="s3cret")
        assert refused.value.response.status_code == 429
        assert app.gateway.stats.rejected["unauthorized"] == 3
        assert app.gateway.stats.rejected["hello_throttled"] == 1


def test_loopback_check() -> None:
    assert _is_loopback(("127.0.0.1", 1)) and _is_loopback(("::1", 1, 0, 0))
    assert not _is_loopback(("10.1.2.3", 1)) and not _is_loopback(None)


async def test_shutdown_cancels_utterance_and_closes_with_1001() -> None:
    async with running_app(options=BASIC) as app:
        client = await WsClient.open(app.ws_url, role="operator")
        await client.send(
            Control(action="say", text="A long goodbye that will not be finished because we stop now.")
        )
        started = await client.expect("utterance_started")
        await client.expect("voice")
    # the context has exited: the agent stopped and the gateway closed every client
    cancelled = await client.expect("utterance_cancelled")
    assert cancelled["utterance_id"] == started["utterance_id"]
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            await client.recv()
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1001


async def test_memory_is_handed_back_when_the_last_client_leaves(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    import connectors.gateway as gateway_module

    monkeypatch.setattr(gateway_module, "RELEASE_AFTER_S", 0.05)
    app.gateway.config.replay_age_s = 0.2
    first = await WsClient.open(app.ws_url, role="renderer")
    second = await WsClient.open(app.ws_url, role="renderer")
    await first.expect("welcome")
    await second.expect("welcome")
    app.agent.bus.publish(Behavior(branch="test/a", reason="one"))
    await first.expect("behavior")
    await asyncio.sleep(0.3)  # the event is now older than the replay window; nothing is published after it
    assert len(app.gateway.hub.log.entries) >= 1
    await first.close()
    await asyncio.sleep(0.2)
    assert app.gateway.releases == 0  # a client is still connected
    await second.close()
    await asyncio.sleep(0.3)
    assert app.gateway.releases == 1
    assert len(app.gateway.hub.log.entries) == 0 and app.gateway.hub.log.bytes == 0
    assert isinstance(gateway_module.trim_heap(), bool)
