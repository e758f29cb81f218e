"""The tree's own input and output types: a `Situation` in, a `Decision` out.

`behaviors/` does not know the agent's event models; the agent translates its events into a `Situation`
and a `Decision` back into speech acts and animation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

InputKind = Literal[
    "comment",
    "gift",
    "question",
    "message",
    "superchat",
    "membership",
    "follow",
    "raid",
    "entrance",
    "none",
]

INTENTS = (
    "question",
    "greeting",
    "praise",
    "thanks",
    "gift",
    "request",
    "complaint",
    "chit-chat",
    "spam",
    "abuse",
    "injection-attempt",
    "farewell",
)

# Every action the tree can choose. The first block is the engagement choice (learned); the guard and the
# reporter branch add the rest.
ENGAGE_ACTIONS: tuple[str, ...] = (
    "answer",
    "batch_answer",
    "thank",
    "greet",
    "reply",
    "segment",
    "promote",
    "cheer",
    "emote",
    "idle",
)
ACTIONS: tuple[str, ...] = (*ENGAGE_ACTIONS, "deflect", "ignore", "abstain")

# The speech act each action is realised as (None: silent, nothing is said).
SPEECH_ACTS: dict[str, str | None] = {
    "answer": "answer",
    "batch_answer": "answer",
    "thank": "thank",
    "greet": "greet",
    "reply": "inform",
    "segment": "inform",
    "promote": "promote",
    "cheer": "cheer",
    "emote": None,
    "idle": None,
    "deflect": "refuse",
    "ignore": None,
    "abstain": "clarify",  # the evidence is too weak: say so, never guess
}

# An emotion hint for the expression stage (label, intensity).
EMOTIONS: dict[str, tuple[str, float]] = {
    "answer": ("neutral", 0.3),
    "batch_answer": ("neutral", 0.3),
    "thank": ("joy", 0.8),
    "greet": ("joy", 0.6),
    "reply": ("joy", 0.3),
    "segment": ("joy", 0.5),
    "promote": ("joy", 0.5),
    "cheer": ("excited", 0.9),
    "emote": ("joy", 0.6),
    "idle": ("neutral", 0.1),
    "deflect": ("neutral", 0.4),
    "ignore": ("neutral", 0.0),
    "abstain": ("neutral", 0.3),
}


@dataclass(frozen=True)
class Situation:
    """What the host knows at one moment. Times are seconds; `now` is passed in, never read from a clock.

    `answer_confidence` is the knowledge base's confidence for the question the host would answer next: the
    current input when it is a question, else the oldest pending one (None when no question is waiting).
    The ``recent_*`` shares are over the last few direct inputs (the agent keeps them; 0 when unknown).
    `segment_mix` (fans, shoppers, newcomers, trolls) is hidden from real policies: only the simulator's
    oracle is given it, to measure a ceiling.
    """

    now: float
    reporter_mode: bool = False
    kind: InputKind = "none"
    intent: str = "chit-chat"
    is_new_viewer: bool = False
    answer_confidence: float | None = None
    gift_value: float = 0.0
    author: str | None = None
    chat_rate: float = 0.0  # comments per minute, whole chat
    seconds_since_last_speech: float = 0.0
    seconds_since_last_promotion: float = 1e9
    pending_questions: int = 0
    pending_gifts: int = 0
    valence: float = 0.0  # audience mood, -1..1
    arousal: float = 0.0  # audience mood, -1..1
    recent_newcomer_share: float = 0.0
    recent_question_share: float = 0.0
    recent_troll_share: float = 0.0  # spam, abuse and injection attempts among recent inputs
    recent_gift_share: float = 0.0
    seconds_since_last_answer: float = 1e9  # since the host last answered a question (1e9: never)
    oldest_question_age_s: float = 0.0  # how long the oldest waiting question has waited (0: none waits)
    #: the shop's catalogue entry answers the current question where the base does not (a size, a colour, a
    #: care label it states: the agent's ``knowledge.shop_attributes``), so a don't-know would be untrue
    shop_answers: bool = False
    #: neither the base nor a catalogue entry answers the current question, but the shop has something of the
    #: kind asked ("how much is the team scarf?": "No team scarf in the shop, but the Slope Scarf is $28.":
    #: the agent's ``knowledge.catalogue``), which is said in place of the plain don't-know (session 16)
    shop_offers: bool = False
    segment_mix: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class Decision:
    """What to do now. `branch` is the tree path that chose it (e.g. ``engage/answer``)."""

    action: str
    branch: str
    reason: str
    speech_act: str | None
    emotion: str = "neutral"
    intensity: float = 0.0
    target: str | None = None  # the viewer addressed, when there is one
    scores: tuple[tuple[str, float], ...] = ()  # engagement scores of the valid actions, for inspection
