"""An irregular plural of a goods kind asks the shop (session 23, brief P2, P13; docs/perception.md): on
8260462 "do you have scarves?" was a question to the host about itself and got the card's line ("scarfs" was
the only plural P10 knew). Through the real turn over the sample base; the lines are ours."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.perception.goods import asks_for_goods, goods_kinds
from agent.runtime import AgentConfig


def test_an_irregular_plural_is_a_kind_by_the_catalogues_stems() -> None:
    kinds = goods_kinds(["Ridge Wolf", "Slope Scarf"])  # made-up goods
    assert asks_for_goods("do you have wolves?", kinds)
    assert asks_for_goods("do u have any scarves", kinds)
    assert not asks_for_goods("do you have halves?", kinds)


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def test_scarves_asked_get_the_shops_answer(agent: Any) -> None:
    turn = await agent.respond(Comment(user=User(id="u-s", name="u-s"), text="do you have scarves?"))
    assert not turn.percept.about_host, turn.percept
    assert "Slope Scarf" in turn.text, turn.text


async def test_siblings_still_get_the_card(agent: Any) -> None:
    turn = await agent.respond(Comment(user=User(id="u-t", name="u-t"), text="do you have siblings?"))
    assert turn.percept.about_host, turn.percept
