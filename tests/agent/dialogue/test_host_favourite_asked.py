"""A favourite asked with a superlative (issue 14, session 20, brief A3): in "host which sport do u like best"
the degree word ("best", "the most") is no thing; the thing is the noun the question asks about. The host said
"Slalom is more my thing than best, honestly - are you a best fan?"."""

from __future__ import annotations

import pytest

from agent.dialogue.host_answers import host_line
from agent.dialogue.host_questions import HostQuestion, host_question
from agent.persona import Persona


@pytest.mark.parametrize(
    "text,thing",
    [
        ("host which sport do u like best", "sport"),
        ("which winter sport do you like the most?", "winter sport"),
        ("what kind of music do you enjoy most", "music"),
        ("what do you like best?", ""),
    ],
)
def test_a_superlative_asks_for_a_favourite_of_the_noun(text: str, thing: str) -> None:
    assert host_question(text) == HostQuestion("favourite", thing)


def test_the_host_named_after_the_degree_word_is_no_thing() -> None:
    assert host_question("what do u like best frosty", "Frosty Fox") == HostQuestion("favourite")
    assert host_question("what do you like most host?", "Frosty Fox") == HostQuestion("favourite")


def test_a_like_keeps_its_thing() -> None:
    assert host_question("do you like curling?") == HostQuestion("likes", "curling")
    assert host_question("what's your favourite event?") == HostQuestion("favourite", "event")


@pytest.mark.parametrize("text", ["host which sport do u like best", "what do you like best"])
def test_the_host_names_its_card_favourite_not_best(text: str) -> None:
    persona = Persona.load(None)
    q = host_question(text)
    assert q is not None
    said = host_line(q, persona)
    assert "best" not in said.lower() and "Slalom" in said, said


def test_no_card_favourite_for_the_noun_is_said_honestly() -> None:
    said = host_line(HostQuestion("favourite", "athlete"), Persona.load(None))
    assert "athlete" in said and "best" not in said, said
