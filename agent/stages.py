"""The seams of one turn: perceive -> decide -> compose -> express.

Each stage is a small Protocol so it can be tested alone and swapped (embedded default vs. a production
backend) without touching the others. Perceive and decide are pure and synchronous (``now`` is passed in);
compose is an async stream of sentences (an LLM streams); express is blocking CPU work the runtime runs in
a worker thread.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from agent.bus import OutputBus
from agent.events import Citation, Control, Emotion, InputEvent, SpeechActName
from agent.expression.types import Prosody, Timeline
from agent.screening import Screening

if TYPE_CHECKING:
    from agent.dialogue.host_questions import HostQuestion
    from knowledge import Answer
    from knowledge.catalogue import Offer
    from knowledge.shop_attributes import ShopReply


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
    about_host: bool = False  # a question about the host itself: the persona card answers (set by grounding)
    #: what the shop's catalogue entry says to an attribute question (``knowledge.shop_attributes``; None: it
    #: says nothing) once grounding has looked (``shop_looked``), so the tree and the composer hear it once
    shop: ShopReply | None = None
    shop_looked: bool = False
    #: a joke asked for or a live thing the host cannot see (``host_questions.host_request``: the persona
    #: card answers it), read once a turn by grounding (``request_read``), so the decider and the composer
    #: read it here instead of asking again; a percept no grounding saw is read where it is needed
    request: HostQuestion | None = None
    request_read: bool = False
    #: what the shop has of the kind a question asks for, said in place of the base's don't-know ("how
    #: much is the team scarf?": "No team scarf in the shop, but the Slope Scarf is $28.";
    #: ``knowledge.catalogue``), found by grounding once the base abstained (``offer_looked``), so the tree
    #: logs what the viewer hears
    offer: Offer | None = None
    offer_looked: bool = False


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
    brief: bool = False  # a busy chat's answer: the fact alone, no lead-in (``agent.decide``)
    #: the answer goes out late (the asker wrote something newer, or the question is ``LATE_S`` old): it
    #: opens with what it answers ("ren, on the most golds: ..."; ``agent.dialogue.recall``)
    late: bool = False


@dataclass(frozen=True)
class Sentence:
    """One sentence of a reply, as the composer streams it."""

    text: str
    citations: tuple[Citation, ...] = ()
    # The act the composer realized in this sentence, which may differ from the plan's: "refuse" (a
    # do-not-answer request, injected instructions), "care" (a viewer in danger), "answer" for a question.
    # None: the composer did not say (the plan's act).
    act: str | None = None


class Perceiver(Protocol):
    def perceive(self, event: InputEvent, now: float, screening: Screening | None = None) -> Percept:
        """What the input means. ``screening``: the input's screening (None: the perceiver screens it)."""
        ...


class Decider(Protocol):
    def decide(self, event: InputEvent | None, percept: Percept | None, now: float) -> Plan: ...

    def note_chat(self, now: float) -> None:
        """Count one chat message that arrived (answered or not): the chat rate the decider reads."""
        ...

    def spoke(self, now: float, act: str | None) -> None:
        """The persona started speaking (``act``): silence and promotion clocks restart."""
        ...


class Composer(Protocol):
    def compose(self, plan: Plan, percept: Percept, event: InputEvent | None) -> AsyncIterator[Sentence]:
        """Stream the reply sentence by sentence. Cancelling the iteration stops generation."""
        ...

    def warm(self) -> None:
        """Load what the first reply would wait on (models, embedded examples). Blocking; may do nothing."""
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


class AgentPort(Protocol):
    """What a connector (the gateway, the HTTP API) needs of the agent: a ``PersonaAgent``, the triage in
    front of one (``TriagedAgent``), or a bus edge."""

    @property
    def bus(self) -> OutputBus: ...

    def submit(self, event: InputEvent) -> bool:
        """Take one input; False when it cannot be queued now (the caller reports ``busy``)."""
        ...

    def control(self, event: Control) -> None: ...


class TurnTaker(AgentPort, Protocol):
    """The agent itself, as the triage pump drives it: it takes an input only when it is free."""

    session_id: str
    persona_name: str
    turns_done: int
    state_hooks: list[Callable[[], None]]

    @property
    def queue_depth(self) -> int: ...

    @property
    def paused(self) -> bool: ...

    @property
    def in_turn(self) -> bool:
        """A turn is running (its own input's, an operator ``say``'s, an idle tick's)."""
        ...

    def submit(
        self, event: InputEvent, *, counted: bool = False, screening: Screening | None = None
    ) -> bool: ...

    def note_chat(self, now: float | None = None, line: InputEvent | None = None) -> None: ...

    def finish_sentence(self) -> bool:
        """End the current turn at the end of the sentence being spoken (False: no turn is running)."""
        ...

    def start(self) -> None: ...
