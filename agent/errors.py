"""The one exception tree of the persona agent.

::

    PersonaError
    ├── ProfileError          a persona YAML file is invalid (names the field and the line)
    ├── PerceptionError       a perception model artifact is missing or malformed
    ├── BackendError          a generation backend failed (connection, protocol, bad reply, a stall)
    ├── MemoryStoreError      the conversation memory could not be read or written
    └── VoiceError            a voice engine is unusable (also a RuntimeError)
        ├── EspeakError       espeak-ng could not be loaded or failed to synthesize
        └── SplitUnavailable  a piper model cannot be split into windowed halves

Third-party errors are translated at the boundary with ``raise ... from exc``. ``knowledge`` (floor 1, which
imports nothing of ours) has its own tree in ``knowledge/errors.py``; ``connectors`` derive theirs from
``PersonaError`` in ``connectors/errors.py``. What goes on the wire is an ``error`` event with one of the
codes of ``agent.events.ErrorCode``.
"""

from __future__ import annotations


class PersonaError(Exception):
    """Base class of every error the agent raises on purpose."""


class ProfileError(PersonaError):
    """A persona profile is invalid. ``field`` and ``line`` locate the problem in the YAML file."""

    def __init__(
        self, message: str, *, path: str | None = None, field: str | None = None, line: int | None = None
    ):
        self.path = path
        self.field = field
        self.line = line
        where = ":".join(str(p) for p in (path, line) if p is not None)
        prefix = f"{where}: " if where else ""
        at = f"field {field!r}: " if field else ""
        super().__init__(f"{prefix}{at}{message}")


class PerceptionError(PersonaError):
    """A perception artifact (classifier weights, lexicon) is missing or malformed."""


class BackendError(PersonaError):
    """A generation backend failed."""


class MemoryStoreError(PersonaError):
    """The conversation memory could not be read or written."""


class VoiceError(PersonaError, RuntimeError):
    """A voice engine cannot be used (a RuntimeError too, for callers that fall back on any of them)."""


class EspeakError(VoiceError):
    """espeak-ng could not be loaded or failed to synthesize."""


class SplitUnavailable(VoiceError):
    """The model cannot be split, or its windowed decoding does not reproduce the whole model."""
