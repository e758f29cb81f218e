"""A line that asks to be told about something the base holds is a question to the base (session 22, brief T;
docs/perception.md). Through the real turn (the tree, the composer, the sample base): "tell me about eileen
gu" is answered from the base, citing it (it was chit-chat before: "Do you ski or board yourself?"); "tell me
a joke" and "tell me about your day" are not put to the base. The lines are written here, not taken from any
eval part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.perception.told import asked_about, asks_to_be_told
from agent.runtime import AgentConfig


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _turn(agent: Any, text: str) -> Any:
    return await agent.respond(Comment(user=User(id="u-ana", name="ana_b"), text=text))


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("tell me about eileen gu", "athletes.md"),
        ("can you tell me about the big air venue", "venues"),
        ("describe the slope scarf", "catalog.md"),
    ],
)
async def test_a_thing_the_base_holds_is_asked_of_the_base(agent: Any, text: str, source: str) -> None:
    turn = await _turn(agent, text)
    assert turn.percept.intent == "question", turn.percept
    assert turn.plan.act == "answer", turn.plan
    answer = turn.percept.answer
    assert answer is not None and not answer.abstained, answer
    cited = [c.source for s in turn.sentences for c in s.citations]
    assert any(source in c for c in cited), (cited, turn.text)


@pytest.mark.parametrize(
    "text", ["tell me a joke", "tell me about your day", "describe your perfect weekend"]
)
async def test_a_line_about_nothing_the_base_holds_is_not_put_to_it(agent: Any, text: str) -> None:
    turn = await _turn(agent, text)
    assert turn.percept.answer is None, turn.percept.answer
    assert not any(c for s in turn.sentences for c in s.citations), turn.text


@pytest.mark.parametrize(
    ("words", "about"),
    [
        ("tell me about eileen gu", "eileen gu"),
        ("tell us more about the halfpipe", "the halfpipe"),
        ("tell me who won the downhill", "who won the downhill"),
        ("explain to me big air", "big air"),
        ("describe the slope scarf", "the slope scarf"),
        ("tell me a joke", ""),
        ("tell eileen gu hi", ""),
        ("give me the medal table", ""),
    ],
)
def test_what_a_line_asks_about(words: str, about: str) -> None:
    assert " ".join(asked_about(words.split())) == about


def test_known_things_only_and_never_the_host_or_the_viewer() -> None:
    known = ("eileen gu", "curling")
    assert asks_to_be_told("tell me about eileen gu".split(), known)
    assert asks_to_be_told("explain curling rules".split(), known)
    assert not asks_to_be_told("tell me about the weather".split(), known)
    assert not asks_to_be_told("tell me what you think of eileen gu".split(), known)
    assert not asks_to_be_told("describe my curling stone".split(), known)
    assert not asks_to_be_told("tell me about eileen gu".split(), ())


async def test_a_rank_the_base_does_not_state_is_not_answered_with_its_winner(agent: Any) -> None:
    """Session 23, brief T2 (T1 + K2): "tell me about" a rank's holder reaches the base, and the base, which
    states only the event's winner, says it does not know (``knowledge.ranks``, K2) instead of naming him."""
    turn = await _turn(agent, "tell me about the runner-up in the men's snowboard big air")
    assert turn.percept.intent == "question", turn.percept
    answer = turn.percept.answer
    assert answer is not None and answer.abstained, answer
    assert "Su Yiming" not in turn.text, turn.text
