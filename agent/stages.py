"""The seams of one turn: perceive -> decide -> compose -> express.

Each stage is a small Protocol so it can be tested alone and swapped (embedded default vs. a production
backend) without touching the others. Perceive and decide are pure and synchronous (``now`` is passed in);
compose is an async stream of sentences (an LLM streams); express is blocking CPU work the runtime runs in
a worker thread.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from agent.events import Citation, Emotion, InputEvent, SpeechActName
from agent.expression.types import Prosody, Timeline
from agent.screening import Screening

if TYPE_CHECKING:
    from knowledge import Answer


@dataclass(frozen=True)
class TurnInput:
    """One input as the turn receives it: the event and what screening (triage's, or the agent's own when
    the channel has no triage) already learned of it, so no stage screens it again."""

    event: InputEvent
    screening: Screening


@dataclass(frozen=True)
class Percept:
    """What the persona understood of one input."""

    text: str
    intent: str  # question, greeting, praise, thanks, gift, request, complaint, chit-chat, spam, abuse,
    # injection-attempt, farewell
    emotion: Emotion = field(default_factory=Emotion)
    language: str = "en"
    entities: tuple[str, ...] = ()
    confidence: float = 1.0
    answer_confidence: float | None = (
        None  # the knowledge base's confidence, for questions (set by grounding)
    )
    answer: Answer | None = None  # the knowledge base's answer itself (set by grounding, for questions)
    screening: Screening | None = None  # the input's screening (moderation, question, newcomer)


@dataclass(frozen=True)
class Plan:
    """What to do about it: the decision of the behavior stage, in the agent's terms."""

    branch: str  # which branch of the tree chose this (sent as a `behavior` event)
    reason: str
    act: SpeechActName | None  # None: stay silent (ignore spam, let chat breathe)
    emotion: Emotion = field(default_factory=Emotion)
    addressee: str | None = None
    gesture_hint: str | None = None
    max_sentences: int = 3
    # Style controls for this turn (None: the persona's own style). Scales 0..1.
    formality: float | None = None
    energy: float | None = None
    verbosity: float | None = None
    max_chars: int | None = None  # a hard cap on the reply's length


@dataclass(frozen=True)
class Sentence:
    """One sentence of a reply, as the composer streams it."""

    text: str
    citations: tuple[Citation, ...] = ()


class Perceiver(Protocol):
    def perceive(self, event: InputEvent, now: float, screening: Screening | None = None) -> Percept:
        """What the input means. ``screening``: the input's screening (None: the perceiver screens it)."""
        ...


class Decider(Protocol):
    def decide(self, event: InputEvent | None, percept: Percept | None, now: float) -> Plan: ...


class Composer(Protocol):
    def compose(self, plan: Plan, percept: Percept, event: InputEvent | None) -> AsyncIterator[Sentence]:
        """Stream the reply sentence by sentence. Cancelling the iteration stops generation."""
        ...


class Expresser(Protocol):
    def plan(self, text: str, emotion: Emotion, act: str | None, prosody: Prosody | None = None) -> Timeline:
        """Voice, visemes, face and gestures of one sentence on one timeline. Blocking CPU work."""
        ...

    def utterances(self, sentence: str, *, opening: bool) -> list[str]:
        """The utterances to voice one sentence as, in order: ``[sentence]``, or a lead phrase and the rest.

        ``opening``: the sentence opens the reply (the only one a slow voice splits, so its first audio
        waits for a few words only). Together the parts hold the sentence's words, in order. Pure, cheap.
        """
        ...
