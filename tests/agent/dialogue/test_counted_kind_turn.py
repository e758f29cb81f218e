"""A real turn answers a count asked by the kind of the thing counted (session 26, brief Q, Q1;
knowledge/counted_kind.py).

On 61c936f each line got a don't-know on the turn: rule 2 wanted "persons" (or "sorts", "players") right after
a number, and the base writes "judged by five judges", "The six jumps", "two teams of four". Lines written for
the test."""

from __future__ import annotations

from typing import Any

import pytest

from tests.agent.dialogue.turns import say_as_ren


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("how many persons are on the panel that judges ski jumping style", "five judges"),
        ("how many sorts of jumps does figure skating have", "six jumps"),
        ("how many players are in a curling team", "teams of four"),
    ],
)
async def test_the_turn_says_the_count(agent: Any, line: str, said: str) -> None:
    reply = await say_as_ren(agent, line)
    assert said in reply.text, (line, reply.text)
    assert "don't know" not in reply.text.lower() and "can't answer" not in reply.text.lower(), reply.text
    assert [c for s in reply.sentences for c in s.citations], reply.text
