"""Misreads seen in a scripted chat (issue 17, session 7), tested on other sentences of the same kind.

"hi! first time watching" was read as chit-chat (the greeting word "hi " did not match before "!") and
"what's the best recipe for carbonara?" as praise (the question class had no superlative questions, "best" is
a praise word). These sentences were written before the fix and are in no train data.
"""

from __future__ import annotations

import pytest

from agent.perception import Perception
from agent.perception.core import HEADS, Head
from agent.perception.lexicon import INTENT_LEXICON, lexicon_counts
from agent.persona import Persona

GREETINGS = [
    "hi, first stream I've caught",
    "hey! just found you",
    "hi!! never been here before",
    "yo! first time catching a stream",
    "hi. found this from a friend's link",
    "hi :) new around here",
]
QUESTIONS = [
    "what's the best pasta to make for dinner?",
    "who makes the best hot chocolate?",
    "which is the greatest ski movie ever?",
    "what's the best way to warm up cold hands?",
    "what's the most amazing place you've traveled to?",
    "what's the best laptop for gaming?",
]
PRAISE = ["you're the best", "best stream ever", "this is the best channel", "amazing run!"]


@pytest.fixture(scope="module")
def persona() -> Persona:
    return Persona.load(None)


def test_a_greeting_word_counts_before_punctuation() -> None:
    greeting = list(INTENT_LEXICON).index("greeting")
    assert lexicon_counts("hi! first time", INTENT_LEXICON)[greeting] == 1
    assert lexicon_counts("hi, all", INTENT_LEXICON)[greeting] == 1
    assert lexicon_counts("this is it", INTENT_LEXICON)[greeting] == 0  # "hi" inside "this" is no greeting


@pytest.mark.parametrize("head", HEADS)
def test_newcomers_greetings_and_superlative_questions(persona: Persona, head: Head) -> None:
    p = Perception(persona, head=head)
    assert [x.intent for x in p.perceive_texts(GREETINGS)] == ["greeting"] * len(GREETINGS)
    assert [x.intent for x in p.perceive_texts(QUESTIONS)] == ["question"] * len(QUESTIONS)
    assert [x.intent for x in p.perceive_texts(PRAISE)] == ["praise"] * len(PRAISE)
