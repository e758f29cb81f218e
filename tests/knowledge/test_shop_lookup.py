"""Two named products' prices compared, and a product named by its stated price or code (session 26, brief
Y; ``shop_lookup``).

On 61c936f "what's cheaper, the mug or the scarf" abstained and "which product is SL-SC-04" read out
"Product code SL-SC-04." without saying which product. Every amount said must stand in a cited sentence, and
every product named must be cited by its own entry."""

from __future__ import annotations

import re

import pytest

from knowledge import KnowledgeBase, shop_lookup
from knowledge.catalogue import Product

CATALOGUE = "sample/merch/catalog.md"


def _cited(text: str, quotes: list[str]) -> None:
    for amount in re.findall(r"\$\d+", text):
        assert any(re.search(re.escape(amount) + r"\b", q) for q in quotes), (amount, quotes)


@pytest.mark.parametrize(
    ("question", "short", "names"),
    [
        ("what's cheaper, the mug or the scarf", "Ice Crystal Mug", ["Ice Crystal Mug", "Slope Scarf"]),
        (
            "which is more expensive, the hoodie or the mittens",
            "Snowline Logo Hoodie",
            ["Snowline Logo Hoodie", "Warm Hands Mittens"],
        ),
        (
            "which costs less, the bottle or the pin set",
            "Podium Pin Set",
            ["Podium Pin Set", "Summit Water Bottle"],
        ),
        (
            "which is cheaper, the scraf or the poster",
            "Three Zones Poster",
            ["Three Zones Poster", "Slope Scarf"],
        ),
    ],
)
def test_two_products_compared(sample_kb: KnowledgeBase, question: str, short: str, names: list[str]) -> None:
    answer = sample_kb.answer(question)
    assert not answer.abstained, answer
    assert answer.short == short
    assert answer.text.startswith(f"The {short} "), answer.text
    assert [c.span.split(" > ")[-1] for c in answer.citations] == names
    assert all(c.source == CATALOGUE for c in answer.citations)
    _cited(answer.text, [c.quote for c in answer.citations])


@pytest.mark.parametrize(
    ("question", "name", "said"),
    [
        ("what costs $24", "Summit Water Bottle", "The $24 item is the Summit Water Bottle."),
        ("the $16 one?", "Ice Crystal Mug", "The $16 item is the Ice Crystal Mug."),
        ("which product is SL-SC-04", "Slope Scarf", "SL-SC-04 is the product code of the Slope Scarf."),
        ("sl-bn-02?", "Panda Beanie", "SL-BN-02 is the product code of the Panda Beanie."),
    ],
)
def test_a_product_named_by_its_value(sample_kb: KnowledgeBase, question: str, name: str, said: str) -> None:
    answer = sample_kb.answer(question)
    assert answer.text == said and answer.short == name
    assert [c.span.split(" > ")[-1] for c in answer.citations] == [name]
    value = re.search(r"\$\d+|[A-Z]{2}-[A-Z]{2}-\d\d", said)
    assert value is not None and value.group() in answer.citations[0].quote


@pytest.mark.parametrize(
    "question",
    [
        "is the hoodie cheaper than the tee",  # a yes/no
        "the $15 item?",  # no product is $15
        "which item has code SL-ZZ-99",  # no entry writes it
        "the $24 item holds how much",  # asks more than which item
        "which is cheaper, the ice mug or the ice case or the scarf",  # three products
        "which athlete won more medals, norway or germany",
    ],
)
def test_neighbours_are_not_read(sample_kb: KnowledgeBase, question: str) -> None:
    text = sample_kb.answer(question).text
    assert " is cheaper:" not in text and " more:" not in text and " item is " not in text, text
    assert "is the product code of" not in text, text


def test_equal_prices_said_as_equal() -> None:
    def product(name: str, amount: str) -> Product:
        return Product(name, amount, False, f"The {name} costs {amount}.", CATALOGUE, f"Shop > {name}",
                       frozenset(), frozenset())  # fmt: skip

    two = [product("Blue Mug", "$9"), product("Red Cap", "$9")]
    found = shop_lookup.compared("which is cheaper, the mug or the cap", two)
    assert found is not None
    assert found[0] == "The Blue Mug and the Red Cap cost the same, $9."


def test_a_word_two_products_share_names_neither() -> None:
    def product(name: str) -> Product:
        return Product(name, "$5", False, f"The {name} costs $5.", CATALOGUE, f"Shop > {name}",
                       frozenset(), frozenset())  # fmt: skip

    found = [
        p.name
        for p in shop_lookup.named("the ice mug or the case", [product("Ice Mug"), product("Ice Case")])
    ]
    assert found == ["Ice Mug", "Ice Case"]
    assert shop_lookup.named("the ice one", [product("Ice Mug"), product("Ice Case")]) == []


@pytest.mark.parametrize("question", ["is it $9?", "is that 24 dollars", "was it $22"])
def test_a_yes_no_question_about_a_price_names_no_product(question: str) -> None:
    # the reviewer's D4 (session 26): "is it $9?" asks about the product talked of; Y2 answered "The $9 item
    # is the Goggle Strap Keychain."
    assert shop_lookup.asked(question) is None
