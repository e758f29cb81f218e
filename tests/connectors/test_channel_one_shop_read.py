"""The chat bot and the reporter read a shop question's catalogue entry once (session 20, brief C). The chat
bot asked the base itself before handing the answer to the turn: the base read the entry where its sentence
path abstained (``shop_answer.settle``), and the turn's composer, which had no grounding reading on its
percept, read it again. It now asks through the turn's own lookup (``Grounding.look_up``) and hands the
``Lookup`` on, so the entry's reply rides on the percept. The reporter read it once already (its composer has
no base) and still asks the base alone. Real turn, real sample base."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent, load_persona, open_kb
from agent.events import Message, User
from agent.runtime import AgentConfig, PersonaAgent
from connectors.chatbot import ChatBot
from connectors.reporter import Reporter


@pytest.fixture(scope="module")
def product() -> PersonaAgent:
    return assemble_agent(AgentOptions(voice="espeak", agent=AgentConfig(realtime=False, idle_tick_s=None)))


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The questions the catalogue entry reader reads in a test (``shop_attributes.find_reply``)."""
    from knowledge import shop_attributes

    got: list[str] = []
    read = shop_attributes.find_reply
    monkeypatch.setattr(shop_attributes, "find_reply", lambda kb, q, k=10: got.append(q) or read(kb, q, k))
    return got


@pytest.mark.asyncio(loop_scope="module")  # one loop for the module's agent
async def test_the_chat_bot_reads_the_entry_once(product: PersonaAgent, calls: list[str]) -> None:
    text = "can i get the big air tee in xxl"
    bot = ChatBot(open_kb("sample"), ocr=None, memory=product.memory, turn=product)
    product.start()
    try:
        reply = await asyncio.to_thread(
            bot.reply, Message(user=User(id="dm-c1", name="Cy"), text=text), time.time()
        )
    finally:
        await product.stop()
    assert "not in xxl" in reply.text.lower() and "S to XL" in reply.text  # the entry's decline, as before
    assert calls == [text]  # before: two reads, the base's and the composer's


@pytest.mark.asyncio(loop_scope="module")
async def test_the_reporter_reads_the_entry_once(product: PersonaAgent, calls: list[str]) -> None:
    text = "is the summit bottle plastic or steel"
    reporter = Reporter(open_kb("sample"), persona=load_persona("reporter"), turn=product)
    product.start()
    try:
        ans = await asyncio.to_thread(reporter.ask, text)
    finally:
        await product.stop()
    assert not ans.abstained and "stainless steel" in ans.answer and ans.citations  # the entry's fact, cited
    assert calls == [text]  # the base's read where its sentence path abstains; its composer reads none


def test_without_a_turn_the_base_alone_is_asked(calls: list[str]) -> None:
    """No turn to hand it to: the base reads the entry itself, only where its sentence path abstains."""
    kb: Any = open_kb("sample")
    reporter = Reporter(kb)
    assert not reporter.ask("is the summit bottle plastic or steel").abstained
    assert calls == ["is the summit bottle plastic or steel"]
