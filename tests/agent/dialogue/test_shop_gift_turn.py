"""A real turn answers a gift request from the catalogue, and only a line that asks (session 30, brief G2:
G2a, ``knowledge.shop_gift`` and perception reading the request as a question to the shop,
``agent.perception.goods``; G2b, a comment the classifier reads as a platform gift silenced as spam only with
a spam cue, ``agent.perception.core``).

On 196b236 "can you recommend a gift for my dad" got small talk, "recommend a present for a tea drinker" and
"do you have gift cards" were silenced as spam ("gift" top, spam its runner-up at 0.00)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.agent.dialogue.turns import say_as_ren

PRODUCTS = (
    "Hoodie", "Beanie", "Mug", "Scarf", "Bottle", "Tee", "Pin", "Sticker", "Tote", "Mittens", "Keychain",
    "Penguin", "Poster", "Phone Case",
)  # fmt: skip


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("can you recommend a gift for my dad", "$"),
        ("what should i get my sister for her birthday", "$"),
        ("any gift ideas under $4?", "the cheapest is the Snowflake Sticker Pack"),
    ],
)
async def test_the_turn_answers_a_gift_request(agent: Any, question: str, said: str) -> None:
    reply = await say_as_ren(agent, question)
    cited = {c.source for s in reply.sentences for c in s.citations}
    assert said in reply.text and "sample/merch/catalog.md" in cited, reply.text


@pytest.mark.parametrize(
    "line",
    [
        "the scarf was a gift from my grandma",
        "her talent is a gift to the sport",
        "what should i get for breakfast",
        "my dad loved the present i got him",
    ],
)
async def test_no_product_pitched_on_a_line_that_asks_for_nothing(agent: Any, line: str) -> None:
    reply = await say_as_ren(agent, line)
    assert not any(p in reply.text for p in PRODUCTS) and "$" not in reply.text, reply.text


@pytest.mark.parametrize("line", ["do you have gift cards", "i got the beanie as a present last winter"])
async def test_a_gift_word_is_no_spam(agent: Any, line: str) -> None:
    reply = await say_as_ren(agent, line)
    assert reply.percept.intent != "spam" and reply.text.strip(), (reply.percept.intent, reply.text)
