"""Goods asked with "do you have" (P10) and "what did I miss?" (P11), pure and through the real turn over
the sample base (session 23, brief P; docs/perception.md). On c7aafe2 "do you have beanies?" got the card's
"I'm an AI, so that one's not part of my story", and "hi hi, what did I miss?" a biathlon fact from the
base. The lines are ours, written in chat's shapes; none is taken from a qa part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.dialogue.host_questions import host_question
from agent.events import Comment, User
from agent.perception.goods import asks_for_goods, asks_what_was_missed, goods_kinds
from agent.runtime import AgentConfig

KINDS = goods_kinds(["Glacier Kettle", "Ridge Lantern Set"])  # made-up goods


def test_goods_kinds_are_last_words_in_both_numbers() -> None:
    assert {"kettle", "kettles", "set", "sets"} <= KINDS


@pytest.mark.parametrize(
    "text",
    [
        "do you have kettles?",
        "do u have the glacier kettle",
        "do you have lanterns in red",
        "do you sell kettles",
    ],
)
def test_goods_are_asked_of_the_shop(text: str) -> None:
    assert asks_for_goods(text, KINDS)


@pytest.mark.parametrize("text", ["do you have siblings", "do you have any pets?", "do u have a day job"])
def test_the_hosts_own_things_are_no_goods(text: str) -> None:
    assert not asks_for_goods(text, KINDS)
    assert host_question(text, "Frosty Fox", KINDS) is not None


def test_a_goods_question_is_no_host_question() -> None:
    assert host_question("do you have kettles?", "Frosty Fox") is not None  # without the goods: as before
    assert host_question("do you have kettles?", "Frosty Fox", KINDS) is None
    assert host_question("do you have lanterns in red", "Frosty Fox") is None  # a colour asked: the shop's


@pytest.mark.parametrize(
    "text",
    ["hi hi, what did I miss?", "what'd i miss", "did i miss anything guys", "what have i missed so far"],
)
def test_what_was_missed_is_asked(text: str) -> None:
    assert asks_what_was_missed(text)


@pytest.mark.parametrize(
    "text",
    [
        "did i miss the downhill final?",
        "what did i miss about the scoring",
        "i missed it",
        "what did you miss",
    ],
)
def test_a_thing_missed_is_no_catch_up(text: str) -> None:
    assert not asks_what_was_missed(text)


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _turn(agent: Any, text: str, who: str) -> Any:
    return await agent.respond(Comment(user=User(id=who, name=who), text=text))


@pytest.mark.parametrize("text", ["do you have beanies?", "do you have any beanies"])
async def test_goods_asked_get_the_shops_answer(agent: Any, text: str) -> None:
    turn = await _turn(agent, text, "u-goods")
    assert turn.percept.intent == "question", turn.percept
    assert not turn.percept.about_host, turn.percept
    assert "Panda Beanie" in turn.text, turn.text


async def test_the_hosts_own_have_still_gets_the_card(agent: Any) -> None:
    turn = await _turn(agent, "do you have siblings?", "u-own")
    assert turn.percept.about_host, turn.percept
    assert not any(s.citations for s in turn.sentences), turn.sentences


async def test_what_did_i_miss_is_greeted_not_answered_from_the_base(agent: Any) -> None:
    turn = await _turn(agent, "hi hi, what did I miss?", "u-late")  # a newcomer
    assert turn.percept.intent == "greeting", turn.percept
    assert turn.percept.answer is None, turn.percept.answer
    assert turn.plan.act != "answer", turn.plan
