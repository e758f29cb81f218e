"""Notes that ask, and a "?" after a reaction that does not (session 22, brief P; docs/perception.md).

P8: a short noun phrase that names a thing the base holds and an attribute of it ("<place> venue", "price of
the <product>") was read as chit-chat or praise, so the base was never asked. P9: a regular's "Bruh ?" was a
question to the base and got a don't-know. The names here are made up (the turn over the sample base:
``test_notes_turn.py``); none is taken from a report part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.perception.notes import asks_by_note, base_words, is_reaction
from knowledge import word_lists

pytestmark = pytest.mark.skipif(word_lists.common_words() is None, reason="SCOWL word lists not installed")

NAMES = ["Glacier Mug", "Kovalenko Arena", "Tamsin Rook"]
HEADINGS = ["Winter Cup 2030 > Harbinger zone > Kovalenko Arena", "Winter Cup 2030 > Closing ceremony"]


@pytest.fixture(scope="module")
def words() -> Any:
    return base_words(NAMES, HEADINGS)


@pytest.mark.parametrize(
    "text",
    [
        "harbinger venue",
        "kovalenko arena dates",
        "price of the mug",
        "the glacier mug price",
        "tamsin's race day",
    ],
)
def test_a_note_naming_a_thing_and_its_attribute_asks(words: Any, text: str) -> None:
    assert asks_by_note(text, words)


@pytest.mark.parametrize(
    "text",
    [
        "nice venue",  # no thing the base holds
        "i love the harbinger venue",  # a pronoun and a verb: a sentence, not a note
        "harbinger venue!",  # an exclamation
        "harbinger zone",  # no attribute asked
        "the harbinger venue was cold and so windy",  # too long
        "@sam harbinger venue",  # said to another viewer
        "price of the cup",  # a heading word, common English, and no name's kind
        "winter cup closing day harbinger",
    ],
)
def test_a_line_that_is_no_note_does_not_ask(words: Any, text: str) -> None:
    assert not asks_by_note(text, words)


def test_a_note_to_the_host_asks(words: Any) -> None:
    assert asks_by_note("@frosty harbinger venue", words, host="Frosty Fox")


@pytest.mark.parametrize("text", ["Bruh ?", "ChuSay???", "?", "lol ?", "OMEGALUL ??"])
def test_a_question_mark_after_a_reaction_asks_nothing(words: Any, text: str) -> None:
    assert is_reaction(text, text, False, words)


@pytest.mark.parametrize("text", ["shipping?", "xxl?", "harbinger?", "2030?", "what?", "wut?", "你好？"])
def test_a_question_mark_after_a_word_still_asks(words: Any, text: str) -> None:
    assert not is_reaction(text, "what?" if text == "wut?" else text, False, words)


def test_without_the_word_lists_nothing_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word_lists, "common_words", lambda: None)
    words = base_words(NAMES, HEADINGS)
    assert not asks_by_note("harbinger venue", words)
    assert not is_reaction("Bruh ?", "Bruh ?", False, words)
