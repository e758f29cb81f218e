"""Where the package keeps what it derives from installed files (the sample base, the ONNX graphs), and how
entries nobody uses any more are cleared.

Cache entries are keyed by the installed files and library versions they come from, so every new virtual
environment (a fresh clone, an upgrade) adds its own: ~90-150 MB per MiniLM pair, ~60 MB per piper pair.
An entry's modification time is refreshed each time a process uses it (:func:`mark_used`), and entries of
the same kind unused for :data:`STALE_AFTER_S` are deleted (:func:`prune_stale`) when a process opens its
own. Environments in use keep their entries; abandoned ones stop costing disk after a month.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

#: Entries unused for this long are deleted (30 days).
STALE_AFTER_S = 30 * 24 * 3600.0


def cache_root() -> Path:
    """``PERSONA_CACHE_DIR``, else ``$XDG_CACHE_HOME/persona``, else ``~/.cache/persona``."""
    env = os.environ.get("PERSONA_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "persona"


def derived_key(source: Path, libraries: Sequence[str], tag: str) -> str:
    """The cache key of what is derived from the installed file ``source`` by the installed ``libraries``
    (format ``tag``): it changes when the file (size, modification time) or a library version does.

    Raises ``importlib.metadata.PackageNotFoundError`` when one of ``libraries`` is not installed."""
    from importlib.metadata import version

    stat = source.stat()
    versions = ":".join(version(name) for name in libraries)
    return hashlib.sha256(f"{stat.st_size}:{int(stat.st_mtime)}:{versions}:{tag}".encode()).hexdigest()[:16]


def mark_used(*paths: Path) -> None:
    """Refresh the modification time of cache entries just used, so :func:`prune_stale` keeps them."""
    for path in paths:
        try:
            os.utime(path)
        except OSError:  # read-only cache, or gone: nothing to keep
            pass


def stale_entries(
    entries: Iterable[tuple[Path, float]], keep: Iterable[Path], now: float, max_age_s: float = STALE_AFTER_S
) -> list[Path]:
    """The entries (path, modification time) older than ``max_age_s`` at ``now``, except those in ``keep``."""
    kept = {Path(p) for p in keep}
    return [path for path, mtime in entries if path not in kept and now - mtime > max_age_s]


def prune_stale(
    directory: Path, pattern: str, keep: Iterable[Path] = (), max_age_s: float = STALE_AFTER_S
) -> list[Path]:
    """Delete the files or folders of ``directory`` matching ``pattern`` that nobody has used for
    ``max_age_s``, except ``keep``. Best effort: an entry that cannot be read or removed is left alone.
    Returns what was removed."""
    entries = []
    for path in Path(directory).glob(pattern):
        try:
            entries.append((path, path.stat().st_mtime))
        except OSError:
            continue
    removed = []
    for path in stale_entries(entries, keep, time.time(), max_age_s):
        try:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError as e:
            log.debug("could not remove stale cache entry %s: %s", path, e)
            continue
        log.info("removed cache entry unused for %d days: %s", max_age_s // 86400, path)
        removed.append(path)
    return removed
