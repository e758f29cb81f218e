"""The chat bot (session 24, brief D, W4; docs/dialogue.md), over the sample base. On 20b3e3a "what did i
miss?" in a direct message got a biathlon fact from the base ("dm0, in the sprint, pursuit and mass start,
..."), and a name said before a fact lower-cased the fact's first letter ("sam, eileen Gu ...", "sam, norway
topped ..."). The lines are ours, written before any run."""

from __future__ import annotations

import asyncio
import time

from agent.assemble import AgentOptions, assemble_agent, open_kb
from agent.events import Message, User
from agent.runtime import AgentConfig
from connectors.chatbot import ChatBot


def _msg(who: str, text: str) -> Message:
    return Message(user=User(id=who, name=who), text=text)


def test_without_a_turn_a_name_keeps_the_facts_capitals() -> None:
    bot = ChatBot(open_kb("sample"), ocr=None)
    gu = bot.reply(_msg("sam", "who is eileen gu?"), 0.0)
    assert gu.citations and gu.text.startswith("sam, Eileen Gu"), gu.text
    loop = bot.reply(_msg("sam", "what is the biathlon penalty loop?"), 10.0)
    assert loop.citations and loop.text.startswith("sam, in the sprint"), loop.text


def test_without_a_turn_what_did_i_miss_is_no_knowledge_question() -> None:
    bot = ChatBot(open_kb("sample"), ocr=None)
    for i, text in enumerate(["what did i miss?", "hi, what did I miss?", "did i miss anything?"]):
        r = bot.reply(_msg(f"dm{i}", text), float(i))
        assert not r.citations and "penalty loop" not in r.text and "don't know" not in r.text, r.text
        assert "just in time" in r.text, r.text


async def test_with_the_turn_what_did_i_miss_tells_what_this_conversation_covered() -> None:
    agent = assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))
    bot = ChatBot(open_kb("sample"), ocr=None, turn=agent)
    agent.start()
    try:
        first = await asyncio.to_thread(bot.reply, _msg("ana", "who is eileen gu?"), time.time())
        missed = await asyncio.to_thread(bot.reply, _msg("ana", "what did i miss?"), time.time())
        other = await asyncio.to_thread(bot.reply, _msg("bo", "what did i miss?"), time.time())
    finally:
        await agent.stop()
    assert first.citations, first.text
    assert not missed.citations and "Eileen Gu" in missed.text and "talked about" in missed.text, missed.text
    assert "Eileen Gu" not in other.text and "penalty loop" not in other.text, other.text  # another DM
