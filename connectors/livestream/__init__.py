"""The livestream comment responder: platform parsers, replay and websocket sources, and comment triage."""

from connectors.livestream.audience import AUDIENCE_KINDS, AudienceEvent, AudienceKind
from connectors.livestream.parsers import ParseError, parse_bilibili, parse_twitch, parse_youtube
from connectors.livestream.pump import TriagedAgent
from connectors.livestream.triage import (
    DROP_REASONS,
    Admitted,
    Dropped,
    Triage,
    TriageConfig,
    TriageItem,
    TriageStats,
)

__all__ = [
    "AUDIENCE_KINDS",
    "DROP_REASONS",
    "Admitted",
    "AudienceEvent",
    "AudienceKind",
    "Dropped",
    "ParseError",
    "Triage",
    "TriageConfig",
    "TriageItem",
    "TriageStats",
    "TriagedAgent",
    "parse_bilibili",
    "parse_twitch",
    "parse_youtube",
]
