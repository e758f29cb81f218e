"""A product named by its stated price or code (session 26, brief Y2; ``shop_lookup``).

On 61c936f "what costs $24" abstained and "which product is SL-SC-04" read out "Product code SL-SC-04."
without saying which product. The value said must stand in the cited sentence, and the product named must be
cited by its own entry."""

from __future__ import annotations

import re

import pytest

from knowledge import KnowledgeBase, shop_lookup
from knowledge.catalogue import Product

CATALOGUE = "sample/merch/catalog.md"


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
        "is the hoodie $49",  # names a product
        "the $15 item?",  # no product is $15
        "which item has code SL-ZZ-99",  # no entry writes it
        "the $24 item holds how much",  # asks more than which item
        "is shipping free over $60",  # asks more than which item
        "which athlete won more medals, norway or germany",
    ],
)
def test_neighbours_are_not_read(sample_kb: KnowledgeBase, question: str) -> None:
    text = sample_kb.answer(question).text
    assert " item is " not in text and " items are " not in text, text
    assert "is the product code of" not in text, text


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
