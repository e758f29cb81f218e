"""A question that waits while the persona speaks has its LLM prompt read ahead
(``DialogueComposer.prefetch``): the read-ahead is the prompt the turn then sends (so a llama.cpp server's
prompt cache holds it), nothing is read ahead for what never goes to the model, and ``PersonaAgent.submit``
asks for it only for the question that is next in line behind a running turn. The effect on a real server
is measured by ``persona bench first-audio`` (``ours_model`` against ``ours_quiet_model``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

from agent.basic import FixedDecider, KeywordPerceiver
from agent.dialogue import DialogueComposer
from agent.events import Comment, Emotion, User
from agent.expression import Expresser, make_voice
from agent.persona import Persona
from agent.runtime import AgentConfig, PersonaAgent
from agent.stages import Percept, Plan
from tests.composer_doubles import Talks, until

FACT = "Chloe Kim won the women's halfpipe."


class HalfpipeKB:
    def answer(self, question: str) -> Any:
        if "halfpipe" not in question:
            return SimpleNamespace(text="I don't know", abstained=True, citations=[])
        return SimpleNamespace(text=FACT, abstained=False, citations=[SimpleNamespace(source="r.md")])


class Warmable:
    """A backend that records what it was asked to read ahead and what it was sent to answer."""

    name = "warmable"

    def __init__(self, warm_s: float = 0.0) -> None:
        self.warm_s = warm_s
        self.warmed: list[list[dict[str, str]]] = []
        self.sent: list[list[dict[str, str]]] = []

    async def warm(self, messages: list[dict[str, str]]) -> None:
        self.warmed.append(messages)
        await asyncio.sleep(self.warm_s)

    async def stream(
        self, messages: list[dict[str, str]], *, max_tokens: int = 120, temperature: float = 0.7
    ) -> AsyncIterator[str]:
        self.sent.append(messages)
        for piece in ("Chloe Kim ", "won it. "):
            await asyncio.sleep(0.005)
            yield piece


class Memory:
    def summary(self, viewer_id: str, max_chars: int = 300) -> str:
        return "snowfox, 3 message(s) so far"


def _event(text: str = "who won the women's halfpipe?") -> Comment:
    return Comment(user=User(id="u", name="snowfox"), text=text)


async def _turn(composer: DialogueComposer, event: Comment, emotion: str = "joy") -> list[str]:
    plan = Plan(branch="t", reason="t", act="answer", emotion=Emotion(label=emotion, intensity=0.6))
    percept = Percept(text=event.text, intent="question")
    return [s.text async for s in composer.compose(plan, percept, event)]


async def test_the_read_ahead_is_the_prompt_the_turn_then_sends() -> None:
    backend = Warmable()
    composer = DialogueComposer(Persona.load(None), HalfpipeKB(), backend=backend, deadline_s=60.0)
    task = composer.prefetch(_event())
    assert task is not None and await task and composer.prefetched == 1
    out = await _turn(composer, _event())
    assert out[-1] == "Chloe Kim won it." and composer.llm_turns == 1
    assert backend.warmed == backend.sent  # byte for byte: the server reads none of it again

    # the next question is read ahead in the tone of the last answer, not a default one
    await _turn(composer, _event(), emotion="sadness")
    task = composer.prefetch(_event("and who won the men's halfpipe?"))
    assert task is not None and await task
    await _turn(composer, _event("and who won the men's halfpipe?"), emotion="sadness")
    assert "feeling sadness" in backend.warmed[-1][1]["content"]
    assert backend.warmed[-1] == backend.sent[-1]


async def test_what_memory_knows_comes_last_so_the_read_ahead_still_covers_the_rest() -> None:
    backend = Warmable()
    composer = DialogueComposer(
        Persona.load(None), HalfpipeKB(), backend=backend, deadline_s=60.0, memory=Memory()
    )
    task = composer.prefetch(_event())
    assert task is not None and await task
    await _turn(composer, _event())
    warmed, sent = backend.warmed[0][1]["content"], backend.sent[0][1]["content"]
    assert (
        sent.startswith(warmed) and sent[len(warmed) :] == "\nKnown about them: snowfox, 3 message(s) so far"
    )
    assert backend.warmed[0][0] == backend.sent[0][0]


async def test_nothing_is_read_ahead_for_what_never_goes_to_the_model() -> None:
    backend = Warmable(warm_s=0.2)
    composer = DialogueComposer(Persona.load(None), HalfpipeKB(), backend=backend, deadline_s=60.0)
    task = composer.prefetch(_event("who won the super-G in Oslo?"))  # the base cannot answer it
    assert task is not None and not await task and backend.warmed == []
    # something live the host cannot see (session 15): the card says so, nothing is looked up or read ahead
    assert composer.prefetch(_event("what's the weather in Oslo?")) is None
    assert composer.prefetch(_event("tell me a joke")) is None
    assert DialogueComposer(Persona.load(None), HalfpipeKB()).prefetch(_event()) is None  # no model
    slow = composer.prefetch(_event())
    assert slow is not None and composer.prefetch(_event()) is None  # one read-ahead at a time
    assert await slow and len(backend.warmed) == 1
    composer._rest_until = float("inf")  # a backend resting after missed deadlines is left alone
    assert composer.prefetch(_event()) is None


async def test_submit_reads_ahead_only_the_question_next_in_line_behind_a_running_turn() -> None:
    composer = Talks()
    agent = PersonaAgent(
        perceiver=KeywordPerceiver(),
        decider=FixedDecider(),
        composer=composer,
        expresser=Expresser(voice=make_voice("espeak")),
        config=AgentConfig(queue_size=8, idle_tick_s=None, realtime=False),
    )
    async with agent:
        assert agent.submit(_event("who won the women's halfpipe?"))  # no turn runs: nothing to hide
        await until(lambda: agent.in_turn)
        assert agent.submit(_event("hello everyone"))  # not a question
        assert agent.submit(_event("who won the men's halfpipe?"))  # a question, but not next in line
        assert composer.prefetched == []
        composer.release.set()
        await until(lambda: not agent.queue_depth and not agent.in_turn)
        composer.release.clear()
        assert agent.submit(_event("hello again"))
        await until(lambda: agent.in_turn)
        assert agent.submit(_event("who won the big air?"))  # waits next in line behind a running turn
        assert composer.prefetched == ["who won the big air?"]
        composer.release.set()
