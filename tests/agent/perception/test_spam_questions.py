"""A viewer's question read as spam (session 16, brief S2): ``spam_that_asks``, declared in docs/perception.md
before measuring. The named lines were seen before the rule was written; the other lines here were written
after, to pin the rule's edges (a link, no known name, no question's form)."""

from __future__ import annotations

import pytest

from agent.perception import Perception
from agent.perception.core import names_known, spam_that_asks
from agent.persona import Persona
from agent.screening import screen

NAMED = ["do subs get a discount on the hoodie", "who won the men's freeski big air"]
SPAM = [
    "sub4sub anyone? sub4sub",  # a question's form, nothing the host knows
    "free hoodie giveaway? bit.ly/xx9",  # a link
    "follow me for follow back!!!",
    "promo code SNOW50 at cheapjackets.shop",
]


@pytest.fixture(scope="module")
def persona() -> Persona:
    return Persona.load(None)


def _intents(perception: Perception, texts: list[str]) -> list[str]:
    return [p.intent for p in perception.perceive_texts(texts, gifts=[False] * len(texts))]


def test_named_lines_were_spam_and_are_questions(persona: Persona) -> None:
    before = Perception(persona, spam_questions=False)  # the behaviour before, kept to compare
    # since session 29 (brief W2, S1) "free" is no spam cue inside "freeski": the classifier itself reads the
    # second line as a question; the first still needs ``spam_that_asks``
    assert _intents(before, NAMED) == ["spam", "question"]
    assert _intents(Perception(persona), NAMED) == ["question", "question"]


def test_spam_stays_spam(persona: Persona) -> None:
    assert _intents(Perception(persona), SPAM) == ["spam"] * len(SPAM)


def test_spam_that_asks_needs_form_no_link_and_a_known_name() -> None:
    names = ("big air", "hoodie")
    assert spam_that_asks("who won big air", screen("who won big air"), names)
    assert spam_that_asks("is there a discount?", screen("is there a discount?"), ())  # a shop attribute
    assert not spam_that_asks("big air hype hype hype", screen("big air hype hype hype"), names)  # no form
    text = "who wants a free hoodie? www.hoodies4free.biz"
    assert not spam_that_asks(text, screen(text), names)  # a link
    assert not spam_that_asks("sub4sub anyone?", screen("sub4sub anyone?"), names)  # nothing known
    text = "@someone who won big air"
    assert not spam_that_asks(text, screen(text), names, host="Frosty")  # words to another viewer


def test_names_known_takes_whole_words() -> None:
    assert names_known("Who won BIG AIR?", ("big air",))
    assert not names_known("the big airline deal", ("big air",))
    assert not names_known("anything", ("",))
