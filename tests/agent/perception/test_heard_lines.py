"""Session 14 (brief H2): two kinds of viewer line heard as what they are. "do you sleep" (the host asked by
its word order) was read as a farewell and seen off ("Catch you later!"); "hoodie price pls" (a shop question
typed as a note, no question's opening) was chit-chat and got a chat question back. Sentences other than the
ones found are tested beside them; lines that are no such question stay what they were."""

from __future__ import annotations

import pytest

from agent.perception import Perception
from agent.perception.core import asks_the_shop
from agent.persona import Persona
from agent.screening import screen


@pytest.fixture(scope="module")
def perception() -> Perception:
    return Perception(Persona.load(None))


def test_a_farewell_read_on_a_line_asking_the_host_is_a_question(perception: Perception) -> None:
    lines = ["do you sleep", "do you ever sleep", "good night everyone", "gotta go, bye", "night night all"]
    intents = [p.intent for p in perception.perceive_texts(lines)]
    assert intents[:2] == ["question", "question"], intents
    assert intents[2:] == ["farewell", "farewell", "farewell"], intents  # seen off as before
    # the behaviour before, kept to compare (with session 21's farewell form off too: P2 reads a farewell
    # with no leave-taking as its next class)
    off = Perception(Persona.load(None), host_questions=False, farewell_form=False)
    assert off.perceive_texts(["do you sleep"])[0].intent == "farewell"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("hoodie price pls", True),  # a request word
        ("tee sizes please", True),
        ("mug colours plz", True),
        ("scarf how much", True),  # a question word anywhere
        ("hoodie price", False),  # no request word, no question word: a note, not an ask
        ("the hoodie price is steep lol", False),
        ("pls tell me the hoodie price because i really want to buy it", False),  # no short note: a sentence
        ("shoutout pls", False),  # no shop attribute
        ("turn up the volume pls", False),  # a word a shop line asks (a capacity) also said of the stream
        ("code pls", False),
    ],
)
def test_a_short_shop_line_with_a_request_or_question_word_asks_the_shop(text: str, asks: bool) -> None:
    assert asks_the_shop(text, screen(text)) is asks


def test_a_shop_note_is_heard_as_a_question(perception: Perception) -> None:
    got = perception.perceive_texts(["hoodie price pls", "the hoodie price is steep lol"])
    assert got[0].intent == "question"
    assert got[1].intent != "question"


def test_a_shop_question_read_as_a_request_is_a_question(perception: Perception) -> None:
    """ "price of the mug please" was a request, and the host replied "Noted, mika_k. Are you watching any of
    the races today?" (round 2); a request that asks no shop attribute stays a request."""
    got = perception.perceive_texts(["price of the mug please", "play the slalom replay please"])
    assert got[0].intent == "question"
    assert got[1].intent == "request"
