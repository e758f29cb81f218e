"""A viewer's question read as praise, a request or a complaint (session 16, brief S3): ``close_question``,
declared in docs/perception.md before measuring. The named lines were seen before the rule was written; the
other lines here are fit rows or were written after, to pin the rule's edges ("!", a far runner-up, no
form)."""

from __future__ import annotations

import pytest

from agent.perception import Perception
from agent.perception.core import CLOSE_SHARE, close_question, has_question_form
from agent.persona import Persona
from agent.screening import screen

NAMED = ["is anna gu competing", "where is the big air venue"]
KEPT = {
    "can you play the highlights": "request",  # request 1.000: question far behind
    "can you show the halfpipe replay?": "request",  # a train row with a known name (Q1's pattern fails here)
    "what a performance by su yiming": "praise",  # a train row: question 0.055 of 0.885
    "why is there no sound?": "complaint",  # a train row
}


@pytest.fixture(scope="module")
def persona() -> Persona:
    return Persona.load(None)


def _intents(perception: Perception, texts: list[str]) -> list[str]:
    return [p.intent for p in perception.perceive_texts(texts, gifts=[False] * len(texts))]


def test_named_lines_were_praise_and_complaint_and_are_questions(persona: Persona) -> None:
    # the behaviour before C2 (and W); tell_about=False: nor s26 T's keyword asks ("... venue")
    before = Perception(persona, close_questions=False, word_order=False, tell_about=False)
    # the complaint names nothing of the show: chit-chat since s26 C2 (show_complaint), never a question
    assert _intents(before, NAMED) == ["praise", "chit-chat"]
    assert _intents(Perception(persona), NAMED) == ["question", "question"]


def test_real_praise_requests_and_complaints_stay(persona: Persona) -> None:
    assert _intents(Perception(persona), list(KEPT)) == list(KEPT.values())


def test_close_question_needs_form_no_bang_and_a_close_runner_up() -> None:
    text = "is she competing"
    s = screen(text)
    assert close_question(text, s, 0.44, "question", 0.42)
    assert close_question(text, s, 0.60, "question", CLOSE_SHARE * 0.60)  # the edge counts
    assert not close_question(text, s, 0.60, "question", 0.29)  # too far behind
    assert not close_question(text, s, 0.44, "chit-chat", 0.42)  # question is not the runner-up
    bang = "how is she so good?!"
    assert not close_question(bang, screen(bang), 0.44, "question", 0.42)  # an exclamation
    flat = "she is competing"
    assert not close_question(flat, screen(flat), 0.44, "question", 0.42)  # no question's form
    other = "@someone is she competing"
    assert not close_question(other, screen(other), 0.44, "question", 0.42, host="Frosty")  # to a viewer


def test_a_lone_question_word_is_a_reaction() -> None:
    """Session 17, brief S (B2, docs/perception.md): C2 needs screening's question, or a question word with
    three other words; Twitch fit reactions C2 read as questions stay out, a fit question without its question
    word first stays in."""
    for text in ("Bruh WHY", "Bruh why not", "WTFF BUT WHY", "DansGame WHAT", "WHAT DansGame"):
        assert not close_question(text, screen(text), 0.44, "question", 0.42), text
        # since brief Q's W2 (session 17) they have no question's form at all (two content words needed)
        assert not has_question_form(text, screen(text))
    for text in ("eileen gu birthday, which day", "is it safe to trihard now", "who won gold?"):
        assert close_question(text, screen(text), 0.44, "question", 0.42), text
