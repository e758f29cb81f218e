"""Many interrupts while the persona speaks, then the app shuts down (issue 19: a test variant with many
interrupts from the control page once hung at app shutdown).

A real app (triage, agent, gateway on 127.0.0.1:0) and real websocket clients in the roles the stage uses:
the control page's operator (``say`` and ``interrupt``, as its interrupt button sends), a chat source and
a renderer. The operator makes the persona speak and interrupts it again and again, with comments in
between; afterwards the persona still speaks a line to its end, and the app's shutdown (triage, agent,
gateway closing every client) ends within a bound instead of hanging the run.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time

import pytest

from agent.events import Comment, Control, User
from connectors.app import AppOptions, running_app
from tests.wsclient import WsClient

ROUNDS = 8
SHUTDOWN_S = 5.0  # a client that does not answer the close is dropped after 1 s (SHUTDOWN_CLOSE_S)


@pytest.mark.timeout(120)
async def test_many_interrupts_while_speaking_then_the_app_shuts_down() -> None:
    rng = random.Random(19)
    # Model-free stages start in a second (the full ones take ~15 s here to warm up); the interrupt path
    # (control -> agent.interrupt, the turn's cancel, utterance_cancelled) and the shutdown are the same.
    app_cm = running_app(host="127.0.0.1", port=0, options=AppOptions(stages="basic", voice="espeak"))
    app = await app_cm.__aenter__()
    readers: list[asyncio.Task[None]] = []
    try:
        op = await WsClient.open(app.ws_url, role="operator")
        source = await WsClient.open(app.ws_url, role="source")
        renderer = await WsClient.open(app.ws_url, role="renderer")
        clients = (op, source, renderer)
        for client in clients:
            await client.expect("welcome")

        async def read(client: WsClient) -> None:
            with contextlib.suppress(Exception):
                while True:
                    await client.recv(within=3600)

        readers = [asyncio.create_task(read(c)) for c in clients]

        async def seen(kind: str, after: int, within: float = 15.0, **match: str) -> dict[str, object]:
            deadline = time.monotonic() + within
            while time.monotonic() < deadline:
                for m in renderer.received[after:]:
                    if m["type"] == kind and all(m.get(k) == v for k, v in match.items()):
                        return m
                await asyncio.sleep(0.01)
            raise AssertionError(f"no {kind} {match} within {within}s")

        for i in range(ROUNDS):
            mark = len(renderer.received)
            await op.send(
                Control(
                    action="say",
                    text=f"Round {i}. This is a long announcement about the halfpipe final tonight, "
                    "and the slopestyle qualifiers that follow it tomorrow morning.",
                )
            )
            await seen("voice", mark)  # it is speaking
            await asyncio.sleep(rng.uniform(0.0, 0.3))
            for _ in range(rng.randint(2, 6)):  # an operator hammering the interrupt button
                await op.send(Control(action="interrupt"))
                await asyncio.sleep(rng.choice([0.0, 0.0, 0.01, 0.03]))
            if i % 3 == 0:
                await source.send(Comment(user=User(id=f"u{i}", name=f"viewer{i}"), text=f"hello {i}!"))
                await asyncio.sleep(rng.uniform(0.0, 0.2))
                await op.send(Control(action="interrupt"))

        # Still alive: a short line is spoken to its end.
        await asyncio.sleep(0.2)
        await op.send(Control(action="interrupt"))
        mark = len(renderer.received)
        await op.send(Control(action="say", text="Still here."))
        started = await seen("utterance_started", mark)
        await seen("utterance_finished", mark, utterance_id=str(started["utterance_id"]))

        got = renderer.received
        ids = {m["utterance_id"] for m in got if m["type"] == "utterance_started"}
        ended = {m["utterance_id"] for m in got if m["type"] in ("utterance_cancelled", "utterance_finished")}
        assert ids <= ended, f"utterances started and never ended: {ids - ended}"
        cancelled = [m for m in got if m["type"] == "utterance_cancelled"]
        assert len(cancelled) >= ROUNDS, len(cancelled)
        assert not [m for m in got if m["type"] == "error"], [m for m in got if m["type"] == "error"]
        # A renderer that stopped reading (a frozen OBS page) is still connected at shutdown.
        await WsClient.open(app.ws_url, role="renderer", rcvbuf=4096)
        await op.send(Control(action="say", text="One more line for everyone still connected."))
        await asyncio.sleep(0.3)
    finally:
        began = time.monotonic()
        await asyncio.wait_for(app_cm.__aexit__(None, None, None), SHUTDOWN_S)
        took = time.monotonic() - began
        for task in readers:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*readers, return_exceptions=True)
    print(f"shutdown after {ROUNDS} interrupt rounds: {took:.2f} s")
    assert took < SHUTDOWN_S
