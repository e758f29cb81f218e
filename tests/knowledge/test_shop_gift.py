"""A gift request answered from the catalogue's own lines, only where the line asks (session 30, brief G2,
G2a: ``knowledge.shop_gift``, read in ``shop_answer.settle``; the reply is session 29's G1).

On 196b236 "can you recommend a gift for my dad" and "what should i buy my mom for under $10" got a
don't-know (or another sentence of the base); G1 (reverted) answered them but also statements ("the mug was
a gift from my mom" -> the mug's price)."""

from __future__ import annotations

import re

import pytest

from knowledge import KnowledgeBase

CATALOGUE = "sample/merch/catalog.md"
#: every product's stated price, as the catalogue writes it (the test reads the catalogue, not the rule)
PRICES = {
    "Snowline Logo Hoodie": 49, "Panda Beanie": 22, "Ice Crystal Mug": 16, "Slope Scarf": 28,
    "Summit Water Bottle": 24, "Big Air Tee": 29, "Podium Pin Set": 12, "Snowflake Sticker Pack": 6,
    "Chairlift Tote Bag": 19, "Warm Hands Mittens": 26, "Goggle Strap Keychain": 9,
    "Pip the Penguin Plush": 25, "Three Zones Poster": 18, "Ice Ribbon Phone Case": 21,
}  # fmt: skip


def named(text: str) -> set[str]:
    return {name for name in PRICES if name in text}


@pytest.mark.parametrize(
    ("question", "most"),
    [
        ("can you recommend a gift for my dad", None),
        ("what should i buy my mom for under $10", 10),
        ("i need a birthday present for my aunt, any ideas?", None),
        ("help me pick a present for my coworker, budget is 15 dollars", 15),
    ],
)
def test_a_few_ideas_within_the_budget(sample_kb: KnowledgeBase, question: str, most: int | None) -> None:
    answer = sample_kb.answer(question)
    assert not answer.abstained, answer
    found = named(answer.text)
    assert len(found) >= 2, answer.text
    for name in found:  # each named with its own stated price, within the budget
        assert f"${PRICES[name]}" in answer.text and (most is None or PRICES[name] <= most), answer.text
    assert answer.citations and all(c.source == CATALOGUE for c in answer.citations), answer


@pytest.mark.parametrize(
    ("question", "product"),
    [
        ("what hoodie should i get my boyfriend", "Snowline Logo Hoodie"),  # the kind asked
        ("gift for my niece who loves penguins?", "Pip the Penguin Plush"),  # a word of its heading
        ("looking for a gift for a snowboarder", "Big Air Tee"),  # a word of its entry
    ],
)
def test_the_product_the_line_points_to(sample_kb: KnowledgeBase, question: str, product: str) -> None:
    answer = sample_kb.answer(question)
    assert not answer.abstained and named(answer.text) == {product}, answer.text


def test_a_budget_below_the_cheapest(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("any gift ideas under $4?")
    assert "Nothing in the shop is under $4" in answer.text, answer.text
    assert named(answer.text) == {"Snowflake Sticker Pack"} and "$6" in answer.text, answer.text


def test_a_thing_not_sold(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("need a gift for my uncle, got any jackets?")
    assert "doesn't sell jackets" in answer.text and not named(answer.text), answer.text


@pytest.mark.parametrize(
    "question",
    [
        "the scarf was a gift from my grandma",  # a statement: the gift noun heads no request
        "my brother got me the mug as a present",  # told in the past
        "what should i get for breakfast",  # a question of what to get, for no one, no occasion, no budget
        "what present did the medallists get",  # asked of others, in the past
        "her talent is a gift to the sport",  # figurative
        "the best gift is a good stream",  # a gift noun heading a statement
        "do u sell gift cards",  # "gift" modifies the thing asked
        "present the medals",  # the verb
        "got anything to say about the halfpipe?",  # a need no product's words meet
    ],
)
def test_no_gift_request(sample_kb: KnowledgeBase, question: str) -> None:
    answer = sample_kb.answer(question)
    assert not re.search(r"\bideas\b|How about|doesn't sell", answer.text) and not named(answer.text), (
        answer.text
    )


@pytest.mark.parametrize(
    ("question", "budget", "thing"),
    [
        ("bday gift for my gf, budget 50", 50.0, ""),
        ("office party, limit is $20, what u got", 20.0, ""),
        ("any candles? for my mom's bday", None, "candles"),
        ("what can i get for 12 bucks", 12.0, ""),
        ("gift voucher available?", None, None),  # no request: None
        ("my sister gave me a gift card for christmas", None, None),
        ("something to do with the light, i guess", None, None),  # "something to ..." in a statement
    ],
)
def test_what_is_asked(question: str, budget: float | None, thing: str | None) -> None:
    from knowledge import shop_gift  # here: the answer tests above run (and fail) on a tree without it

    ask = shop_gift.asked(question)
    if thing is None:
        assert ask is None, ask
        return
    assert ask is not None and ask.budget == budget and ask.thing == thing, ask


# session 31, brief Z (Z2, Z3): a budget said as "20 dollars tops", "15 dollars or less", "a tenner"; a gift
# said by how it feels ("soft and cuddly") names the products that say it (the plush toy), not the keychain


@pytest.mark.parametrize(
    ("question", "most"),
    [
        ("what would make a nice present for an olympics nerd? 20 dollars tops", 20),
        ("need a present for my sister, 15 dollars or less", 15),
        ("what can i get my mom for a tenner", 10),
        ("looking for a present for my aunt, 30 bucks tops", 30),
    ],
)
def test_every_product_named_is_within_the_stated_budget(
    sample_kb: KnowledgeBase, question: str, most: int
) -> None:
    answer = sample_kb.answer(question)
    found = named(answer.text)
    assert not answer.abstained and found, answer.text
    assert all(PRICES[name] <= most for name in found), answer.text


@pytest.mark.parametrize(
    "question",
    [
        "need a present for a toddler, something soft and cuddly",
        "gift for my niece, something cuddly",
        "gift for a friend who loves soft things",
    ],
)
def test_a_soft_gift_names_the_plush_toy(sample_kb: KnowledgeBase, question: str) -> None:
    answer = sample_kb.answer(question)
    assert named(answer.text) == {"Pip the Penguin Plush"}, answer.text
