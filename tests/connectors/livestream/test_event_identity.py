"""A gateway comment goes Comment -> AudienceEvent -> triage -> the agent as the same object: the
AudienceEvent keeps its protocol event (``source``) and the triage item hands that one back, so nothing is
rebuilt. An event changed since (a replay's new time) is rebuilt from what it now says."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

from agent.basic import FixedDecider, KeywordPerceiver, TemplateComposer
from agent.events import Comment, Gift, SpeechAct, User
from agent.expression import Expresser, make_voice
from agent.runtime import PersonaAgent
from connectors.livestream.audience import AudienceEvent
from connectors.livestream.pump import TriagedAgent, item_event
from connectors.livestream.triage import Triage


def test_triage_hands_back_the_original_event() -> None:
    tr = Triage()
    first = Comment(user=User(id="u1", name="Uma"), text="hello there")
    gift = Gift(user=User(id="u2", name="Vic"), gift="rose", amount=3)
    tr.offer(first, 1.0)  # a newcomer's greeting
    tr.offer(gift, 1.0)
    items = [tr.next_item(1.0), tr.next_item(1.0)]
    handed = {id(item_event(i)) for i in items if i is not None}
    assert handed == {id(first), id(gift)}
    question = Comment(user=User(id="u1", name="Uma"), text="what wax do you use?")
    tr.offer(question, 2.0)
    item = tr.next_item(2.0)
    assert item is not None and item.to_protocol() is question and item_event(item) is question


def test_a_changed_event_is_rebuilt_from_what_it_says() -> None:
    original = Comment(user=User(id="u1", name="Uma"), text="hi", ts=5.0)
    ev = AudienceEvent.from_protocol(original)
    assert ev.to_protocol() is original
    moved = dataclasses.replace(ev, ts=9.0)  # e.g. a replay re-timing it
    rebuilt = moved.to_protocol()
    assert isinstance(rebuilt, Comment) and rebuilt is not original
    assert rebuilt.ts == 9.0 and rebuilt.text == "hi" and rebuilt.id == original.id
    assert AudienceEvent(kind="comment", user_id="u", user_name="U", text="x").source is None


class _Seen(KeywordPerceiver):
    """The real keyword perceiver, keeping the events it was given."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Any] = []

    def perceive(self, event: Any, now: float, screening: Any = None) -> Any:
        self.events.append(event)
        return super().perceive(event, now, screening)


async def test_the_agent_perceives_the_gateways_own_comment() -> None:
    perceiver = _Seen()
    agent = PersonaAgent(
        perceiver=perceiver,
        decider=FixedDecider(),
        composer=TemplateComposer(),
        expresser=Expresser(voice=make_voice("espeak")),
    )
    front = TriagedAgent(agent)
    spoke = asyncio.Event()
    front.bus.subscribe(lambda e: spoke.set() if isinstance(e, SpeechAct) else None)
    comment = Comment(user=User(id="ana", name="Ana"), text="What song is this?")
    assert front.submit(comment)  # what the gateway calls
    front.start()
    try:
        await asyncio.wait_for(spoke.wait(), 30)
    finally:
        await front.stop()
        await agent.stop()
    assert any(e is comment for e in perceiver.events)
