"""Client frames as hostile input: JSON nesting checked before ``json.loads``, lone surrogates refused after,
roles checked, fields validated, inline images screened from their header. Pure functions; every refusal is a
``connectors.errors.Refused`` with a wire code of ``agent.events.ErrorCode``. Used by the gateway's session
(``connectors/session.py``) and the HTTP API (``load_json``).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from pydantic import ValidationError

from agent.events import CLIENT_TYPES, LIVE_TYPES, ErrorCode, Message, parse_client_event
from connectors.errors import Refused
from knowledge.errors import MediaRefused

INPUT_TYPES = frozenset({"comment", "gift", "message", "question", *LIVE_TYPES})  # v1.1 adds LIVE_TYPES
ROLE_MAY_SEND: dict[str, frozenset[str]] = {
    "renderer": frozenset({"hello", "ping"}),
    "source": frozenset({"hello", "ping"}) | INPUT_TYPES,
    "operator": frozenset({"hello", "ping", "control"}) | INPUT_TYPES,
}

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def json_depth(text: str, limit: int) -> int:
    """How deep objects/arrays nest in ``text`` (strings skipped), stopping once past ``limit``."""
    if text.count("[") + text.count("{") <= limit:
        return 0  # cannot be deeper than the number of openers
    depth = deepest = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    break
        elif token in "]}":
            depth -= 1
    return deepest


def _has_lone_surrogate(data: Any) -> bool:
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def load_json(raw: str | bytes, max_depth: int = 32) -> Any:
    """Parse hostile JSON text: nesting checked before ``json.loads``, lone surrogates refused after.

    Raises ``Refused`` (``invalid_json`` or ``invalid_text``, HTTP status 400) and nothing else."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Refused("invalid_json", f"not UTF-8 text: {exc.reason} at byte {exc.start}") from None
    if json_depth(raw, max_depth) > max_depth:
        raise Refused("invalid_json", f"JSON nested deeper than {max_depth} levels")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        raise Refused("invalid_json", f"not valid JSON: {exc}") from None
    if _has_lone_surrogate(data):
        raise Refused("invalid_text", "strings must be valid Unicode text (a lone surrogate escape was sent)")
    return data


def parse_frame(raw: str | bytes, role: str | None, max_depth: int) -> Any:
    """One client frame to a client event, or ``Refused``. Never raises anything else for any input."""
    if isinstance(raw, bytes | bytearray | memoryview):
        raise Refused("binary_not_supported", "binary frames are not supported; send JSON text")
    try:
        data = load_json(raw, max_depth)
    except Refused as exc:
        if exc.code == "invalid_text":
            exc.ref = _clean_ref(raw)
        raise
    if not isinstance(data, dict):
        raise Refused("invalid_event", "a message must be a JSON object")
    ref = data.get("id") if isinstance(data.get("id"), str) else None
    ref = ref[:128] if ref is not None else None
    kind = data.get("type")
    if kind not in CLIENT_TYPES:
        shown = repr(kind)[:64] if isinstance(kind, str) else type(kind).__name__
        raise Refused("unknown_type", f"unknown type {shown}", ref)
    if role is not None and kind not in ROLE_MAY_SEND[role]:
        raise Refused("forbidden", f"a {role} may not send {kind!r}", ref)
    try:
        return parse_client_event(data)
    except ValidationError as exc:
        raise Refused("invalid_event", describe(exc), ref) from None


def screen_attachments(message: Message) -> tuple[Message, list[tuple[ErrorCode, str]]]:
    """Refuse inline images that are not images or are above the image budget, from their header alone
    (``knowledge.imaging.check_image``; nothing is decoded). Returns the message without them, and why."""
    from knowledge.imaging import check_image

    kept = []
    refusals: list[tuple[ErrorCode, str]] = []
    for n, att in enumerate(message.attachments, 1):
        if att.kind == "image" and att.data_b64 is not None:
            try:
                check_image(base64.b64decode(att.data_b64, validate=True))
            except binascii.Error:
                refusals.append(("image_unreadable", f"attachment {n}: data_b64 is not base64"))
                continue
            except MediaRefused as exc:
                code: ErrorCode = "image_too_large" if exc.code == "image_too_large" else "image_unreadable"
                refusals.append((code, f"attachment {n}: {exc}"))
                continue
        kept.append(att)
    if not refusals:
        return message, []
    return message.model_copy(update={"attachments": kept}), refusals


def _clean_ref(raw: str) -> str | None:
    """The ``id`` of a frame refused for a lone surrogate elsewhere, when that id itself is clean."""
    try:
        data = json.loads(raw)  # already parsed once: depth and syntax are known good
    except (ValueError, RecursionError):
        return None
    ref = data.get("id") if isinstance(data, dict) else None
    return ref[:128] if isinstance(ref, str) and not _has_lone_surrogate(ref) else None


def describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err["loc"][1:] if p != err["loc"][0]) or ".".join(map(str, err["loc"]))
        parts.append(f"{loc[:64]}: {err['msg'][:200]}")
    return "invalid fields: " + "; ".join(parts)
