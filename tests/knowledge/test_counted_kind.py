"""Rule 2's counted noun read by its kind (knowledge/counted_kind.py; session 26, brief Q, Q1).

Sentences and questions written for the test (none from a question file): a number counts the thing asked
when it counts its kind (a classifier's noun, a person noun for persons in general, the members of a group
the question names, the score for its points), and nothing else."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.constraints import miss
from knowledge.counted_kind import counts_kind


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("how many kinds of sleds are used", "The three sleds are the bobsleigh, the luge and the skeleton."),
        ("how many types of races are there", "Skiers start in four races over the week."),
        ("how many people sit on the panel", "The panel is made up of seven referees and a chair."),
        ("how many persons steer the boat", "It is steered by two women at the back."),
        ("the jury has how many ppl", "A jury of nine judges marks each routine."),
        (
            "how many players are in a relay team",
            "The race is run by relay teams of three, each skier on one leg.",
        ),
        ("how many athletes per crew", "Crews of two, one at each end, carry the boat."),
        ("how many points did the winner get", "The winner scored 98.5 with her last jump."),
        ("she finished with how many pts", "Her total score of 211.4 was a record."),
    ],
)
def test_a_count_of_the_kind_asked_counts_it(question: str, sentence: str) -> None:
    assert counts_kind(question, sentence), (question, sentence)


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        (
            "how many kinds of sleds are used",
            "The three tracks are in the mountains.",
        ),  # another thing counted
        ("how many people live in the town", "The town has five ski lifts and two hotels."),  # no person noun
        (
            "how many people watched",
            "The stadium opened in 2008 with its architects.",
        ),  # a year counts nothing
        ("how many people fell ill", "During the H-1 outbreak, athletes wore masks."),  # part of a name (Q1b)
        (
            "how many players are in a relay team",
            "A relay of 4 x 6 km is run by teams.",
        ),  # "of 4 x": a measure
        ("how many players are in a relay team", "The teams of the final met at noon."),  # no number
        ("how many athletes per crew", "Crews of two boats race each heat."),  # "two boats": no members
        (
            "how many goals did they score",
            "The goalkeeper scored 2 own goals.",
        ),  # not N's kind: rule 2 as before
        ("how many points did the winner get", "The winner scored twice in the final."),  # no number after it
        ("how many medals did norway win", "Norway sent 12 skiers."),  # medals are no person
    ],
)
def test_another_count_does_not(question: str, sentence: str) -> None:
    assert not counts_kind(question, sentence), (question, sentence)


def _idf(stem: str) -> float:
    return 0.9


def test_rule_2_no_longer_misses_a_count_of_the_kind() -> None:
    sentence = "A jury of nine judges marks each routine."
    assert miss("how many ppl are on the jury", "count", sentence, "Judging", _idf) == ""
    assert miss("how many medals are on the jury", "count", sentence, "Judging", _idf) == "counted noun"


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("how many persons are on the panel that judges ski jumping style", "five judges"),  # (b)
        ("how many persons are on a mixed doubles curling team", "one woman and one man"),  # (b)
        ("how many types of jumps are there in figure skating", "six jumps"),  # (a)
        ("how many players are in a curling team", "teams of four"),  # (c)
    ],
)
def test_the_base_answers_a_count_of_the_kind(sample_kb: KnowledgeBase, question: str, said: str) -> None:
    # each abstained on 61c936f (rule 2: "counted noun")
    answer = sample_kb.answer(question)
    assert not answer.abstained, (question, answer.text)
    assert said in answer.text, (question, answer.text)
