"""TriagedAgent in front of the real PersonaAgent (basic stages, espeak voice) and behind the real gateway:
the gift is thanked first, the question many asked is answered once for all of them, spam never reaches the
persona; websocket `message` and `question` reach the chat bot and the reporter."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from agent.basic import FixedDecider, KeywordPerceiver, TemplateComposer
from agent.events import Comment, Gift, Message, Question, SpeechAct, User
from agent.expression import Expresser, make_voice
from agent.runtime import PersonaAgent
from connectors.chatbot import ChatBot
from connectors.gateway import Gateway, GatewayConfig
from connectors.livestream.audience import AudienceEvent
from connectors.livestream.pump import TriagedAgent, names_label
from connectors.reporter import Reporter
from tests.wsclient import WsClient


def build_agent() -> PersonaAgent:
    """The real agent with the model-free stages and the espeak voice (starts instantly)."""
    return PersonaAgent(
        perceiver=KeywordPerceiver(),
        decider=FixedDecider(),
        composer=TemplateComposer(),
        expresser=Expresser(voice=make_voice("espeak")),
    )


def test_names_label() -> None:
    assert names_label(("Ana",)) == "Ana"
    assert names_label(("Ana", "Ben")) == "Ana and Ben"
    assert names_label(("A", "B", "C", "D", "E")) == "A, B, C and 2 others"


async def test_triaged_agent_orders_batches_and_filters() -> None:
    agent = build_agent()
    front = TriagedAgent(agent)
    acts: list[SpeechAct] = []
    got_two = asyncio.Event()

    def collect(event: object) -> None:
        if isinstance(event, SpeechAct):
            acts.append(event)
            if len(acts) >= 2:
                got_two.set()

    front.bus.subscribe(collect)
    # everyone has spoken before, so nobody is greeted here
    for u in ("ana", "ben", "cy", "dee", "spammer", "gifter"):
        front.triage.offer(
            AudienceEvent(kind="comment", user_id=u, user_name=u.title(), text="first words"), 0.0
        )
    while front.triage.next_item(0.0):
        pass
    question = Comment(user=User(id="ana", name="Ana"), text="What song is this?")
    assert front.submit(question)
    for u in ("ben", "cy", "dee"):
        assert front.submit(Comment(user=User(id=u, name=u.title()), text="what song is this??"))
    assert front.submit(
        Comment(user=User(id="spammer", name="S"), text="free followers at www.spam.example.com")
    )
    gift = Gift(user=User(id="gifter", name="Gifter"), gift="rose", amount=5)
    assert front.submit(gift)
    front.start()
    try:
        await asyncio.wait_for(got_two.wait(), 30)
    finally:
        await front.stop()
        await agent.stop()
    assert acts[0].in_reply_to == gift.id
    assert acts[1].in_reply_to == question.id
    assert "Ana, Ben, Cy and 1 other" in f"{acts[1].addressee} {acts[1].text}"  # one answer, all named
    stats = front.triage.stats()
    assert stats.dropped["spam"] == 1 and stats.delivered_by_kind["question"] == 1 and stats.accounted()


# --------------------------------------------------------------------------- through the real gateway


@dataclass(frozen=True)
class _Cit:
    source: str
    span: str
    quote: str


@dataclass(frozen=True)
class _Ans:
    text: str
    abstained: bool
    confidence: float
    citations: list[_Cit] = field(default_factory=list)


class _OneFactKB:
    """A stand-in for the knowledge seam that knows one fact."""

    FACT = "The slalom final starts at 10:15."

    def answer(self, question: str, image: bytes | None = None) -> _Ans:
        if "slalom" in question.lower():
            return _Ans(self.FACT, False, 0.9, [_Cit("schedule.md", "Alpine", self.FACT)])
        return _Ans("I don't know.", True, 0.1)

    def search(self, text: str, k: int = 5) -> list[Any]:
        return []

    def search_image(self, image: bytes, k: int = 5) -> list[Any]:
        return []


async def test_websocket_message_and_question_through_the_gateway() -> None:
    agent = build_agent()
    kb = _OneFactKB()
    front = TriagedAgent(agent, chatbot=ChatBot(kb, ocr=None), reporter=Reporter(kb))
    gateway = Gateway(front, GatewayConfig(port=0))
    front.start()
    await gateway.start()
    try:
        client = await WsClient.open(gateway.ws_url, role="source")
        await client.expect("welcome")
        dm = Message(user=User(id="zoe", name="Zoe"), text="when does the slalom final start?")
        await client.send(dm)
        reply = await client.expect("speech_act", in_reply_to=dm.id)
        assert "10:15" in reply["text"] and reply["citations"][0]["source"] == "schedule.md"
        q = Question(user=User(id="desk", name="Desk"), text="Who won the biathlon?")
        await client.send(q)
        answer = await client.expect("speech_act", in_reply_to=q.id)
        assert answer["act"] == "clarify" and answer["citations"] == []  # no source: abstains
        await client.close()
    finally:
        await front.stop()
        await agent.stop()
        await gateway.close()
