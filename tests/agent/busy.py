"""A busy chat for a real agent's turn tests (one helper: test_busy_span_asked and test_busy_span_gender each
had a copy; session 28, brief P, item 6)."""

from __future__ import annotations

import time
from typing import Any

from agent.decide import BUSY_PER_MIN


def busy_chat(agent: Any, waiting: int) -> None:
    """The chat scrolls at 3x the busy rate and ``waiting`` other questions wait behind this one. The rate is
    counted over a 10-minute window here (the decider's rate is lines per minute over its window), so a slow
    turn on a loaded machine does not let the lines age out of it before the decider looks."""
    agent.decider.window_s = 600.0
    now = time.time()
    lines = int(BUSY_PER_MIN * 3 * 10)
    for i in range(lines):
        agent.decider.note_chat(now - 60.0 + i * 60.0 / lines)
    agent.decider.waiting = lambda t: (waiting, 5.0 if waiting else 0.0)
