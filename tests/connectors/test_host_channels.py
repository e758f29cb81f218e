"""The chat bot and the reporter on a question about the host itself (session 13, brief H): the persona card
answers it (the chat bot: through the agent's turn), the knowledge base is never asked, nothing is cited."""

from __future__ import annotations

import asyncio

from agent.persona import Persona
from connectors.chatbot import ChatBot
from connectors.reporter import Reporter
from tests.connectors.test_chatbot import PhotoKB, msg


async def test_the_chat_bot_answers_about_the_host_from_the_card() -> None:
    from tests.connectors.text_agent import text_agent

    kb = PhotoKB()
    agent = text_agent(kb)
    bot = ChatBot(kb, ocr=None, turn=agent)
    agent.start()
    try:
        bot_q = await asyncio.to_thread(bot.reply, msg("ana", "are you a bot?"), 0.0)
        fav = await asyncio.to_thread(bot.reply, msg("ana", "what's your favourite winter sport?"), 1.0)
        shop = await asyncio.to_thread(bot.reply, msg("ana", "How much is the panda beanie price?"), 2.0)
    finally:
        await agent.stop()
    assert "Frosty Fox" in bot_q.text and "AI" in bot_q.text and not bot_q.citations and not bot_q.abstained
    assert "Slalom" in fav.text and not fav.citations
    assert shop.citations and "25 dollars" in shop.text
    assert [q for q, _ in kb.asked] == ["How much is the panda beanie price?"]  # never the host questions


def test_without_a_turn_the_bot_says_it_does_not_know_and_cites_nothing() -> None:
    kb = PhotoKB()
    r = ChatBot(kb, ocr=None).reply(msg("ana", "how old are you?"), 0.0)
    assert r.abstained and not r.citations and kb.asked == []


def test_the_reporter_answers_about_itself_from_its_card_and_cites_nothing() -> None:
    kb = PhotoKB()
    r = Reporter(kb, persona=Persona.load("reporter")).ask("are you a bot?")
    assert not r.abstained and not r.citations and "I am Ada Ledger" in r.answer and "AI" in r.answer
    bare = Reporter(kb).ask("who made you?")  # no card: an abstention, never a knowledge fact
    assert bare.abstained and bare.reason == "about_self" and not bare.citations
    assert kb.asked == []
