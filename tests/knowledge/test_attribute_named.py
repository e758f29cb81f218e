"""Session 17, brief R2 (issue 14): an attribute a question asks by its name (colour, material, size,
discount) is answered by a cited sentence that states a value of it, where the reader's gate alone would
veto ("hoodie colour options?" against "... in midnight navy or glacier white"; docs/knowledge.md "Session
17, brief R2", candidate 4)."""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.answer import attribute_stated

HOODIE = (
    "The Snowline Logo Hoodie costs $49. It is made of 80% cotton and 20% polyester fleece and comes in "
    "sizes S, M, L, XL and XXL, in midnight navy or glacier white."
)
MITTENS = (
    "The Warm Hands Mittens cost $26 a pair. "
    "They are fleece-lined knitted mittens in two sizes, S/M and L/XL."
)
DISCOUNT = "Subscribers to the stream get 10 percent off with the code SNOWFAM at checkout."


def test_an_attribute_named_and_its_value_stated() -> None:
    assert attribute_stated("hoodie colour options?", HOODIE)
    assert attribute_stated("hoodie material pls", HOODIE)
    assert attribute_stated("what is the hoodie made of", HOODIE)
    assert attribute_stated("mitten sizing options pls", MITTENS)
    assert attribute_stated("whats the sub discount code", DISCOUNT)


def test_a_value_alone_or_an_attribute_unstated_is_no_reading() -> None:
    # a colour word asked without the attribute's name ("gold" is a medal here)
    assert not attribute_stated("mens aerials gold?", "Kim won gold in the men's aerials.")
    # the attribute named, but the sentence states no value of it
    assert not attribute_stated("what colour is the mug", "The Ice Crystal Mug costs $16.")
    assert not attribute_stated("mitten sizing?", "The Warm Hands Mittens cost $26 a pair.")
    assert not attribute_stated("discount code?", "Orders ship from our warehouse within 2 business days.")
    # another attribute's value does not answer the one named
    assert not attribute_stated("what colour is the mug", "It is a 350 ml ceramic mug.")


def test_the_sample_base_answers_attributes_asked_by_name(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("hoodie colour options?")
    assert not answer.abstained and "midnight navy or glacier white" in answer.text
    answer = sample_kb.answer("hoodie material pls")
    assert not answer.abstained and "80% cotton" in answer.text
    answer = sample_kb.answer("mitten sizing options pls")
    assert not answer.abstained and "S/M and L/XL" in answer.text
    answer = sample_kb.answer("whats the sub discount code")
    assert not answer.abstained and "SNOWFAM" in answer.text
