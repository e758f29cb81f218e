"""A real turn does not answer a thing the base never names with a sentence about the person asked (session
26, brief W, W1; knowledge/result_asked.py: unnamed_asked).

On 61c936f "what college does nathan chen go to" was answered on the turn with "Nathan Chen is an American
figure skater born on 5 May 1999 in Salt Lake City, Utah." Lines written for the test."""

from __future__ import annotations

from typing import Any

import pytest

from tests.agent.dialogue.turns import say_as_ren


@pytest.mark.parametrize(
    ("line", "not_said"),
    [
        ("what college does nathan chen go to", "Salt Lake City"),
        ("what school does eileen gu attend", "San Francisco"),
    ],
)
async def test_the_turn_says_it_does_not_know(agent: Any, line: str, not_said: str) -> None:
    reply = await say_as_ren(agent, line)
    assert not_said not in reply.text, (line, reply.text)
    assert not [c for s in reply.sentences for c in s.citations], reply.text


async def test_the_turn_still_answers_a_kind_the_base_writes(agent: Any) -> None:
    reply = await say_as_ren(agent, "what country does birk ruud ski for?")
    assert "Norway" in reply.text, reply.text
