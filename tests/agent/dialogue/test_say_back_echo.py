"""A viewer's words echoed in an answer are said only when ``say_back.flagged`` passes them (session 20, brief
S2): a late answer's "ren, on {subject}:" (``recall_line``), the casual address "ren, the ice dance:" and the
shop's "No {asked} in the shop, ren, but ..." said a slur, a URL or an insult back as typed. The line is still
said, without the echo; a plain subject is still said back."""

from __future__ import annotations

import re
from typing import Any

import pytest

from agent.dialogue import Realizer
from agent.dialogue.offer import offer_slots, offer_table
from agent.dialogue.recall import recall_line
from agent.persona import Persona
from evals.say_back_echo import StandInOffer

BAD = ["the fucking ice dance", "that retard", "www.freefollowers.com", "cunt", "the kkk", "the nazi rally"]


def _lines(offer: Any, register: str = "casual") -> list[str]:
    fill = offer_slots(offer, {"name": "ren"})
    assert fill is not None
    return [t.format(**fill) for t in offer_table(offer)[1][register]["en"]]


@pytest.mark.parametrize("bad", BAD)
def test_a_flagged_subject_is_not_said_back_by_the_recall_or_the_address(bad: str) -> None:
    realizer = Realizer(Persona.load(None), seed=0)
    for question in (f"who won {bad}?", f"tell me about {bad}", f"when is {bad}"):
        said = recall_line("ren", question) or ""
        assert bad.split()[-1].lower() not in said.lower(), (question, said)
        said = realizer.address("ren", "en", question, 0.0) or ""
        assert bad.split()[-1].lower() not in said.lower(), (question, said)


def test_a_plain_subject_is_still_said_back() -> None:
    assert recall_line("ren", "which country won the most golds?") == "ren, on the most golds:"
    assert recall_line("ren", "is it snowing there") == 'ren, you asked "is it snowing there":'
    assert Realizer(Persona.load(None), seed=0).address("ren", "en", "who won the ice dance?", 0.0) == (
        "ren, the ice dance:"
    )


@pytest.mark.parametrize("register", ["casual", "formal"])
def test_the_offer_says_what_the_shop_has_without_a_flagged_thing(register: str) -> None:
    for asked in ("retard hoodies", "cunt scarf", "www.freefollowers.com scarf", "kkk hoodies", "nazi mugs"):
        lines = _lines(StandInOffer(asked), register)
        assert lines and all("Slope Scarf" in x and asked.split()[0] not in x for x in lines), lines
    plain = _lines(StandInOffer("team scarf"), register)
    assert any("team scarf" in x for x in plain), plain


def test_the_realizer_says_the_offer_line_not_a_dont_know() -> None:
    out = Realizer(Persona.load(None), seed=0).realize(
        "clarify",
        name="ren",
        offer=StandInOffer("retard hoodies"),
        viewer_text="do you sell retard hoodies",
        now=0.0,
    )
    said = " ".join(s for s, *_ in out.sentences)
    assert "Slope Scarf" in said and "retard" not in said, said


def test_an_attribute_reply_says_the_entry_fact_without_a_flagged_value() -> None:
    class _Reply(StandInOffer):
        verdict = "no"
        attribute = "colour"
        entry = "the Snowline Logo Hoodie"

        def said(self) -> str:
            return "the Snowline Logo Hoodie comes in midnight navy or glacier white"

    lines = _lines(_Reply("fucking pink"))
    assert lines == ["The Snowline Logo Hoodie comes in midnight navy or glacier white, ren."], lines
    assert any("in blue" in x for x in _lines(_Reply("blue"))), _lines(_Reply("blue"))


def test_the_echo_terms_hold_hate_group_names_and_no_country() -> None:
    from agent.dialogue.say_back import echo_terms, flagged

    terms, _ = echo_terms()
    assert {("kkk",), ("nazi",), ("heil", "hitler"), ("ku", "klux", "klan")} <= terms
    assert not {("uk",), ("us",), ("canada",), ("norway",)} & terms
    assert flagged("KKK hoodies") and flagged("n4zi") and not flagged("team uk")
    assert not flagged("the ice dance") and not flagged("the Slope Scarf")


@pytest.mark.parametrize("formal", [False, True])
def test_the_host_does_not_say_a_flagged_thing_back_when_asked_what_it_likes(formal: bool) -> None:
    from agent.dialogue.host_answers import host_reply
    from agent.dialogue.host_questions import host_question

    persona = Persona.load(None)
    for text in (
        "do you like the nazis",
        "whats ur favourite nazi",
        "do you like kkk",
        "what's your favourite slut",
    ):
        question = host_question(text)
        assert question is not None and question.thing, text
        said = host_reply(question, persona, formal=formal)
        assert said and not {"nazi", "nazis", "kkk", "slut"} & set(re.findall(r"\w+", said.lower())), said
    hockey = host_question("do you like hockey")
    assert hockey is not None
    assert formal or "hockey" in host_reply(hockey, persona), host_reply(hockey, persona)
