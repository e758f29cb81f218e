"""Notes that ask, and a "?" after a reaction that does not, through the real turn over the sample base
(session 22, brief P; docs/perception.md). On f188e10 "yanqing venue" was praise and "price of the scarf"
chit-chat (the host asked back), and a regular's "Bruh ?" was a question that got a don't-know. The lines are
ours, written in chat's shapes; none is taken from a report part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.runtime import AgentConfig
from knowledge import word_lists

pytestmark = pytest.mark.skipif(word_lists.common_words() is None, reason="SCOWL word lists not installed")


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _turn(agent: Any, text: str, who: str = "u-note") -> Any:
    return await agent.respond(Comment(user=User(id=who, name=who), text=text))


@pytest.mark.parametrize("text", ["yanqing venue", "price of the scarf"])
async def test_a_note_is_put_to_the_base_and_answered(agent: Any, text: str) -> None:
    turn = await _turn(agent, text)
    assert turn.percept.intent == "question", turn.percept
    assert turn.plan.act == "answer", turn.plan


@pytest.mark.parametrize("text", ["Bruh ?", "?", "ChuSay???"])
async def test_a_regulars_reaction_gets_no_dont_know(agent: Any, text: str) -> None:
    await _turn(agent, "hi all", who="u-regular")  # seen before
    turn = await _turn(agent, text, who="u-regular")
    assert turn.percept.intent != "question", turn.percept
    assert turn.plan.act != "answer", turn.plan
