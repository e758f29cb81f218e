"""L1 (session 24, brief D; docs/dialogue.md): an answer's sentence after its cited one is left unsaid while
another question waits, through the real assembled agent over the sample base, voiced in real time (espeak).
On 20b3e3a the second sentence ("Her big air win on 8 February ...") was spoken while the next asker waited.
Asserts which sentences were spoken, never seconds."""

from __future__ import annotations

import asyncio
from typing import Any

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User, UtteranceCancelled, UtteranceStarted
from agent.runtime import AgentConfig


def _agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _run(agent: Any, questions: list[tuple[str, str]], turns: int) -> list[Any]:
    out: list[Any] = []
    changed = asyncio.Event()
    agent.bus.subscribe(out.append)
    agent.state_hooks.append(changed.set)  # a turn started or ended
    agent.start()
    try:
        for who, text in questions:
            assert agent.submit(Comment(user=User(id=who, name=who), text=text))
        async with asyncio.timeout(120):
            while agent.turns_done < turns:
                changed.clear()
                await changed.wait()
    finally:
        await agent.stop()
    return out


async def test_the_follow_up_sentence_is_left_unsaid_while_a_question_waits() -> None:
    out = await _run(
        _agent(),
        [
            ("lumi", "who won the women's big air in beijing?"),
            ("anna", "what is the mascot of beijing 2022?"),
        ],
        turns=2,
    )
    said = [e.text for e in out if isinstance(e, UtteranceStarted)]
    assert any("Eileen Gu" in s for s in said), said  # the fact, with its citation
    assert not any("Her big air win" in s for s in said), said  # the follow-up: unsaid, anna waited
    assert any("Bing Dwen Dwen" in s for s in said), said  # anna's answer came next
    assert any(isinstance(e, UtteranceCancelled) and not e.spoken_text for e in out)  # announced, unsaid


async def test_with_no_question_waiting_the_whole_answer_is_said() -> None:
    out = await _run(_agent(), [("lumi", "who won the women's big air in beijing?")], turns=1)
    said = " ".join(e.text for e in out if isinstance(e, UtteranceStarted))
    assert "Eileen Gu" in said and "Her big air win" in said, said


def test_a_sentence_holding_the_answers_span_is_kept() -> None:
    from agent.runtime import rest_unsaid  # here: the turn tests above run on a tree without it

    assert rest_unsaid("She also won silver.", "Eileen Gu", waiting=1)
    assert not rest_unsaid("She also won silver.", "Eileen Gu", waiting=0)
    assert not rest_unsaid("He won four gold medals.", "four", waiting=2)  # the span is in it
