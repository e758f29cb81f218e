"""A line read as a request that asks the host about itself is a question (session 23, brief P2, P12;
docs/perception.md): on c7aafe2 "can you speak french" was a request and got a chat line, never the card's
languages. "can you speak up" asks nothing of the card and stays a request. Through the real turn over the
sample base; the lines are ours."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.runtime import AgentConfig


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _turn(agent: Any, text: str, who: str) -> Any:
    return await agent.respond(Comment(user=User(id=who, name=who), text=text))


LANGUAGES = [("can you speak french", "French"), ("can u speak german", "German")]


@pytest.mark.parametrize(("text", "language"), LANGUAGES)
async def test_a_language_asked_with_can_gets_the_card(agent: Any, text: str, language: str) -> None:
    turn = await _turn(agent, text, "u-lang")
    assert turn.percept.intent == "question", turn.percept
    assert f"{language} isn't one of mine" in turn.text, turn.text
    assert not any(s.citations for s in turn.sentences), turn.sentences


async def test_can_you_speak_up_is_no_card_answer(agent: Any) -> None:
    turn = await _turn(agent, "can you speak up", "u-up")
    assert "I speak English" not in turn.text, turn.text
    assert not turn.percept.about_host, turn.percept
