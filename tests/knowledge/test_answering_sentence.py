"""The spoken answer is the sentence that holds the answer (session 15, knowledge/answer.py
answering_sentence): a pronoun sentence read with the one before it is said with it only when it adds to
what the question asks or holds the answer."""

from knowledge import KnowledgeBase
from knowledge.answer import ANAPHORA_TIE, Evidence, answering_sentence
from knowledge.types import Hit

PRICE = "The Snowline Logo Hoodie costs $49."
FABRIC = "It is made of 80% cotton and 20% polyester fleece."


def _pair(kind: str, short: str, alone_score: float | None, score: float = 1.8) -> Evidence:
    hit = Hit("c1", f"{PRICE} {FABRIC}", 1.0, "text", "catalog.md", "Hoodie")
    pair = Evidence(f"{PRICE} {FABRIC}", hit, short, kind, score + ANAPHORA_TIE, before=PRICE)
    if alone_score is not None:
        pair.siblings = [Evidence(PRICE, hit, short, kind, alone_score)]
    return pair


def test_a_typed_value_in_the_sentence_before_a_tie_is_said_alone() -> None:
    assert answering_sentence(_pair("price", "$49", 1.8)) == PRICE


def test_the_pair_is_said_otherwise() -> None:
    both = f"{PRICE} {FABRIC}"
    assert answering_sentence(_pair("price", "$49", 1.5)) == both  # the pronoun sentence adds to the match
    assert answering_sentence(_pair("price", "$49", None)) == both  # no score for the sentence alone
    assert answering_sentence(_pair("what", "$49", 1.8)) == both  # no typed value: the short may be wrong
    assert answering_sentence(_pair("measure", "80%", 1.8)) == both  # the value is in the pronoun sentence
    assert answering_sentence(_pair("price", "", 1.8)) == both
    hit = Hit("c1", PRICE, 1.0, "text", "catalog.md", "Hoodie")
    assert answering_sentence(Evidence(PRICE, hit, "$49", "price", 1.8)) == PRICE


def test_the_sample_base_says_the_price_sentence(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("how much is the hoodie")
    assert not answer.abstained and "$49" in answer.text and "cotton" not in answer.text
    assert answer.citations[0].quote == answer.text
    scarf = sample_kb.answer("what is the slope scarf made of")  # the answer is in "It is ... merino wool"
    assert not scarf.abstained and "merino wool" in scarf.text
