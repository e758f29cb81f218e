"""A real turn answers a gift request from the catalogue (session 29, brief Y7, G1: ``knowledge.shop_gift``,
and perception reading the request as a question to the shop, ``agent.perception.goods``).

On fa43fe5 "can you recommend a gift for my dad" got small talk ("Thanks for chatting! Which event are you
here for?") and "what should i get my sister" a don't-know ("No idea on that one, sorry.")."""

from __future__ import annotations

from typing import Any

import pytest

from tests.agent.dialogue.turns import say_as_ren


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("can you recommend a gift for my dad", "$"),
        ("what should i get my sister", "$"),
        ("any gift ideas under $5", "the cheapest is the Snowflake Sticker Pack"),
    ],
)
async def test_the_turn_answers_a_gift_request(agent: Any, question: str, said: str) -> None:
    reply = await say_as_ren(agent, question)
    cited = {c.source for s in reply.sentences for c in s.citations}
    assert said in reply.text and "sample/merch/catalog.md" in cited, reply.text
