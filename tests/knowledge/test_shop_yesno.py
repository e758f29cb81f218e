"""A yes/no asked of a product's own catalogue line (session 27, brief Y4: ``shop_yesno``).

On 8fc9b23 "is the ice ribbon case shock resistant" and "can the mug go in the dish washer" got a don't-know
although the entries say "a shock-absorbing case" and "dishwasher and microwave safe"."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase

CATALOGUE = "sample/merch/catalog.md"


@pytest.mark.parametrize(
    ("question", "product", "held"),
    [
        ("is the ice ribbon case shock resistant", "Ice Ribbon Phone Case", "shock-absorbing"),
        ("can the mug go in the dish washer", "Ice Crystal Mug", "dishwasher and microwave safe"),
        ("does the logo hoodie go up to a 2xl", "Snowline Logo Hoodie", "XL and XXL"),
    ],
)
def test_a_yes_no_gets_the_products_line(
    sample_kb: KnowledgeBase, question: str, product: str, held: str
) -> None:
    answer = sample_kb.answer(question)
    assert not answer.abstained, answer
    assert answer.text.startswith(f"The catalogue says the {product} "), answer.text
    assert held in answer.text and not answer.text.lower().startswith("yes")
    assert [c.source for c in answer.citations] == [CATALOGUE]
    assert held in answer.citations[0].quote and answer.citations[0].span.endswith(product)
    assert answer.short == product


@pytest.mark.parametrize(
    "question",
    [
        "is the logo hoodie available in 4xl",  # a size the list does not hold
        "does the tee come in 2xl",  # "S to XL"
        "is the mug ovenproof",  # no word of its line
        "is the hoodie available in red",  # the colour reader's no: not read here
    ],
)
def test_no_line_no_answer(sample_kb: KnowledgeBase, question: str) -> None:
    assert sample_kb.answer(question).abstained


def test_more_than_one_size_is_a_count() -> None:
    from knowledge.shop_readers import size_codes

    assert size_codes("do the mittens come in more than one size") == []
    assert size_codes("is the beanie one size") == ["one-size"]


def test_more_than_one_size_is_answered(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("are the mittens sold in more than one size")
    assert not answer.abstained and "two sizes" in answer.text, answer


def test_numeral_size() -> None:
    from knowledge import shop_yesno

    assert shop_yesno.numeral_size("2xl") == "XXL"
    assert shop_yesno.numeral_size("3xs") == "XXXS"
    assert shop_yesno.numeral_size("xl") is None
