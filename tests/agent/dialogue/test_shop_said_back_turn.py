"""A real turn says back no typing slip as a product and names the thing asked in a decline (session 28,
brief Y6: ``catalogue.offer``, ``shop_attributes._named``).

On eab62f7 and fa43fe5 "how much is teh keychain" got "I don't see a teh keychain in the shop, but ..." and
"do you offer same day delivery" "... - it doesn't mention offer."."""

from __future__ import annotations

from typing import Any

import pytest

from tests.agent.dialogue.turns import say_as_ren


@pytest.mark.parametrize(
    ("question", "said", "unsaid"),
    [
        ("how much is teh keychain", "Goggle Strap Keychain is $9", "teh"),
        ("do you offer same day delivery", "same day delivery", "mention offer"),
        ("do you do next day delivery", "next day delivery", "mention next."),
    ],
)
async def test_the_turn_says_back_what_was_asked(agent: Any, question: str, said: str, unsaid: str) -> None:
    reply = await say_as_ren(agent, question)
    assert said in reply.text and unsaid not in reply.text, reply.text
