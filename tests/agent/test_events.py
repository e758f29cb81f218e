"""Protocol v1 models: envelope, discriminated parsing, validation rules."""

from __future__ import annotations

import json
from pathlib import Path

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


# --------------------------------------------------------------------------- one error vocabulary

_BUILTIN_EXCEPTIONS = {
    name
    for name, value in vars(__import__("builtins")).items()
    if isinstance(value, type) and issubclass(value, BaseException)
}
#: The root of each floor's tree; every other exception class of ours derives from one of them.
_ROOTS = {"agent/errors.py": "PersonaError", "knowledge/errors.py": "KnowledgeError"}
_ERROR_MODULES = ("agent/errors.py", "connectors/errors.py", "knowledge/errors.py")


def test_every_exception_class_is_in_its_floors_tree() -> None:
    """Every exception class of ours is defined at the top of its floor's errors module (agent, connectors,
    knowledge) and derives from PersonaError or KnowledgeError (a builtin beside it is fine, for callers that
    catch the builtin); none lives elsewhere or derives from a builtin exception alone."""
    import ast

    root = Path(__file__).resolve().parents[2]
    ours: set[str] = set()
    problems = []
    for rel in _ERROR_MODULES:
        for node in ast.parse((root / rel).read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(b) for b in node.bases]
                if all(b in _BUILTIN_EXCEPTIONS for b in bases) and _ROOTS.get(rel) != node.name:
                    problems.append(f"{rel}: class {node.name}({', '.join(bases)}) is outside the tree")
                ours.add(node.name)
    for package in ("agent", "behaviors", "connectors", "knowledge", "evals"):
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if rel in _ERROR_MODULES:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ClassDef):
                    bases = [ast.unparse(b).rsplit(".", 1)[-1] for b in node.bases]
                    if any(b in _BUILTIN_EXCEPTIONS or b in ours for b in bases):
                        problems.append(
                            f"{rel}: class {node.name}({', '.join(bases)}) outside the errors modules"
                        )
    assert ours >= {"PersonaError", "KnowledgeError", "ConnectorError"}
    assert not problems, "\n".join(problems)
