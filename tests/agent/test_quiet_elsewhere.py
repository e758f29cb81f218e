"""The log says the host stayed quiet for a line said to another viewer (session 15, brief M2): "@mike did you
see that jump" is silent (the composer does not take up words said to someone else, session 14), but the tree
logged ``engage/reply`` as if the host had replied. The decide stage now asks the composer's own rule
(``said_to_others``) and its plan says ``quiet/elsewhere`` with no act; a line to the host, or one whose
viewer may need care, is unchanged. Real turn: perception, grounding, the tree, the composer, the sample
base; and the voiced turn's ``behavior`` event."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Behavior, Comment, User
from agent.runtime import AgentConfig


@pytest.fixture(scope="module")
def agent() -> Any:
    agent = assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))
    asyncio.run(_say(agent, "hi everyone"))  # ola_s is no newcomer now (a newcomer's first line is greeted)
    return agent


async def _say(agent: Any, text: str) -> Any:
    return await agent.respond(Comment(user=User(id="u-ola", name="ola_s"), text=text))


async def test_a_line_to_another_viewer_is_logged_as_quiet(agent: Any) -> None:
    reply = await _say(agent, "@mike did you see that jump")
    assert reply.text == ""  # silent, as before
    assert (reply.plan.branch, reply.plan.act) == ("quiet/elsewhere", None), reply.plan
    assert "another viewer" in reply.plan.reason and "@mike" in reply.plan.reason


async def test_the_same_line_to_the_host_is_taken_up(agent: Any) -> None:
    reply = await _say(agent, "@Frosty did you see that jump")
    assert reply.plan.act is not None and reply.plan.branch != "quiet/elsewhere"
    assert reply.text


async def test_a_viewer_who_may_need_care_still_gets_the_care_line(agent: Any) -> None:
    text = "@mike i feel like hurting myself tonight"
    assert agent.decider.needs_care(text)  # the composer's care check finds a need
    reply = await _say(agent, text)
    assert reply.plan.branch != "quiet/elsewhere" and reply.text


async def test_the_voiced_turn_publishes_quiet_and_says_nothing(agent: Any) -> None:
    seen: list[Any] = []
    stop = agent.bus.subscribe(seen.append)
    try:  # one voiced turn, as the runtime's loop runs it for an input it took from the queue
        event = Comment(user=User(id="u-ola", name="ola_s"), text="@kai that jump was unreal")
        await agent._turn(agent._screened(event, None))
    finally:
        stop()
    behaviors = [e for e in seen if isinstance(e, Behavior)]
    assert [b.branch for b in behaviors] == ["quiet/elsewhere"], behaviors
    assert all(isinstance(e, Behavior) for e in seen)  # no speech act, no utterance
