"""The chat bot's turn says what the shop's catalogue entry says to an attribute question ("not in blue",
knowledge/shop_attributes.py), and its reply cites the entry's sentence the turn said, not the one the base
read: one turn path for every channel."""

from __future__ import annotations

import asyncio

from agent.assemble import open_kb
from agent.events import Message, User
from connectors.chatbot import ChatBot
from tests.connectors.text_agent import text_agent

HOODIE = (
    "It is made of 80% cotton and 20% polyester fleece and comes in sizes S, M, L, XL and XXL, in midnight "
    "navy or glacier white."
)
SCARF = "It is 180 cm long, knitted from a merino wool blend, with red and white stripes."


async def test_the_chat_bot_says_the_entrys_no_and_what_it_is_made_of_with_the_entrys_citation() -> None:
    kb = open_kb("sample")
    agent = text_agent(kb)
    agent.start()
    try:
        bot = ChatBot(kb, ocr=None, turn=agent)
        user = User(id="dm-7", name="mika_k")
        blue = await asyncio.to_thread(
            bot.reply, Message(user=user, text="is the hoodie available in blue?"), 0.0
        )
        assert "not in blue" in blue.text.lower() and "midnight navy or glacier white" in blue.text
        assert [c.quote for c in blue.citations] == [HOODIE]
        scarf = await asyncio.to_thread(
            bot.reply, Message(user=user, text="what is the slope scarf made of"), 1.0
        )
        assert "merino wool blend" in scarf.text and "$28" not in scarf.text
        assert [c.quote for c in scarf.citations] == [SCARF]
    finally:
        await agent.stop()
