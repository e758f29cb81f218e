"""A merch question about a thing the shop does not have: the turn says so and names what the shop does have
of that kind, with the base's price and its citation ("I don't see a team scarf in the shop, juno, but the
Slope Scarf is $28."); a kind the base lacks still gets the honest don't-know. On the real turn (perception,
grounding, the decider, the composer) with the sample base."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import pytest

from agent.assemble import open_kb
from agent.decide import ConversationDecider
from agent.dialogue import DialogueComposer, Realizer
from agent.events import Comment, Emotion, User
from agent.persona import Persona
from agent.stages import Percept, Plan
from tests.agent.dialogue.test_llm_path import Slow

PRODUCTS = re.compile(r"Slope Scarf|Panda Beanie|Ice Crystal Mug|Hoodie|Mittens|\$\d")


async def _say(agent: Any, text: str, *, chat: bool = True) -> Any:
    event = Comment(user=User(id="u-juno", name="juno"), text=text)
    return await agent.respond(event, decider=ConversationDecider() if chat else None)


@pytest.mark.parametrize("chat", [True, False], ids=["chat-profile", "livestream-tree"])
async def test_a_thing_the_shop_lacks_gets_what_it_has_of_that_kind_with_the_bases_price(
    agent: Any, chat: bool
) -> None:
    reply = await _say(agent, "how much is the team scarf?", chat=chat)
    assert reply.percept.answer is not None and reply.percept.answer.abstained  # no guess about a team scarf
    (sentence,) = reply.sentences
    assert "team scarf" in sentence.text and "juno" in sentence.text
    assert "the Slope Scarf is $28" in sentence.text
    assert [(c.source, c.quote) for c in sentence.citations] == [
        ("sample/merch/catalog.md", "The Slope Scarf costs $28.")
    ]
    mug = await _say(agent, "how much does the penguin mug cost?", chat=chat)
    assert "penguin mug" in mug.text and "the Ice Crystal Mug is $16" in mug.text


@pytest.mark.parametrize("question", ["how much is the ski helmet?", "how much are the gloves?"])
async def test_a_kind_the_base_lacks_still_gets_the_honest_dont_know(agent: Any, question: str) -> None:
    reply = await _say(agent, question)
    assert reply.percept.answer is not None and reply.percept.answer.abstained
    assert reply.text and "juno" in reply.text
    assert not PRODUCTS.search(reply.text), reply.text  # no product, no price: nothing of that kind is sold
    assert not [c for s in reply.sentences for c in s.citations]


async def test_a_kind_asked_in_its_ies_plural_gets_the_product_not_a_dont_know(agent: Any) -> None:
    # session 22, brief E: "hoodies" stems to "hoody" and the catalogue's kind is "hoodie": "do you sell
    # hoodies" got the honest don't-know though the shop sells the Snowline Logo Hoodie
    reply = await _say(agent, "do you sell hoodies")
    assert "the Snowline Logo Hoodie is $49" in reply.text, reply.text
    assert "don't" not in reply.text, reply.text  # the shop has it: no "I don't see hoodies in the shop"
    assert ("sample/merch/catalog.md", "The Snowline Logo Hoodie costs $49.") in [
        (c.source, c.quote) for s in reply.sentences for c in s.citations
    ]


async def test_a_product_the_base_prices_is_still_answered_by_the_base(agent: Any) -> None:
    reply = await _say(agent, "how much is the Slope Scarf?")
    assert not reply.percept.answer.abstained
    assert "The Slope Scarf costs $28." in reply.text and "don't" not in reply.text


def test_the_offer_lines_vary_keep_the_register_and_are_owed_when_all_were_said() -> None:
    cite = SimpleNamespace(source="shop.md", span="Slope Scarf", quote="The Slope Scarf costs $28.")
    offer = SimpleNamespace(
        asked="team scarves", exact=False, said=lambda: "the Slope Scarf is $28", citations=lambda: [cite]
    )
    none = SimpleNamespace(text="I don't know.", abstained=True, citations=[])
    r = Realizer(Persona.load(None), seed=1)
    lines = [
        r.realize("answer", name="juno", answer=none, offer=offer, now=10.0 * i).sentences for i in range(5)
    ]
    assert all(len(s) == 1 and s[0][1][0].quote == "The Slope Scarf costs $28." for s in lines)
    said = [s[0][0] for s in lines]
    assert len(set(said[:3])) == 3  # three lines, none twice in a row while a fresh one is left
    assert all(
        "team scarves" in t and "a team scarves" not in t and "the Slope Scarf is $28" in t for t in said
    )
    formal = Realizer(Persona.load("reporter"), seed=0).realize("clarify", name="Ana", offer=offer, now=0.0)
    assert formal.sentences[0][0] == "The shop does not list team scarves, Ana; the Slope Scarf is $28."
    zh = r.realize("clarify", name="美美", lang="zh", offer=offer, now=100.0)  # English lines only
    assert "Slope" not in zh.sentences[0][0] and not zh.sentences[0][1]


async def test_on_the_llm_path_the_offer_is_the_realizers_and_the_model_is_not_asked() -> None:
    kb = open_kb("sample")
    backend = Slow(["The team scarf is $15. "], delay_s=0.0)  # a model would guess a price
    composer = DialogueComposer(Persona.load(None), kb, backend=backend, deadline_s=60.0)
    text = "how much is the team scarf?"
    plan = Plan(branch="t", reason="t", act="answer", emotion=Emotion(label="joy", intensity=0.6))
    percept = Percept(text=text, intent="question", answer=kb.answer(text))
    event = Comment(user=User(id="u", name="juno"), text=text)
    out = [s async for s in composer.compose(plan, percept, event)]
    assert backend.prompts == [] and composer.leads == 0
    assert len(out) == 1 and "the Slope Scarf is $28" in out[0].text and "$15" not in out[0].text
    assert [c.quote for c in out[0].citations] == ["The Slope Scarf costs $28."]


def test_every_shop_line_can_be_said_to_a_viewer_whose_name_is_unknown() -> None:
    # session 14 (lead): "The catalog says X, {name} - it doesn't say Y" kept its {name} when the viewer was
    # unnamed (persona chat without --name), so the line was unsayable and the entry was read out instead
    from agent.dialogue.offer import SHOP_LINES
    from agent.dialogue.realizer import _nameless

    for verdict, registers in SHOP_LINES.items():
        for register, langs in registers.items():
            for template in langs["en"]:
                said = _nameless(template)
                assert "{name}" not in said, (verdict, register, template)
    assert _nameless("The catalog says {statement}, {name} - it doesn't say {asked}.") == (
        "The catalog says {statement} - it doesn't say {asked}."
    )
