"""A clause that ends in an attribute noun says something of the thing; it does not ask the base by
keywords (session 30, brief A: K1, ``agent/perception/keyword_ask.py``). On 196b236 "his skating is a gift to
the sport" (its last word "sport" an attribute noun, "skating" a base word) was read as a keyword ask, put to
the base and answered "Honestly, I don't know". The lines are written here, not taken from any eval part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.perception.keyword_ask import asks_by_keywords
from agent.runtime import AgentConfig
from tests.agent.dialogue.turns import say_as_ren

_KNOWN = ("eileen gu", "curling", "skating", "big air shougang")


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("his skating is a gift to the sport", False),
        ("eileen gu is the winner", False),
        ("curling was always my favourite sport", False),
        ("big air shougang has a huge capacity", False),
        ("that's the curling score", False),
        ("it's a fine curling result", False),
        ("eileen gu dob", True),  # keywords: a thing and an attribute
        ("mixed doubles curling winner", True),
        ("is eileen gu the winner", True),  # question order: left as it was read
        ("who's the curling winner", True),
    ],
)
def test_a_clause_is_no_keyword_ask(text: str, asks: bool) -> None:
    assert asks_by_keywords(text, "Ren", _KNOWN) is asks


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def test_a_statement_ending_in_an_attribute_is_not_put_to_the_base(agent: Any) -> None:
    turn = await say_as_ren(agent, "his skating is a gift to the sport")
    assert turn.percept.intent != "question", turn.percept
    assert turn.percept.answer is None, turn.percept
    assert "know" not in turn.text.lower(), turn.text


async def test_a_keyword_ask_still_reaches_the_base(agent: Any) -> None:
    turn = await say_as_ren(agent, "eileen gu birthday")
    assert turn.percept.intent == "question", turn.percept
    assert "3 September 2003" in turn.text, turn.text
