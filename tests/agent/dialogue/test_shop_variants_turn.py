"""A size or version the catalogue does not list, asked through the real turn on the sample base (session
22, brief E, E2): a grounded no, or what the shop has, never "we do have that"."""

from __future__ import annotations

from typing import Any

from agent.decide import ConversationDecider
from agent.events import Comment, User


async def _say(agent: Any, text: str) -> Any:
    event = Comment(user=User(id="u-juno", name="juno"), text=text)
    return await agent.respond(event, decider=ConversationDecider())


async def test_a_size_word_the_hoodie_does_not_list_gets_no_and_its_sizes(agent: Any) -> None:
    reply = await _say(agent, "does the hoodie come in kids sizes?")
    assert "kids sizes" in reply.text and "S, M, L, XL and XXL" in reply.text, reply.text
    assert not reply.text.lower().startswith("yes"), reply.text


async def test_a_poster_size_the_shop_does_not_sell_is_not_said_as_had(agent: Any) -> None:
    reply = await _say(agent, "do you sell the poster in a1")
    assert "poster in a1" in reply.text and "the Three Zones Poster is $18" in reply.text, reply.text
    assert "We do have that" not in reply.text and not reply.text.startswith("Yes"), reply.text
