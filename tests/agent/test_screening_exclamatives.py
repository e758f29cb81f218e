"""Exclamatives are no questions (s18, brief Q2): "what a run" and "how cool is that" open with a question
word and ask nothing; screening's ``is_question`` read them as questions (the host answered a cheer with a
don't-know)."""

from __future__ import annotations

import pytest

from agent.screening import is_question, normalize


@pytest.mark.parametrize(
    "line",
    [
        "what a run",
        "What a save!!",
        "what an ending lol",
        "what a game that was",
        "what a combo those two are",
        "how cool is that",
        "how good was that",
        "How COOL is that?!",  # rhetorical: the fit part's writers end it with "?", "!" and "." alike
        "how freaking cool is that lol",
        "how cute lol",
    ],
)
def test_an_exclamative_is_no_question(line: str) -> None:
    assert not is_question(normalize(line))


@pytest.mark.parametrize(
    "line",
    [
        "what a run did she have in the final",  # an auxiliary before its subject asks
        "what a run?",  # a writer's "?" after "what a ..." is kept
        "how old is that",  # not an adjective of feeling: a measure asks
        "how big is that?",
        "how good?",
        "how cool is that thing",  # more than reactions after "that"
        "what is a run",
        "how good was the final",
    ],
)
def test_a_question_stays_a_question(line: str) -> None:
    assert is_question(normalize(line))


def test_perception_hears_no_question_form_in_an_exclamative() -> None:
    # the intent classifier reads "how cool is that" as question; the question intent needs this form
    from agent.perception.core import has_question_form
    from agent.screening import screen

    for line in ("what a run", "how cool is that", "how cool is that?", "how good was that"):
        assert not has_question_form(line, screen(line)), line
    for line in ("what a run?", "how old is that", "what a run did she have in the final"):
        assert has_question_form(line, screen(line)), line
