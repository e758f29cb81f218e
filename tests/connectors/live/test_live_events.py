"""Protocol v1.1's livestream events over a real socket, through the assembled product (the tuned tree):
each reaches the tree as its own kind and gets its act."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from agent.events import (
    Entrance,
    Follow,
    InputEvent,
    Membership,
    Raid,
    Subscription,
    Superchat,
    User,
    parse_server_event,
)
from connectors.app import App, AppOptions, running_app
from tests.wsclient import WsClient


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def app() -> AsyncIterator[App]:
    async with running_app(options=AppOptions(voice="espeak")) as app:
        yield app


CASES: list[tuple[InputEvent, str, str]] = [
    (
        Superchat(
            platform="youtube",
            user=User(id="yt:1", name="Mika"),
            amount=20,
            currency="USD",
            text="How much is the Slope Scarf?",
        ),
        "rules/superchat",
        "answer",
    ),
    (Follow(platform="bilibili", user=User(id="b:1", name="bingtang")), "rules/follow", "thank"),
    (Raid(platform="twitch", from_="alpinecam", viewers=120), "rules/raid", "greet"),
    (Entrance(platform="bilibili", user=User(id="b:2", name="tangyuan")), "rules/entrance", "greet"),
]


#: Thanked like a follow; the tree's rule is checked without the voice (keeps the suite fast).
PAID: list[tuple[InputEvent, str, str]] = [
    (
        Membership(platform="youtube", user=User(id="yt:2", name="Aki"), tier="gold"),
        "rules/membership",
        "thank",
    ),
    (
        Subscription(platform="twitch", user=User(id="tw:3", name="snowfox"), tier="1000", months=6),
        "rules/membership",
        "thank",
    ),
]


@pytest.mark.parametrize(("event", "branch", "act"), PAID, ids=[c[0].type for c in PAID])
def test_memberships_and_subscriptions_are_thanked_by_the_tree(
    event: InputEvent, branch: str, act: str
) -> None:
    from agent.decide import TreeDecider

    plan = TreeDecider().decide(event, None, now=100.0)
    assert (plan.branch, plan.act, plan.addressee) == (branch, act, event.user.name)


@pytest.mark.asyncio(loop_scope="module")
@pytest.mark.parametrize(("event", "branch", "act"), CASES, ids=[c[0].type for c in CASES])
async def test_each_live_event_gets_its_act(app: App, event: InputEvent, branch: str, act: str) -> None:
    async with await WsClient.open(app.ws_url, role="source") as client:
        welcome = await client.expect("welcome")
        assert welcome["protocol"] == 1 and welcome["protocol_version"] == "1.2"
        await client.send(event)
        said = await client.expect("speech_act", within=60, in_reply_to=event.id)
        await client.expect("utterance_finished", within=30)
    behavior = next(m for m in client.received if m["type"] == "behavior" and m["turn_id"] == said["turn_id"])
    assert behavior["branch"] == branch
    assert said["act"] == act
    name = event.user.name
    assert said["addressee"] == name and said["addressees"] == [name]
    for message in client.received:
        parse_server_event(message)
    if isinstance(event, Superchat):  # the paid message's text was read: the answer is the scarf's price
        texts = " ".join(
            m["text"] for m in client.received if m["type"] == "speech_act" and m["in_reply_to"] == event.id
        )
        assert "$" in texts


async def test_the_model_free_stages_give_each_live_event_its_act() -> None:
    async with running_app(options=AppOptions(stages="basic")) as basic:
        async with await WsClient.open(basic.ws_url, role="source") as client:
            await client.expect("welcome")
            for event, _, act in CASES + PAID:
                await client.send(event)
                said = await client.expect("speech_act", within=30, in_reply_to=event.id)
                assert said["act"] == act, (event.type, said)
                await client.expect("utterance_finished", within=30)
