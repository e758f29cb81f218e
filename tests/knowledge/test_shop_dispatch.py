"""The shop's dispatch and delivery sentences told apart (session 22, brief E, E3).

The sample catalogue says "Orders ship from our warehouse within 2 business days." (dispatch) and "Delivery
takes 3 to 5 business days in the United States and 7 to 14 business days for international orders."
(delivery). On f188e10 "where do orders ship from?" was answered "We ship to more than 40 countries.", "when
do orders get dispatched" and "does my order leave the warehouse fast" asked no attribute, and "how long is
shipping to france?" was answered with the dispatch sentence. The lines are ours, written for this test; none
is taken from an eval part."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase, shop_attributes

DISPATCH = "Orders ship from our warehouse within 2 business days."
DELIVERY = "Delivery takes 3 to 5 business days"
COUNTRIES = "We ship to more than 40 countries."


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("where do orders ship from?", DISPATCH),
        ("when do orders get dispatched", DISPATCH),
        ("how quickly do orders go out from the warehouse", DISPATCH),
        ("how long is shipping to france?", DELIVERY),
        ("how many days does delivery abroad take", DELIVERY),
        ("how many countries do you ship to", COUNTRIES),  # no time asked: as before
        ("how fast do orders ship out", DISPATCH),  # as before
    ],
)
def test_the_sentence_of_the_shops_terms_asked(
    sample_kb: KnowledgeBase, question: str, sentence: str
) -> None:
    found = shop_attributes.find_reply(sample_kb, question)
    assert found is not None and found.attribute == "shipping", found
    assert found.sentence.startswith(sentence), found.sentence


def test_the_base_answers_the_dispatch_from_the_catalogue(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("when do orders get dispatched")
    assert not answer.abstained and "2 business days" in answer.text
    assert [c.source for c in answer.citations] == ["sample/merch/catalog.md"]
