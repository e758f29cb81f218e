"""A price asked of the shop as a whole, and a kind asked in its "-ies" plural (session 21, brief P2;
docs/perception.md P6, P7). On 1b30122 "what are your prices" and "how much are your hoodies" got a
don't-know: no product named ("prices" of the shop; "hoodies" stems to "hoody", the catalogue's kind is
"hoodie"). The lines are ours, written before measuring; none is taken from a report part."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase, shop_attributes

PRICING = "Prices are in US dollars and include sales tax."


@pytest.mark.parametrize(
    "question",
    [
        "what are your prices",
        "how much are your prices",
        "merch prices?",
        "prices in the shop?",
        "what are ur prices",
    ],
)
def test_the_shops_prices_are_answered_by_its_own_sentence(sample_kb: KnowledgeBase, question: str) -> None:
    assert shop_attributes.shop_prices_asked(question)
    found = shop_attributes.find_reply(sample_kb, question)
    assert found is not None and found.verdict == "says", found
    assert found.statement == PRICING
    assert found.source == "sample/merch/catalog.md"
    assert shop_attributes.overrides(found, None)


@pytest.mark.parametrize(
    "question",
    [
        "whats the bitcoin price right now",
        "how much is a ticket to milano cortina 2026?",
        "what were ticket prices at the olympics",
        "how much does it cost",
    ],
)
def test_a_price_of_something_else_is_not_the_shops(sample_kb: KnowledgeBase, question: str) -> None:
    assert not shop_attributes.shop_prices_asked(question)
    assert shop_attributes.find_reply(sample_kb, question) is None


@pytest.mark.parametrize(
    ("question", "entry", "said"),
    [
        ("how much are your hoodies", "Snowline Logo Hoodie", "$49"),
        ("how much are the beanies", "Panda Beanie", "$22"),
        ("do the hoodies come in xl", "Snowline Logo Hoodie", "XL"),
        ("how much is the hoodie", "Snowline Logo Hoodie", "$49"),
    ],
)
def test_a_kind_asked_in_its_ies_plural_names_the_product(
    sample_kb: KnowledgeBase, question: str, entry: str, said: str
) -> None:
    found = shop_attributes.find_reply(sample_kb, question)
    assert found is not None and found.entry == entry, found
    assert said in found.values or said in found.statement


def test_a_kind_in_its_ies_plural_is_not_missing_from_the_shops_terms(sample_kb: KnowledgeBase) -> None:
    found = shop_attributes.find_reply(sample_kb, "do you ship hoodies to canada")
    assert found is not None and found.attribute == "shipping", found
    assert "hood" not in found.asked and "canada" in found.asked
