"""A real turn says a product's own line to a yes/no the catalogue answers in its own words, and the shop's
terms from the sentence asked (session 27, brief Y).

On 8fc9b23 "is the ice ribbon case shock resistant" got a don't-know on the turn and "which items can't be
returned" the sentence of what can be; "how quick is delivery within the states" was said right on the turn
already (the entry reader's sentence over the base's returns sentence): a neighbour case, kept so."""

from __future__ import annotations

from typing import Any

import pytest

from agent.events import Comment, User
from tests.agent.dialogue.turns import say_as_ren

CATALOGUE = "sample/merch/catalog.md"


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("is the ice ribbon case shock resistant", "shock-absorbing"),
    ],
)
async def test_the_turn_says_the_line(agent: Any, question: str, said: str) -> None:
    """Both the chat profile (the conversation decider) and the livestream tree say the catalogue's line."""
    chat = await say_as_ren(agent, question)
    tree = await agent.respond(Comment(user=User(id="u-juno", name="juno"), text=question))
    for reply in (chat, tree):
        quotes = [c.quote for s in reply.sentences for c in s.citations if c.source == CATALOGUE]
        assert said in reply.text and any(said in q for q in quotes), reply.text
        assert "return" not in reply.text.lower() and "don't know" not in reply.text.lower()
