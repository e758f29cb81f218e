"""A real turn says the shop's terms from the sentence asked (session 27, brief Y3).

On 8fc9b23 "which items can't be returned" got the sentence of what can be, and "how many days does shipping
take" the dispatch sentence; "how quick is delivery within the states" was said right on the turn already
(the entry reader's sentence over the base's returns sentence): a neighbour case, kept so."""

from __future__ import annotations

from typing import Any

import pytest

from agent.events import Comment, User
from tests.agent.dialogue.turns import say_as_ren

CATALOGUE = "sample/merch/catalog.md"


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("which items can't be returned", "Personalised items cannot be returned"),
        ("how many days does shipping take", "3 to 5 business days"),
        ("how quick is delivery within the states", "3 to 5 business days"),
    ],
)
async def test_the_turn_says_the_terms_asked(agent: Any, question: str, said: str) -> None:
    """Both the chat profile (the conversation decider) and the livestream tree say the catalogue's line."""
    chat = await say_as_ren(agent, question)
    tree = await agent.respond(Comment(user=User(id="u-juno", name="juno"), text=question))
    for reply in (chat, tree):
        quotes = [c.quote for s in reply.sentences for c in s.citations if c.source == CATALOGUE]
        assert said in reply.text and any(said in q for q in quotes), reply.text
