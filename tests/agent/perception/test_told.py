"""A line that asks to be told about something the base holds is a question to the base (session 22, brief T;
docs/perception.md). Through the real turn (the tree, the composer, the sample base): "tell me about eileen
gu" is answered from the base, citing it (it was chit-chat before: "Do you ski or board yourself?"); "tell me
a joke" and "tell me about your day" are not put to the base. Session 24's T3 (the names a base writes only in
its text, ``text_names``): "tell me about the ice cube" - the venues page calls the National Aquatics Centre
so in a paragraph, never in a heading - is answered from the base (chit-chat before). The lines are written
here, not taken from any eval part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.perception.text_names import names_in, text_names
from agent.perception.told import asked_about, asks_to_be_told
from agent.runtime import AgentConfig
from knowledge import KnowledgeBase


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
        ("tell me about the ice cube", "venues"),  # T3: names the base writes only in its text
        ("explain the bird's nest", "venues"),
        ("tell me about oksana masters", "paralympics"),
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
    "text",
    [
        "tell me a joke",
        "tell me about your day",
        "describe your perfect weekend",
        "tell me about the weather in london",
    ],
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


def test_a_base_s_text_is_read_for_names_only_up_to_the_bound() -> None:
    kb = KnowledgeBase.open_sample()
    every = text_names(kb)
    assert {"ice cube", "bird's nest", "oksana masters"} <= every
    assert text_names(kb, limit=0) == frozenset()
    assert text_names(kb, limit=20) < every  # the lowest ids first, never more than the bound
