"""A winner asked without a question word needs a sentence that states a result (session 23, brief A, A2;
docs/knowledge.md "Session 23, brief A")."""

from __future__ import annotations

from knowledge import KnowledgeBase, constraints, result_asked

DISTANCES = (
    "Olympic distances are 500, 1000, 1500 and 5000 metres for everyone, 3000 metres for women and 10,000 "
    "metres for men, plus the team pursuit and the mass start."
)


def test_the_holder_of_a_result_is_asked_without_a_question_word() -> None:
    assert result_asked.asks_holder("womens halfpipe gold?")
    assert result_asked.asks_holder("luge champs in 2022")
    assert result_asked.asks_holder("mens slalom winner pls")
    # a question word or a yes/no opening: the other rules read it
    assert not result_asked.asks_holder("who won the womens halfpipe gold")
    assert not result_asked.asks_holder("how many golds did norway win")
    assert not result_asked.asks_holder("did norway win gold in the relay")
    # no word for the holder of a result
    assert not result_asked.asks_holder("speed skating distances?")


def test_a_sentence_that_states_no_result_misses() -> None:
    assert result_asked.miss("mens 5000 metres gold?", DISTANCES)
    assert not result_asked.miss(
        "mens 5000 metres gold?", "Nils van der Poel of Sweden won the men's 5000 metres."
    )
    assert not result_asked.miss("womens downhill silver medallist?", "Sofia Goggia of Italy took silver.")
    # the sentence before it may state the result the sentence goes on about
    assert not result_asked.miss(
        "mens 5000 metres winner", "He set an Olympic record.", "Nils van der Poel won."
    )
    # "medal" alone states no result
    assert result_asked.miss("para curling champs?", "About 560 athletes competed in 78 medal events.")


def test_the_constraints_read_it() -> None:
    def miss(question: str, sentence: str) -> str:
        return constraints.miss(
            question, "other", sentence, "Speed skating", lambda t: 0.1, ["team", "pursuit"]
        )

    assert miss("womens team pursuit gold?", DISTANCES) == "relation"
    won = "Canada won the women's team pursuit, ahead of Japan and the Netherlands."
    assert miss("womens team pursuit gold?", won) == ""


def test_the_sample_base_answers_a_winner_only_with_a_result(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("womens 1500 metres speed skating gold?")
    assert not answer.abstained and "Wüst" in answer.text
    # the base names no team pursuit champion: the list of distances is no answer
    assert sample_kb.answer("mens team pursuit long track gold?").abstained
