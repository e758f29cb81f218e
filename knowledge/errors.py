"""The one exception tree of ``knowledge``.

```
KnowledgeError
 +-- IndexCorrupt      a base on disk that cannot be used as it is (truncated, foreign, mismatched)
 +-- LoaderError       one file could not be read; ingest reports it by name and goes on
 |    +-- UnsupportedFile
 |    +-- MediaRefused  an image, audio or video above its budget or unreadable (``code`` is stable)
 +-- ReadOnlyBase      ingest into the shared sample base
 +-- OnnxUnavailable   the ONNX text encoder cannot be built or used (also a RuntimeError: PyTorch serves)
 +-- ReaderUnavailable the opt-in neural reader's weights are absent or its base model is not the pinned one
```
Third-party errors (sqlite3, faiss, PIL, subprocess) are translated at the boundary with
``raise ... from exc``.
"""

from __future__ import annotations

from pathlib import Path


class KnowledgeError(Exception):
    """Base class of every error ``knowledge`` raises on purpose."""


class IndexCorrupt(KnowledgeError):
    """The knowledge base on disk cannot be loaded; nothing of it was used.

    ``path`` is the offending file. The message names it and says how to fix it.
    """

    def __init__(self, path: Path | str, problem: str, kb_dir: Path | str | None = None) -> None:
        self.path = Path(path)
        self.problem = problem
        where = f" --kb {kb_dir}" if kb_dir is not None else ""
        super().__init__(
            f"{self.path}: {problem}. The knowledge base was not loaded; rebuild it from its sources with "
            f"`persona ingest --rebuild{where}`."
        )


class LoaderError(KnowledgeError):
    """One file could not be turned into chunks (unreadable, malformed, a tool missing)."""


class UnsupportedFile(LoaderError):
    """No loader handles this kind of file."""


class MediaRefused(LoaderError):
    """An image, audio or video refused before (or instead of) decoding it: above the pixel, byte or duration
    budget, or not readable as what it claims to be. ``code`` is stable, for a wire ``error``:
    ``image_too_large``, ``image_unreadable``, ``media_too_large``, ``media_too_long``."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


class ReadOnlyBase(KnowledgeError):
    """The base was opened read-only (the shared sample base): ingest into a base of your own."""


class OnnxUnavailable(KnowledgeError, RuntimeError):
    """The ONNX graph could not be built or does not reproduce the PyTorch model."""


class ReaderUnavailable(KnowledgeError):
    """The opt-in neural reader (``PERSONA_READER=neural``) cannot be loaded: its weights file is absent, or
    the installed base model is not the pinned one."""
