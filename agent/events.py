"""Event protocol v1 (v1.1: livestream events, ``speech_act.addressees``; v1.2: ``speech_act.act`` names
what the sentence says, the composer's ``reply``, ``comfort`` and ``care`` among them): the agent's public
language.

Every message on the wire is one JSON object with an envelope (``v``, ``type``, ``id``, ``ts``) and the
fields of its type. ``type`` discriminates the union, so ``parse_client_event`` / ``parse_server_event``
return the right model. Server output also carries ``seq`` (per connection, set by the gateway),
``session_id``, ``turn_id`` and, for spoken output, ``utterance_id``.

``persona schema`` prints ``protocol_schema()``; docs/protocol.md shows an example of every type.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

PROTOCOL_VERSION = 1
#: The minor version: v1.1 adds superchat, membership, subscription, follow, raid, entrance and
#: ``speech_act.addressees``; every v1 message is still valid, and ``welcome`` carries ``protocol_version``.
#: v1.2 (session 28): ``speech_act.act`` may also be ``reply``, ``comfort`` or ``care`` (``SaidActName``).
PROTOCOL_MINOR = 2

SpeechActName = Literal[
    "answer",
    "greet",
    "thank",
    "cheer",
    "promote",
    "inform",
    "ask",
    "clarify",
    "apologize",
    "refuse",
    "farewell",
]
SPEECH_ACTS: tuple[str, ...] = SpeechActName.__args__  # type: ignore[attr-defined]
#: v1.2: what a ``speech_act`` may name - the plan's acts and the composer's own marks (``Sentence.act``),
#: which say what the sentence is whatever was planned: ``reply`` (a viewer's line taken up: an
#: acknowledgement or a follow-up question), ``comfort`` (a kind line to a viewer's own sorrow), ``care`` (a
#: calm line that points a viewer in danger to help). A renderer picks its animation from it.
SaidActName = Literal[SpeechActName, "reply", "comfort", "care"]
SAID_ACTS: tuple[str, ...] = SaidActName.__args__  # type: ignore[attr-defined]


def said_act(marked: str | None, planned: str | None) -> SaidActName:
    """The act a sentence's ``speech_act`` names: the composer's mark ``marked`` (the act it realized in the
    sentence, e.g. ``comfort`` under a planned ``ask``), else the plan's act ``planned``, else ``inform`` (an
    operator's line); a mark or plan outside ``SAID_ACTS`` falls to the next."""
    for act in (marked, planned):
        if act in SAID_ACTS:
            return cast("SaidActName", act)
    return "inform"


def new_id(prefix: str = "") -> str:
    """A short unique id (uuid4 hex), optionally prefixed for readability in logs."""
    return f"{prefix}{uuid.uuid4().hex[:16]}"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- shared value types


class Emotion(_Model):
    """An emotion: a label and intensity for simple rigs, valence/arousal for blend-space rigs."""

    label: str = "neutral"
    intensity: float = Field(0.0, ge=0.0, le=1.0)
    valence: float = Field(0.0, ge=-1.0, le=1.0)
    arousal: float = Field(0.0, ge=0.0, le=1.0)


class User(_Model):
    id: str = Field(min_length=1, max_length=256)
    name: str = Field(max_length=256)


class Attachment(_Model):
    kind: Literal["image", "audio", "video"]
    mime: str = Field(max_length=128)
    data_b64: str | None = None
    url: str | None = Field(None, max_length=4096)

    @model_validator(mode="after")
    def _one_source(self) -> Attachment:
        if (self.data_b64 is None) == (self.url is None):
            raise ValueError("an attachment needs exactly one of data_b64 or url")
        return self


class Citation(_Model):
    source: str
    span: str = ""
    quote: str = ""


class Viseme(_Model):
    t_ms: int = Field(ge=0)
    viseme: Literal["sil", "PP", "FF", "TH", "DD", "kk", "CH", "SS", "nn", "RR", "aa", "E", "ih", "oh", "ou"]
    weight: float = Field(1.0, ge=0.0, le=1.0)


class ExpressionKey(_Model):
    t_ms: int = Field(ge=0)
    blendshapes: dict[str, float]


class GestureCue(_Model):
    t_ms: int = Field(ge=0)
    name: str
    duration_ms: int = Field(ge=0)
    intensity: float = Field(1.0, ge=0.0, le=1.0, description="how big the gesture is (from arousal)")


# --------------------------------------------------------------------------- envelope


class Envelope(_Model):
    v: Literal[1] = 1
    id: str = Field(default_factory=new_id, min_length=1, max_length=128)
    ts: float = Field(default_factory=time.time)


class ServerEnvelope(Envelope):
    """Server output. The gateway stamps ``seq`` per connection; the agent leaves it at 0."""

    seq: int = Field(0, ge=0)
    session_id: str = ""
    turn_id: str | None = None


# --------------------------------------------------------------------------- client -> server

Role = Literal["renderer", "source", "operator"]


class Hello(Envelope):
    type: Literal["hello"] = "hello"
    role: Role
    token: str | None = Field(None, max_length=512)
    session_id: str | None = Field(None, max_length=128, description="the session to resume (from welcome)")
    resume_from: int | None = Field(None, ge=0, description="last seq received; replay what came after")
    subscribe: list[str] | None = Field(None, description="output types wanted; all when omitted")


class Comment(Envelope):
    type: Literal["comment"] = "comment"
    platform: str = Field("web", max_length=64)
    channel: str = Field("default", max_length=256)
    user: User
    text: str = Field(max_length=4000)


class Gift(Envelope):
    type: Literal["gift"] = "gift"
    platform: str = Field("web", max_length=64)
    channel: str = Field("default", max_length=256)
    user: User
    gift: str = Field(max_length=256)
    amount: float = Field(1.0, ge=0)


class Superchat(Envelope):
    """A paid message (YouTube Super Chat, Bilibili SC, Twitch bits with text): read and answered."""

    type: Literal["superchat"] = "superchat"
    platform: str = Field("web", max_length=64)
    channel: str = Field("default", max_length=256)
    user: User
    amount: float = Field(ge=0)
    currency: str = Field("USD", max_length=16)
    text: str = Field("", max_length=4000)


class Membership(Envelope):
    """A paid membership (YouTube member, Bilibili guard): thanked."""

    type: Literal["membership"] = "membership"
    platform: str = Field("web", max_length=64)
    channel: str = Field("default", max_length=256)
    user: User
    tier: str = Field("", max_length=128)
    months: int = Field(1, ge=0)
    text: str = Field("", max_length=4000)


class Subscription(Envelope):
    """A subscription (Twitch sub or resub): thanked."""

    type: Literal["subscription"] = "subscription"
    platform: str = Field("web", max_length=64)
    channel: str = Field("default", max_length=256)
    user: User
    tier: str = Field("", max_length=128)
    months: int = Field(1, ge=0)
    text: str = Field("", max_length=4000)


class _NoText(Envelope):
    @property
    def text(self) -> str:
        """No words came with it (the agent reads every input's ``text``)."""
        return ""


class Follow(_NoText):
    """A new follower: thanked."""

    type: Literal["follow"] = "follow"
    platform: str = Field("web", max_length=64)
    channel: str = Field("default", max_length=256)
    user: User


class Entrance(_NoText):
    """A viewer entered the room (Bilibili INTERACT_WORD): greeted."""

    type: Literal["entrance"] = "entrance"
    platform: str = Field("web", max_length=64)
    channel: str = Field("default", max_length=256)
    user: User


class Raid(_NoText):
    """Another channel sends its viewers over: welcomed (``from`` is the raiding channel)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, serialize_by_alias=True)

    type: Literal["raid"] = "raid"
    platform: str = Field("web", max_length=64)
    channel: str = Field("default", max_length=256)
    from_: str = Field(alias="from", min_length=1, max_length=256)
    viewers: int = Field(0, ge=0)

    @property
    def user(self) -> User:
        """The raiding channel, as the one the welcome is addressed to."""
        return User(id=f"raid:{self.from_}", name=self.from_)


class Message(Envelope):
    type: Literal["message"] = "message"
    channel: str = Field("dm", max_length=256)
    user: User
    text: str = Field("", max_length=4000)
    attachments: list[Attachment] = Field(default_factory=list, max_length=8)


class Question(Envelope):
    type: Literal["question"] = "question"
    user: User
    text: str = Field(max_length=4000)


class Control(Envelope):
    type: Literal["control"] = "control"
    action: Literal["interrupt", "pause", "resume", "say"]
    text: str | None = Field(None, max_length=4000)

    @model_validator(mode="after")
    def _say_needs_text(self) -> Control:
        if self.action == "say" and not (self.text and self.text.strip()):
            raise ValueError("control action 'say' needs text")
        return self


class Ping(Envelope):
    type: Literal["ping"] = "ping"


#: The livestream events of v1.1 (each reaches the behavior tree as its own kind).
LiveEvent = Superchat | Membership | Subscription | Follow | Raid | Entrance
InputEvent = Comment | Gift | Message | Question | LiveEvent
ClientEvent = Annotated[
    Hello | Comment | Gift | Message | Question | Control | Ping | LiveEvent, Field(discriminator="type")
]

# --------------------------------------------------------------------------- server -> client


class Welcome(ServerEnvelope):
    type: Literal["welcome"] = "welcome"
    protocol: int = PROTOCOL_VERSION
    protocol_version: str = f"{PROTOCOL_VERSION}.{PROTOCOL_MINOR}"
    persona: str
    capabilities: list[str]


class SpeechAct(ServerEnvelope):
    type: Literal["speech_act"] = "speech_act"
    utterance_id: str | None = None
    act: SaidActName  # v1.2: what the sentence says (``said_act``), the composer's own acts included
    text: str
    emotion: Emotion
    addressee: str | None = None
    addressees: list[str] = Field(
        default_factory=list, max_length=64, description="v1.1: everyone addressed (addressee is the first)"
    )
    in_reply_to: str | None = None
    citations: list[Citation] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _addressees(cls, data: Any) -> Any:
        """v1.1: ``addressees`` lists everyone addressed; filled from ``addressee`` when only it is given,
        and ``addressee`` from the first of ``addressees`` (so v1 clients read the same)."""
        if isinstance(data, dict):
            one, many = data.get("addressee"), data.get("addressees")
            if one and not many:
                data = {**data, "addressees": [one]}
            elif many and not one:
                data = {**data, "addressee": many[0]}
        return data


class UtteranceStarted(ServerEnvelope):
    type: Literal["utterance_started"] = "utterance_started"
    utterance_id: str
    text: str
    duration_ms: int = Field(ge=0)


class Voice(ServerEnvelope):
    type: Literal["voice"] = "voice"
    utterance_id: str
    chunk: int = Field(ge=0)
    t_ms: int = Field(ge=0)
    format: Literal["wav_pcm16"] = "wav_pcm16"
    sample_rate: int = Field(gt=0)
    audio: str = Field(description="base64 of a WAV (PCM16 mono) chunk")
    final: bool = False


class Animation(ServerEnvelope):
    type: Literal["animation"] = "animation"
    utterance_id: str | None = None
    visemes: list[Viseme] = Field(default_factory=list)
    expression: list[ExpressionKey] = Field(default_factory=list)
    gestures: list[GestureCue] = Field(default_factory=list)


class UtteranceFinished(ServerEnvelope):
    type: Literal["utterance_finished"] = "utterance_finished"
    utterance_id: str
    spoken_text: str


class UtteranceCancelled(ServerEnvelope):
    type: Literal["utterance_cancelled"] = "utterance_cancelled"
    utterance_id: str
    spoken_text: str


class Behavior(ServerEnvelope):
    type: Literal["behavior"] = "behavior"
    branch: str
    reason: str


#: Every error code on the wire; docs/protocol.md's table lists exactly these (a test checks it).
ErrorCode = Literal[
    "invalid_json",
    "invalid_text",
    "unknown_type",
    "invalid_event",
    "forbidden",
    "binary_not_supported",
    "rate_limited",
    "hello_required",
    "unauthorized",
    "resume_gap",
    "unknown_session",
    "busy",
    "image_too_large",
    "image_unreadable",
    "internal",
]
ERROR_CODES: tuple[str, ...] = ErrorCode.__args__  # type: ignore[attr-defined]


class Error(ServerEnvelope):
    type: Literal["error"] = "error"
    code: ErrorCode
    message: str
    ref: str | None = None


class Pong(ServerEnvelope):
    type: Literal["pong"] = "pong"


#: What ``audience`` carries: the public livestream inputs (never a direct ``message`` or a ``question``).
AudienceInput = Annotated[Comment | Gift | LiveEvent, Field(discriminator="type")]
AUDIENCE_TYPES: frozenset[str] = frozenset(
    {"comment", "gift", "superchat", "membership", "subscription", "follow", "raid", "entrance"}
)


class Audience(ServerEnvelope):
    """v1.1: an input another client sent (a viewer's comment, a superchat, a raid...), shown to every
    client of the gateway that took it, so a control page sees every source's chat (droppable)."""

    type: Literal["audience"] = "audience"
    event: AudienceInput


ServerEvent = Annotated[
    Welcome
    | SpeechAct
    | UtteranceStarted
    | Voice
    | Animation
    | UtteranceFinished
    | UtteranceCancelled
    | Behavior
    | Error
    | Pong
    | Audience,
    Field(discriminator="type"),
]
ServerEventModel = (
    Welcome
    | SpeechAct
    | UtteranceStarted
    | Voice
    | Animation
    | UtteranceFinished
    | UtteranceCancelled
    | Behavior
    | Error
    | Pong
    | Audience
)

CLIENT_TYPES: tuple[str, ...] = ("hello", "comment", "gift", "message", "question", "control", "ping")
#: v1.1's livestream input types (client -> server, like ``comment``).
LIVE_TYPES: tuple[str, ...] = ("superchat", "membership", "subscription", "follow", "raid", "entrance")
CLIENT_TYPES = CLIENT_TYPES + LIVE_TYPES
SERVER_TYPES: tuple[str, ...] = (
    "welcome",
    "speech_act",
    "utterance_started",
    "voice",
    "animation",
    "utterance_finished",
    "utterance_cancelled",
    "behavior",
    "error",
    "pong",
    "audience",
)
#: Output a slow client may lose first (it is informative, not needed to render the persona).
DROPPABLE_TYPES: frozenset[str] = frozenset({"behavior", "audience"})

_client_adapter: TypeAdapter[Any] = TypeAdapter(ClientEvent)
_server_adapter: TypeAdapter[Any] = TypeAdapter(ServerEvent)


def parse_client_event(
    data: str | bytes | dict[str, Any],
) -> Hello | Comment | Gift | Message | Question | Control | Ping | LiveEvent:
    """Validate one client message. Raises ``pydantic.ValidationError`` or ``ValueError`` (bad JSON)."""
    if isinstance(data, dict):
        return _client_adapter.validate_python(data)  # type: ignore[no-any-return]
    return _client_adapter.validate_json(data)  # type: ignore[no-any-return]


def parse_server_event(data: str | bytes | dict[str, Any]) -> ServerEventModel:
    if isinstance(data, dict):
        return _server_adapter.validate_python(data)  # type: ignore[no-any-return]
    return _server_adapter.validate_json(data)  # type: ignore[no-any-return]


def protocol_schema() -> dict[str, Any]:
    """JSON Schema of the whole protocol: ``ClientEvent`` and ``ServerEvent`` unions with shared $defs."""
    client = _client_adapter.json_schema(ref_template="#/$defs/{model}")
    server = _server_adapter.json_schema(ref_template="#/$defs/{model}")
    defs: dict[str, Any] = {**client.pop("$defs", {}), **server.pop("$defs", {})}
    defs["ClientEvent"] = client
    defs["ServerEvent"] = server
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://persona.dev/schema/protocol-v1.json",
        "title": f"persona event protocol v{PROTOCOL_VERSION}.{PROTOCOL_MINOR}",
        "oneOf": [{"$ref": "#/$defs/ClientEvent"}, {"$ref": "#/$defs/ServerEvent"}],
        "$defs": defs,
    }


def dumps(event: BaseModel) -> str:
    """Compact JSON for the wire."""
    return event.model_dump_json(exclude_none=True)


def schema_json() -> str:
    return json.dumps(protocol_schema(), indent=2, sort_keys=True)
