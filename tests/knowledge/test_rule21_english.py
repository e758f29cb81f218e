"""Rule 21 reads a word of English as English and only people's names as names (session 24 brief A's N1,
measured again in session 30, brief A): a common word beside a name is no half of another name ("rename"
beside "Water Cube"), a superlative before a product's name ("biggest" before "Logo Hoodie") names no other
product, and a place's two-word name ("Beijing National") is no person's. A name the base does not know still
stops the answer ("anna gasser", "jack white"). The sentences and questions are written here, not taken from
any eval part."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase, word_lists
from knowledge.constraint_names import other_half

pytestmark = pytest.mark.skipif(word_lists.common_words() is None, reason="no word lists (/usr/share/dict)")

_CUBE = 'The "Water Cube" of 2008 became the "Ice Cube" and hosted curling in 2022.'
_HOODIE = "The Snowline Logo Hoodie costs $49 and comes in sizes S to XXL."
_SKATER = "Anna Shcherbakova of the Russian Olympic Committee won the women's singles."
_WHITE = "Shaun White is an American snowboarder who won the halfpipe at Turin 2006."
_OVAL = "The National Speed Skating Oval is the only new ice venue in Beijing."


def _never(stem: str) -> float:
    """Every stem a word the base never uses (the share of the largest idf is 1.0)."""
    return 1.0


def test_a_common_word_beside_a_name_is_english() -> None:
    assert not other_half("what did they rename the water cube to", [], _CUBE, _never)
    assert not other_half("is the water cube still standing", [], _CUBE, _never)


def test_a_word_before_a_product_name_names_no_other_product() -> None:
    assert not other_half("biggest hoodie size", [], _HOODIE, _never)
    assert not other_half("what is the cheapest hoodie here", [], _HOODIE, _never)


def test_a_place_name_is_no_persons_name() -> None:
    assert not other_half("when did the national oval open", [], _OVAL, _never)


def test_a_name_the_base_does_not_know_still_stops_the_answer() -> None:
    assert other_half("anna gasser won which event", ["anna"], _SKATER, _never)
    assert other_half("who is jack white", [], _WHITE, _never)
    assert other_half("how old is tom white", [], _WHITE, _never)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.open_sample()


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("how many ppl are on a curling team", "two teams of four"),  # "Curling" opens its sentence (N1b)
        ("when did the beijing olympics open", "4 February 2022"),  # "Beijing National" is no person
        ("what did they rename the water cube", '"Ice Cube"'),  # "rename" is a word of English
    ],
)
def test_the_sample_base_answers(kb: KnowledgeBase, question: str, said: str) -> None:
    answer = kb.answer(question)
    assert not answer.abstained, answer
    assert said in answer.text, answer.text
