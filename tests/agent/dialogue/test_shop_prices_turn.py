"""A real turn says the shop's cheapest / dearest product from its stated prices (session 25, brief H), two
products' prices compared and a product named by its price or code (session 26, brief Y).

On 7af58a5 "what's the cheapest thing in the shop" got "I can't answer that, I don't have it." on the turn; on
61c936f "what's cheaper, the mug or the scarf" got a don't-know and "which product is SL-SC-04" "Product code
SL-SC-04." without the product."""

from __future__ import annotations

from typing import Any

import pytest

from agent.decide import ConversationDecider
from agent.events import Comment, User
from tests.agent.dialogue.turns import say_as_ren

CATALOGUE = "sample/merch/catalog.md"


@pytest.mark.parametrize("chat", [True, False], ids=["chat-profile", "livestream-tree"])
@pytest.mark.parametrize(
    ("question", "name", "amount"),
    [
        ("what's the cheapest thing in the shop", "Snowflake Sticker Pack", "$6"),
        ("what's the most expensive item in the store", "Snowline Logo Hoodie", "$49"),
        ("what's cheaper, the mug or the scarf", "Ice Crystal Mug", "$16"),  # session 26, brief Y
        ("what costs $24", "Summit Water Bottle", "$24"),
    ],
)
async def test_the_turn_says_it(agent: Any, question: str, name: str, amount: str, chat: bool) -> None:
    event = Comment(user=User(id="u-juno", name="juno"), text=question)
    reply = await agent.respond(event, decider=ConversationDecider() if chat else None)
    assert name in reply.text and amount in reply.text, reply.text
    assert "can't answer" not in reply.text.lower() and "don't know" not in reply.text.lower()
    cited = [c for s in reply.sentences for c in s.citations]
    assert cited and all(c.source == CATALOGUE for c in cited), cited
    assert any(amount in c.quote for c in cited), cited


async def test_a_code_is_said_as_its_product(agent: Any) -> None:
    """Session 26, brief Y: the product whose entry writes the code, not the code's sentence read out."""
    reply = await say_as_ren(agent, "which product is SL-SC-04")
    assert "Slope Scarf" in reply.text, reply.text
