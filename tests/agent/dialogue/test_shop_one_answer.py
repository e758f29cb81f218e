"""One answer on the turn where the base and the shop's entry reader both answer (session 18, brief C).

Since session 18 ``KnowledgeBase.answer`` says the catalogue entry's fact where its sentence path abstained
(``knowledge.shop_answer``), and the turn's shop reader (``knowledge.shop_attributes``) reads the same
entry: the viewer hears the fact once, cited once - the base's answer or the entry's line, not both."""

from __future__ import annotations

from typing import Any

import pytest

from agent.decide import ConversationDecider
from agent.events import Comment, User

CATALOGUE = "sample/merch/catalog.md"


@pytest.mark.parametrize("chat", [True, False], ids=["chat-profile", "livestream-tree"])
@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("how much water does the summit bottle hold?", "750 ml"),
        ("is sales tax included in the prices?", "include sales tax"),
        ("what's the shipping cost on a $40 order?", "standard shipping costs $6"),
    ],
)
async def test_the_fact_is_said_once_and_cited_once(agent: Any, question: str, fact: str, chat: bool) -> None:
    event = Comment(user=User(id="u-juno", name="juno"), text=question)
    reply = await agent.respond(event, decider=ConversationDecider() if chat else None)
    assert not reply.percept.answer.abstained  # the base answers it now (it abstained on e54d363)
    assert reply.text.count(fact) == 1, reply.text
    assert "don't know" not in reply.text.lower()
    cited = [c for s in reply.sentences for c in s.citations]
    assert len(cited) == 1 and cited[0].source == CATALOGUE, cited
