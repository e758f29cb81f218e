"""A composer double for the read-ahead tests, and their wait helper (shared by
``tests/agent/dialogue/test_prefetch.py`` and ``tests/connectors/livestream/test_pump_read_ahead.py``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable

from agent.events import InputEvent
from agent.stages import Percept, Plan, Sentence


class Talks:
    """A composer that talks until released and records the read-aheads it was asked for. ``prefetch``
    returns a task as ``DialogueComposer.prefetch`` does when it starts one (the triage pump counts an item
    as read ahead only then)."""

    def __init__(self) -> None:
        self.prefetched: list[str] = []
        self.release = asyncio.Event()

    def prefetch(self, event: InputEvent) -> asyncio.Task[bool]:
        self.prefetched.append(str(getattr(event, "text", "")))
        return asyncio.ensure_future(asyncio.sleep(0, result=True))

    async def compose(
        self, plan: Plan, percept: Percept, event: InputEvent | None
    ) -> AsyncIterator[Sentence]:
        await self.release.wait()
        yield Sentence(text="Thanks for asking.")


async def until(check: Callable[[], object], within: float = 10.0) -> None:
    """Wait until ``check()`` is true, polling every 10 ms; TimeoutError after ``within`` seconds."""
    for _ in range(int(within / 0.01)):
        if check():
            return
        await asyncio.sleep(0.01)
    raise TimeoutError("the condition did not come true in time")
