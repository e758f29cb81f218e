"""docs/protocol.md shows every event type, and every example validates against the published schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from agent.events import (
    CLIENT_TYPES,
    ERROR_CODES,
    SERVER_TYPES,
    parse_client_event,
    parse_server_event,
    protocol_schema,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "protocol.md"


def _examples() -> list[dict[str, object]]:
    blocks = re.findall(r"```json\n(.*?)\n```", DOC.read_text(encoding="utf-8"), re.S)
    return [json.loads(block) for block in blocks]


def test_every_type_has_an_example() -> None:
    shown = {example["type"] for example in _examples()}
    assert shown == set(CLIENT_TYPES) | set(SERVER_TYPES)


def test_examples_validate_against_the_schema() -> None:
    schema = protocol_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for example in _examples():
        errors = list(validator.iter_errors(example))
        assert not errors, f"{example['type']}: {errors[0].message}"
        parse = parse_client_event if example["type"] in CLIENT_TYPES else parse_server_event
        assert parse(example).type == example["type"]


def test_schema_rejects_what_the_models_reject() -> None:
    validator = jsonschema.Draft202012Validator(protocol_schema())
    bad = [
        {"v": 1, "type": "comment", "id": "x", "ts": 0, "text": "no user"},
        {"v": 2, "type": "ping", "id": "x", "ts": 0},
        {"v": 1, "type": "control", "id": "x", "ts": 0, "action": "explode"},
        {
            "v": 1,
            "type": "speech_act",
            "id": "x",
            "ts": 0,
            "act": "sing",
            "text": "",
            "emotion": {"label": "joy", "intensity": 0.5, "valence": 0, "arousal": 0},
        },
    ]
    for message in bad:
        assert list(validator.iter_errors(message)), message


def test_error_code_table_lists_exactly_the_wire_codes() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text[text.index("| code | when |") :].split("\n\n", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", table, re.M)
    assert sorted(documented) == sorted(ERROR_CODES)
    assert len(documented) == len(set(documented))
