"""A budget a shop line states, read generally (session 31, brief Z, Z2: ``knowledge.shop_budget``).

On be123fe "20 dollars tops", "$10 max", "15 dollars or less", "a tenner" and "twenty dollars" were not
read as budgets: "what would make a nice present for an olympics nerd? 20 dollars tops" got the $49 hoodie
first."""

from __future__ import annotations

import pytest

from knowledge import shop_budget, shop_gift


@pytest.mark.parametrize(
    ("line", "budget", "strict"),
    [
        ("what would make a nice present for an olympics nerd? 20 dollars tops", 20.0, False),
        ("gift for my dad, 20 bucks max", 20.0, False),
        ("need a present for my sister, 15 dollars or less", 15.0, False),
        ("what can i get my mom for a tenner", 10.0, False),
        ("any gift ideas under twenty dollars", 20.0, True),
        ("birthday gift for my brother, no more than $25", 25.0, False),
        ("present for my coworker, $5 max", 5.0, False),
        ("my nan has hot chocolate every night, anything nice for that? 20 max", 20.0, False),
        ("help me pick a present, budget is 15 dollars", 15.0, False),  # read before too
        ("what should i buy my mom for under $10", 10.0, True),
    ],
)
def test_a_budget_is_read(line: str, budget: float, strict: bool) -> None:
    assert shop_budget.budget(line) == (budget, strict)
    asked = shop_gift.asked(line)
    assert asked is not None and asked.budget == budget and asked.strict == strict, asked


@pytest.mark.parametrize(
    "line",
    [
        "i spent 20 bucks on pizza lol",
        "my sister gave me a tenner for my bday",
        "the hoodie was 49 bucks, totally worth it",
        "see you in 2 weeks",
    ],
)
def test_an_amount_said_is_no_budget_or_no_request(line: str) -> None:
    assert shop_gift.asked(line) is None


def test_the_budget_words_are_not_what_the_gift_is_for() -> None:
    asked = shop_gift.asked("what would make a nice present for an olympics nerd? 20 dollars tops")
    assert asked is not None and not {"dollars", "tops"} & set(asked.words), asked
