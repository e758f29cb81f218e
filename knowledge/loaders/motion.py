"""Gesture catalogs: YAML or JSON lists of motion clips, indexed by meaning for text-to-action.

Each entry has ``name``, ``description``, ``tags``, ``duration`` (milliseconds, or a string such as "1.2s")
and ``file`` (the clip, relative to the catalog). A bad entry is reported and skipped; the rest load.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from knowledge.errors import LoaderError
from knowledge.types import Chunk


def is_catalog(data: Any) -> bool:
    """A list of mappings (under ``gestures`` or at the top), at least one of them named."""
    entries = data.get("gestures") if isinstance(data, dict) else data
    return (
        isinstance(entries, list)
        and all(isinstance(e, dict) for e in entries)
        and any("name" in e for e in entries)
    )


def clip_files(path: Path, data: Any) -> list[Path]:
    entries = data.get("gestures") if isinstance(data, dict) else data
    files = (
        [str(e.get("file", "")).strip() for e in entries if isinstance(e, dict)]
        if isinstance(entries, list)
        else []
    )
    return [(path.parent / f).resolve() for f in files if f]


def _duration_ms(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("duration must be a number")
    if isinstance(value, int | float):
        return int(value)
    m = re.fullmatch(r"\s*([0-9.]+)\s*(ms|s)?\s*", str(value))
    if not m:
        raise ValueError(f"duration {value!r} is not milliseconds or seconds")
    number = float(m.group(1))
    return int(number * 1000) if m.group(2) == "s" else int(number)


def catalog_chunks(path: Path, data: Any, warnings: list[str]) -> list[Chunk]:
    entries = data.get("gestures") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise LoaderError(f"{path}: a gesture catalog needs a list under 'gestures'")
    chunks = []
    for i, entry in enumerate(entries):
        try:
            name = str(entry["name"]).strip()
            description = str(entry.get("description", "")).strip()
            tags = entry.get("tags") or []
            if isinstance(tags, str):
                tags = [t.strip() for t in tags.split(",")]
            tags = [str(t) for t in tags]
            duration_ms = _duration_ms(entry.get("duration", entry.get("duration_ms", 0)))
            file = str(entry.get("file", "")).strip()
            if not name:
                raise ValueError("no name")
        except (KeyError, TypeError, ValueError) as exc:
            name = entry.get("name", "?") if isinstance(entry, dict) else "?"
            warnings.append(f"{path}: gesture #{i + 1} ({name}) skipped ({exc})")
            continue
        clip = (path.parent / file).resolve() if file else None
        if clip is not None and not clip.exists():
            warnings.append(f"{path}: gesture {name!r}: clip {file} not found")
        text = f"{name.replace('-', ' ')}: {description}" + (f" Tags: {', '.join(tags)}." if tags else "")
        chunks.append(
            Chunk(
                text=text,
                modality="motion",
                span=f"gesture {name}",
                context="gesture",
                metadata={
                    "name": name,
                    "description": description,
                    "tags": tags,
                    "duration_ms": duration_ms,
                    "file": str(clip) if clip else "",
                    "file_relative": file,
                },
            )
        )
    return chunks
