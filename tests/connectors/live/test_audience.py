"""v1.1 `audience`: every client of a gateway sees the public chat it took (a control page shows every
source's comments), never a direct message."""

from __future__ import annotations

import asyncio

from agent.events import Comment, Message, Superchat, User, parse_server_event
from connectors.app import AppOptions, running_app
from tests.wsclient import WsClient


async def test_public_inputs_reach_every_client_and_direct_messages_do_not() -> None:
    async with running_app(options=AppOptions(stages="basic")) as app:
        async with (
            await WsClient.open(app.ws_url, role="renderer") as watcher,
            await WsClient.open(app.ws_url, role="source") as source,
        ):
            await watcher.expect("welcome")
            await source.expect("welcome")
            dm = Message(user=User(id="d", name="Dee"), text="a private word")
            comment = Comment(platform="twitch", user=User(id="t", name="Tam"), text="hello from twitch")
            paid = Superchat(user=User(id="y", name="Yu"), amount=5, currency="EUR", text="a paid hello")
            for event in (dm, comment, paid):
                await source.send(event)
            first = await watcher.expect("audience", within=10)
            second = await watcher.expect("audience", within=10)
            await asyncio.sleep(0.3)
    assert [first["event"]["id"], second["event"]["id"]] == [comment.id, paid.id]
    assert parse_server_event(second).event == paid  # type: ignore[union-attr]
    echoed = [m["event"]["id"] for m in watcher.received if m["type"] == "audience"]
    assert dm.id not in echoed and "a private word" not in str(watcher.received)
