"""A real turn names a product the viewer describes by its photo's or its entry's words (session 28,
brief Y5).

On eab62f7 the turn said a don't-know to "the big air t-shirt fabric?" and "the red and white striped thing,
whats it called"."""

from __future__ import annotations

from typing import Any

import pytest

from tests.agent.dialogue.turns import say_as_ren


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("the big air t-shirt fabric?", "100% organic cotton"),
        ("the red and white striped thing, whats it called", "Slope Scarf"),
    ],
)
async def test_the_turn_names_the_product_described(agent: Any, question: str, said: str) -> None:
    reply = await say_as_ren(agent, question)
    cited = {c.source for s in reply.sentences for c in s.citations}
    assert said in reply.text and "sample/merch/catalog.md" in cited, reply.text
