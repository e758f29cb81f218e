"""PersonaAgent on its own: bounded input, control bypass, pause/resume, interruption, what was spoken."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from agent.basic import FixedDecider, KeywordPerceiver
from agent.events import Comment, Control, InputEvent, ServerEventModel, User
from agent.expression import Expresser, make_voice
from agent.runtime import AgentConfig, PersonaAgent, SpokenRecord
from agent.stages import Percept, Plan, Sentence


class ThreeSentences:
    """A composer with a known multi-sentence reply (the real ones are tested in tests/agent/dialogue)."""

    async def compose(
        self, plan: Plan, percept: Percept, event: InputEvent | None
    ) -> AsyncIterator[Sentence]:
        for text in ("Welcome to the stream.", "Today we talk about the halfpipe final.", "Stay with us!"):
            await asyncio.sleep(0)
            yield Sentence(text=text)


class Outbox(list[ServerEventModel]):
    """Collects the agent's output and signals each arrival."""

    def __init__(self) -> None:
        super().__init__()
        self.changed = asyncio.Event()

    def __call__(self, event: ServerEventModel) -> None:
        self.append(event)
        self.changed.set()


def _agent(queue_size: int = 4) -> tuple[PersonaAgent, Outbox, list[SpokenRecord]]:
    agent = PersonaAgent(
        perceiver=KeywordPerceiver(),
        decider=FixedDecider(),
        composer=ThreeSentences(),
        expresser=Expresser(voice=make_voice("espeak")),
        config=AgentConfig(queue_size=queue_size, idle_tick_s=None),
    )
    out = Outbox()
    spoken: list[SpokenRecord] = []
    agent.bus.subscribe(out)
    agent.spoken_hooks.append(spoken.append)
    return agent, out, spoken


def _hi(i: int = 0) -> Comment:
    return Comment(user=User(id=f"u{i}", name=f"viewer{i}"), text="hello!")


async def _until(out: Outbox, kind: str, n: int = 1, within: float = 20) -> None:
    async with asyncio.timeout(within):
        while sum(1 for e in out if e.type == kind) < n:
            out.changed.clear()
            await out.changed.wait()


async def test_input_queue_is_bounded() -> None:
    agent, _, _ = _agent(queue_size=2)  # not started: nothing is taken off the queue
    assert agent.submit(_hi(1)) and agent.submit(_hi(2))
    assert not agent.submit(_hi(3))
    assert agent.queue_depth == 2


async def test_sentences_are_utterances_in_order_with_one_turn_id() -> None:
    agent, out, spoken = _agent()
    async with agent:
        agent.submit(_hi())
        await _until(out, "utterance_finished", 3)
    acts = [e for e in out if e.type == "speech_act"]
    assert [a.text for a in acts] == [
        "Welcome to the stream.",
        "Today we talk about the halfpipe final.",
        "Stay with us!",
    ]
    assert len({a.turn_id for a in acts}) == 1
    started = [e.utterance_id for e in out if e.type == "utterance_started"]
    assert started == [a.utterance_id for a in acts]
    assert [r.text for r in spoken] == [a.text for a in acts] and not any(r.interrupted for r in spoken)


async def test_interrupt_reports_spoken_text_and_cancels_the_rest() -> None:
    agent, out, spoken = _agent()
    async with agent:
        agent.submit(_hi())
        await _until(out, "utterance_finished", 1)
        await _until(out, "voice", 1 + sum(1 for e in out if e.type == "voice"))  # second sentence playing
        agent.control(Control(action="interrupt"))
        await _until(out, "utterance_cancelled", 2)
    cancelled = [e for e in out if e.type == "utterance_cancelled"]
    second, third = cancelled
    assert "Today we talk about the halfpipe final.".startswith(second.spoken_text)
    assert third.spoken_text == ""  # composed and announced, never started
    assert spoken[-1].interrupted and spoken[-1].text == second.spoken_text


async def test_pause_holds_new_turns_until_resume() -> None:
    agent, out, _ = _agent()
    async with agent:
        agent.control(Control(action="pause"))
        await asyncio.sleep(0.05)
        agent.submit(_hi())
        await asyncio.sleep(0.3)
        assert not [e for e in out if e.type == "speech_act"]
        agent.control(Control(action="resume"))
        await _until(out, "speech_act")


async def test_operator_say_jumps_the_queue() -> None:
    agent, out, _ = _agent()
    agent.control(Control(action="pause"))
    for i in range(3):
        agent.submit(_hi(i))
    agent.control(Control(action="say", text="Breaking news. The finals start now."))
    async with agent:
        agent.control(Control(action="resume"))
        await _until(out, "speech_act", 1)
    first = next(e for e in out if e.type == "speech_act")
    assert first.text == "Breaking news." and first.act == "inform"
