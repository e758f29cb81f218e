"""Lines viewers heard read clumsily (session 24, brief D, W1-W3; docs/dialogue.md), through real turns over
the sample base. On 20b3e3a: "So far we talked about the most golds and Luge, skeleton and bobsleigh." (a
heading's capital, two "and"s); "new3, welcome in - Honest answer: I'm Frosty Fox ..." and "Hi u1, welcome -
In skeleton, ..." (a capital after the dash); 'lumi, you asked "what's your favourite winter sport": My
favourite winter sport? ...' (the question said twice). The lines are ours, written before any run."""

from __future__ import annotations

import time
from typing import Any

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.runtime import AgentConfig


def _agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _turn(agent: Any, text: str, who: str, ts: float | None = None) -> Any:
    extra = {} if ts is None else {"ts": ts}
    return await agent.respond(Comment(user=User(id=who, name=who), text=text, **extra))


async def test_the_catch_up_says_a_listed_heading_alone_and_without_its_capital() -> None:
    agent = _agent()
    await _turn(agent, "which country won the most golds?", "u-a")
    await _turn(agent, "how fast do bobsleds go?", "u-b")  # its topic: the heading "Luge, skeleton and ..."
    said = (await _turn(agent, "hi hi, what did I miss?", "sam")).text
    assert "talked about" in said, said
    assert "Luge" not in said and said.count(" and ") <= 1, said


async def test_a_card_line_after_a_welcome_has_no_capital() -> None:
    said = (await _turn(_agent(), "are you a bot?", "ben")).text
    assert "ben" in said and "Frosty Fox" in said, said
    assert "- Honest" not in said, said
    assert "honest answer: I'm Frosty Fox" in said, said


async def test_a_fact_opening_with_a_preposition_after_a_welcome_has_no_capital() -> None:
    said = (await _turn(_agent(), "what is skeleton?", "kai")).text
    assert "in skeleton" in said and "- In skeleton" not in said, said


async def test_a_late_card_answer_does_not_say_its_question_twice() -> None:
    agent = _agent()
    await _turn(agent, "hello", "lumi")  # seen before: no welcome
    said = (await _turn(agent, "what's your favourite winter sport?", "lumi", ts=time.time() - 15)).text
    assert "Slalom" in said or "slalom" in said, said
    assert "you asked" not in said and said.lower().count("favourite winter sport") == 1, said
    assert said.startswith("lumi, my favourite winter sport?"), said
