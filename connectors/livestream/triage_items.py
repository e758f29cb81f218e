"""What comment triage hands out and counts (``connectors.livestream.triage``): its configuration, the outcome
of offering an event (``Admitted`` or ``Dropped`` with a counted reason), the items the persona takes
(``TriageItem``), the counters (``TriageStats``), and the pending entries the queue keeps (``_Pending``,
``_WindowEntry``: internal to triage). Split out of ``triage.py`` in session 9; behaviour unchanged."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from agent.events import Comment, Gift
from agent.screening import Screening
from connectors.livestream.audience import AudienceEvent

DropReason = Literal[
    "flood",
    "spam",
    "abuse",
    "injection",
    "empty",
    "duplicate",
    "already_greeted",
    "shed",
    "expired",
    "chatter",
]
DROP_REASONS: tuple[str, ...] = DropReason.__args__  # type: ignore[attr-defined]
ItemKind = Literal["superchat", "gift", "subscription", "follow", "question", "greeting", "comment"]

BASE_PRIORITY: dict[str, float] = {
    "superchat": 1000.0,
    "gift": 800.0,
    "subscription": 700.0,
    "follow": 400.0,
    "question": 300.0,
    "greeting": 150.0,
    "comment": 50.0,
}
_VALUE_KINDS = frozenset({"superchat", "gift", "subscription", "follow"})


@dataclass(frozen=True, slots=True)
class TriageConfig:
    max_pending: int = 200  # items in the queue (an item may hold many viewers)
    aging_per_s: float = 2.0  # priority points per second waited
    max_wait_s: float = 60.0  # questions, greetings, comments older than this expire
    max_wait_value_s: float = 600.0  # gifts, superchats, subs, follows: late thanks beat none
    window_s: float = 30.0  # duplicate window
    window_max: int = 4096  # entries in the duplicate window, whatever the rate
    near_dup_jaccard: float = 0.6  # trigram Jaccard at or above which two comments are the same
    lsh_probe: int = 8  # recent window entries checked per MinHash key
    user_rate_per_s: float = 0.5  # sustained comments per viewer
    user_burst: float = 4.0  # and the burst a viewer may send at once
    greet_newcomers: bool = True
    greet_batch: int = 5  # newcomers named in one greeting
    question_batch: int = 50  # viewers one question item collects
    enqueue_chatter: bool = True  # plain comments (not questions) queue at the lowest priority
    known_viewers_max: int = 500_000  # memory bound for "seen before" (oldest forgotten first)
    busy_rate_per_s: float = 1.0  # lines a second (averaged over ~30 s) at and above which chat is busy
    greet_after_s: float = 10.0  # a greeting batch this old (or full) goes before questions and comments
    max_wait_busy_s: float = 20.0  # in busy chat a question (greeting, comment) older than this is stale
    chatter_when_busy: bool = False  # plain comments queue only while the chat is quiet
    chatter_rate_per_s: float = 0.5  # lines a second at and above which plain comments are not queued
    greet_gap_busy_s: float = 60.0  # busy chat, a question waiting: at most one greeting batch per this
    # L2 (session 24, brief D): a question or comment that waited ``max_wait_busy_s`` with this many chat
    # lines after it has scrolled away, in any chat: stale (``expired``); 0: off
    stale_lines: int = 7


@dataclass(frozen=True, slots=True)
class Admitted:
    item_id: int
    batched: bool = False  # joined an existing pending item
    kind: str = ""


@dataclass(frozen=True, slots=True)
class Dropped:
    reason: str


Outcome = Admitted | Dropped
_DROPPED: dict[str, Dropped] = {r: Dropped(r) for r in DROP_REASONS}  # immutable: one instance per reason


@dataclass(frozen=True, slots=True)
class TriageItem:
    """One thing for the persona to do: answer, thank or greet; possibly for several viewers at once."""

    id: int
    kind: ItemKind
    events: tuple[AudienceEvent, ...]  # the first is the representative
    names: tuple[str, ...]  # distinct viewers, in arrival order
    newcomers: tuple[str, ...]  # of those, the ones seen for the first time (greet them too)
    priority: float  # effective priority when it was taken
    first_seen: float
    waited_s: float
    read_text: bool = True  # False: moderated text (e.g. an abusive superchat): thank, don't read aloud
    screening: Screening | None = None  # the representative event's screening (None: it has no text)

    @property
    def text(self) -> str:
        return self.events[0].text

    @property
    def event(self) -> AudienceEvent:
        return self.events[0]

    def to_protocol(self) -> Comment | Gift | None:
        """The representative v1 input event (for a greeting: a comment of the first newcomer)."""
        ev = self.events[0]
        if self.kind == "greeting" and ev.kind == "entrance":
            ev = AudienceEvent(
                kind="comment",
                user_id=ev.user_id,
                user_name=ev.user_name,
                ts=ev.ts,
                platform=ev.platform,
                channel=ev.channel,
                id=ev.id,
            )
        return ev.to_protocol()


class _Pending:
    __slots__ = (
        "base",
        "events",
        "first_seen",
        "id",
        "kind",
        "lines_at",
        "names",
        "newcomers",
        "pending",
        "read_text",
        "screening",
        "version",
    )

    def __init__(self, item_id: int, kind: ItemKind, base: float, now: float) -> None:
        self.id = item_id
        self.kind: ItemKind = kind
        self.base = base
        self.first_seen = now
        self.lines_at = 0  # the triage's chat-line count when the item came (L2: lines after it)
        self.events: list[AudienceEvent] = []
        self.names: dict[str, str] = {}
        self.newcomers: list[str] = []
        self.read_text = True
        self.screening: Screening | None = None
        self.version = 0
        self.pending = True

    def key(self, aging: float) -> float:
        """Static heap key: effective priority minus ``aging * now`` (the same for every item)."""
        return self.base - aging * self.first_seen


@dataclass(slots=True)
class _WindowEntry:
    t: float
    norm: str
    keys: tuple[int, ...]
    sh: frozenset[int]
    item: _Pending | None


@dataclass
class TriageStats:
    offered: int = 0
    offered_by_kind: Counter[str] = field(default_factory=Counter)
    admitted: int = 0  # events that opened a new item
    batched: int = 0  # events that joined a pending item
    dropped: Counter[str] = field(default_factory=Counter)
    delivered_items: int = 0
    delivered_events: int = 0
    delivered_by_kind: Counter[str] = field(default_factory=Counter)
    pending_items: int = 0
    pending_events: int = 0

    @property
    def dropped_total(self) -> int:
        return sum(self.dropped.values())

    def accounted(self) -> bool:
        """Every offered event is delivered, pending or dropped with a reason."""
        return self.offered == self.delivered_events + self.pending_events + self.dropped_total

    def as_dict(self) -> dict[str, object]:
        return {
            "offered": self.offered,
            "offered_by_kind": dict(self.offered_by_kind),
            "admitted": self.admitted,
            "batched": self.batched,
            "dropped": {r: self.dropped.get(r, 0) for r in DROP_REASONS},
            "dropped_total": self.dropped_total,
            "delivered_items": self.delivered_items,
            "delivered_events": self.delivered_events,
            "delivered_by_kind": dict(self.delivered_by_kind),
            "pending_items": self.pending_items,
            "pending_events": self.pending_events,
            "accounted": self.accounted(),
        }
