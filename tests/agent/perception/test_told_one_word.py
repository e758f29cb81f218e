"""A request to be told about a thing the base names in one word is put to the base and answered from the
sentence about it (session 27, brief T: D2 = session 25 brief P2's T4 routing,
``agent/perception/subjects.py``, with D1's base rule, ``knowledge/told_about.py``). On 8fc9b23 "tell me
about norway" and "explain curling" were read as chit-chat ("Ha! What's your favourite winter sport?"). The
lines are written here, not taken from any eval part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.runtime import AgentConfig
from tests.agent.dialogue.turns import say_as_ren


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("tell me about norway", "Norway"),
        ("explain curling", "Curling is played"),
    ],
)
async def test_a_one_word_told_line_is_answered_from_the_base(agent: Any, text: str, said: str) -> None:
    turn = await say_as_ren(agent, text)
    assert turn.percept.intent == "question", turn.percept
    answer = turn.percept.answer
    assert answer is not None and not answer.abstained, turn.percept
    assert said in turn.text, turn.text


async def test_a_told_line_about_the_viewer_is_not_put_to_the_base(agent: Any) -> None:
    turn = await say_as_ren(agent, "explain yourself")
    assert turn.percept.answer is None, turn.percept
