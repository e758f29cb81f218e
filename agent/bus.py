"""The in-process output bus: the agent publishes server events, subscribers (gateways, logs) receive them.

Publishing is synchronous and never blocks the agent: every subscriber must only enqueue (the gateway's
per-connection queues are bounded and apply their own slow-client policy). A subscriber that raises is
logged and removed, so one broken consumer cannot silence the persona for the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from agent.events import ServerEventModel

log = logging.getLogger(__name__)

Subscriber = Callable[[ServerEventModel], None]


class OutputBus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Add a subscriber; returns a function that removes it."""
        self._subscribers.append(callback)

        def unsubscribe() -> None:
            if callback in self._subscribers:
                self._subscribers.remove(callback)

        return unsubscribe

    def publish(self, event: ServerEventModel) -> None:
        for callback in list(self._subscribers):
            try:
                callback(event)
            except Exception:
                log.exception("output subscriber %r failed; removing it", callback)
                if callback in self._subscribers:
                    self._subscribers.remove(callback)
