"""R29 (session 19, brief A, rule 27's third form): a yes/no question to the host about itself is answered
only by evidence that says the verb asked in the first person; "host" as an address is no content word."""

import pytest

from knowledge import host_relation
from knowledge.constraints import miss
from knowledge.question_words import question_terms


def _rare(stem: str) -> float:
    return 0.9


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("host do u like snow", 'Nicknamed "Snow Ruyi", it hosted ski jumping and Nordic combined.'),
        ("can u snowboard host", "Genting Snow Park: Hosted snowboard and freestyle skiing events."),
        ("do you ski yourself", "Alpine skiers race down the slope one at a time."),
        (
            "host summer or winter which do u prefer",
            "Beijing became the first city to host both the Summer and the Winter Olympic Games.",
        ),
    ],
)
def test_the_hosts_own_yes_no_needs_its_verb_in_the_first_person(question: str, sentence: str) -> None:
    assert host_relation.miss(question, sentence)
    assert miss(question, "yesno", sentence, "", _rare, question_terms(question)) == "relation"


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("do u ship abroad, like how many countries", "We ship to more than 40 countries."),
        ("do you sell a logo hoodie", "The Snowline Logo Hoodie costs $49."),
        ("can you tell me who won the mens big air", "Su Yiming of China won the men's big air."),
        ("do you have the scarf in red", "The Slope Scarf comes in red and navy."),
        ("do you stream every day", "We stream every day during the Games."),
        ("how do you handle corrections?", "Corrections are announced at the start of the next show."),
    ],
)
def test_a_yes_no_that_asks_the_base_or_is_told_in_the_first_person_is_met(
    question: str, sentence: str
) -> None:
    assert not host_relation.miss(question, sentence)


def test_the_address_host_is_read_off_either_end() -> None:
    assert host_relation.yes_no_asked("host do u like snow") == "like"
    assert host_relation.yes_no_asked("can u snowboard host") == "snowboard"
    assert host_relation.yes_no_asked("which city did beijing beat to host 2022") == ""
    assert host_relation.asked("host summer or winter which do u prefer") == ("prefer",)
