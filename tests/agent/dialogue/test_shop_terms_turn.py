"""A real turn says the shop's terms from the sentence asked (session 27, brief Y3) and a product's own
line to a yes/no the catalogue answers in its own words (brief Y4); one file since session 28 (brief P: the
two files repeated each other's turn).

On 8fc9b23 "which items can't be returned" got the sentence of what can be, "how many days does shipping take"
the dispatch sentence and "is the ice ribbon case shock resistant" a don't-know on the turn; "how quick is
delivery within the states" was said right on the turn already (the entry reader's sentence over the base's
returns sentence): a neighbour case, kept so."""

from __future__ import annotations

from typing import Any

import pytest

from agent.events import Comment, User
from tests.agent.dialogue.turns import say_as_ren

CATALOGUE = "sample/merch/catalog.md"


async def _said_from_the_catalogue(agent: Any, question: str, said: str) -> list[Any]:
    """Both the chat profile (the conversation decider) and the livestream tree say the catalogue's line."""
    chat = await say_as_ren(agent, question)
    tree = await agent.respond(Comment(user=User(id="u-juno", name="juno"), text=question))
    for reply in (chat, tree):
        quotes = [c.quote for s in reply.sentences for c in s.citations if c.source == CATALOGUE]
        assert said in reply.text and any(said in q for q in quotes), reply.text
    return [chat, tree]


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("which items can't be returned", "Personalised items cannot be returned"),
        ("how many days does shipping take", "3 to 5 business days"),
        ("how quick is delivery within the states", "3 to 5 business days"),
    ],
)
async def test_the_turn_says_the_terms_asked(agent: Any, question: str, said: str) -> None:
    await _said_from_the_catalogue(agent, question, said)


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("is the ice ribbon case shock resistant", "shock-absorbing"),
    ],
)
async def test_the_turn_says_the_line(agent: Any, question: str, said: str) -> None:
    for reply in await _said_from_the_catalogue(agent, question, said):
        assert "return" not in reply.text.lower() and "don't know" not in reply.text.lower()
