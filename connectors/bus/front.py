"""Comment triage at the gateway: what a busy persona answers, and what it sheds, with triage's reasons.

``persona serve`` puts the product's ``Triage`` (connectors/livestream/triage.py) in front of the agent and
hands the agent the best pending item only when it is free. On the Redis bus a gateway does the same for
the comments and gifts it takes: each is offered to its ``Triage`` (flood, spam, abuse, injection,
duplicate, chatter in a busy chat: dropped and counted by reason), and the admitted ones wait there, in
triage's priority order with aging, batching and its bounded queue (``shed``, ``expired``), instead of in
Redis. A pump moves the best item to the persona's input stream whenever fewer than ``window`` of this
gateway's triaged inputs are unanswered (a worker's last output call writes an ``end`` entry that frees the
slot; a slot not freed in ``slot_timeout_s`` is freed anyway). So the input streams hold what the workers
are about to take, and a persona over its capacity sheds by triage's reasons, counted in the Redis ``shed``
hash as ``triage_<reason>``.

Other inputs (direct messages, questions, an operator's ``say``, superchats) do not go through triage.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from collections.abc import Callable

from agent.events import Comment, Gift, InputEvent
from connectors.livestream.audience import AudienceEvent
from connectors.livestream.pump import item_event
from connectors.livestream.triage import Triage, TriageConfig

TRIAGED = (Comment, Gift)


class TriageFront:
    def __init__(
        self,
        send: Callable[[InputEvent], bool],
        config: TriageConfig | None = None,
        window: int = 16,
        slot_timeout_s: float = 60.0,
        poll_s: float = 0.05,
    ) -> None:
        """``send``: put an input on its way to Redis (False: refused locally, the slot is freed)."""
        self.triage = Triage(config)
        self.window = window
        self.slot_timeout_s = slot_timeout_s
        self._send = send
        self._poll_s = poll_s
        self._in_flight: dict[str, float] = {}  # input id -> when it was sent
        self._wake = asyncio.Event()
        self._counted: Counter[str] = Counter()  # drops already added to the Redis shed hash

    def offer(self, event: Comment | Gift) -> None:
        self.triage.offer(AudienceEvent.from_protocol(event), time.time())
        self._wake.set()

    def ended(self, input_id: str) -> None:
        """A worker finished the turn for ``input_id`` (or Redis refused it): its slot is free."""
        if self._in_flight.pop(input_id, None) is not None:
            self._wake.set()

    def uncounted(self) -> Counter[str]:
        """Drops by reason not yet added to the Redis shed hash (they are, once this returns them)."""
        now = self.triage.stats().dropped
        new = now - self._counted
        self._counted = Counter(now)
        return new

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    async def run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._poll_s):  # not wait_for (loses a cancel on 3.11)
                    await self._wake.wait()
            self._wake.clear()
            self.step(time.time(), time.monotonic())

    def step(self, now: float, mono: float) -> int:
        """Free timed-out slots and send the best items while there is room; returns how many were sent."""
        for input_id in [i for i, t in self._in_flight.items() if mono - t > self.slot_timeout_s]:
            del self._in_flight[input_id]
        sent = 0
        while len(self._in_flight) < self.window:
            item = self.triage.next_item(now)
            if item is None:
                break
            event = item_event(item)
            if event is None:
                continue
            self._in_flight[event.id] = mono
            if not self._send(event):
                del self._in_flight[event.id]
                continue
            sent += 1
        return sent
