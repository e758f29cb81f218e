"""The shop's terms and prices are its public business, not the persona's private matters (session 21, brief
P4; docs/perception.md): the harm check read "what are your prices" and "what is your return policy" as "the
persona's private matters" (its examples: the show's revenue, "how much are you paid") and the viewer heard
"Not something I get into on stream". Through the real turn, chat profile, the sample base. The lines are ours
and the brief's, in chat's shapes; none is taken from a report part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.decide import ConversationDecider
from agent.events import Comment, User
from agent.perception.core import asks_the_shop_terms


async def _say(agent: Any, text: str) -> Any:
    event = Comment(user=User(id="u-mika", name="mika_k"), text=text)
    return await agent.respond(event, decider=ConversationDecider())


def test_what_asks_the_shop_terms() -> None:
    assert asks_the_shop_terms("what are your prices")
    assert asks_the_shop_terms("what is your return policy")
    assert not asks_the_shop_terms("how much are you paid")
    assert not asks_the_shop_terms("how much money does this stream make")


async def test_the_return_policy_is_answered_from_the_shop_terms(agent: Any) -> None:
    reply = await _say(agent, "what is your return policy")
    assert [s.act for s in reply.sentences] != ["refuse"], reply.sentences
    assert "return" in reply.text.lower() and "30 days" in reply.text, reply.text


async def test_the_prices_asked_are_not_refused(agent: Any) -> None:
    reply = await _say(agent, "what are your prices")
    assert reply.percept.intent == "question", reply.percept
    assert all(s.act != "refuse" for s in reply.sentences), reply.sentences


@pytest.mark.parametrize("text", ["how much are you paid", "how much money does this stream make"])
async def test_the_shows_own_money_is_still_declined(agent: Any, text: str) -> None:
    reply = await _say(agent, text)
    assert any(s.act == "refuse" for s in reply.sentences), reply.sentences
