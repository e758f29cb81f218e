"""PersonaAgent on its own: bounded input, control bypass, pause/resume, interruption, what was spoken."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from agent.basic import FixedDecider, KeywordPerceiver
from agent.events import Citation, Comment, Control, InputEvent, ServerEventModel, User
from agent.expression import Expresser, make_voice
from agent.runtime import AgentConfig, PersonaAgent, SpokenRecord
from agent.stages import Percept, Plan, Sentence


class ThreeSentences:
    """A composer with a known multi-sentence reply (the real ones are tested in tests/agent/dialogue)."""

    texts: tuple[str, ...] = (
        "Welcome to the stream.",
        "Today we talk about the halfpipe final.",
        "Stay with us!",
    )
    citations: tuple[Citation, ...] = ()  # on the first sentence

    async def compose(
        self, plan: Plan, percept: Percept, event: InputEvent | None
    ) -> AsyncIterator[Sentence]:
        for i, text in enumerate(self.texts):
            await asyncio.sleep(0)
            yield Sentence(text=text, citations=self.citations if i == 0 else ())


class LongOpening(ThreeSentences):
    """An opening sentence long enough to split into a lead phrase and the rest, with a citation."""

    texts = ("Today we talk about the halfpipe final.", "Welcome to the stream.", "Stay with us!")
    citations = (Citation(source="halfpipe.md", span="final"),)


class Outbox(list[ServerEventModel]):
    """Collects the agent's output and signals each arrival."""

    def __init__(self) -> None:
        super().__init__()
        self.changed = asyncio.Event()

    def __call__(self, event: ServerEventModel) -> None:
        self.append(event)
        self.changed.set()


def _agent(
    queue_size: int = 4, composer: ThreeSentences | None = None, lead_words: int = 0
) -> tuple[PersonaAgent, Outbox, list[SpokenRecord]]:
    voice = make_voice("espeak")
    if lead_words:
        voice.lead_words = lead_words  # espeak declaring a lead phrase, as piper does
    agent = PersonaAgent(
        perceiver=KeywordPerceiver(),
        decider=FixedDecider(),
        composer=composer or ThreeSentences(),
        expresser=Expresser(voice=voice),
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


OPENING = "Today we talk about the halfpipe final."


async def test_opening_sentence_is_voiced_as_lead_phrase_and_rest() -> None:
    agent, out, spoken = _agent(composer=LongOpening(), lead_words=4)
    async with agent:
        agent.submit(_hi())
        await _until(out, "utterance_finished", 4)
    acts = [e for e in out if e.type == "speech_act"]
    lead, rest, *later = acts
    assert lead.text != OPENING and f"{lead.text} {rest.text}" == OPENING
    assert [a.text for a in later] == ["Welcome to the stream.", "Stay with us!"]  # later sentences whole
    assert len({a.utterance_id for a in acts}) == 4 and len({a.turn_id for a in acts}) == 1
    assert lead.in_reply_to == rest.in_reply_to and lead.act == rest.act
    assert [c.source for c in lead.citations] == ["halfpipe.md"] and rest.citations == []  # cited once
    ids = [a.utterance_id for a in acts]
    assert [e.utterance_id for e in out if e.type == "utterance_started"] == ids
    assert [e.utterance_id for e in out if e.type == "utterance_finished"] == ids
    assert [r.utterance_id for r in spoken] == ids
    assert [r.text for r in spoken] == [a.text for a in acts] and not any(r.interrupted for r in spoken)


async def test_interrupt_during_lead_phrase_cancels_it_and_the_announced_rest() -> None:
    agent, out, spoken = _agent(composer=LongOpening(), lead_words=4)
    async with agent:
        agent.submit(_hi())
        await _until(out, "speech_act", 2)  # the rest is announced ...
        await _until(out, "voice", 1)  # ... while the lead plays
        assert not [e for e in out if e.type == "utterance_finished"]
        agent.control(Control(action="interrupt"))
        await _until(out, "utterance_cancelled", 2)
    acts = [e for e in out if e.type == "speech_act"]
    lead, rest = acts[:2]
    cancelled = [e for e in out if e.type == "utterance_cancelled"]
    assert [c.utterance_id for c in cancelled] == [a.utterance_id for a in acts]  # every announced one
    assert lead.text.startswith(cancelled[0].spoken_text) and cancelled[1].spoken_text == ""
    assert rest.text != OPENING and OPENING.endswith(rest.text)
    assert not [e for e in out if e.type == "utterance_finished"]
    assert [(r.utterance_id, r.interrupted) for r in spoken] == [(lead.utterance_id, True)]
    assert spoken[0].text == cancelled[0].spoken_text
