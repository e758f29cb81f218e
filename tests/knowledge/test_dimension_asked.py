"""R28 (session 19, brief A): a temperature, a speed or a duration asked needs a value of that dimension,
and a telegraphic "time in the ..." asks a result time (knowledge/constraint_values.py, rule 1's family).
Sentences are the sample base's own or written like them."""

import pytest

from knowledge import constraint_values
from knowledge.constraints import miss


def _rare(stem: str) -> float:
    return 0.9


@pytest.mark.parametrize(
    ("question", "kind", "sentence"),
    [
        (
            "what was the temperature for the mens 50km",
            "what",
            "The men's 50 kilometre mass start was shortened to about 28 kilometres because of strong wind.",
        ),
        (
            "top speed of a bobsled?",
            "other",
            "Bobsleigh uses a steerable sled with two or four athletes, and the monobob is one woman's.",
        ),
        ("how fast do lugers go", "how", "Luge athletes ride feet first on a 1,975-metre track."),
        ("international shipping takes how long", "measure", "We ship to more than 40 countries."),
        ("how long does a curling game last", "measure", "A team has four players and ten ends are played."),
        (
            "erin jacksons time in the 500m",
            "other",
            "Her win in the 500 metres at Beijing 2022 was the first American gold in that event since 1994.",
        ),
    ],
)
def test_a_dimension_asked_is_missed_by_a_sentence_without_its_unit(
    question: str, kind: str, sentence: str
) -> None:
    assert miss(question, kind, sentence, "", _rare) == "quantity"
    assert constraint_values.dimension_miss(question, sentence)


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("top speed of a bobsled?", "Four-man bobsleds reach about 130 kilometres per hour."),
        ("how fast do parcels ship?", "Parcels ship within three days."),  # R28c: how quickly, a time
        ("what was the temperature at the opening", "It was minus 5 degrees in the Bird's Nest."),
        ("how long does us delivery take", "US orders arrive in 3 to 5 business days."),
        ("how long did the ceremony last", "The ceremony lasted two hours."),
        ("erin jacksons time in the 500m", "She won the 500 metres in 37.04 seconds."),
        # no dimension asked: "speed skating" is a sport, "how long is" a length
        ("who won the speed skating 500m", "Gao Tingyu of China won the men's 500 metres."),
        ("how long is the sliding track", "The track is 1,975 metres long."),
        ("what time does the show start", "The show starts at 8 pm."),
        # a railway's name, not a speed asked (review S2, session 19: pool5 a019)
        ("when did the high speed railway open", "The high-speed railway opened in December 2019."),
    ],
)
def test_a_value_of_the_dimension_or_no_dimension_asked_is_met(question: str, sentence: str) -> None:
    assert not constraint_values.dimension_miss(question, sentence)
