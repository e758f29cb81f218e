"""TriagedAgent in front of the real PersonaAgent (basic stages, espeak voice): the gift is thanked first,
the question many asked is answered once for all of them, spam never reaches the persona."""

from __future__ import annotations

import asyncio

from agent.events import Comment, Gift, SpeechAct, User
from connectors.app import AppOptions, build_agent
from connectors.livestream.audience import AudienceEvent
from connectors.livestream.pump import TriagedAgent, names_label


def test_names_label() -> None:
    assert names_label(("Ana",)) == "Ana"
    assert names_label(("Ana", "Ben")) == "Ana and Ben"
    assert names_label(("A", "B", "C", "D", "E")) == "A, B, C and 2 others"


async def test_triaged_agent_orders_batches_and_filters() -> None:
    agent = build_agent(AppOptions())
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
