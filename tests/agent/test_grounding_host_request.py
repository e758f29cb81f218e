"""Grounding does not ask the knowledge base about a joke asked for or a live thing the host cannot see
(session 15, brief M2): the composer answers those lines from the persona card (``host_request``: one of the
card's jokes; "I can't see the weather from the studio ..."), whatever the base would say, so the lookup
was wasted work. The turn end to end: no lookup starts (speculative or in grounding), the card's line is
said, and the percept says the card answers it (``about_host``), as for a question about the host."""

from __future__ import annotations

import time
from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.decide import BUSY_PER_MIN
from agent.events import Comment, User
from agent.grounding import Grounding
from agent.runtime import AgentConfig


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


@pytest.fixture()
def lookups(agent: Any, monkeypatch: Any) -> list[str]:
    """Every question the knowledge base is asked during the test (grounding's and the composer's)."""
    asked: list[str] = []
    kb = agent.grounding.kb
    real = kb.answer

    def counted(question: str) -> Any:
        asked.append(question)
        return real(question)

    monkeypatch.setattr(kb, "answer", counted)
    return asked


async def _say(agent: Any, text: str) -> Any:
    return await agent.respond(Comment(user=User(id="u-tove", name="tove_n"), text=text))


async def test_a_live_question_is_answered_from_the_card_without_a_lookup(
    agent: Any, lookups: list[str]
) -> None:
    reply = await _say(agent, "what's the weather like in yanqing today?")
    assert reply.percept.intent == "question" and reply.percept.about_host and reply.percept.answer is None
    assert "can't see the weather" in reply.text
    assert reply.plan.act == "answer" and "abstain" not in reply.plan.branch, reply.plan
    assert lookups == []


async def test_a_joke_asked_as_a_question_is_the_cards_joke_without_a_lookup(
    agent: Any, lookups: list[str]
) -> None:
    jokes = agent.composer.persona.about.jokes
    reply = await _say(agent, "can you tell me a joke?")
    assert reply.text in jokes, reply.text
    assert lookups == []


async def test_a_fact_question_is_still_looked_up(agent: Any, lookups: list[str]) -> None:
    reply = await _say(agent, "who won the men's halfpipe?")
    assert not reply.percept.about_host and reply.percept.answer is not None
    assert lookups == ["who won the men's halfpipe?"]


def test_no_speculative_lookup_starts_for_a_joke_or_a_live_line() -> None:
    class Never:
        def answer(self, question: str) -> Any:
            raise AssertionError(f"looked up {question!r}")

    grounding = Grounding(Never(), host="Frosty")
    for text in ("tell me a joke", "whats the score right now", "@Frosty tell me a joke"):
        assert (
            grounding.about_host(text)
            and grounding.start(Comment(user=User(id="x", name="x"), text=text)) is None
        )
    assert not grounding.about_host("@mike tell me a joke")  # said to another viewer: not the host's
    assert not grounding.about_host("who won the ice hockey gold in 2018")


async def test_a_busy_chat_still_passes_over_a_live_question(agent: Any) -> None:
    now = time.time()
    for i in range(int(BUSY_PER_MIN * 3)):
        agent.decider.note_chat(now - 59.0 + i * 59.0 / (BUSY_PER_MIN * 3))
    agent.decider.waiting = lambda t: (3, 5.0)
    try:
        reply = await _say(agent, "what's the weather like in yanqing today?")
    finally:
        agent.decider.waiting = lambda t: (0, 0.0)
    assert (reply.plan.branch, reply.plan.act, reply.text) == ("busy/pass", None, "")
