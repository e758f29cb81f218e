"""Channels as profiles of one turn: a livestream comment (triaged, voiced) and `persona chat` input reach
the same turn code (``PersonaAgent.understand``) and the same stage objects; the chat bot's viewers live in
the process's SQLite memory and are remembered after a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, Message, SpeechAct, User
from agent.memory import Memory
from agent.runtime import AgentConfig, PersonaAgent
from connectors.chatbot import ChatBot
from connectors.cli import main
from connectors.livestream.pump import TriagedAgent
from tests.connectors.kb_doubles import answer


class _Stages:
    """Records which stage objects a turn reached, by wrapping the agent's own."""

    def __init__(self, agent: PersonaAgent, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached: list[tuple[str, int]] = []
        for name, method in (("perceiver", "perceive"), ("composer", "compose")):
            stage = getattr(agent, name)  # test-only: wrap the stage object the agent really holds
            monkeypatch.setattr(stage, method, self._wrap(name, stage, getattr(stage, method)))
        original = PersonaAgent.understand

        async def understand(agent_: PersonaAgent, *args: Any, **kw: Any) -> Any:
            self.reached.append(("understand", id(agent_)))
            return await original(agent_, *args, **kw)

        monkeypatch.setattr(PersonaAgent, "understand", understand)

    def _wrap(self, name: str, stage: Any, fn: Any) -> Any:
        def wrapped(*args: Any, **kw: Any) -> Any:
            self.reached.append((name, id(stage)))
            return fn(*args, **kw)

        return wrapped


@pytest.fixture(scope="module")
def product() -> PersonaAgent:
    return assemble_agent(AgentOptions(voice="espeak", agent=AgentConfig(realtime=False, idle_tick_s=None)))


@pytest.mark.asyncio(loop_scope="module")  # one loop for the module's agent
async def test_a_livestream_comment_takes_the_turn(product: PersonaAgent, monkeypatch) -> None:
    stages = _Stages(product, monkeypatch)
    front = TriagedAgent(product)
    said = asyncio.Event()
    front.bus.subscribe(lambda e: said.set() if isinstance(e, SpeechAct) else None)
    front.start()
    try:
        assert front.submit(
            Comment(user=User(id="lv1", name="Liv"), text="When does the slalom final start?")
        )
        await asyncio.wait_for(said.wait(), 60)
    finally:
        await front.stop()
        await product.stop()
    expected = {("understand", id(product)), ("perceiver", id(product.perceiver))}
    assert expected <= set(stages.reached), stages.reached
    assert ("composer", id(product.composer)) in stages.reached


@pytest.mark.asyncio(loop_scope="module")  # one loop for the module's agent
async def test_a_text_turn_takes_the_same_turn(product: PersonaAgent, monkeypatch) -> None:
    """`persona chat` and the chat profile call ``respond``: the same understand/perceive/compose."""
    from agent.decide import ConversationDecider

    stages = _Stages(product, monkeypatch)
    reply = await product.respond(
        Comment(user=User(id="tx1", name="Tex"), text="How much is the Slope Scarf?"),
        decider=ConversationDecider(),
    )
    assert reply.plan.act == "answer" and reply.text
    assert [n for n, _ in stages.reached] == ["understand", "perceiver", "composer"]
    assert ("perceiver", id(product.perceiver)) in stages.reached


@pytest.mark.asyncio(loop_scope="module")  # one loop for the module's agent
async def test_a_chat_bot_message_takes_the_same_turn(product: PersonaAgent, monkeypatch) -> None:
    """A websocket ``message``: the chat bot's rules pick the act, the agent's turn understands and phrases
    it (called from the bot's worker thread onto the agent's loop)."""
    from agent.assemble import open_kb

    stages = _Stages(product, monkeypatch)
    kb = open_kb("sample")  # the process's one knowledge base: the agent's grounding and composer use it too
    asked: list[str] = []
    real_answer = kb.answer

    def counted(question: str, *args: Any, **kw: Any) -> Any:
        asked.append(question)
        return real_answer(question, *args, **kw)

    monkeypatch.setattr(kb, "answer", counted)
    assert product.grounding is not None and product.grounding.kb is kb
    bot = ChatBot(kb, ocr=None, memory=product.memory, turn=product)
    front = TriagedAgent(product, chatbot=bot)
    acts: list[SpeechAct] = []
    got = asyncio.Event()

    def collect(e: Any) -> None:
        if isinstance(e, SpeechAct):
            acts.append(e)
            got.set()

    front.bus.subscribe(collect)
    front.start()
    try:
        msg = Message(user=User(id="dm1", name="Dee"), text="How much is the Slope Scarf?")
        assert front.submit(msg)
        await asyncio.wait_for(got.wait(), 60)
    finally:
        await front.stop()
        await product.stop()
    assert acts[0].in_reply_to == msg.id and acts[0].act == "answer" and acts[0].citations
    assert asked == ["How much is the Slope Scarf?"]  # once: the turn carries the bot's answer
    reached = set(stages.reached)
    assert {("understand", id(product)), ("perceiver", id(product.perceiver))} <= reached, stages.reached
    assert ("composer", id(product.composer)) in reached


@pytest.mark.asyncio(loop_scope="module")  # one loop for the module's agent
async def test_a_reporter_question_takes_the_same_turn(product: PersonaAgent, monkeypatch) -> None:
    """A reporter question (the HTTP ``/ask`` and the websocket ``question`` both call ``Reporter.ask`` on a
    worker thread): the agent's turn understands it; the reporter profile's composer phrases it, and the
    reporter's cite-or-abstain checks still decide what is said."""
    from agent.assemble import load_persona, open_kb
    from connectors.reporter import Reporter

    stages = _Stages(product, monkeypatch)
    reporter = Reporter(open_kb("sample"), persona=load_persona("reporter"), turn=product)
    phrased: list[str] = []
    original = type(reporter._composer).compose  # the reporter profile's own composer (calm persona)

    def compose(composer: Any, *args: Any, **kw: Any) -> Any:
        phrased.append(composer.persona.name)
        return original(composer, *args, **kw)

    monkeypatch.setattr(type(reporter._composer), "compose", compose)
    product.start()
    try:
        ans = await asyncio.to_thread(reporter.ask, "How much is the Slope Scarf?")
    finally:
        await product.stop()
    assert not ans.abstained and ans.citations and "!" not in ans.answer
    assert ("understand", id(product)) in stages.reached and (
        "perceiver",
        id(product.perceiver),
    ) in stages.reached
    assert phrased == ["Ada Ledger"]  # the reporter persona's composer, reached through the turn


@pytest.mark.asyncio(loop_scope="module")  # one loop for the module's agent
async def test_a_reporter_question_over_http_takes_the_same_turn(product: PersonaAgent, monkeypatch) -> None:
    """``POST /v1/ask`` on a real server (127.0.0.1, port 0) from a real client: the same turn code and stage
    objects as a comment, the reporter profile's composer, and the knowledge base asked once."""
    import aiohttp

    from agent.assemble import load_persona, open_kb
    from connectors.http_api import create_app, serve_http
    from connectors.reporter import Reporter

    stages = _Stages(product, monkeypatch)
    kb = open_kb("sample")
    assert product.grounding is not None and product.grounding.kb is kb
    asked: list[str] = []
    real_answer = kb.answer

    def counted(question: str, *args: Any, **kw: Any) -> Any:
        asked.append(question)
        return real_answer(question, *args, **kw)

    monkeypatch.setattr(kb, "answer", counted)
    reporter = Reporter(kb, persona=load_persona("reporter"), turn=product)
    phrased: list[str] = []
    original = type(reporter._composer).compose

    def compose(composer: Any, *args: Any, **kw: Any) -> Any:
        phrased.append(composer.persona.name)
        return original(composer, *args, **kw)

    monkeypatch.setattr(type(reporter._composer), "compose", compose)
    runner = await serve_http(create_app(reporter=reporter), "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    product.start()
    try:
        async with aiohttp.ClientSession() as http:
            question = {"question": "How much is the Slope Scarf?"}
            async with http.post(f"http://{host}:{port}/v1/ask", json=question) as resp:
                assert resp.status == 200, await resp.text()
                body = await resp.json()
    finally:
        await runner.cleanup()
        await product.stop()
    assert not body["abstained"] and body["citations"] and "$28" in body["answer"]
    reached = set(stages.reached)
    assert {("understand", id(product)), ("perceiver", id(product.perceiver))} <= reached, stages.reached
    assert phrased == ["Ada Ledger"]  # the reporter persona's composer, reached through the turn
    assert asked == ["How much is the Slope Scarf?"]  # once: the turn carries the reporter's answer


def test_respond_from_thread_refuses_the_agents_own_loop() -> None:
    basic = assemble_agent(AgentOptions(stages="basic", agent=AgentConfig(idle_tick_s=None)))
    with pytest.raises(RuntimeError, match="not running"):
        basic.respond_from_thread(Comment(user=User(id="x", name="X"), text="hi"))

    async def on_the_loop() -> None:
        basic.start()
        try:
            with pytest.raises(RuntimeError, match="await respond"):
                basic.respond_from_thread(Comment(user=User(id="x", name="X"), text="hi"))
        finally:
            await basic.stop()

    asyncio.run(on_the_loop())


def test_persona_chat_calls_respond(tmp_path: Path, monkeypatch, capsys) -> None:
    calls: list[str] = []
    original = PersonaAgent.respond

    async def respond(agent_: PersonaAgent, event: Any, **kw: Any) -> Any:
        calls.append(event.text)
        return await original(agent_, event, **kw)

    monkeypatch.setattr(PersonaAgent, "respond", respond)
    f = tmp_path / "in.txt"
    f.write_text("hello there\nHow much is the Slope Scarf?\n", "utf-8")
    assert main(["chat", "--batch", str(f), "--json", "--memory", str(tmp_path / "m.db")]) == 0
    assert calls == ["hello there", "How much is the Slope Scarf?"]
    assert "$" in capsys.readouterr().out  # the sample knowledge base is there by default, as in serve
    assert Memory(tmp_path / "m.db").history("cli:viewer")[0] == ("viewer", "hello there")


class _KB:
    def answer(self, question: str, image: bytes | None = None) -> Any:
        return answer("I don't know.", True, 0.0)

    def search(self, text: str, k: int = 5) -> list[Any]:
        return []

    def search_image(self, image: bytes, k: int = 5) -> list[Any]:
        return []


def test_a_chat_bot_viewer_is_remembered_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "memory.db"
    anon = User(id="dm:42", name="")
    first = ChatBot(_KB(), ocr=None, memory=Memory(path))
    assert "Ana" in first.reply(Message(user=anon, text="my name is Ana"), 1.0).text
    first.memory.close()  # type: ignore[union-attr]
    again = ChatBot(_KB(), ocr=None, memory=Memory(path))  # a new process: nothing in RAM
    assert again.reply(Message(user=anon, text="what's my name?"), 2.0).text == "You're Ana, of course."
    forgetful = ChatBot(_KB(), ocr=None)  # without the memory, the same question is not answerable
    assert "haven't told me" in forgetful.reply(Message(user=anon, text="what's my name?"), 3.0).text
