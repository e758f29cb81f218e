"""A busy chat's brief answer says the winner of the gender asked, not the other's (session 28, brief S, G1;
knowledge/span_gender.py).

The brief answer is the sentence holding ``Answer.short`` cut after the span's clause
(agent/dialogue/brief.py). On eab62f7 a question about the men's giant slalom carried the short "Sara Hector
of Sweden", the women's winner in the sentence's second clause, so a busy chat heard the whole sentence, the
women's winner with it; the short is now the men's winner and the brief answer stops after his clause. Real
turn: perception, grounding, the tree, the composer, the sample base; the busy chat is the decider's own
clocks, set as tests/agent/test_busy_span_asked.py sets them. Lines written for the test."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.runtime import AgentConfig
from tests.agent.busy import busy_chat


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def test_a_busy_chat_hears_the_mens_winner_only(agent: Any) -> None:
    kai = User(id="u-kai", name="kai_s")
    await agent.respond(Comment(user=kai, text="hey all, first stream for me"))  # no newcomer any more
    busy_chat(agent, waiting=3)
    reply = await agent.respond(Comment(user=kai, text="the men's giant slalom winner?"))
    assert reply.plan.act == "answer" and reply.plan.brief, reply.plan
    assert "Marco Odermatt" in reply.text, reply.text
    assert "Sara Hector" not in reply.text, reply.text  # the women's winner is not said
