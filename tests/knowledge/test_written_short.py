"""Session 17, brief R (issue 14): what viewers write short - units of measure, numbers grouped by thousands,
"what dates" - is read as the base writes it, and an amount counted of another subject (rule 23) sends the
choice to a sentence of another section that counts the one asked about (docs/knowledge.md "Session 17,
brief R", candidate 2)."""

from __future__ import annotations

from knowledge import KnowledgeBase, nlp
from knowledge.answer import SCOPE_MISSES, question_terms, respell
from knowledge.lexical import LexicalIndex
from knowledge.sentence_scores import _contradicts


def test_units_of_measure_written_short_are_the_base_s_words() -> None:
    assert "kilogram" in nlp.tokenize("max weight of a curling stone in kg")
    assert nlp.tokenize("19.96 kilograms") == nlp.tokenize("19.96 kg")
    assert nlp.tokenize("180 cm") == nlp.tokenize("180 centimetres") == nlp.tokenize("180 centimeters")
    assert nlp.tokenize("44 lbs") == nlp.tokenize("44 pounds")


def test_a_speed_typed_short_is_read_in_words() -> None:
    index = LexicalIndex()
    index.add([0], [nlp.tokenize("Sleds can reach speeds above 130 kilometres per hour.")])
    fixed = respell("bobsleigh top speed kmh", index.respell, index.vocab.__contains__, lambda w: False)
    assert fixed == "bobsleigh top speed kilometres per hour"


def test_a_number_grouped_by_thousands_is_one_number() -> None:
    assert "10000" in nlp.tokenize("the men's 5000 metres and 10,000 metres")
    assert nlp.tokenize("2,871 athletes") == nlp.tokenize("2871 athletes")
    # a list is no grouped number
    assert nlp.tokenize("500, 1000 and 1500") == ["500", "1000", "1500"]
    asked = {t: 1.0 for t in nlp.tokenize("van der poel 10000m record time")}
    told = set(nlp.tokenize("Nils van der Poel won the 10,000 metres, setting a world record of 12:30.74."))
    assert _contradicts(asked, told) == 0.0


def test_what_dates_asks_for_a_date_not_for_the_word() -> None:
    assert "date" not in question_terms("what dates were the 2022 paralympics")
    assert "day" not in question_terms("which days is the show on")
    assert "date" in question_terms("which events had a date change")


def test_only_the_subject_counted_moves_the_choice_across_sections() -> None:
    assert SCOPE_MISSES == frozenset({"subject"})


def test_the_sample_base_counts_the_country_asked(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("how many medals did norway win")
    assert not answer.abstained and "37 medals in total" in answer.text
    # the athlete's own count is still the answer when the question names the athlete
    answer = sample_kb.answer("how many medals did johannes thingnes bo win")
    assert "four" in answer.text or answer.abstained


def test_the_sample_base_answers_written_short(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("max weight of a curling stone in kg")
    assert not answer.abstained and "19.96 kilograms" in answer.text
    answer = sample_kb.answer("what dates were the 2022 paralympics")
    assert not answer.abstained and "13 March 2022" in answer.text


def test_a_measure_answers_only_in_a_unit_of_the_dimension_asked() -> None:
    """Candidate 3: "how fast do orders ship out" is not answered by "10 percent off"."""
    from knowledge import spans

    def strength(question: str, sentence: str) -> float:
        kind = spans.classify(question)
        return spans.strength(kind, spans.answer_span(kind, sentence, question), sentence, question)

    assert strength("how fast do orders ship out", "Subscribers get 10 percent off at checkout.") == 0.0
    assert strength("how fast do sleds go", "Sleds can reach speeds above 130 kilometres per hour.") == 1.0
    assert strength("how heavy is a curling stone", "Stones weigh up to 19.96 kilograms.") == 1.0
    assert strength("how tall is the ramp", "The ramp is 60 metres tall.") == 1.0
    assert strength("how big is the discount", "Subscribers get 10 percent off at checkout.") == 1.0


def test_the_sample_base_says_how_fast_orders_ship(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("how fast do orders ship out")
    assert not answer.abstained and "within 2 business days" in answer.text
