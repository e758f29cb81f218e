"""A product named by what its photo or its entry calls it (session 28, brief Y5: ``shop_photos``,
``shop_named``, ``shop_attributes._right_head`` / ``_name_of``).

On eab62f7 "the big air t-shirt fabric?", "the snowboarder print shirt costs?", "how much is the map of the
three zones" and "the red and white striped thing, whats it called" got a don't-know, and "which shirt has a
snowboarder on it" the photo's caption, not the catalogue."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase

CATALOGUE = "sample/merch/catalog.md"


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("the big air t-shirt fabric?", "100% organic cotton"),
        ("the snowboarder print shirt costs?", "$29"),
        ("how much is the map of the three zones", "$18"),
        ("which shirt has a snowboarder on it", "Big Air Tee"),
        ("the red and white striped thing, whats it called", "Slope Scarf"),
    ],
)
def test_a_product_named_by_its_words(sample_kb: KnowledgeBase, question: str, said: str) -> None:
    answer = sample_kb.answer(question)
    assert not answer.abstained and said in answer.text, answer
    assert answer.citations and all(c.source == CATALOGUE for c in answer.citations), answer


@pytest.mark.parametrize(
    "question",
    [
        "how much is a snowboard jacket",  # what the tee shows is not what it is
        "price of the ski goggles",  # the keychain is made of goggle straps, it is no goggles
        "name of the merch store?",  # no product asked
    ],
)
def test_a_thing_the_shop_does_not_sell_is_not_named(sample_kb: KnowledgeBase, question: str) -> None:
    assert sample_kb.answer(question).abstained


def test_a_photo_caption_gives_its_apposition_head_as_a_kind() -> None:
    from knowledge.shop_photos import caption_kinds  # here: new; the other cases run on eab62f7

    caption = "The Big Air Tee, a yellow organic cotton t-shirt printed with a snowboarder mid-jump."
    assert caption_kinds("Big Air Tee", caption) == {"t-shirt", "shirt"}
    mittens = "The Warm Hands Mittens, a pair of orange knitted mittens."
    assert caption_kinds("Warm Hands Mittens", mittens) == {"mitten"}
    assert not caption_kinds("Pip the Penguin Plush", "Pip the Penguin, the stream's mascot, as a plush toy.")
