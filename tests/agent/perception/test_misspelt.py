"""A misspelt question word read as the word (session 18, brief Q; session 20, brief P: on by default, one
reader with the knowledge layer's; declared in docs/perception.md before measuring):
``misspelt.question_word`` and ``read_question_words``, and perception with them. The lines are written here
in chat's shapes, not taken from any report part."""

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
        ("wut", "what"),  # a chat spelling two edits away (session 20, brief P)
        ("wats", "what's"),  # a misspelt contraction (the knowledge layer's reading)
        ("wy", "why"),
        ("whens", "when's"),  # a contraction typed without its apostrophe the product did not read (P1b)
        ("whys", "why's"),
    ],
)
def test_a_misspelt_question_word_is_read_as_the_word(typed: str, word: str) -> None:
    assert question_word(typed) == word


@pytest.mark.parametrize(
    "typed",
    [
        "what",
        "were",
        "witch",
        "way",
        "hot",
        "whey",
        "whom",
        "whats",
        "whos",
        "hat",
        "that",
        "wh",
        "w",
        "wo",
        "ow",
        "hwat",
        "wart",
    ],
)
def test_a_real_word_a_question_word_or_a_far_spelling_is_not(typed: str) -> None:
    # "hat"/"that"/"ow"/"hwat": another first letter; "wh": one edit from "who" and "why" alike; "wo": the
    # closed list beside SCOWL's; "whats", "whos": a question word's own contraction, read as typed
    assert question_word(typed) is None


def test_the_english_list_holds_words_one_edit_from_a_question_word_only() -> None:
    from knowledge.nlp import one_edit

    for word in ENGLISH:
        assert any(one_edit(word, w) and word[0] == w[0] for w in QUESTION_WORDS), word


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


LINES = [
    "wich country won the most medals",
    "wen does the slalom start",
    "howmany medals did norway win",
    "whens the closing ceremony",  # P1b: complaint before
]


def test_a_question_with_a_misspelt_question_word_is_heard_when_switched_on(persona: Persona) -> None:
    before = _intents(Perception(persona, misspelt=False), LINES)
    assert before.count("question") < len(LINES)  # the code before read some as chit-chat or praise
    assert _intents(Perception(persona, misspelt=True), LINES) == ["question"] * len(LINES)


def test_it_is_on_by_default(persona: Persona) -> None:
    # session 20, brief P: kept under the bound declared first (docs/perception.md)
    assert Perception(persona).misspelt
    assert _intents(Perception(persona), LINES) == ["question"] * len(LINES)


def test_one_reader_for_both_floors() -> None:
    # perception reads a misspelt question word as the knowledge layer does (session 20, brief P), with the
    # first letter kept; the common words are SCOWL's where installed, the closed list beside them
    from agent.perception.misspelt import _common
    from knowledge import word_lists
    from knowledge.question_words import misspelt_wh

    for typed in ("wich", "wat", "wen", "wher", "wht", "hw", "waht", "woh", "whenn", "whem", "wats", "wy"):
        assert question_word(typed) == misspelt_wh(typed, _common), typed
    if word_lists.common_words() is not None:
        assert question_word("wot") is None  # a common word of SCOWL 35 (not in the closed list)
        assert question_word("hoe") is None


def test_the_percept_keeps_the_typed_text(persona: Persona) -> None:
    (p,) = Perception(persona, misspelt=True).perceive_texts(
        ["wich country won the most medals"], gifts=[False]
    )
    assert p.text == "wich country won the most medals"
    assert p.screening is not None and not p.screening.question  # screening's own verdict, as typed
