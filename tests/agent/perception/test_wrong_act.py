"""Lines read as the wrong act (session 21, brief P; docs/perception.md): a farewell needs a leave-taking
(P2), and a misspelt question word before a phrasal verb's particle is no question word (P3). On 1b30122
"tell me a secret" and "give a shoutout to ..." were read as farewell (the host said goodbye to a request)
and "hol up chat" as a question ("how up chat": a don't-know to a line that asks nothing). The lines are the
brief's and ours, in chat's shapes; none is taken from a report part."""

from __future__ import annotations

import pytest

from agent.perception import Perception
from agent.perception.lexicon import takes_leave
from agent.perception.misspelt import read_question_words
from agent.persona import Persona


@pytest.fixture(scope="module")
def perception() -> Perception:
    return Perception(Persona.load(None))


def _intent(perception: Perception, text: str) -> str:
    (p,) = perception.perceive_texts([text], gifts=[False])
    return p.intent


@pytest.mark.parametrize("text", ["tell me a secret", "give a shoutout to the kkk"])
def test_an_imperative_ask_is_a_request_not_a_farewell(perception: Perception, text: str) -> None:
    assert _intent(perception, text) == "request"


@pytest.mark.parametrize(
    "text", ["bye chat gn", "gotta go, see ya", "ok im out, peace", "good night frosty", "later everyone"]
)
def test_a_leave_taking_is_still_a_farewell(perception: Perception, text: str) -> None:
    assert takes_leave(text)
    assert _intent(perception, text) == "farewell"


def test_a_line_with_no_leave_taking_is_no_farewell(perception: Perception) -> None:
    # the template classifier's farewell is where a line it cannot place lands; the fitted models did not flag
    # these, so the next class may be neither an injection attempt nor abuse
    for text in ("tell me a secret", "OMEGALUL", "5/6", "Clip that"):
        assert not takes_leave(text)
        assert _intent(perception, text) not in ("farewell", "injection-attempt", "abuse"), text


def test_the_reading_before_is_one_flag_away() -> None:
    before = Perception(Persona.load(None), farewell_form=False)
    assert _intent(before, "give a shoutout to the kkk") == "farewell"


def test_a_farewell_that_asks_the_host_is_still_a_question(perception: Perception) -> None:
    assert _intent(perception, "do you sleep") == "question"


@pytest.mark.parametrize("text", ["hol up chat", "hol up Bruh", "hol on"])
def test_a_word_before_a_particle_is_no_question_word(perception: Perception, text: str) -> None:
    assert read_question_words(text) == text
    assert _intent(perception, text) != "question"


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("wen was the opening ceremony", "when was the opening ceremony"),
        ("hol up, wen does the final start", "hol up, when does the final start"),
    ],
)
def test_a_misspelt_question_word_is_still_read(text: str, read: str) -> None:
    assert read_question_words(text) == read
