"""An arrival said without a salutation is a greeting (G1: session 25, brief P2; docs/perception.md). On
7af58a5 "evening everyone, just got here" was chit-chat and the host asked "Do you ski or board yourself?"
instead of welcoming the viewer in. The lines are ours, written in chat's shapes; none is taken from a fit
part or a qa part."""

from __future__ import annotations

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.perception.arrival import arrived_or_not, arrives
from agent.runtime import AgentConfig


@pytest.mark.parametrize(
    "text",
    [
        "evening folks, just got here",
        "finally made it chat",
        "we made it just in time!",
        "i'm here at last",
        "just popped in from the office",
        "good afternoon, checking in",
    ],
)
def test_an_arrival_is_said(text: str) -> None:
    assert arrives(text)


@pytest.mark.parametrize(
    "text",
    [
        "made it to the semis!",
        "he made it onto the podium",
        "got in line for the lift",
        "here comes the final run",
        "evening races are the best",
        "i was back home by then",
    ],
)
def test_a_line_with_coming_words_that_is_no_arrival(text: str) -> None:
    assert not arrives(text)


def test_only_a_line_that_asks_nothing_is_read_as_an_arrival() -> None:
    assert arrived_or_not("chit-chat", "just got here", "just got here") == "greeting"
    assert arrived_or_not("praise", "finally made it", "finally made it") == "greeting"
    assert arrived_or_not("question", "just got here, who won?", "just got here, who won?") == "question"
    assert arrived_or_not("complaint", "i'm back", "i'm back") == "complaint"


async def test_an_arrival_is_greeted_and_a_result_is_not() -> None:
    agent = assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))

    async def turn(text: str, who: str) -> object:
        return await agent.respond(Comment(user=User(id=who, name=who), text=text))

    came = await turn("evening folks, just got here", "u-came")
    assert came.percept.intent == "greeting", came.percept  # type: ignore[attr-defined]
    assert came.plan.act == "greet", came.plan  # type: ignore[attr-defined]
    result = await turn("made it to the semis!", "u-semis")
    assert result.percept.intent != "greeting", result.percept  # type: ignore[attr-defined]
