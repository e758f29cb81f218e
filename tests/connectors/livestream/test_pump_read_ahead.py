"""With triage in front (the livestream default), the question triage would hand over next has its LLM
prompt read ahead while the agent's turn runs (``DialogueComposer.prefetch``), once; nothing while the agent
is free."""

from __future__ import annotations

import asyncio

from agent.basic import FixedDecider, KeywordPerceiver
from agent.events import Comment, User
from agent.expression import Expresser, make_voice
from agent.runtime import AgentConfig, PersonaAgent
from connectors.livestream.audience import AudienceEvent
from connectors.livestream.pump import TriagedAgent
from tests.composer_doubles import Talks, until


async def test_the_next_question_is_read_ahead_once_while_a_turn_runs() -> None:
    composer = Talks()
    agent = PersonaAgent(
        perceiver=KeywordPerceiver(),
        decider=FixedDecider(),
        composer=composer,
        expresser=Expresser(voice=make_voice("espeak")),
        config=AgentConfig(idle_tick_s=None, realtime=False),
    )
    front = TriagedAgent(agent, poll_s=0.05)
    for u in ("ana", "ben"):  # known viewers: nobody is greeted
        front.triage.offer(AudienceEvent(kind="comment", user_id=u, user_name=u.title(), text="hi all"), 0.0)
    while front.triage.next_item(0.0):
        pass
    async with agent:
        front.start()
        try:
            assert front.submit(Comment(user=User(id="ana", name="Ana"), text="who won the big air?"))
            await until(lambda: agent.in_turn)
            assert composer.prefetched == []  # handed over at once: the agent was free
            assert front.submit(Comment(user=User(id="ben", name="Ben"), text="who won the halfpipe?"))
            await until(lambda: composer.prefetched)
            await asyncio.sleep(0.2)  # more polls while the same turn runs: still once
            assert composer.prefetched == ["who won the halfpipe?"]
            composer.release.set()
            await until(lambda: agent.turns_done >= 2 and not agent.in_turn)
        finally:
            composer.release.set()
            await front.stop()
