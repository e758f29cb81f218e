"""The names a base writes only in its text (session 24, brief T: T3; docs/perception.md). Through the
real turn (the tree, the composer, the sample base): "tell me about the ice cube" - the venues page calls the
National Aquatics Centre so in a paragraph, never in a heading - is answered from the base, citing it
(chit-chat before: "Do you ski or board yourself?"); "tell me about your day" and "tell me a joke" are still
not put to the base. The lines are written here, not taken from any eval part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.perception.text_names import names_in
from agent.perception.told import asks_to_be_told
from agent.runtime import AgentConfig


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _turn(agent: Any, text: str) -> Any:
    return await agent.respond(Comment(user=User(id="u-lee", name="lee_k"), text=text))


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("tell me about the ice cube", "venues"),
        ("explain the bird's nest", "venues"),
        ("tell me about oksana masters", "paralympics"),
    ],
)
async def test_a_name_of_the_base_s_text_is_asked_of_the_base(agent: Any, text: str, source: str) -> None:
    turn = await _turn(agent, text)
    assert turn.percept.intent == "question", turn.percept
    answer = turn.percept.answer
    assert answer is not None and not answer.abstained, answer
    cited = [c.source for s in turn.sentences for c in s.citations]
    assert any(source in c for c in cited), (cited, turn.text)


@pytest.mark.parametrize(
    "text", ["tell me a joke", "tell me about your day", "tell me about the weather in london"]
)
async def test_a_line_about_nothing_the_base_names_is_not_put_to_it(agent: Any, text: str) -> None:
    turn = await _turn(agent, text)
    assert turn.percept.answer is None, turn.percept.answer


def test_quoted_names_and_capitalised_runs() -> None:
    text = (
        'The "Water Cube" of 2008 became the "Ice Cube" and hosted curling. The Bird\'s Nest seats 80,000. '
        "American Oksana Masters won seven medals, and the mascot was shown in Paris."
    )
    names = names_in(text)
    assert {"water cube", "ice cube", "bird's nest", "oksana masters", "american oksana masters"} <= names
    assert "the bird's nest" not in names  # a stopword never opens a name
    assert "paris" not in names and "american" not in names  # one capitalised word is no name
    assert "hosted curling" not in names


def test_a_text_name_is_read_word_for_word_and_never_about_the_host() -> None:
    named = frozenset({"ice cube", "oksana masters"})
    assert asks_to_be_told("tell me about the ice cube".split(), (), named)
    assert asks_to_be_told("explain the ice cube venue".split(), (), named)
    assert not asks_to_be_told("tell me about the ice cubes".split(), (), named)
    assert not asks_to_be_told("tell me about your ice cube".split(), (), named)
    assert not asks_to_be_told("tell me about the ice".split(), (), named)
