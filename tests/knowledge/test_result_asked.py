"""A winner asked without a question word needs a sentence that states a result (session 23, brief A, A2;
docs/knowledge.md "Session 23, brief A")."""

from __future__ import annotations

from collections.abc import Callable

import pytest

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


# W1 (session 26, brief W): the thing asked that the base never names. Lines written for the test.
PROFILE = "Nathan Chen is an American figure skater born on 5 May 1999 in Salt Lake City, Utah."


def _never(*words: str) -> Callable[[str], float]:
    """An idf share: 1.0 (the base never writes it) for the stems ``words``, 0.3 for any other stem."""
    unused = set(words)
    return lambda stem: 1.0 if stem in unused else 0.3


def test_the_noun_asked_is_read_in_three_places() -> None:
    assert result_asked.asked_nouns("what college does nathan chen go to") == ["college"]
    assert result_asked.asked_nouns("which board sponsor does he have") == ["sponsor"]
    assert result_asked.asked_nouns("what was the turnout at the womens hockey final") == ["turnout"]
    assert result_asked.asked_nouns("whats shiffrin's salary?") == ["salary"]
    assert result_asked.asked_nouns("what did erin jackson study at college") == ["college"]
    # a copula after the noun asks the kind of the thing named: not read
    assert result_asked.asked_nouns("what animal is bing dwen dwen?") == []


def test_a_noun_the_base_never_writes_misses() -> None:
    never = _never("college", "turnout")
    assert result_asked.unnamed_asked("what college does nathan chen go to", PROFILE, never)
    assert result_asked.miss("what college does nathan chen go to", PROFILE, "", "Nathan Chen", never)
    # a noun the base writes is left to the other rules; so is a value noun, a person noun, a verb in -ing
    assert not result_asked.unnamed_asked("what college does nathan chen go to", PROFILE, _never())
    assert not result_asked.unnamed_asked("what date was he born", PROFILE, _never("date"))
    assert not result_asked.unnamed_asked("which champ was born in utah", PROFILE, _never("champ"))
    assert not result_asked.unnamed_asked("what is the skip doing", PROFILE, _never("do", "doing"))
    # W1b: a hyphenated word (a name the tokenizer splits) is no noun; W1c: a name asked is the answer's form
    assert not result_asked.unnamed_asked("what gift did she send to jean-luc", PROFILE, _never("jean-luc"))
    assert not result_asked.unnamed_asked("what is the name of the host", PROFILE, _never("name"))
    # the evidence writes it another way (a kin of the noun, Open English WordNet)
    assert not result_asked.unnamed_asked(
        "what was the motto of the games", "The slogan was short.", _never("motto")
    )
    # without the idf share (the call before W1) nothing changes
    assert not result_asked.miss("what college does nathan chen go to", PROFILE)


def test_the_sample_base_says_no_college_or_turnout(sample_kb: KnowledgeBase) -> None:
    for line in (
        "what college does nathan chen go to",
        "what school does eileen gu attend",
        "what was the turnout at the womens hockey final",
    ):
        assert sample_kb.answer(line).abstained, line
    # a kind answered by an instance the base writes is still answered
    animal = sample_kb.answer("what animal is bing dwen dwen?")
    assert not animal.abstained and "panda" in animal.text
    country = sample_kb.answer("what country does birk ruud ski for?")
    assert not country.abstained and "Norway" in country.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("what is the seating capacity of the bird's nest", "80,000"),
        ("what is the length of the sliding track", "1,975-metre"),
        ("what was the winning margin in the men's curling final", "5–4"),
    ],
)
def test_a_magnitude_asked_is_answered_by_its_number(
    sample_kb: KnowledgeBase, question: str, said: str
) -> None:
    # the reviewer's D7 (session 26): W1c read "capacity", "length", "margin" as things the base never names
    answer = sample_kb.answer(question)
    assert not answer.abstained and said in answer.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("what's the deal with the ice cube venue", "Ice Cube"),
        ("what's the story with eileen gu", "Eileen Gu"),
        ("what's the fuss about the bird's nest", "Bird's Nest"),
    ],
)
def test_whats_the_deal_with_x_asks_about_x(sample_kb: KnowledgeBase, question: str, said: str) -> None:
    # the reviewer's D9 (session 26): W1c read "deal", "story", "fuss" as the thing asked
    answer = sample_kb.answer(question)
    assert not answer.abstained and said in answer.text
