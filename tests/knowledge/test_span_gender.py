"""The reader's short span read again outside the other gender's clause (session 28, brief S, G1;
knowledge/span_gender.py).

A sentence that names the men's and the women's results side by side gave the reader's span from the side
not asked: on eab62f7 a question about the men's giant slalom carried the women's winner as its short.
Lines written for the test."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.span_gender import asked_parts, genders, parts

SLALOM = "Ann Berg of Norway won the women's slalom, and Tom Lund of Austria won the men's slalom."
BAG = "The Trail Bag costs $35. It is a waterproof nylon bag, 30 by 20 cm, printed with a fox."


def _texts(sentence: str, ranges: list[tuple[int, int]] | None) -> list[str]:
    return [sentence[a:b] for a, b in ranges or []]


def test_a_sentence_is_cut_at_its_sentences_semicolons_and_and() -> None:
    assert _texts(SLALOM, parts(SLALOM)) == [
        "Ann Berg of Norway won the women's slalom",
        "Tom Lund of Austria won the men's slalom.",
    ]
    assert _texts(BAG, parts(BAG))[0] == "The Trail Bag costs $35."
    assert _texts("It rained; the race went on.", parts("It rained; the race went on.")) == [
        "It rained",
        "the race went on.",
    ]


def test_the_genders_named() -> None:
    assert genders("who won the mens slalom") == {0}
    assert genders("the women's downhill") == {1}
    assert genders("did a man or a woman win") == {0, 1}
    assert genders("who won the slalom") == set()


def test_the_other_genders_part_is_left_for_the_asked_one() -> None:
    assert _texts(SLALOM, asked_parts("who won the slalom for men", SLALOM, "Ann Berg")) == [
        "Tom Lund of Austria won the men's slalom."
    ]
    assert asked_parts("who won the slalom for men", SLALOM, "Tom Lund") is None  # already the side asked
    assert asked_parts("who won the slalom", SLALOM, "Ann Berg") is None  # no gender asked
    assert asked_parts("did a man or a woman win the slalom", SLALOM, "Ann Berg") is None  # both asked
    assert asked_parts("who won the slalom for men", SLALOM, "Eva Holm") is None  # not in the sentence
    one = "Ann Berg of Norway won the women's slalom."
    assert asked_parts("who won the slalom for men", one, "Ann Berg") is None  # no part of the side asked
    assert asked_parts("what is the trail bag made of", BAG, "$35") is None  # a price is no gender's part


@pytest.mark.parametrize(
    ("question", "asked", "other"),
    [
        ("the men's giant slalom winner", "Marco Odermatt", "Sara Hector"),
        ("who won the skeleton for women", "Hannah Neise", "Christopher Grotheer"),
    ],
)
def test_the_base_gives_the_short_of_the_gender_asked(
    sample_kb: KnowledgeBase, question: str, asked: str, other: str
) -> None:
    answer = sample_kb.answer(question)
    assert not answer.abstained, question
    assert asked in answer.short and other not in answer.short, (question, answer.short)
