"""``TriagedAgent``: comment triage in front of a ``PersonaAgent``, as a drop-in for the gateway.

The gateway needs ``submit``, ``control`` and ``bus``; this wrapper has them. Comments and gifts go into a
``Triage`` (a counted decision, never "busy"); messages and questions (direct conversations) go straight to
the agent. A pump task hands the agent the best pending item only when it is free (its queue empty and the
previous item's turn done), so priority, aging, batching and shedding decide at the last moment rather than
a FIFO queue deciding early. A batched item reaches the agent as its first event with the viewers' names
joined ("Ana, Ben and 3 others"), so the reply addresses all of them.

    agent = build_agent(options)
    front = TriagedAgent(agent)            # then Gateway(front, config)
    front.start()                          # starts the agent (if needed) and the pump
    ...
    await front.stop()

Cancellation: ``stop()`` cancels the pump; it does not stop the agent (its owner does).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Any

from agent.events import Comment, Control, Gift, InputEvent, User
from connectors.livestream.audience import AudienceEvent
from connectors.livestream.triage import Outcome, Triage, TriageConfig, TriageItem

log = logging.getLogger(__name__)


def names_label(names: tuple[str, ...], shown: int = 3) -> str:
    """ "Ana", "Ana and Ben", "Ana, Ben and Cy", "Ana, Ben, Cy and 4 others"."""
    if len(names) <= 1:
        return names[0] if names else ""
    if len(names) <= shown:
        return ", ".join(names[:-1]) + " and " + names[-1]
    rest = len(names) - shown
    return ", ".join(names[:shown]) + f" and {rest} other{'s' if rest > 1 else ''}"


def item_event(item: TriageItem) -> Comment | Gift | None:
    """The v1 input event the agent gets for a triage item (the names of a batch joined in ``user.name``)."""
    event = item.to_protocol()
    if event is None:
        return None
    if len(item.names) > 1:
        user = User(id=event.user.id, name=names_label(item.names)[:256])
        event = event.model_copy(update={"user": user})
    if isinstance(event, Comment) and not item.read_text:
        event = event.model_copy(update={"text": ""})
    return event


class TriagedAgent:
    def __init__(
        self,
        agent: Any,
        config: TriageConfig | None = None,
        *,
        clock: Callable[[], float] = time.time,
        poll_s: float = 0.02,
        on_item: Callable[[TriageItem], None] | None = None,
    ) -> None:
        self.agent = agent
        self.triage = Triage(config)
        self.bus = agent.bus
        self._clock = clock
        self._poll_s = poll_s
        self._on_item = on_item
        self._task: asyncio.Task[None] | None = None
        self.last_outcome: Outcome | None = None

    def __getattr__(self, name: str) -> Any:  # persona_name, session_id, queue_depth... of the agent
        return getattr(self.agent, name)

    # ------------------------------------------------------------------ what the gateway calls

    def submit(self, event: InputEvent) -> bool:
        if isinstance(event, Comment | Gift):
            self.last_outcome = self.triage.offer(AudienceEvent.from_protocol(event), self._clock())
            return True  # triage decided (and counted); the gateway must not report "busy"
        return bool(self.agent.submit(event))

    def offer(self, event: AudienceEvent) -> Outcome:
        """Platform events (superchats, subscriptions, entrances) from the livestream sources."""
        self.last_outcome = self.triage.offer(event, self._clock())
        return self.last_outcome

    def control(self, event: Control) -> None:
        self.agent.control(event)

    # ------------------------------------------------------------------ the pump

    def start(self) -> None:
        if hasattr(self.agent, "start"):
            self.agent.start()
        if self._task is None:
            self._task = asyncio.create_task(self._pump(), name="triage-pump")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _pump(self) -> None:
        waiting_pickup = False
        pickup_mark: int | None = None
        while True:
            await asyncio.sleep(self._poll_s)
            depth = self.agent.queue_depth
            if waiting_pickup:
                if depth == 0:
                    waiting_pickup, pickup_mark = False, self.agent.turns_done
                continue
            if pickup_mark is not None and self.agent.turns_done <= pickup_mark:
                continue  # the item the agent took is still being spoken
            if depth or getattr(self.agent, "paused", False):
                continue
            item = self.triage.next_item(self._clock())
            if item is None:
                continue
            event = item_event(item)
            if self._on_item is not None:
                self._on_item(item)
            if event is None or not self.agent.submit(event):
                log.warning("the agent refused triage item %s (%s)", item.id, item.kind)
                continue
            waiting_pickup = True
