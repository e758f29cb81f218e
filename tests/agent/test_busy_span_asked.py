"""A busy chat's brief answer keeps the age asked (session 26, brief S; knowledge/span_asked.py).

The brief answer is the sentence holding ``Answer.short`` cut after the span's clause
(agent/dialogue/brief.py). On 61c936f "what age was ireen wust ..." carried the short "2022" (a when
question), and a busy chat heard the sentence cut before "at the age of 35"; the short is now the age
stated, and the brief answer says it. Real turn: perception, grounding, the tree, the composer, the sample
base; the busy chat is the decider's own clocks, set as tests/agent/test_busy_shop.py sets them.
Lines written for the test."""

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


async def test_a_busy_chat_says_the_age_asked(agent: Any) -> None:
    rin = User(id="u-rin", name="rin_k")
    await agent.respond(Comment(user=rin, text="hi everyone, first time here"))  # no newcomer any more
    busy_chat(agent, waiting=3)
    reply = await agent.respond(
        Comment(user=rin, text="what age was ireen wust when she won the 1500 metres")
    )
    assert reply.plan.act == "answer" and reply.plan.brief, reply.plan
    assert "35" in reply.text, reply.text  # the age said, not cut off after "Beijing 2022,"
    assert reply.percept.answer is not None and reply.percept.answer.short == "35"
