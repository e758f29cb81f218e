"""Elliptical shop asks (P16): session 24, brief P3; docs/perception.md, "Session 24 (issue 14, brief P3)".
On 0ea0c6d "got any mugs" was read as praise and got a chat line ("Do you ski or board yourself?"), and "u got
hoodies?" / "where can i buy a mug" got a don't-know: only "do you have/sell X" was a shop ask. The lines are
ours, written in chat's shapes; none is taken from a qa part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.perception.goods import asks_shop_for_goods, goods_kinds
from agent.runtime import AgentConfig
from knowledge.catalogue import asked_thing

#: made-up goods
KINDS = goods_kinds(["Glacier Kettle", "Ridge Lantern Set"])


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("got any kettles", "kettles"),
        ("u got lanterns?", "lanterns"),
        ("any kettles left?", "kettles"),
        ("kettles in stock?", "kettles"),
        ("selling lanterns?", "lanterns"),
        ("where can i buy a kettle", "kettle"),
    ],
)
def test_an_elliptical_shop_ask_names_its_thing(text: str, thing: str) -> None:
    assert asked_thing(text) == (thing, True)
    assert asks_shop_for_goods(text, KINDS)


@pytest.mark.parametrize(
    "text", ["got any tips for skiing", "got any plans tonight", "any idea who won", "you got this!"]
)
def test_what_names_no_goods_is_no_shop_ask(text: str) -> None:
    assert not asks_shop_for_goods(text, KINDS)


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _turn(agent: Any, text: str, who: str) -> Any:
    return await agent.respond(Comment(user=User(id=who, name=who), text=text))


@pytest.mark.parametrize(
    ("text", "named"),
    [("got any mugs", "Mug"), ("u got hoodies?", "Hoodie"), ("where can i buy a mug", "Mug")],
)
async def test_an_elliptical_goods_ask_is_answered(agent: Any, text: str, named: str) -> None:
    turn = await _turn(agent, text, "u-shop")
    assert turn.percept.intent == "question", turn.percept
    assert named in turn.text, turn.text


async def test_a_neighbour_is_not_answered_from_the_shop(agent: Any) -> None:
    turn = await _turn(agent, "got any tips for skiing", "u-tips")
    assert turn.percept.intent != "question", turn.percept
