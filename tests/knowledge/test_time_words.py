"""Session 16, brief R2 (issue 14): the kind of time a "when" question names is no word the answer must hold,
and units of time typed short ("hrs") are read as the base writes them (docs/knowledge.md "Session 16, brief
R2")."""

from __future__ import annotations

from knowledge import KnowledgeBase, nlp
from knowledge.answer import Answerer, question_terms, respell
from knowledge.lexical import LexicalIndex


def test_a_when_question_does_not_ask_for_the_word_date() -> None:
    assert "date" not in question_terms("when were the beijing paralympics, dates pls")
    assert "year" not in question_terms("when's su yiming's birthday, day and year")
    assert "day" not in question_terms("when's su yiming's birthday, day and year")
    # only in a "when" question: elsewhere the word is what is asked about
    assert "date" in question_terms("which events had a date change")
    assert "year" in question_terms("who was the athlete of the year")


def test_support_does_not_weigh_the_kind_of_time_a_when_question_names() -> None:
    support = Answerer.support.__get__(object.__new__(Answerer))
    held = "The Beijing 2022 Paralympic Winter Games were held from 4 to 13 March 2022."
    assert support("when were the beijing paralympics, dates pls", held, "") == 1.0


def test_units_of_time_typed_short_are_read_in_full() -> None:
    index = LexicalIndex()
    index.add([0], [nlp.tokenize("keeps drinks cold for 24 hours")])
    fixed = respell("cold for how many hrs", index.respell, index.vocab.__contains__, lambda w: False)
    assert fixed == "cold for how many hours"
    fixed = respell("how many yrs", index.respell, index.vocab.__contains__, lambda w: False)
    assert fixed == "how many years"


def test_the_sample_base_answers_a_when_question_naming_dates(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("when were the beijing paralympics, dates pls")
    assert not answer.abstained and "13 March 2022" in answer.text
    answer = sample_kb.answer("summit bottle, iced drinks stay cold for how many hrs")
    assert not answer.abstained and "24 hours" in answer.text
