"""The file layer of a base: writes that are whole or absent, and digests that notice a changed file."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

_FULL_DIGEST_LIMIT = 256 << 20


def fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be opened
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Write ``path`` through a temporary sibling: write, fsync, rename, fsync the directory."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    fsync_dir(path.parent)


def file_digest(path: Path) -> str:
    """sha256 of the file; past 256 MiB, of its size and three 8 MiB samples (head, middle, tail), so that
    opening a million-vector base does not read 1.5 GB twice. Truncation always changes the size."""
    size = path.stat().st_size
    h = hashlib.sha256(str(size).encode())
    with open(path, "rb") as f:
        if size <= _FULL_DIGEST_LIMIT:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        else:
            for offset in (0, size // 2, size - (8 << 20)):
                f.seek(offset)
                h.update(f.read(8 << 20))
    return h.hexdigest()


def left_by_a_dead_process(tmp: Path) -> bool:
    """Whether ``tmp``, a temporary file :func:`atomic_write` names ``.NAME.PID.THREAD.tmp``, was left by a
    process that is gone (killed mid-write): such a file is never read and may be deleted."""
    try:
        pid = int(tmp.name.split(".")[-3])
    except (ValueError, IndexError):
        return False  # not a name atomic_write gives
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process, alive
        return False
    return False
