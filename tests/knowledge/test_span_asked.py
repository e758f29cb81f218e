"""The short answer a question asks for by what it names (session 26, brief S; knowledge/span_asked.py).

An age asked takes the age the sentence states ("aged 18", "at the age of 35", "at 17"), never a year or a
distance of the same sentence; a unit asked takes the number of that unit ("about 44 pounds" beside "19.96
kilograms"; "hot for 12 hours" beside "750 ml" and "cold for 24 hours"), as the sentence writes it. On 61c936f
the sample base's answers carried "1500 metres" and "750 ml". Lines written for the test."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.span_asked import age_span, asks_age, unit_span

BOTTLE = (
    "It is a 750 ml insulated stainless steel bottle that keeps drinks cold for 24 hours or hot for 12 hours."
)


def test_an_age_asked_takes_the_age_stated() -> None:
    assert age_span("how old was she at the games", "At Beijing 2022, aged 18, she won two golds.") == "18"
    assert (
        age_span("her age when she won it", "She won it at PyeongChang 2018 at 17 and again later.") == "17"
    )
    assert age_span("how old was he", "He won the 1500 metres at Beijing 2022 at the age of 35.") == "35"
    assert age_span("how old is the skier", "The 24-year-old skier won the 1500 metres.") == "24"


def test_an_age_given_or_none_stated_changes_nothing() -> None:
    assert not asks_age("who took silver at age 41") and not asks_age("which skater won aged 35")
    assert age_span("who took silver at age 41", "He took silver, aged 41.") == ""
    assert age_span("how old was she", "She won at 10:30 in the 1500 metres at Beijing 2022.") == ""


def test_a_unit_asked_takes_the_number_of_that_unit_as_written() -> None:
    stone = "Stones weigh up to 19.96 kilograms (about 44 pounds) and are made of granite."
    assert unit_span("measure", "stone weight in pounds", stone) == "44 pounds"
    assert unit_span("measure", "stone weight in kg", stone) == "19.96 kilograms"
    assert unit_span("measure", "how long does it keep coffee hot", BOTTLE) == "12 hours"
    assert unit_span("measure", "how long does it keep drinks cold", BOTTLE) == "24 hours"
    assert unit_span("count", "how many hrs does it keep tea hot", BOTTLE) == "12 hours"
    assert unit_span("measure", "how long is a lap", "Skaters race on a 400-metre oval.") == "400-metre"
    assert (
        unit_span("measure", "how long does it take", "It ships in 3 to 5 business days.")
        == "3 to 5 business days"
    )


def test_no_unit_asked_or_none_stated_changes_nothing() -> None:
    assert (
        unit_span("measure", "how long is the trip", "The line, opened in 2019, takes under an hour.") == ""
    )
    assert (
        unit_span("count", "how many medals did she win", "She won seven medals, three of them gold.") == ""
    )
    assert unit_span("who", "who kept it hot for hours", BOTTLE) == ""


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("how old was ireen wust when she took the 1500 metres gold", "35"),
        ("how long will the summit bottle keep my tea hot", "12 hours"),
        ("what does a curling stone weigh in pounds", "44 pounds"),
    ],
)
def test_the_base_answers_with_the_span_asked(sample_kb: KnowledgeBase, question: str, short: str) -> None:
    answer = sample_kb.answer(question)
    assert not answer.abstained, question
    assert answer.short == short, (question, answer.short, answer.text)
    assert short in answer.text
