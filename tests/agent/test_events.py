"""Protocol v1 models: envelope, discriminated parsing, validation rules."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from agent.events import (
    Comment,
    Control,
    Emotion,
    User,
    dumps,
    new_id,
    parse_client_event,
    parse_server_event,
    schema_json,
)


def test_envelope_defaults_and_roundtrip() -> None:
    comment = Comment(user=User(id="1", name="a"), text="hi")
    data = json.loads(dumps(comment))
    assert data["v"] == 1 and data["type"] == "comment" and data["id"] and data["ts"] > 0
    assert parse_client_event(dumps(comment)) == comment


def test_ids_are_unique() -> None:
    assert len({new_id() for _ in range(10_000)}) == 10_000


@pytest.mark.parametrize(
    "data",
    [
        {"v": 1, "type": "comment", "id": "a", "ts": 0, "user": {"id": "1", "name": "n"}},  # no text
        {"v": 1, "type": "control", "id": "a", "ts": 0, "action": "say"},  # say without text
        {"v": 1, "type": "ping", "id": "a", "ts": 0, "extra": 1},  # unknown field
        {
            "v": 1,
            "type": "message",
            "id": "a",
            "ts": 0,
            "user": {"id": "1", "name": "n"},
            "attachments": [{"kind": "image", "mime": "image/png"}],
        },  # attachment without data or url
    ],
)
def test_invalid_client_events_are_rejected(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        parse_client_event(data)


def test_emotion_ranges() -> None:
    Emotion(label="joy", intensity=1, valence=-1, arousal=0)
    with pytest.raises(ValidationError):
        Emotion(label="joy", intensity=1.5)
    with pytest.raises(ValidationError):
        Emotion(label="joy", valence=-2)


def test_server_event_discrimination() -> None:
    event = parse_server_event({"v": 1, "type": "pong", "id": "p", "ts": 0, "seq": 3})
    assert event.type == "pong" and event.seq == 3
    with pytest.raises(ValidationError):
        parse_server_event({"v": 1, "type": "comment", "id": "p", "ts": 0})


def test_control_say_needs_text() -> None:
    assert Control(action="say", text="hello").text == "hello"


def test_schema_is_json() -> None:
    schema = json.loads(schema_json())
    assert {"ClientEvent", "ServerEvent", "SpeechAct", "Voice", "Animation"} <= set(schema["$defs"])
