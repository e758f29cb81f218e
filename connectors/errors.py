"""The exception tree of ``connectors`` (floor 3), under the agent's ``PersonaError``.

::

    PersonaError (agent/errors.py)
    └── ConnectorError        a connector could not read its input
        ├── Refused           a client's input refused with a stable wire code (gateway and HTTP API)
        ├── BusURLError       a ``--bus`` value that is not a Redis URL (a ValueError)
        ├── BusUnavailable    Redis cannot be reached at start (a RuntimeError)
        ├── ParseError        a platform message that claims a known format but cannot be read (a ValueError)
        ├── LogFormatError    a comment log this project cannot read: unknown columns, unreadable times
        └── LiveRefused       a live platform (or the persona's gateway) refused ``persona live``: not retried

Wire errors are not exceptions: the gateway answers them with an ``error`` event whose code is one of
``agent.events.ErrorCode``.
"""

from __future__ import annotations

from typing import Any

from agent.errors import PersonaError


class ConnectorError(PersonaError):
    """Base class of every error ``connectors`` raises on purpose."""


class Refused(ConnectorError):
    """A client's input refused with a stable code (``agent.events.ErrorCode`` on the websocket; the HTTP
    API's codes in ``connectors/http_api.py``), a message for the client, and, over HTTP, a status."""

    def __init__(self, code: str, message: str, ref: str | None = None, status: int = 400, **extra: Any):
        super().__init__(message)
        self.code, self.message, self.ref, self.status, self.extra = code, message, ref, status, extra


class ParseError(ConnectorError, ValueError):
    """A message that claims a known format but cannot be read."""


class LogFormatError(ConnectorError, ValueError):
    """A log this module cannot read (unknown columns, unreadable times)."""


class BusURLError(ConnectorError, ValueError):
    """A ``--bus`` value that is not ``redis://`` or ``rediss://`` with a host."""


class BusUnavailable(ConnectorError, RuntimeError):
    """Redis cannot be reached at start; the message names the URL (password redacted)."""


class LiveRefused(ConnectorError):
    """A live platform refused the connection for good (bad token, unknown channel, HTTP 401/403/404), or
    the persona's gateway refused ``persona live``'s hello. Retrying cannot help, so it is not retried."""
