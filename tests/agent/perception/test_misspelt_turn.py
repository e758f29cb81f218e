"""A misspelt question word through the real turn (session 20, brief P; docs/perception.md): perception on
by default, the tree, the composer, the sample base. "wich country won the most medals" is answered from the
base (it was chit-chat before: "Do you ski or board yourself?"); "wat a run" is no question; a line that
opens with a real word one edit from a question word ("were you watching the downhill") is read as typed.
The lines are written here in chat's shapes, not taken from any report part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.runtime import AgentConfig


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _turn(agent: Any, text: str) -> Any:
    return await agent.respond(Comment(user=User(id="u-ana", name="ana_b"), text=text))


@pytest.mark.parametrize(
    "text", ["wich country won the most medals", "wen was the opening ceremony", "hw much is the mug"]
)
async def test_a_misspelt_question_word_is_answered_from_the_base(agent: Any, text: str) -> None:
    turn = await _turn(agent, text)
    assert turn.percept.intent == "question", turn.percept
    assert turn.plan.act == "answer", turn.plan
    assert turn.percept.answer is not None and not turn.percept.answer.abstained, turn.percept.answer


async def test_an_exclamative_is_no_question(agent: Any) -> None:
    turn = await _turn(agent, "wat a run")
    assert turn.percept.intent != "question", turn.percept
    assert turn.plan.act != "answer", turn.plan


async def test_a_real_word_is_read_as_typed(agent: Any) -> None:
    from agent.perception import Perception
    from agent.persona import Persona

    text = "were you watching the downhill"
    (as_typed,) = Perception(Persona.load(None), misspelt=False).perceive_texts([text], gifts=[False])
    turn = await _turn(agent, text)
    assert turn.percept.intent == as_typed.intent
