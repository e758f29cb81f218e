"""A year met only in passing (session 23, brief R, R1; docs/knowledge.md "Session 23, brief R")."""

from __future__ import annotations

from knowledge import KnowledgeBase, constraints, year_passing

NEST = "The Bird's Nest hosted the opening and closing ceremonies, as it did in 2008."
OVAL = "Her win in the 500 metres at Beijing 2022 was the first American gold in that event since 1994."
CAREER = "Mikaela Shiffrin is an American alpine skier who won gold at Sochi 2014 and PyeongChang 2018."


def test_a_reference_back_to_another_time_is_in_passing() -> None:
    assert year_passing.miss("what mascots were there in 2008", NEST, "", "Venues")
    assert year_passing.miss("who took the 500 metres in 1994", OVAL, "", "Athletes")
    # the year as the time of what the clause says is met
    assert not year_passing.miss("who won the 500 metres in 2022", OVAL, "", "Athletes")
    assert not year_passing.miss(
        "what did the water cube host in 2008", "The Water Cube hosted swimming in 2008.", "", "Venues"
    )
    # R1b: "as it did in 2008" says the main clause held then too, when the question asks of it
    assert not year_passing.miss("what did the birds nest host in 2008", NEST, "", "Venues")
    # a heading that writes the year meets it
    assert not year_passing.miss("what mascots were there in 2008", NEST, "", "Beijing 2008")


def test_the_games_alone_shared_with_a_sentence_that_names_other_years() -> None:
    assert year_passing.miss("how many athletes came to sochi 2014", CAREER, "", "Athletes")
    assert year_passing.miss("when did pyeongchang 2018 open", CAREER, "", "Athletes")
    # a word of the question besides its Games is in the sentence
    assert not year_passing.miss("who won gold at sochi 2014", CAREER, "", "Athletes")
    # one year only: not about another time
    assert not year_passing.miss(
        "how many athletes at sochi 2014", "Sochi 2014 had 2,873 competitors.", "", "History"
    )


def test_the_constraints_read_it() -> None:
    def miss(question: str, sentence: str) -> str:
        return constraints.miss(question, "other", sentence, "Venues", lambda t: 0.5)

    assert miss("what mascots were there in 2008", NEST) == "year"
    assert miss("how many seats did the birds nest have in 2008", "It had 91,000 seats in 2008.") == ""


def test_the_sample_base_does_not_answer_a_year_met_in_passing(sample_kb: KnowledgeBase) -> None:
    assert sample_kb.answer("mascots in 2008?").abstained
    nest = sample_kb.answer("what did the birds nest host in 2008")  # R1b
    assert not nest.abstained and "ceremonies" in nest.text
    answer = sample_kb.answer("who won gold at sochi 2014")
    assert not answer.abstained and "Shiffrin" in answer.text
