"""A platform's ``AudienceEvent`` as a protocol v1.1 input event (what the persona's gateway receives)."""

from __future__ import annotations

from agent.events import (
    Comment,
    Entrance,
    Follow,
    Gift,
    InputEvent,
    Membership,
    Raid,
    Subscription,
    Superchat,
)
from connectors.livestream.audience import AudienceEvent


def to_event(ev: AudienceEvent) -> InputEvent:
    """Comments stay comments; a paid message with words (YouTube Super Chat, Twitch bits with text) is a
    ``superchat``; a Twitch sub a ``subscription``, a YouTube or Bilibili membership a ``membership``; a raid
    (Twitch USERNOTICE raid, parsed as an entrance with ``gift="raid"``) a ``raid``; an entrance an
    ``entrance``; other gifts stay ``gift``."""
    common = {"id": ev.id[:128], "ts": ev.ts, "platform": ev.platform[:64], "channel": ev.channel[:256]}
    text = ev.text[:4000]
    if ev.kind == "comment":
        return Comment(user=ev.user, text=text, **common)  # type: ignore[arg-type]
    if ev.kind == "superchat" or (ev.kind == "gift" and ev.gift == "bits" and text.strip()):
        return Superchat(
            user=ev.user,
            amount=max(0.0, ev.value or ev.amount),
            currency=(ev.currency or "USD")[:16],
            text=text,
            **common,  # type: ignore[arg-type]
        )
    if ev.kind == "subscription":
        tier = ev.gift.partition(":")[2] or ev.gift  # "sub:1000" -> "1000", "guard:captain" -> "captain"
        cls = Subscription if ev.platform == "twitch" else Membership
        return cls(user=ev.user, tier=tier[:128], months=max(0, ev.months), text=text, **common)  # type: ignore[arg-type]
    if ev.kind == "entrance" and ev.gift == "raid":
        return Raid(
            from_=ev.user_name[:256] or ev.user_id[:256] or "someone", viewers=int(ev.amount), **common
        )  # type: ignore[arg-type]
    if ev.kind == "entrance":
        return Entrance(user=ev.user, **common)  # type: ignore[arg-type]
    if ev.kind == "follow":
        return Follow(user=ev.user, **common)  # type: ignore[arg-type]
    return Gift(
        user=ev.user, gift=(ev.gift or "gift")[:256], amount=max(0.0, ev.value or ev.amount), **common
    )  # type: ignore[arg-type]
