"""A buyer's question is no abuse (session 21, brief P2; docs/perception.md): the English abuse model read
"how much are your hoodies" as abuse (0.548 > 0.44) from the character n-grams inside "hoodies" (" ho",
"dies"), so the host said nothing to a buyer. The kind word of each of the persona's merchandise names
("Powder hoodie" -> "hoodie", "hoodies") is now kept out of what the model scores, like the names the host
knows; slurs and the abuse lexicon still read the whole line. The lines are ours, written before measuring;
none is taken from a report part."""

from __future__ import annotations

import pytest

from agent.perception import Perception
from agent.perception.core import merchandise_kinds
from agent.persona import Persona

BUYERS = ["how much are your hoodies", "do you sell hoodies", "do you ship hoodies to canada"]


@pytest.fixture(scope="module")
def persona() -> Persona:
    return Persona.load(None)


@pytest.fixture(scope="module")
def perception(persona: Persona) -> Perception:
    return Perception(persona)


def _intent(perception: Perception, text: str) -> str:
    (p,) = perception.perceive_texts([text], gifts=[False])
    return p.intent


def test_the_kind_word_of_each_merchandise_name_in_both_numbers() -> None:
    assert merchandise_kinds(["Powder hoodie", "Frosty beanie"]) == ("beanie", "beanies", "hoodie", "hoodies")
    assert set(merchandise_kinds(["Warm Hands Mittens", "Slope Scarf", "Chairlift Tote Bag"])) == {
        "mitten",
        "mittens",
        "scarf",
        "scarfs",
        "bag",
        "bags",
    }
    assert "glasses" in merchandise_kinds(["Snow glass"])
    assert merchandise_kinds(["", "x"]) == ()


@pytest.mark.parametrize("text", BUYERS)
def test_a_buyer_asking_about_the_goods_is_heard_as_asking(perception: Perception, text: str) -> None:
    assert _intent(perception, text) == "question"


@pytest.mark.parametrize("text", BUYERS)
def test_without_the_kind_words_the_model_reads_the_buyer_as_abuse(persona: Persona, text: str) -> None:
    # the cause, kept visible: the same lines with the kind words scored (1b30122's behaviour)
    assert _intent(Perception(persona, goods_words=False), text) == "abuse"


@pytest.mark.parametrize(
    "text",
    [
        "your hoodies are trash and so are you, idiot",
        "nobody wants your ugly hoodies you loser",
        "go die in your hoodie",
    ],
)
def test_abuse_that_names_the_goods_is_still_abuse(perception: Perception, text: str) -> None:
    assert _intent(perception, text) == "abuse"


def test_the_spam_check_keeps_its_names(perception: Perception) -> None:
    assert "hoodies" in perception._abuse_names
    assert "hoodies" not in perception._spam_names
