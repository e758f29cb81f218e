"""``KnowledgeBase.answer(question, shop=reply)`` (session 19, brief R): a caller that read the catalogue
entry's reply already (the turn's grounding) hands it in, and the base answers exactly as when it reads the
reply itself (``shop_answer.settle``), without reading it again."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge import KnowledgeBase, shop_attributes

QUESTIONS = [
    "can i get the big air tee in xxl",  # the base abstains; the entry says no
    "how much does the summit bottle hold?",  # the base abstains on its sentence; the entry says it
    "is the hoodie available in blue?",
    "who won the men's big air in beijing?",  # no shop attribute asked
]


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.open_sample()


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_handed_reply_gives_the_same_answer(kb: KnowledgeBase, question: str) -> None:
    assert kb.answer(question, shop=shop_attributes.find_reply(kb, question)) == kb.answer(question)


def test_a_handed_reply_is_not_read_again(kb: KnowledgeBase, monkeypatch: Any) -> None:
    question = "can i get the big air tee in xxl"
    found = shop_attributes.find_reply(kb, question)
    assert found is not None and found.verdict == "no"

    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("read again")

    monkeypatch.setattr(shop_attributes, "find_reply", fail)
    assert kb.answer(question, shop=found).abstained
