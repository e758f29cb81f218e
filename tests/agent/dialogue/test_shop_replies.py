"""A shop attribute question on the real turn (perception, grounding, the decider, the composer, the sample
base): the viewer hears what the catalogue entry says, cited - "not in blue" with the colours the hoodie does
come in, never a don't-know where the entry lists the attribute and never a yes it does not say; an attribute
the entry does not mention still gets the honest don't-know (knowledge/shop_attributes.py)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from agent.assemble import open_kb
from agent.decide import ConversationDecider
from agent.dialogue import DialogueComposer
from agent.events import Comment, Emotion, User
from agent.persona import Persona
from agent.stages import Percept, Plan
from tests.agent.dialogue.test_llm_path import Slow

HOODIE = (
    "It is made of 80% cotton and 20% polyester fleece and comes in sizes S, M, L, XL and XXL, in midnight "
    "navy or glacier white."
)


async def _say(agent: Any, text: str, *, chat: bool = True) -> Any:
    event = Comment(user=User(id="u-mika", name="mika_k"), text=text)
    return await agent.respond(event, decider=ConversationDecider() if chat else None)


@pytest.mark.parametrize("chat", [True, False], ids=["chat-profile", "livestream-tree"])
async def test_a_colour_the_hoodie_does_not_come_in_gets_no_but_the_colours_it_does(
    agent: Any, chat: bool
) -> None:
    reply = await _say(agent, "is the hoodie available in blue?", chat=chat)
    (sentence,) = reply.sentences
    text = sentence.text
    assert "not in blue" in text.lower() and "mika_k" in text
    assert "the Snowline Logo Hoodie comes in midnight navy or glacier white" in text
    assert "don't" not in text and not text.lower().startswith("yes")
    assert [(c.source, c.quote) for c in sentence.citations] == [("sample/merch/catalog.md", HOODIE)]


async def test_a_size_out_of_range_and_a_care_the_entry_does_not_list(agent: Any) -> None:
    xxs = await _say(agent, "is there an XXS hoodie?")
    assert "Not in XXS" in xxs.text or "not in XXS" in xxs.text
    assert "sizes S, M, L, XL and XXL" in xxs.text
    # the base's own answer path reads the mug's sentence as if it answered; the entry lists dishwasher and
    # microwave, not the oven: neither a yes nor a no
    oven = await _say(agent, "is the mug oven safe?")
    assert not oven.percept.answer.abstained
    # what the catalog says first, then that it does not say the rest, and the cautious reading (session 14:
    # "The shop doesn't mention oven" read as if the shop had been asked about ovens)
    assert oven.text == (
        "The catalog says the Ice Crystal Mug is dishwasher and microwave safe, mika_k - it doesn't say "
        "oven-safe, so I wouldn't risk it."
    ), oven.text
    assert oven.sentences[0].citations[0].quote.endswith("dishwasher and microwave safe.")
    dishwasher = await _say(agent, "does the mug go in the dishwasher?")
    assert dishwasher.text.startswith(("Yes", "Yep")) and "dishwasher and microwave safe" in dishwasher.text
    assert dishwasher.sentences[0].citations[0].quote.endswith("dishwasher and microwave safe.")


async def test_the_shops_terms_and_an_attribute_the_entry_never_mentions(agent: Any) -> None:
    shipping = await _say(agent, "how much is shipping to canada?")
    assert "standard shipping costs $6" in shipping.text and "don't" not in shipping.text
    assert shipping.sentences[0].citations[0].span.endswith("Ordering, shipping and returns")
    vegan = await _say(agent, "is the scarf vegan?")  # the entry says merino wool blend, not vegan or not
    assert "Slope Scarf" not in vegan.text and "merino" not in vegan.text
    assert not [c for s in vegan.sentences for c in s.citations]


async def test_a_wh_question_the_base_answers_keeps_its_answer(agent: Any) -> None:
    reply = await _say(agent, "how much is the Slope Scarf?")
    assert "The Slope Scarf costs $28." in reply.text


async def test_on_the_llm_path_the_entrys_line_is_said_and_the_model_is_not_asked() -> None:
    kb = open_kb("sample")
    backend = Slow(["Yes, the hoodie comes in blue! "], delay_s=0.0)  # a model would say yes
    composer = DialogueComposer(Persona.load(None), kb, backend=backend, deadline_s=60.0)
    text = "does the hoodie come in blue?"
    plan = Plan(branch="t", reason="t", act="answer", emotion=Emotion(label="joy", intensity=0.6))
    percept = Percept(text=text, intent="question", answer=kb.answer(text))
    event = Comment(user=User(id="u", name="mika_k"), text=text)
    out = [s async for s in composer.compose(plan, percept, event)]
    assert backend.prompts == [] and composer.leads == 0
    assert len(out) == 1 and "not in blue" in out[0].text.lower() and "glacier white" in out[0].text
    assert [c.quote for c in out[0].citations] == [HOODIE]


@pytest.mark.parametrize("chat", [True, False], ids=["chat-profile", "livestream-tree"])
async def test_a_shop_line_typed_without_a_question_mark_is_answered(agent: Any, chat: bool) -> None:
    """ "can i get the big air tee in xxl" was read as chit-chat ("what do you like most about big air?"):
    a line with a question's opening that asks a shop attribute is a question (session 14)."""
    reply = await _say(agent, "can i get the big air tee in xxl", chat=chat)
    assert reply.percept.intent == "question"
    assert re.search(r"[Nn]ot in XXL", reply.text) and "sizes S to XL" in reply.text
    assert reply.sentences[0].citations[0].span.endswith("Big Air Tee")
    chat_line = await _say(agent, "can i get a shoutout", chat=chat)  # no shop attribute: left as it was
    assert not chat_line.sentences or not chat_line.sentences[0].citations
