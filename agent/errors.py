"""The one exception tree of the persona agent.

::

    PersonaError
    ├── ProfileError          a persona YAML file is invalid (names the field and the line)
    ├── PerceptionError       a perception model artifact is missing or malformed
    ├── BackendError          a generation backend failed (connection, protocol, bad reply)
    │   └── BackendTimeout    it did not produce a first sentence before the deadline
    ├── MemoryStoreError      the conversation memory could not be read or written
    └── SafetyError           an output failed the final moderation check and no safe text was left

Third-party errors are translated at the boundary with ``raise ... from exc``.
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


class BackendTimeout(BackendError):
    """A generation backend missed its deadline."""


class MemoryStoreError(PersonaError):
    """The conversation memory could not be read or written."""


class SafetyError(PersonaError):
    """An output could not be made safe."""
