"""A goods ask names a goods kind (P14), and a colour said of goods is not scored by the abuse model (P15):
session 24, brief P; docs/perception.md, "Session 24 (issue 14, brief P)". On 20b3e3a "white", of the base's
"Shaun White", was a goods kind, and "do you have a white hoodie" was read as abuse: the host stayed silent.
P14's second half (a shop attribute alone no longer a shop ask) was taken back after the reviewer's V1.
The lines are ours, written in chat's shapes; none is taken from a qa part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.dialogue.host_questions import host_question
from agent.events import Comment, User
from agent.perception.goods import abuse_names, asks_for_goods, goods_kinds, names_goods
from agent.runtime import AgentConfig

#: made-up goods, and people's names
KINDS = goods_kinds(["Glacier Kettle", "Ridge Lantern Set", "Shaun White", "Snow White"])


def test_no_colour_or_persons_name_is_a_kind() -> None:
    assert {"kettle", "kettles", "set", "sets", "lantern", "lanterns"} <= KINDS
    assert not {"white", "whites"} & KINDS


@pytest.mark.parametrize("text", ["do you have socks in blue", "do you have t-shirts in xl"])
def test_an_attribute_asked_of_a_thing_the_shop_may_not_name_asks_the_shop(text: str) -> None:
    """The reviewer's V1 (s24): P14's second half sent these to the card ("I'm an AI ..."); taken back."""
    assert asks_for_goods(text, KINDS)
    assert host_question(text, "Frosty Fox", KINDS) is None


@pytest.mark.parametrize(
    "text", ["do you have a white kettle", "do you have lanterns in red", "do u sell kettles"]
)
def test_goods_with_a_colour_still_ask_the_shop(text: str) -> None:
    assert asks_for_goods(text, KINDS)
    assert host_question(text, "Frosty Fox", KINDS) is None


def test_without_goods_an_attribute_still_asks_the_shop() -> None:
    assert host_question("do you have lanterns in red", "Frosty Fox") is None  # the chat bot's, as before


def test_colours_are_muted_only_beside_goods() -> None:
    names = ("glacier kettle",)
    assert "white" in abuse_names("is the kettle white", names, KINDS)
    assert abuse_names("the white one", names, KINDS) == names
    assert abuse_names("is the kettle white", names, ()) == names
    assert names_goods("any white kettles left?", KINDS)


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _turn(agent: Any, text: str, who: str) -> Any:
    return await agent.respond(Comment(user=User(id=who, name=who), text=text))


async def test_a_size_asked_of_a_synonym_of_goods_is_answered_from_the_catalogue(agent: Any) -> None:
    """The reviewer's V1 (s24): answered on 20b3e3a, the card's line under P14's second half."""
    turn = await _turn(agent, "do you have t-shirts in xl", "u-tee")
    assert not turn.percept.about_host, turn.percept
    assert "Tee" in turn.text, turn.text


@pytest.mark.parametrize(
    ("text", "named"), [("do you have a white hoodie", "Hoodie"), ("is the mug white", "Mug")]
)
async def test_a_colour_of_goods_is_answered_not_silenced(agent: Any, text: str, named: str) -> None:
    turn = await _turn(agent, text, "u-white")
    assert turn.percept.intent == "question", turn.percept
    assert named in turn.text, turn.text


async def test_the_hosts_own_and_goods_stay_as_they_were(agent: Any) -> None:
    own = await _turn(agent, "do you have siblings?", "u-own")
    assert own.percept.about_host, own.percept
    goods = await _turn(agent, "do you have beanies?", "u-goods")
    assert "Panda Beanie" in goods.text, goods.text


# P17 (session 25, brief P; docs/perception.md, "Session 25 (issue 14, brief P)"): P15's mute must not hide a
# colour said of people. On 7af58a5 "this mug is for white folks only" was scored less its colour and read as
# a complaint: the host apologised ("Oops, sorry! Let me fix that!").
@pytest.mark.parametrize(
    ("text", "colour"),
    [
        ("this kettle is for white folks only", "white"),
        ("black men can't carry the lantern", "black"),
        ("a kettle for red children", "red"),
        ("grey people buy kettles", "grey"),
    ],
)
def test_a_colour_said_of_people_stays_scored(text: str, colour: str) -> None:
    assert colour not in abuse_names(text, ("glacier kettle",), KINDS)


def test_the_other_colours_of_a_goods_line_stay_muted() -> None:
    muted = abuse_names("a green kettle for white folks", ("glacier kettle",), KINDS)
    assert "green" in muted
    assert "white" not in muted


async def test_a_colour_said_of_people_beside_goods_gets_no_apology(agent: Any) -> None:
    turn = await _turn(agent, "this mug is for white folks only", "u-folks")
    assert turn.percept.intent == "abuse", turn.percept
    assert turn.plan.act != "apologize", turn.text


# Review V5 (session 25): a people word before a goods kind says whom the goods are for, not whose colour
# it is: "do you have a white kids hoodie" was answered on 7af58a5, then read as abuse and silenced by P17 as
# first written.
@pytest.mark.parametrize(
    "text",
    [
        "do you have a white kids kettle",
        "do u have white boys kettles",
        "i want a white kids kettle for my son",
    ],
)
def test_a_colour_of_goods_for_people_stays_muted(text: str) -> None:
    assert "white" in abuse_names(text, ("glacier kettle",), KINDS)


async def test_a_shop_ask_for_kids_goods_in_white_is_no_abuse(agent: Any) -> None:
    turn = await _turn(agent, "do you have a white kids hoodie", "u-kids")
    assert turn.percept.intent != "abuse", turn.percept
    assert "hoodie" in turn.text.lower(), turn.text
