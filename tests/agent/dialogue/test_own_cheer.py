"""A viewer's own cheer ("go norway!!!") is taken up with a cheer beside theirs, not met with "who are you
cheering for?" (issue 14, session 31, brief C3: ``takeup.own_cheer``); a line that only starts with "go" is
not read, and a name ``say_back.safe_target`` does not pass is never said back - on the real turn."""

from __future__ import annotations

from typing import Any

import pytest

from agent.decide import ConversationDecider
from agent.dialogue.takeup import acknowledgements, own_cheer
from agent.events import Comment, User


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("go norway!!!", "Norway"),
        ("GO NORWAY", "Norway"),
        ("let's go canada!!", "Canada"),
        ("come on team usa", "Team USA"),
        ("go chloe kim go", "Chloe Kim"),
        ("allez france", "France"),
        ("norway all the way!!!", "Norway"),
    ],
)
def test_a_cheer_is_read_and_said_back(text: str, team: str) -> None:
    assert own_cheer(text) == team
    lines = acknowledgements(text, "casual")
    assert lines and all(team in line for line in lines), lines


@pytest.mark.parametrize(
    "text",
    [
        "go to bed lol",
        "go away",
        "go home ref",
        "i go to school tomorrow",
        "go team!!",
        "go hitler",
        "lets go",
    ],
)
def test_other_lines_are_not_a_cheer(text: str) -> None:
    assert own_cheer(text) is None
    assert not any(
        "cheering you on" in line or "all the way" in line for line in acknowledgements(text, "casual")
    )


async def test_the_turn_cheers_with_the_viewer(agent: Any) -> None:
    event = Comment(user=User(id="u-ren", name="ren"), text="go norway!!!")
    reply = await agent.respond(event, decider=ConversationDecider())
    assert "Norway" in reply.text and "who are you cheering" not in reply.text.lower(), reply.text
