"""A size or version the catalogue does not list is a no, not the product (session 22, brief E, E2).

On f188e10 "does the hoodie come in kids sizes?" was answered with the hoodie's size list by the base and the
turn alike (a sentence read out, as if it had them), and "do you sell the poster in a1" got "we do have that:
the Three Zones Poster is $18" (the shop's poster is A2). The lines are ours, written for this test; none is
taken from an eval part."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase, catalogue, shop_attributes


@pytest.mark.parametrize(
    ("question", "entry", "asked"),
    [
        ("does the hoodie come in kids sizes?", "Snowline Logo Hoodie", "kids sizes"),
        ("do the mittens come in toddler-size?", None, None),  # no "size" word apart: not read
        ("is the big air tee available in petite sizes", "Big Air Tee", "petite sizes"),
        ("do the mittens come in child sizes", "Warm Hands Mittens", "child sizes"),
    ],
)
def test_a_size_word_the_entry_does_not_list_is_a_no(
    sample_kb: KnowledgeBase, question: str, entry: str | None, asked: str | None
) -> None:
    found = shop_attributes.find_reply(sample_kb, question)
    if entry is None:
        assert found is None or found.verdict != "no", found
        return
    assert found is not None and found.entry == entry and found.verdict == "no", found
    assert found.asked == asked and "sizes" in found.statement
    assert sample_kb.answer(question).abstained  # the base reads no size list out as an answer to it


@pytest.mark.parametrize(
    "question",
    [
        "the hoodie, does it come in different sizes?",
        "does the hoodie come in bigger sizes",
        "does the big air tee come in standard sizes",
        "does the hoodie come in xl?",
    ],
)
def test_a_word_of_quantity_or_a_size_it_lists_is_no_no(sample_kb: KnowledgeBase, question: str) -> None:
    found = shop_attributes.find_reply(sample_kb, question)
    assert found is not None and found.verdict in ("says", "yes"), found
    assert not sample_kb.answer(question).abstained


def test_a_variant_the_product_does_not_say_is_no_offer_of_it_as_had(sample_kb: KnowledgeBase) -> None:
    a1 = catalogue.find_offer(sample_kb, "do you sell the poster in a1")
    assert a1 is not None and not a1.exact and a1.asked == "poster in a1"
    assert a1.said() == "the Three Zones Poster is $18"
    travel = catalogue.find_offer(sample_kb, "do you have the mug in a travel version?")
    assert travel is not None and not travel.exact and travel.asked == "mug in a travel version"
    a2 = catalogue.find_offer(sample_kb, "do you sell the poster in a2")  # the poster's own size: had
    assert a2 is not None and a2.exact and a2.asked == "poster"
    euros = catalogue.find_offer(sample_kb, "how much is the poster in euros")  # no shop question: as before
    assert euros is not None and euros.asked == "poster"
