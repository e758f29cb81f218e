"""Replay a chat log through triage and a persona that speaks one item at a time.

The persona here is a stand-in with a speaking time (``reply_s`` log seconds per item, a short spoken reply):
it shows what triage lets through, in what order and after what wait, without the cost of the full agent.
Triage runs on log time (``now`` = the comment's time in the log), so a replay gives the same drops and waits
at any speed; the speed only paces the wall clock (and so what the live transcript looks like).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from connectors.livestream.audience import AudienceEvent
from connectors.livestream.sources import paced
from connectors.livestream.triage import Dropped, Outcome, Triage, TriageConfig, TriageItem, TriageStats


@dataclass
class ReplaySummary:
    comments_in: int
    stats: TriageStats
    answered_items: int
    answered_events: int
    waits_s: list[float] = field(repr=False)  # per delivered event: pick-up time minus its own arrival
    triage_latency_s: list[float] = field(repr=False)  # wall time of each offer() (and the next_item calls)
    arrival_latency_s: list[float] = field(default_factory=list, repr=False)  # paced: decided minus due
    wall_s: float = 0.0
    log_span_s: float = 0.0

    @staticmethod
    def _pct(values: list[float], q: float) -> float:
        if not values:
            return 0.0
        s = sorted(values)
        return s[min(len(s) - 1, int(q * len(s)))]

    def as_dict(self) -> dict[str, Any]:
        st = self.stats.as_dict()
        waits = self.waits_s
        return {
            "comments_in": self.comments_in,
            "dropped": st["dropped"],
            "dropped_total": st["dropped_total"],
            "answered_items": self.answered_items,
            "answered_events": self.answered_events,
            "answered_by_kind": st["delivered_by_kind"],
            "batched": st["batched"],
            "pending_at_end": st["pending_events"],
            "accounted": st["accounted"],
            "wait_mean_s": round(sum(waits) / len(waits), 3) if waits else 0.0,
            "wait_p95_s": round(self._pct(waits, 0.95), 3),
            "triage_p99_ms": round(self._pct(self.triage_latency_s, 0.99) * 1000, 3),
            "arrival_to_decision_p99_ms": round(self._pct(self.arrival_latency_s, 0.99) * 1000, 3),
            "log_span_s": round(self.log_span_s, 1),
            "wall_s": round(self.wall_s, 3),
        }


OnComment = Callable[[AudienceEvent, Outcome], None]
OnItem = Callable[[TriageItem, float], None]


async def replay(
    events: Iterable[AudienceEvent],
    *,
    speed: float | None = None,
    config: TriageConfig | None = None,
    reply_s: float = 4.0,
    triage: Triage | None = None,
    on_comment: OnComment | None = None,
    on_item: OnItem | None = None,
    drain: bool = True,
    partial: list[ReplaySummary] | None = None,
) -> ReplaySummary:
    """Replay ``events`` (sorted by ``ts``) at ``speed`` (None: as fast as possible).

    Each time the stand-in persona is free it takes ``triage.next_item`` and speaks for ``reply_s`` log
    seconds. ``on_comment(event, outcome)`` and ``on_item(item, now)`` feed a live transcript. With ``drain``
    the persona works through what is still pending after the last comment (expiry still applies).
    Cancelling stops the replay; nothing is left running, and the summary so far is appended to ``partial``
    when given (so Ctrl-C can still print one).
    """
    triage = triage or Triage(config)
    waits: list[float] = []
    lat: list[float] = []
    lag: list[float] = []
    answered_items = answered_events = 0
    free_at: float | None = None
    first_ts = last_ts = 0.0
    n = 0
    perf = time.perf_counter
    wall0 = perf()

    def speak_until(t: float) -> None:
        nonlocal free_at, answered_items, answered_events
        assert free_at is not None
        while free_at <= t:
            t0 = perf()
            item = triage.next_item(free_at)
            lat.append(perf() - t0)
            if item is None:
                free_at = t
                return
            answered_items += 1
            answered_events += len(item.events)
            waits.extend(free_at - ev.ts for ev in item.events)
            if on_item is not None:
                on_item(item, free_at)
            free_at += reply_s

    def summary() -> ReplaySummary:
        return ReplaySummary(
            comments_in=n,
            stats=triage.stats(),
            answered_items=answered_items,
            answered_events=answered_events,
            waits_s=waits,
            triage_latency_s=lat,
            arrival_latency_s=lag,
            wall_s=perf() - wall0,
            log_span_s=last_ts - first_ts,
        )

    try:
        async for ev, due in paced(events, speed):
            if n == 0:
                first_ts = ev.ts
                free_at = ev.ts
            n += 1
            last_ts = ev.ts
            speak_until(ev.ts)
            t0 = perf()
            outcome = triage.offer(ev, ev.ts)
            done = perf()
            lat.append(done - t0)
            if speed is not None:
                lag.append(done - due)
            if on_comment is not None:
                on_comment(ev, outcome)
    except asyncio.CancelledError:
        if partial is not None:
            partial.append(summary())
        raise
    if drain and free_at is not None:
        while triage.pending():
            speak_until(free_at)
    return summary()


def describe(outcome: Outcome) -> str:
    if isinstance(outcome, Dropped):
        return f"dropped: {outcome.reason}"
    return f"{'joined' if outcome.batched else 'queued'} {outcome.kind} #{outcome.item_id}"
