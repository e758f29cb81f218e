"""knowledge.shop_answer: the base answers a shop question from the catalogue entry (session 18, brief C).

The questions below are the kinds pool4 (fit data) showed the base abstaining on while the catalogue holds
the answer, each written anew in other words (none is a pool4 row): an attribute read by its word ("holds" is
the capacity), a shop's terms with a condition, the shop's prices as a whole (currency, tax), a return said as
"send back", a price asked in dollars, a choice of materials; and the ones the base must not answer: a
question to the shop about a thing it does not sell, answered from a document that is no shop's.
"""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase, catalogue, shop_answer, shop_attributes
from knowledge.types import Answer, Citation

CATALOGUE = "sample/merch/catalog.md"


@pytest.fixture(scope="module")
def entries(sample_kb: KnowledgeBase) -> tuple[catalogue.Entry, ...]:
    hits = sample_kb.search("snowline shop product", k=80, source=CATALOGUE, modality="text")
    return catalogue.entries(hits)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("how much does the summit bottle hold", "750 ml"),  # capacity, not a price
        ("what's the shipping cost on a $40 order", "standard shipping costs $6"),
        ("what currency are the prices in", "US dollars"),
        ("are taxes included in your prices", "include sales tax"),
        ("within how many days can i send a hoodie back", "within 30 days"),
        ("how many dollars is the chairlift tote", "$19"),
        ("is the chairlift tote leather or plastic", "heavy canvas"),  # a choice the open list answers
    ],
)
def test_the_entry_answers(entries: tuple[catalogue.Entry, ...], question: str, said: str) -> None:
    found = shop_answer.from_reply(shop_attributes.reply(question, entries))
    assert found is not None, question
    assert said in found.text, found
    assert found.text[:1].isupper() and found.text.endswith(".")
    assert found.citation.source == CATALOGUE and found.citation.quote


@pytest.mark.parametrize(
    "question",
    [
        "is the hoodie available in blue?",  # no: the turn's grounded decline, not the base's answer
        "is the mug oven safe?",  # open
        "how much is the zip up hoodie",  # a hoodie the shop does not name (a particle inside the name)
        "how much is the team scarf?",  # no such product: the turn's offer
        "what is the snowflake mug made of",  # another product's name (Snowflake Sticker Pack): no product
    ],
)
def test_no_answer_where_the_entry_does_not_hold_the_value(
    entries: tuple[catalogue.Entry, ...], question: str
) -> None:
    assert shop_answer.from_reply(shop_attributes.reply(question, entries)) is None


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("how much water does the summit bottle hold", "750 ml"),
        ("what is the shipping cost on a $40 order", "standard shipping costs $6"),
        ("are taxes included in your prices", "include sales tax"),
        ("within how many days can i send a hoodie back", "within 30 days"),
        ("how many dollars is the chairlift tote", "$19"),
    ],
)
def test_the_base_answers_with_the_entry_where_its_sentence_reader_abstains(
    sample_kb: KnowledgeBase, question: str, said: str
) -> None:
    """Each of these abstained on e54d363 (the session's start)."""
    answer = sample_kb.answer(question)
    assert not answer.abstained, answer
    assert said in answer.text and answer.citations[0].source == CATALOGUE


@pytest.mark.parametrize("question", ["how much is the zip up hoodie", "is the hoodie available in blue?"])
def test_the_base_still_abstains_where_the_entry_does_not_hold_the_value(
    sample_kb: KnowledgeBase, question: str
) -> None:
    assert sample_kb.answer(question).abstained


def test_the_base_does_not_answer_a_question_to_the_shop_from_another_document(
    sample_kb: KnowledgeBase,
) -> None:
    """e54d363 answered it with "Bing Dwen Dwen toys sold out during the Games, ..." (a media document)."""
    assert sample_kb.answer("do you sell bing dwen dwen mascots").abstained


@pytest.mark.parametrize(
    ("question", "shop"),
    [
        ("can i buy a mascot toy from you", True),
        ("do u sell snow globes", True),
        ("how much is the panda beanie", False),
        ("who won the women's big air", False),
    ],
)
def test_a_question_to_the_shop(question: str, shop: bool) -> None:
    assert shop_answer.asks_the_shop(question) is shop


def test_a_question_to_the_shop_is_not_answered_from_another_document(sample_kb: KnowledgeBase) -> None:
    media = Answer("Mascot toys sold out at the Games.", False, 0.8, [Citation("sample/media/x.md", "", "")])
    assert shop_answer.vetoed(sample_kb, "can i buy a mascot toy from you", media)
    shop = Answer("Pip the Penguin Plush is $25.", False, 0.8, [Citation(CATALOGUE, "", "")])
    assert not shop_answer.vetoed(sample_kb, "can i buy a mascot toy from you", shop)
    assert not shop_answer.vetoed(sample_kb, "who won the women's big air", media)  # no shop question
