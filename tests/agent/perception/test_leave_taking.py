"""Real leave-takings the first LEAVE_TAKING list missed (issue 14, session 21, review V): with brief P's
rule that a farewell needs a leave-taking, "i have to leave" and "ok im leaving" lost their farewell. One
Twitch fit line of 9,558 holds one of the added forms and no earlier one ("ok im leaving")."""

from __future__ import annotations

import pytest

from agent.perception.lexicon import takes_leave


@pytest.mark.parametrize(
    "text", ["i have to leave", "ok im leaving", "signing out", "heading off now", "im off, gn", "l8r chat"]
)
def test_a_leave_taking_said_another_way_is_one(text: str) -> None:
    assert takes_leave(text)


@pytest.mark.parametrize(
    "text", ["tell me a secret", "give a shoutout to my mom", "OMEGALUL", "leave it to norway"]
)
def test_a_line_that_takes_no_leave_is_not_one(text: str) -> None:
    assert not takes_leave(text)
