"""An exclamative takes its intent from its evaluative word (s18, brief Q3, declared in docs/perception.md
before measuring): "how cool is that" was read as a complaint once Q2 made it no question, and the host
apologized for a cheer. Praise for a positive word, complaint only for a clearly negative one, else
chit-chat."""

from __future__ import annotations

import pytest

from agent.perception import Perception
from agent.persona import Persona
from agent.screening import exclamative_intent


@pytest.fixture(scope="module")
def perception() -> Perception:
    return Perception(Persona.load(None))


def _intent(perception: Perception, text: str) -> str:
    return perception.perceive_texts([text], gifts=[False])[0].intent


@pytest.mark.parametrize(
    ("line", "intent"),
    [
        ("how cool is that", "praise"),  # complaint on 4210820: the host said sorry
        ("how cool is that?", "praise"),
        ("what a great run", "praise"),
        # complaint by its word, then chit-chat: it names nothing of the show (s26 C2, show_complaint)
        ("how ridiculous is that", "chit-chat"),  # ("how stupid is that": abuse, moderation wins)
        ("what a joke", "chit-chat"),
        ("what a joke this stream is", "complaint"),  # the show: the apology stays
        ("how nutty is that", "chit-chat"),  # complaint on 4210820
        ("what a combo those two are", "chit-chat"),  # complaint on 4210820
        ("what a performance by su yiming", "praise"),  # a train row: Q3 made it chit-chat
    ],
)
def test_an_exclamative_takes_its_words_intent(perception: Perception, line: str, intent: str) -> None:
    assert _intent(perception, line) == intent


@pytest.mark.parametrize("line", ["how old is su yiming", "what a run did she have in the final"])
def test_questions_are_not_exclamatives(perception: Perception, line: str) -> None:
    assert _intent(perception, line) == "question"


def test_no_positive_word_makes_a_complaint() -> None:
    assert exclamative_intent("how cool is that".split()) == "praise"
    assert exclamative_intent("what a ridiculous call".split()) == "complaint"
    assert exclamative_intent("how wild is that".split(), "complaint") == "chit-chat"
    assert exclamative_intent("what a talent".split(), "praise") == "praise"  # Q3 made it chit-chat
