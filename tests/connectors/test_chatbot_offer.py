"""The chat bot's turn names what the shop has for a thing it lacks, and its reply carries the base's
citation (the knowledge base abstained, so the bot used to set none); a plain don't-know still cites
nothing."""

from __future__ import annotations

import asyncio

from agent.assemble import open_kb
from agent.events import Message, User
from connectors.chatbot import ChatBot
from tests.connectors.text_agent import text_agent


async def test_the_chat_bot_offers_the_slope_scarf_with_its_citation_and_no_name_for_an_unnamed_user() -> (
    None
):
    kb = open_kb("sample")
    agent = text_agent(kb)
    agent.start()
    try:
        bot = ChatBot(kb, ocr=None, turn=agent)
        ask = Message(user=User(id="dm-1", name=""), text="how much is the team scarf?")
        r = await asyncio.to_thread(bot.reply, ask, 0.0)
        assert r.abstained and "team scarf" in r.text and "the Slope Scarf is $28" in r.text
        assert [c.quote for c in r.citations] == ["The Slope Scarf costs $28."]
        assert "snow crew" not in r.text  # one person, no name: no address, never the crew's
        lacking = await asyncio.to_thread(
            bot.reply, Message(user=ask.user, text="how much is the ski helmet?"), 1.0
        )
        assert lacking.abstained and not lacking.citations and "$" not in lacking.text
    finally:
        await agent.stop()
