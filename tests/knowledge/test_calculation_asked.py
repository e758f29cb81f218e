"""R34 (session 19, brief A): a calculation of two numbers asked is no question for the base
(knowledge/constraints.py); a relay's legs ("4 x 10 km") are no calculation."""

import pytest

from knowledge.constraints import miss

MEDALS = (
    "Germany was second with 12 gold medals (27 in total), and host China was third with 9 gold medals "
    "(15 in total), its best result at a Winter Games."
)


def _rare(stem: str) -> float:
    return 0.9


@pytest.mark.parametrize("question", ["whats 15 times 12 lol", "what is 12 plus 15", "15 x 12?"])
def test_a_calculation_asked_is_missed(question: str) -> None:
    assert miss(question, "other", MEDALS, "", _rare) == "calculation"


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("who won the men's 4 x 10 km relay", "Norway won the men's 4 x 10 kilometre relay."),
        ("the 4x6 km relay winner", "Sweden won the women's 4x6 km relay."),
        ("how many times did germany win gold", MEDALS),
    ],
)
def test_a_relay_or_a_count_of_times_is_no_calculation(question: str, sentence: str) -> None:
    assert miss(question, "other", sentence, "", _rare) != "calculation"
