"""A question asked by its word order, typed without "?" (session 17, brief Q; declared in docs/perception.md
before measuring): ``inversion.inverted_question`` (W), and a bare reaction is no question (W2). The lines are
written here in the shapes of the Topical-Chat fit part and of chat, not taken from any report part."""

from __future__ import annotations

import pytest

from agent.perception import Perception
from agent.perception.core import has_question_form
from agent.perception.inversion import content_words, inverted_question, opens_asking
from agent.persona import Persona
from agent.screening import screen

ASKS = [
    "is he a rookie",
    "did the us win the relay",
    "can i get the hoodie in xl",
    "wat r u watching",
    "where was the biathlon held",
    "how do i get the discount",
    "hw many medals did norway win",
    "who carried the flag for norway",
    "what time is the final",
    "hi, is the big air on today",
    "oh wow, is he a rookie",
    "i missed the start, where was the race",
    "great run, did you see the replay",
]
STATES = [
    "what a run",
    "when he landed it i screamed",
    "what i love is the crowd",
    "do a segment on downhill next",
    "have a good one",
    "there are a lot of races today",
    "it took six hours, is that it",
    "we watched it in japan, where it snowed",
    "his run was great, which is why he won",
    "what's up chat",
    "hi how are you doing",
    "bruh why",
]


@pytest.mark.parametrize("text", ASKS)
def test_a_question_by_its_word_order(text: str) -> None:
    assert inverted_question(text)


@pytest.mark.parametrize("text", STATES)
def test_no_question_by_its_word_order(text: str) -> None:
    assert not inverted_question(text)


@pytest.fixture(scope="module")
def persona() -> Persona:
    return Persona.load(None)


def _intents(perception: Perception, texts: list[str]) -> list[str]:
    return [p.intent for p in perception.perceive_texts(texts, gifts=[False] * len(texts))]


#: Misheard by the code before (W): greeting, greeting, chit-chat, praise, praise.
MISHEARD = [
    "hi, is the big air on today",
    "hey do you know who won the downhill",
    "where was the biathlon held",
    "hw many medals did norway win",
    "oh wow, is he a rookie",
]


def test_questions_by_word_order_are_heard(persona: Persona) -> None:
    before = Perception(persona, word_order=False, misspelt=False)  # misspelt: on since session 20 ("hw")
    assert "question" not in _intents(before, MISHEARD)
    assert _intents(Perception(persona), MISHEARD) == ["question"] * len(MISHEARD)


def test_requests_complaints_greetings_and_other_viewers_stay(persona: Persona) -> None:
    kept = {
        "can you play the highlights": "request",
        "why is there no sound": "complaint",
        "hi how are you doing": "greeting",
    }
    assert _intents(Perception(persona), list(kept)) == list(kept.values())
    to_lumi = "@lumi did you see the replay"
    assert not has_question_form(to_lumi, screen(to_lumi), "Frosty")
    perception = Perception(persona)
    assert not perception._by_word_order(to_lumi)
    assert perception._by_word_order("@Frosty did you see the replay")


def test_a_bare_reaction_has_no_question_form() -> None:
    for text in ("wait what", "why tho", "Bruh WHY", "WTFF why", "DansGame WHAT", "lol what"):
        assert not has_question_form(text, screen(text)), text
    for text in ("slalom final when start", "snow scarf how much price", "why tho?", "what is the score"):
        assert has_question_form(text, screen(text)), text
    assert content_words(screen("Bruh WHY").norm) == 0
    assert content_words(screen("slalom final when start").norm) == 3


def test_bare_reactions_are_not_heard_as_questions(persona: Persona) -> None:
    """The classifier reads these as questions (the code before kept them: a question word anywhere)."""
    got = _intents(Perception(persona), ["what", "Bruh WHAT", "WHAT WTFF"])
    assert "question" not in got


def test_a_complaint_that_opens_asking_is_a_question(persona: Persona) -> None:
    """W3: the opening asks, not "why"; a complaint's question in its last clause stays a complaint."""
    asks = ["who carried the flag for norway", "where was the ioc vote for 2022 held"]
    before = Perception(persona, word_order=False)
    # read as complaints, which name nothing of the show: chit-chat since s26 C2 (show_complaint)
    assert _intents(before, asks) == ["chit-chat", "chit-chat"]
    assert _intents(Perception(persona), asks) == ["question", "question"]
    stays = ["why is there no sound", "the chat is a mess, where are the mods", "this stream is so laggy"]
    assert _intents(Perception(persona), stays) == ["complaint"] * 3
    assert opens_asking("oh, who won the slalom") and not opens_asking("why is the stream lagging")
