"""The viewer's words said back (session 28, brief Y6; kept in session 29 as Y6b): a function word mistyped
is no thing the shop lacks, and an ``open`` decline of the shop's terms names the thing asked, not the verb it
was asked with."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase, catalogue, shop_attributes


@pytest.mark.parametrize(("word", "slip"), [("teh", True), ("adn", True), ("the", False), ("tea", False)])
def test_a_function_word_mistyped(word: str, slip: bool) -> None:
    assert catalogue.transposed_function_word(word) is slip


def test_the_offer_takes_no_slip_for_a_thing(sample_kb: KnowledgeBase) -> None:
    offer = catalogue.find_offer(sample_kb, "how much is teh keychain")
    assert offer is not None and offer.exact and "Goggle Strap Keychain" in offer.said()


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("do you offer same day delivery", "same day delivery"),
        ("do you do express shipping", "express shipping"),
        ("do you ship to mars", "mars"),  # a neighbour: named as before
    ],
)
def test_the_decline_names_the_thing_asked(sample_kb: KnowledgeBase, question: str, named: str) -> None:
    found = shop_attributes.find_reply(sample_kb, question)
    assert found is not None and found.verdict == "open" and found.asked == named
    assert sample_kb.answer(question).abstained  # the base says no decline: the turn does
