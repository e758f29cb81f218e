"""Loaders: one file in, chunks out, chosen by extension.

Sidecars travel with the file they describe and are never ingested on their own: ``photo.png.json`` or
``photo.json`` (or .yaml) for an image or media file; ``clip.srt`` / ``clip.vtt`` (or ``clip.mp4.srt``) for a
media file. A sidecar's content is part of its file's content hash, so editing a caption re-ingests the image.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from knowledge.errors import LoaderError, UnsupportedFile
from knowledge.types import Chunk

TEXT = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "plain",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
}
IMAGE = {".png", ".jpg", ".jpeg", ".webp"}
AUDIO = {".wav", ".mp3"}
VIDEO = {".mp4", ".webm"}
TRANSCRIPT = {".srt", ".vtt"}
STRUCTURED = {".yaml", ".yml", ".json"}
SUPPORTED = set(TEXT) | IMAGE | AUDIO | VIDEO | TRANSCRIPT | STRUCTURED

# bump when a loader's output changes, so unchanged files are re-ingested with the new loader
LOADER_VERSION = "1"


@dataclass
class Loaded:
    modality: str
    chunks: list[Chunk]
    warnings: list[str] = field(default_factory=list)


def _ext(path: Path) -> str:
    return path.suffix.lower()


def meta_sidecars(path: Path) -> list[Path]:
    """Existing metadata sidecars of an image or media file, most specific first."""
    names = [path.name + ext for ext in (".json", ".yaml", ".yml")]
    names += [path.stem + ext for ext in (".json", ".yaml", ".yml")]
    return [path.with_name(n) for n in names if path.with_name(n).is_file()]


def transcript_for(path: Path) -> Path | None:
    for name in (path.name + ".vtt", path.name + ".srt", path.stem + ".vtt", path.stem + ".srt"):
        candidate = path.with_name(name)
        if candidate.is_file():
            return candidate
    return None


def catalog_clips(path: Path) -> list[Path]:
    """The clip files a gesture catalog names (existing ones); [] for anything that is not a catalog."""
    from knowledge.loaders.motion import clip_files, is_catalog

    if _ext(path) not in STRUCTURED or primary_of(path) is not None:
        return []
    try:
        data = read_structured(path)
    except LoaderError:
        return []
    return [f for f in clip_files(path, data) if f.is_file()] if is_catalog(data) else []


def sidecars(path: Path) -> list[Path]:
    """Every file whose content belongs to ``path``'s document (a catalog's clips are part of it too)."""
    ext = _ext(path)
    if ext in IMAGE:
        return meta_sidecars(path)[:1]
    if ext in AUDIO | VIDEO:
        transcript = transcript_for(path)
        return meta_sidecars(path)[:1] + ([transcript] if transcript else [])
    if ext in STRUCTURED:
        return catalog_clips(path)
    return []


def primary_of(path: Path) -> Path | None:
    """The image or media file this file is a sidecar of, if any."""
    ext = _ext(path)
    if ext not in STRUCTURED | TRANSCRIPT:
        return None
    owners = IMAGE | AUDIO | VIDEO if ext in STRUCTURED else AUDIO | VIDEO
    inner = Path(path.stem)  # "photo.png" of "photo.png.json"
    if _ext(inner) in owners and path.with_name(inner.name).is_file():
        return path.with_name(inner.name)
    for owner_ext in sorted(owners):
        candidate = path.with_name(path.stem + owner_ext)
        if candidate.is_file():
            return candidate
    return None


def read_structured(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
        return json.loads(text) if _ext(path) == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise LoaderError(f"{path}: cannot parse ({type(exc).__name__}: {exc})") from exc


def _sidecar_meta(path: Path) -> dict[str, Any]:
    found = meta_sidecars(path)
    if not found:
        return {}
    data = read_structured(found[0])
    if not isinstance(data, dict):
        raise LoaderError(f"{found[0]}: a sidecar must be a mapping (caption, alt, tags, ...)")
    return data


def modality_of(path: Path) -> str:
    ext = _ext(path)
    if ext in IMAGE:
        return "image"
    if ext in VIDEO:
        return "video"
    if ext in AUDIO or ext in TRANSCRIPT:
        return "audio"
    if ext in STRUCTURED:
        return "motion"
    return "text"


def load(path: Path) -> Loaded:
    """Chunks of one file. Raises UnsupportedFile or LoaderError (both name the file)."""
    from knowledge.loaders import image, media, motion, text

    ext = _ext(path)
    if ext not in SUPPORTED:
        raise UnsupportedFile(f"{path}: unsupported file type {ext or '(no extension)'}")
    if not path.is_file():
        raise LoaderError(f"{path}: not a readable file")
    modality = modality_of(path)
    warnings: list[str] = []
    if ext in TEXT:
        kind = TEXT[ext]
        loader = {
            "markdown": text.load_markdown,
            "plain": text.load_plain,
            "html": text.load_html,
            "pdf": text.load_pdf,
        }[kind]
        chunks = loader(path)
    elif ext in IMAGE:
        chunks = image.load_image(path, _sidecar_meta(path))
    elif ext in AUDIO | VIDEO:
        chunks = media.load_media(path, transcript_for(path), _sidecar_meta(path), modality)
    elif ext in TRANSCRIPT:
        cues = media.parse_transcript(path.read_text(encoding="utf-8", errors="replace"), str(path))
        chunks = media.transcript_chunks(cues, "audio", path.stem.replace("-", " "))
    else:
        data = read_structured(path)
        if not motion.is_catalog(data):
            raise UnsupportedFile(f"{path}: a {ext} file that is neither a gesture catalog nor a sidecar")
        chunks = motion.catalog_chunks(path, data, warnings)
    if not chunks:
        warnings.append(f"{path}: no text found")
    return Loaded(modality=modality, chunks=chunks, warnings=warnings)
