"""Paid messages ranked by amount: a pure queue in front of the turn (no I/O, no clock: ``now`` is passed in).

    paid = PaidQueue(PaidConfig())
    offer = paid.offer(superchat, now)        # PaidOffer: queued (and whether it barges in) or shed
    item = paid.next_item(now)                # the largest pending paid message, or None

Order: by worth in US dollars (``agent.paid.usd_value``, currency-normalised by a small fixed table), the
larger first; equal worth, the earlier first. There is no aging: whoever paid more is answered first. The
``TriagedAgent`` pump serves this queue before comment triage, so every superchat is answered before gifts,
questions, greetings and chatter. The busy-chat rules (``chatter``, the 20 s staleness) do not apply: a small
superchat in a busy chat waits its turn; it is dropped only when ``max_pending`` are waiting and it is the
smallest (``shed``), or after ``max_wait_s`` (``expired``), each counted.

Moderation still applies to what is read aloud: a name with a slur or an insult is blanked (the persona says
"A viewer", and addresses them as "friend"); an unsafe text (spam, abuse, injection) is not read: the agent
gets a ``gift`` of the message's worth instead, which is thanked.

Barge-in: a paid message worth at least ``barge_in_usd`` (default 50 US dollars, YouTube's two highest Super
Chat tiers; ``PERSONA_BARGE_IN_USD`` sets it, ``off`` turns it off) that arrives while the persona speaks
ends the current reply at the end of the sentence being spoken; the reply's remaining sentences are dropped
(not resumed) and the paid message is answered next.
``barges_in`` says whether an offer qualifies; the pump acts on it.
"""

from __future__ import annotations

import heapq
import logging
import math
import os
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import count
from typing import Literal

from agent.events import Gift, Superchat, User
from agent.paid import safe_name, usd_value
from agent.screening import Screening, screen
from connectors.livestream.audience import AudienceEvent

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PaidConfig:
    max_pending: int = 200  # paid messages waiting; when full, the smallest is shed
    max_wait_s: float = 600.0  # a paid message waiting longer is dropped as expired (a late read is odd)
    barge_in_usd: float | None = 50.0  # worth at or above which one barges in (None: never)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PaidConfig:
        """``PERSONA_BARGE_IN_USD``: the barge-in threshold in US dollars, or ``off``. A value that is not
        a number is logged and the default kept (the persona still starts)."""
        raw = (os.environ if environ is None else environ).get("PERSONA_BARGE_IN_USD", "").strip()
        if not raw:
            return cls()
        if raw.lower() in ("off", "none", "never"):
            return cls(barge_in_usd=None)
        try:
            usd = float(raw)
        except ValueError:
            usd = math.nan
        if not math.isfinite(usd) or usd < 0:
            log.warning("PERSONA_BARGE_IN_USD=%r is not an amount in US dollars (or 'off'): using 50", raw)
            return cls()
        return cls(barge_in_usd=usd)


@dataclass(frozen=True, slots=True)
class PaidItem:
    """One paid message for the turn: ``event`` is what the agent gets (the superchat, its name blanked
    when unsafe; or a ``gift`` of its worth when its text is not safe to read)."""

    source: Superchat
    event: Superchat | Gift
    usd: float
    first_seen: float
    waited_s: float
    read_text: bool
    screening: Screening | None  # the text's screening (None: a gift, which has no text)


@dataclass(frozen=True, slots=True)
class PaidOffer:
    outcome: Literal["queued", "shed"]
    usd: float
    barge_in: bool = False  # worth enough to end the current reply at its sentence's end


@dataclass
class PaidStats:
    offered: int = 0
    delivered: int = 0
    pending: int = 0
    dropped: Counter[str] = field(default_factory=Counter)  # shed, expired
    unsafe_names: int = 0
    unread_texts: int = 0

    def accounted(self) -> bool:
        """Every offered paid message is delivered, pending or dropped with a reason."""
        return self.offered == self.delivered + self.pending + sum(self.dropped.values())


def paid_message(ev: AudienceEvent) -> Superchat:
    """A platform's superchat (``AudienceEvent`` of kind ``superchat``) as the protocol's ``superchat``."""
    return Superchat(
        id=ev.id[:128],
        ts=ev.ts,
        platform=ev.platform[:64],
        channel=ev.channel[:256],
        user=ev.user,
        amount=max(0.0, ev.value or ev.amount),
        currency=(ev.currency or "USD")[:16],
        text=ev.text[:4000],
    )


def paid_event(superchat: Superchat) -> tuple[Superchat | Gift, bool, Screening | None]:
    """What the agent gets for a superchat after moderation: (event, read_text, screening)."""
    event: Superchat | Gift = superchat
    if not safe_name(superchat.user.name):
        event = superchat.model_copy(update={"user": User(id=superchat.user.id, name="")})
    if not superchat.text.strip():
        return event, True, screen("", newcomer=False)
    screening = screen(superchat.text, newcomer=False)
    if screening.unsafe:  # not read aloud, not answered: thanked for its worth
        gift = Gift(
            id=superchat.id,
            ts=superchat.ts,
            platform=superchat.platform,
            channel=superchat.channel,
            user=event.user,
            gift="superchat",
            amount=usd_value(superchat.amount, superchat.currency) or superchat.amount,
        )
        return gift, False, None
    return event, True, screening


class PaidQueue:
    """See the module docstring. Not thread-safe: one owner (the pump)."""

    def __init__(self, config: PaidConfig | None = None) -> None:
        self.config = config or PaidConfig()
        self._heap: list[tuple[float, int, PaidItem]] = []  # (-usd, arrival, item): largest, then oldest
        self._seq = count()
        self._stats = PaidStats()

    def barges_in(self, usd: float) -> bool:
        threshold = self.config.barge_in_usd
        return threshold is not None and usd >= threshold

    def offer(self, superchat: Superchat, now: float) -> PaidOffer:
        st = self._stats
        st.offered += 1
        self._expire(now)
        usd = usd_value(superchat.amount, superchat.currency)
        event, read_text, screening = paid_event(superchat)
        st.unsafe_names += event.user.name != superchat.user.name
        st.unread_texts += not read_text
        item = PaidItem(superchat, event, usd, now, 0.0, read_text, screening)
        entry = (-usd, next(self._seq), item)
        if len(self._heap) >= self.config.max_pending:
            smallest = max(self._heap)  # the largest key: least worth, latest arrival
            if smallest[:2] < entry[:2]:  # the newcomer is the smallest itself
                st.dropped["shed"] += 1
                return PaidOffer("shed", usd)
            self._heap.remove(smallest)
            heapq.heapify(self._heap)
            st.dropped["shed"] += 1
            st.pending -= 1
        heapq.heappush(self._heap, entry)
        st.pending += 1
        return PaidOffer("queued", usd, barge_in=self.barges_in(usd))

    def next_item(self, now: float) -> PaidItem | None:
        """Remove and return the pending paid message worth the most (the earliest among equals)."""
        self._expire(now)
        if not self._heap:
            return None
        _, _, item = heapq.heappop(self._heap)
        self._stats.pending -= 1
        self._stats.delivered += 1
        return PaidItem(
            item.source, item.event, item.usd, item.first_seen, now - item.first_seen, item.read_text,
            item.screening,
        )  # fmt: skip

    def pending(self) -> int:
        return len(self._heap)

    def stats(self) -> PaidStats:
        st = self._stats
        return PaidStats(
            st.offered, st.delivered, st.pending, Counter(st.dropped), st.unsafe_names, st.unread_texts
        )

    def _expire(self, now: float) -> None:
        limit = self.config.max_wait_s
        if not any(now - e[2].first_seen > limit for e in self._heap):
            return
        keep = [e for e in self._heap if now - e[2].first_seen <= limit]
        expired = len(self._heap) - len(keep)
        self._heap = keep
        heapq.heapify(self._heap)
        self._stats.dropped["expired"] += expired
        self._stats.pending -= expired
