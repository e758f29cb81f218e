"""Session 23, brief T, K2 (issue 14): a rank asked without a question word at the opening - "who" closing
the line, or no question word at all ("2nd in the men's skeleton behind jan kos", "tell me about the silver in
the women's luge") - is read as asking the rank's holder (knowledge/ranks.py), so a winner's sentence never
answers it. The made-up results of test_ranks.py."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.ranks import asked_rank
from tests.knowledge.test_ranks import luge as luge  # noqa: F401  (the fixture)


@pytest.mark.parametrize(
    ("question", "rank"),
    [
        ("women's luge silver went to who", 2),
        ("2nd in the men's skeleton behind jan kos", 2),
        ("tell me about the silver in the women's luge", 2),
        ("bronze in the women's luge?", 3),
    ],
)
def test_the_rank_asked_without_a_question_word(question: str, rank: int) -> None:
    assert asked_rank(question) == rank


@pytest.mark.parametrize(
    "question",
    [
        "can you tell me about the silver in the luge",  # a yes/no opening
        "what was the silver in the luge like",  # a question word that asks no holder
        "silver and bronze in the luge",  # two ranks
    ],
)
def test_no_holder_asked(question: str) -> None:
    assert asked_rank(question) is None


def test_the_holder_of_the_rank_not_the_winner(luge: KnowledgeBase) -> None:  # noqa: F811
    answer = luge.answer("tell me about the silver in the women's luge singles")
    assert not answer.abstained and answer.short.startswith("Maria Holm"), answer
    for question in ("2nd in the men's skeleton behind jan kos", "men's skeleton silver went to who"):
        answer = luge.answer(question)
        assert answer.abstained, (question, answer.text)
