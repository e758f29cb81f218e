"""`persona demo`'s transcript prints what the persona said, not what it announced and never said.

The agent announces a sentence's ``speech_act`` while the one before it is still spoken (``lookahead``), so an
interrupt or a barge-in cancels sentences that were announced and never started. The transcript is fed by a
real agent's bus, as ``run_demo`` feeds it (``app.agent.bus.subscribe(transcript.output)``)."""

from __future__ import annotations

import asyncio
import io

from rich.console import Console

from agent.basic import FixedDecider, KeywordPerceiver
from agent.events import Control, ServerEventModel
from agent.expression import Expresser, make_voice
from agent.runtime import AgentConfig, PersonaAgent
from connectors.demo import Transcript

SAY = "Welcome to the stream. Today we talk about the halfpipe final. Stay with us!"


class _Noop:
    async def compose(self, *_: object) -> object:  # pragma: no cover - operator says never compose
        raise AssertionError("not used")


def _agent() -> tuple[PersonaAgent, list[ServerEventModel], asyncio.Event, io.StringIO]:
    agent = PersonaAgent(
        perceiver=KeywordPerceiver(),
        decider=FixedDecider(),
        composer=_Noop(),  # type: ignore[arg-type]
        expresser=Expresser(voice=make_voice("espeak")),
        config=AgentConfig(idle_tick_s=None),
    )
    out: list[ServerEventModel] = []
    changed = asyncio.Event()

    def hear(event: ServerEventModel) -> None:
        out.append(event)
        changed.set()

    text = io.StringIO()
    agent.bus.subscribe(Transcript(Console(file=text, width=300, color_system=None)).output)
    agent.bus.subscribe(hear)
    return agent, out, changed, text


async def _until(out: list[ServerEventModel], changed: asyncio.Event, kind: str, n: int = 1) -> None:
    async with asyncio.timeout(20):
        while sum(1 for e in out if e.type == kind) < n:
            changed.clear()
            await changed.wait()


async def test_an_interrupt_prints_the_cut_sentence_as_cut_and_not_the_unsaid_one() -> None:
    agent, out, changed, text = _agent()
    async with agent:
        agent.control(Control(action="say", text=SAY))
        await _until(out, changed, "utterance_started", 2)  # the second sentence is being spoken
        await asyncio.sleep(0.3)
        agent.control(Control(action="interrupt"))
        await _until(out, changed, "utterance_cancelled", 2)
    printed = text.getvalue()
    announced = [e.text for e in out if e.type == "speech_act"]
    assert "Stay with us!" in announced  # announced ahead, as the agent does ...
    assert "Stay with us!" not in printed  # ... but never said, so never printed
    assert "Welcome to the stream." in printed and "Today we talk about the halfpipe final." in printed
    cut = [line for line in printed.splitlines() if " cut " in line]
    assert len(cut) == 1 and "heard:" in cut[0]
    heard = cut[0].split("heard:", 1)[1].strip()
    assert "Today we talk about the halfpipe final.".startswith(heard) or heard == "(nothing)"


async def test_a_barge_in_prints_the_finished_sentence_only() -> None:
    agent, out, changed, text = _agent()
    async with agent:
        agent.control(Control(action="say", text=SAY))
        await _until(out, changed, "utterance_started", 1)
        assert agent.finish_sentence()
        await _until(out, changed, "utterance_finished", 1)
        await _until(out, changed, "utterance_cancelled", 1)
    printed = text.getvalue()
    assert "Welcome to the stream." in printed
    assert "halfpipe" not in printed and "Stay with us!" not in printed and " cut " not in printed
    assert printed.count("inform") == 1
