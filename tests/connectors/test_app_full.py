"""The assembled product over a real gateway: perception, the tuned tree, triage, grounded cited answers,
real voice. (The protocol tests use the model-free stages; this one uses what `persona serve` runs.)"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio

from agent.events import Comment, Gift, Question, User
from connectors.app import App, AppOptions, running_app
from tests.wsclient import WsClient


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def app() -> AsyncIterator[App]:
    async with running_app(options=AppOptions(voice="espeak")) as app:
        yield app


@pytest.mark.asyncio(loop_scope="module")
async def test_question_gets_a_cited_spoken_answer(app: App) -> None:
    async with await WsClient.open(app.ws_url, role="source") as client:
        await client.expect("welcome")
        question = Comment(user=User(id="q1", name="Lumi"), text="How much is the Slope Scarf?")
        await client.send(question)
        behavior = await client.expect("behavior", within=60)
        acts = []
        while True:
            msg = await client.expect("speech_act", within=30)
            acts.append(msg)
            if msg["citations"]:
                break
        await client.expect("utterance_finished", within=30)
    assert behavior["branch"] in ("engage/answer", "rules/answer")  # a newcomer's question: the rule
    assert all(a["in_reply_to"] == question.id for a in acts)
    cited = acts[-1]
    assert cited["act"] == "answer" and "$" in cited["text"]
    assert any("scarf" in c["quote"].lower() or "scarf" in c["source"].lower() for c in cited["citations"])


@pytest.mark.asyncio(loop_scope="module")
async def test_abuse_gets_no_reply_and_is_never_echoed(app: App) -> None:
    async with await WsClient.open(app.ws_url, role="source") as client:
        await client.expect("welcome")
        troll = Comment(user=User(id="t1", name="troll"), text="you stupid idiot host, shut up")
        await client.send(troll)
        gift = Gift(user=User(id="g1", name="Mei"), gift="rocket", amount=3)
        await client.send(gift)
        thanks = await client.expect("speech_act", within=60, in_reply_to=gift.id)
    assert thanks["act"] == "thank"
    assert not any(m.get("in_reply_to") == troll.id for m in client.received), "abuse gets no reply"
    assert not any("idiot" in m.get("text", "") for m in client.received)


@pytest.mark.asyncio(loop_scope="module")
async def test_reporter_question_cites_or_abstains(app: App) -> None:
    async with await WsClient.open(app.ws_url, role="source") as client:
        await client.expect("welcome")
        known = Question(user=User(id="ap", name="AP desk"), text="When did the Beijing 2022 Games open?")
        unknown = Question(
            user=User(id="ap", name="AP desk"), text="What will the weather be in Oslo in 2031?"
        )
        await client.send(known)
        await client.send(unknown)
        replies: dict[str, dict] = {}
        while len(replies) < 2:  # the two run concurrently: either may come first
            msg = await client.expect("speech_act", within=60)
            if msg.get("in_reply_to") in (known.id, unknown.id):
                replies.setdefault(msg["in_reply_to"], msg)
        a, b = replies[known.id], replies[unknown.id]
    assert a["act"] == "answer" and a["citations"] and "2022" in a["text"]
    assert b["act"] == "clarify" and not b["citations"]
