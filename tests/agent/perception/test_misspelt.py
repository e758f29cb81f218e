"""A misspelt question word read as the word (session 18, brief Q; declared in docs/perception.md before
measuring): ``misspelt.question_word`` and ``read_question_words``, and perception with them. The lines are
written here in chat's shapes, not taken from any report part."""

from __future__ import annotations

import pytest

from agent.perception import Perception
from agent.perception.misspelt import ENGLISH, QUESTION_WORDS, question_word, read_question_words
from agent.persona import Persona


@pytest.mark.parametrize(
    ("typed", "word"),
    [
        ("wich", "which"),  # a letter dropped
        ("wat", "what"),
        ("wen", "when"),
        ("wher", "where"),  # one edit from "when" too: it is a letter short of "where"
        ("wht", "what"),  # one edit from "who" too: a letter short of "what"
        ("hw", "how"),
        ("waht", "what"),  # two neighbours swapped
        ("woh", "who"),
        ("whenn", "when"),  # a letter added
        ("whem", "when"),  # a letter changed
        ("Wich", "which"),
        ("howmany", "how many"),  # "how" joined to its measure word
    ],
)
def test_a_misspelt_question_word_is_read_as_the_word(typed: str, word: str) -> None:
    assert question_word(typed) == word


@pytest.mark.parametrize(
    "typed",
    ["what", "were", "witch", "way", "hot", "whey", "whom", "whats", "whos", "hat", "that", "wh", "w", "wut"],
)
def test_a_real_word_a_question_word_or_a_far_spelling_is_not(typed: str) -> None:
    # "hat"/"that": another first letter; "wh": one edit from "who" and "why" alike; "wut": two edits
    assert question_word(typed) is None


def test_the_english_list_holds_words_one_edit_from_a_question_word_only() -> None:
    from agent.perception.misspelt import _one_edit

    for word in ENGLISH:
        assert any(_one_edit(word, w) and word[0] == w[0] for w in QUESTION_WORDS), word


def test_only_a_clauses_opening_is_read() -> None:
    assert read_question_words("wich country won the most medals") == "which country won the most medals"
    assert read_question_words("hey wich country won") == "hey which country won"  # after lead-in words
    assert read_question_words("i missed it, wher was the race") == "i missed it, where was the race"
    assert read_question_words("@Frosty wat time is the final") == "@Frosty what time is the final"
    assert read_question_words("WICH ONE WON") == "WHICH ONE WON"
    assert read_question_words("Howmany medals") == "How many medals"
    # not inside a clause, not a real word, and the line itself otherwise as typed
    assert read_question_words("i know wat you mean") == "i know wat you mean"
    assert read_question_words("were you there") == "were you there"
    assert read_question_words("wich  one,  really?!") == "which  one,  really?!"


@pytest.fixture(scope="module")
def persona() -> Persona:
    return Persona.load(None)


def _intents(perception: Perception, texts: list[str]) -> list[str]:
    return [p.intent for p in perception.perceive_texts(texts, gifts=[False] * len(texts))]


LINES = ["wich country won the most medals", "wen does the slalom start", "howmany medals did norway win"]


def test_a_question_with_a_misspelt_question_word_is_heard_when_switched_on(persona: Persona) -> None:
    before = _intents(Perception(persona, misspelt=False), LINES)
    assert before.count("question") < len(LINES)  # the code before read some as chit-chat or praise
    assert _intents(Perception(persona, misspelt=True), LINES) == ["question"] * len(LINES)


def test_it_is_off_by_default(persona: Persona) -> None:
    # measured in session 18 and not kept (docs/perception.md): the default reads as the code before
    assert _intents(Perception(persona), LINES) == _intents(Perception(persona, misspelt=False), LINES)


def test_the_percept_keeps_the_typed_text(persona: Persona) -> None:
    (p,) = Perception(persona, misspelt=True).perceive_texts(
        ["wich country won the most medals"], gifts=[False]
    )
    assert p.text == "wich country won the most medals"
    assert p.screening is not None and not p.screening.question  # screening's own verdict, as typed
