"""A "what is X" question is answered by the sentence that says what X is, and a "made of" question only by a
sentence that states a material (issue 14, session 31, brief C: knowledge/definitions.py,
knowledge/material_asked.py). Pure functions first, then the real sample base through the answer path."""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.definitions import asked_thing, says_what
from knowledge.material_asked import material_asked, material_miss, states_material

MASCOT = (
    "The Olympic mascot was Bing Dwen Dwen, a giant panda wearing a full-body shell of ice, like an "
    "astronaut's suit."
)
TOYS = "Bing Dwen Dwen toys sold out during the Games, and people queued for hours at official shops."
OVAL = (
    "Organisers said all competition venues ran on renewable electricity, and the National Speed Skating "
    "Oval made its ice with carbon dioxide refrigeration, a first for the Olympics."
)


def test_the_thing_a_question_asks_to_be_told() -> None:
    assert asked_thing("what is bing dwen dwen") == "bing dwen dwen"
    assert asked_thing("What was the Ice Ribbon?") == "ice ribbon"
    assert asked_thing("whats a monobob") == "monobob"
    assert asked_thing("what is the national oval made of") is None
    assert asked_thing("what is it") is None
    assert asked_thing("what is the capital of norway") is None
    assert asked_thing("who is chloe kim") is None


def test_a_sentence_that_says_what_it_is() -> None:
    assert says_what("bing dwen dwen", MASCOT)  # "The N was X"
    assert not says_what("bing dwen dwen", TOYS)  # mentions it only
    assert says_what("monobob", "Monobob is a one-person bobsleigh event for women.")
    assert says_what("chloe kim", "Chloe Kim, an American snowboarder, won the halfpipe.")


def test_a_material_asked_and_stated() -> None:
    assert material_asked("what is the national oval made of")
    assert material_asked("what material is the chairlift tote")
    assert not material_asked("what is bing dwen dwen")
    assert states_material("Many Olympic curling stones are made from granite quarried on Ailsa Craig.")
    assert states_material("It is made of 80% cotton and 20% polyester fleece.")
    assert not states_material(OVAL)  # "made its ice with": no material
    assert material_miss("what is the national oval made of", OVAL)
    assert not material_miss("how did the oval make its ice", OVAL)


def test_what_the_mascot_is_is_said(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("what is bing dwen dwen")
    assert not answer.abstained
    assert "giant panda" in answer.text, answer.text


def test_a_made_of_the_base_does_not_hold_is_a_dont_know(sample_kb: KnowledgeBase) -> None:
    assert sample_kb.answer("what is the national oval made of").abstained
    stones = sample_kb.answer("what are curling stones made of")
    assert not stones.abstained and "granite" in stones.text
