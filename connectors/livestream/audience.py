"""Typed audience events: what every platform parser produces and what triage consumes.

Protocol v1 (``agent/events.py``) has only ``comment`` and ``gift`` on the wire; platforms have more kinds
(superchats, subscriptions, follows, entrances). ``AudienceEvent`` keeps them apart so triage can rank them,
and ``to_protocol`` maps each onto the closest v1 type for the agent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from agent.events import Comment, Gift, User, new_id

AudienceKind = Literal["comment", "gift", "superchat", "subscription", "follow", "entrance"]
AUDIENCE_KINDS: tuple[str, ...] = AudienceKind.__args__  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class AudienceEvent:
    """One thing a viewer did, platform-neutral.

    ``amount`` is a count in the platform's unit (bits, gift items, months); ``value`` is its money worth in
    ``currency`` when the platform says so (0 when unknown or free). ``emotes`` names the tokens the platform
    itself marked as emotes (Twitch's ``emotes`` tag), so normalization can strip them exactly.
    """

    kind: AudienceKind
    user_id: str
    user_name: str
    text: str = ""
    ts: float = 0.0
    platform: str = "web"
    channel: str = "default"
    gift: str = ""
    amount: float = 0.0
    value: float = 0.0
    currency: str = ""
    months: int = 0
    emotes: frozenset[str] = frozenset()
    id: str = field(default_factory=lambda: new_id("a-"))
    # The protocol event this was made from (``from_protocol``: a gateway comment or gift); ``to_protocol``
    # hands that same object back while this event still says what it said, so nothing is rebuilt.
    source: Comment | Gift | None = field(default=None, compare=False, repr=False)

    @property
    def user(self) -> User:
        return User(id=self.user_id[:256] or "anonymous", name=self.user_name[:256])

    def to_protocol(self) -> Comment | Gift | None:
        """The closest protocol-v1 input event (``None`` for an entrance: v1 has no such type); the original
        event itself when this one was made from it and is unchanged since (e.g. not re-timed by a replay)."""
        if self.source is not None and self._from_source():
            return self.source
        if self.kind == "comment":
            return Comment(
                id=self.id[:128],
                ts=self.ts,
                platform=self.platform[:64],
                channel=self.channel[:256],
                user=self.user,
                text=self.text[:4000],
            )
        if self.kind == "entrance":
            return None
        gift = {"superchat": "superchat", "subscription": "subscription", "follow": "follow"}.get(
            self.kind, self.gift
        )
        return Gift(
            id=self.id[:128],
            ts=self.ts,
            platform=self.platform[:64],
            channel=self.channel[:256],
            user=self.user,
            gift=(gift or "gift")[:256],
            amount=max(0.0, self.value or self.amount),
        )

    def _from_source(self) -> bool:
        src = self.source
        assert src is not None
        same = (src.id, src.ts, src.platform, src.channel, src.user.id, src.user.name) == (
            self.id, self.ts, self.platform, self.channel, self.user_id, self.user_name,
        )  # fmt: skip
        if isinstance(src, Comment):
            return same and self.kind == "comment" and src.text == self.text
        return (
            same
            and self.kind in ("gift", "superchat")
            and src.gift == self.gift
            and src.amount == self.amount
        )

    @classmethod
    def from_protocol(cls, event: Comment | Gift) -> AudienceEvent:
        """Wrap a v1 ``comment`` or ``gift`` (what the websocket gateway receives)."""
        if isinstance(event, Comment):
            return cls(
                kind="comment",
                user_id=event.user.id,
                user_name=event.user.name,
                text=event.text,
                ts=event.ts,
                platform=event.platform,
                channel=event.channel,
                id=event.id,
                source=event,
            )
        kind: AudienceKind = "superchat" if event.gift == "superchat" else "gift"
        return cls(
            kind=kind,
            user_id=event.user.id,
            user_name=event.user.name,
            ts=event.ts,
            platform=event.platform,
            channel=event.channel,
            gift=event.gift,
            amount=event.amount,
            value=event.amount,
            id=event.id,
            source=event,
        )
