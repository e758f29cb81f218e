"""The decision and the ``behavior`` event say what the viewer hears when the shop answers (session 15): a
shop attribute question the base abstains on but the catalogue entry answers ("can i get the big air tee in
xxl?" -> "Not in XXL: the Big Air Tee comes in sizes S to XL.") was logged by the tree as "rules/abstain" (an
honest don't-know) while the composer said the entry's line. Grounding now looks the entry up beside the
base (``Percept.shop``), the tree hears it (``Situation.shop_answers``) and the composer says it without a
second search. Real turn: perception, grounding, the tree, the composer, the sample base."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.runtime import AgentConfig


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _tree(agent: Any, text: str) -> Any:
    return await agent.respond(Comment(user=User(id="u-mika", name="mika_k"), text=text))


async def test_a_shop_answer_is_logged_as_an_answer(agent: Any) -> None:
    reply = await _tree(agent, "can i get the big air tee in xxl")
    assert reply.percept.answer is not None and reply.percept.answer.abstained  # the base cannot answer
    assert reply.percept.shop_looked and reply.percept.shop is not None
    assert "not in xxl" in reply.text.lower() and "S to XL" in reply.text  # what the viewer hears
    assert (reply.plan.act, reply.plan.branch) == ("answer", "rules/shop"), reply.plan
    assert "abstain" not in reply.plan.branch and "don't-know" not in reply.plan.reason


async def test_a_question_nobody_answers_is_still_logged_as_a_dont_know(agent: Any) -> None:
    # (not the weather: a live thing the card answers without the base since session 15, brief M2)
    reply = await _tree(agent, "who coached the chinese team?")
    assert reply.percept.answer is not None and reply.percept.answer.abstained
    assert not reply.percept.shop_looked  # no shop attribute asked: no catalogue search
    assert reply.plan.branch == "rules/abstain" and reply.plan.act == "clarify"


async def test_the_composer_does_not_search_the_shop_again(agent: Any, monkeypatch: Any) -> None:
    from knowledge import shop_attributes

    calls: list[str] = []
    real = shop_attributes.find_reply

    def counted(kb: Any, question: str, k: int = 10) -> Any:
        calls.append(question)
        return real(kb, question, k)

    monkeypatch.setattr(shop_attributes, "find_reply", counted)
    reply = await _tree(agent, "do you have the hoodie in blue?")
    assert "not in blue" in reply.text.lower()
    assert calls == ["do you have the hoodie in blue?"]  # grounding's search, heard by tree and composer
