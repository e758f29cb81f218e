"""The shop's products ranked or bounded by their stated prices (session 25, brief H; ``shop_prices``).

"what's the cheapest thing in the shop" got a don't-know on 7af58a5 while every product's price stands in
the catalogue. Each product the answer names must be cited by its own price sentence, and every amount said
must stand in a cited sentence."""

from __future__ import annotations

import re

import pytest

from knowledge import KnowledgeBase, shop_prices

CATALOGUE = "sample/merch/catalog.md"


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("what's the cheapest thing in the shop", ("cheapest", None)),
        ("which product costs the least", ("cheapest", None)),
        ("whats the most expensive thing in the merch store", ("dearest", None)),
        ("anything under $10 in the shop?", ("below", 10.0)),
        ("what merch is under 20 dollars", ("below", 20.0)),
        ("do you sell anything over $40", ("above", 40.0)),
        ("what is the cheapest way to watch the olympics", None),  # no goods named
        ("is the hoodie cheap", None),  # a yes/no
        ("is shipping free on orders over $60", None),  # the shop's terms
        ("which athlete won the most gold medals", None),
    ],
)
def test_what_is_asked(question: str, asked: tuple[str, float | None] | None) -> None:
    assert shop_prices.asked(question) == asked


def _facts_cited(text: str, quotes: list[str], spans: list[str], question: str) -> None:
    """Every amount said stands in a cited sentence (or is the viewer's own bound); every product is named."""
    asked = shop_prices.asked(question)
    bound = f"${asked[1]:g}" if asked is not None and asked[1] is not None else None
    for amount in re.findall(r"\$\d+", text):
        assert amount == bound or any(re.search(re.escape(amount) + r"\b", q) for q in quotes), (
            amount,
            quotes,
        )
    for span in spans:
        assert span.split(" > ")[-1] in text


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("what's the cheapest thing in the shop", ["Snowflake Sticker Pack"]),
        ("what's the priciest item in the shop", ["Snowline Logo Hoodie"]),
        ("anything under $10 in the shop?", ["Snowflake Sticker Pack", "Goggle Strap Keychain"]),
        (
            "what merch is under 20 dollars",
            ["Snowflake Sticker Pack", "Goggle Strap Keychain", "Podium Pin Set"],
        ),
        ("do you have anything under $5", ["Snowflake Sticker Pack"]),
    ],
)
def test_the_base_answers_from_every_stated_price(
    sample_kb: KnowledgeBase, question: str, names: list[str]
) -> None:
    answer = sample_kb.answer(question)
    assert not answer.abstained, answer
    assert [c.span.split(" > ")[-1] for c in answer.citations] == names
    assert all(c.source == CATALOGUE for c in answer.citations)
    _facts_cited(
        answer.text, [c.quote for c in answer.citations], [c.span for c in answer.citations], question
    )


def test_nothing_under_the_bound_is_said_with_the_cheapest(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("do you have anything under $5")
    assert answer.text.startswith("Nothing in the shop is under $5"), answer.text
    assert "$6" in answer.text


def test_ties_are_all_named() -> None:
    from knowledge.catalogue import Product

    def product(name: str, amount: str) -> Product:
        sentence = f"The {name} costs {amount}."
        return Product(name, amount, False, sentence, CATALOGUE, f"Shop > {name}", frozenset(), frozenset())

    found = shop_prices.said("cheapest thing in the shop?", [product("A Mug", "$6"), product("B Pin", "$6"),
                                                             product("C Hat", "$9")])  # fmt: skip
    assert found is not None
    text, _, named = found
    assert [p.name for p in named] == ["A Mug", "B Pin"]
    assert text == "The cheapest things in the shop are the A Mug and the B Pin, at $6 each."


@pytest.mark.parametrize(
    "question",
    ["what is the cheapest way to watch the olympics", "is the hoodie cheap", "how much is shipping"],
)
def test_neighbours_are_not_ranked(sample_kb: KnowledgeBase, question: str) -> None:
    assert shop_prices.asked(question) is None
    text = sample_kb.answer(question).text
    assert "thing in the shop" not in text and "things in the shop" not in text, text
