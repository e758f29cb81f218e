"""The shop's terms read from the sentence asked (session 27, brief Y3: ``shop_attributes._terms``,
``shop_answer.reread``).

On 8fc9b23 "how quick is delivery within the states" and "do you do next day delivery" got the returns
sentence, "how many days does shipping take" the dispatch sentence, "which items can't be returned" the
sentence of what can be."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase

CATALOGUE = "sample/merch/catalog.md"


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("how quick is delivery within the states", "3 to 5 business days"),
        ("how many days does shipping take", "3 to 5 business days"),
        ("which items can't be returned", "Personalised items cannot be returned."),
        ("how soon do orders ship", "Orders ship from our warehouse within 2 business days."),  # the verb
    ],
)
def test_the_terms_sentence_asked(sample_kb: KnowledgeBase, question: str, said: str) -> None:
    answer = sample_kb.answer(question)
    assert not answer.abstained and said in answer.text, answer
    assert said in answer.citations[0].quote and answer.citations[0].source == CATALOGUE


def test_an_offer_the_terms_do_not_make_is_no_answer(sample_kb: KnowledgeBase) -> None:
    assert sample_kb.answer("do you do next day delivery").abstained
