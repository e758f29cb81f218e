"""Images: caption, alt text and tags from a sidecar or embedded metadata, OCR text, perceptual hashes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PIL import Image

from knowledge import imaging
from knowledge.types import Chunk

# embedded metadata keys people and tools use for a description
_PNG_KEYS = ("Description", "description", "Title", "title", "Comment", "comment", "Caption", "caption")
_EXIF_DESCRIPTION = 0x010E
_EXIF_XP_TITLE, _EXIF_XP_KEYWORDS, _EXIF_XP_SUBJECT = 0x9C9B, 0x9C9E, 0x9C9F


def embedded_metadata(path: Path) -> dict[str, Any]:
    """Caption and tags stored in the file itself: PNG text chunks, EXIF description, JPEG comment."""
    out: dict[str, Any] = {}
    try:
        with Image.open(path) as img:
            info = dict(img.info)
            exif = img.getexif()
    except OSError:
        return out
    for key in _PNG_KEYS:
        value = info.get(key)
        if isinstance(value, str) and value.strip():
            out.setdefault("caption", value.strip())
    comment = info.get("comment")
    if isinstance(comment, bytes) and comment.strip():
        out.setdefault("caption", comment.decode("utf-8", "replace").strip())
    description = exif.get(_EXIF_DESCRIPTION)
    if isinstance(description, str) and description.strip():
        out.setdefault("caption", description.strip())
    for tag, key in ((_EXIF_XP_TITLE, "caption"), (_EXIF_XP_SUBJECT, "alt"), (_EXIF_XP_KEYWORDS, "tags")):
        raw = exif.get(tag)
        if isinstance(raw, bytes | tuple):
            text = bytes(raw).decode("utf-16-le", "replace").rstrip("\x00").strip()
            if text:
                out.setdefault(
                    key, [t.strip() for t in text.split(";") if t.strip()] if key == "tags" else text
                )
    return out


def describe(meta: dict[str, Any], ocr_text: str) -> str:
    """The searchable text of an image: caption, alt text, tags, and what is written on it."""
    parts = []
    caption = str(meta.get("caption") or "").strip()
    alt = str(meta.get("alt") or "").strip()
    if caption:
        parts.append(caption if caption.endswith((".", "!", "?")) else caption + ".")
    if alt and alt.lower() not in caption.lower():
        parts.append(alt if alt.endswith((".", "!", "?")) else alt + ".")
    tags = meta.get("tags") or []
    if tags:
        parts.append("Tags: " + ", ".join(str(t) for t in tags) + ".")
    if ocr_text:
        parts.append("Text in the image: " + " ".join(ocr_text.split()) + ".")
    return " ".join(parts)


def load_image(path: Path, sidecar: dict[str, Any]) -> list[Chunk]:
    img = imaging.open_image(path)
    meta = {**embedded_metadata(path), **sidecar}
    if isinstance(meta.get("tags"), str):
        meta["tags"] = [t.strip() for t in str(meta["tags"]).split(",") if t.strip()]
    ocr_text = imaging.ocr(img)
    hashes = imaging.hash_variants(img)
    text = describe(meta, ocr_text) or f"Image {path.name}."
    metadata = {
        **meta,
        "ocr": ocr_text,
        "width": img.width,
        "height": img.height,
        "phash": f"{hashes[0]:016x}",
    }
    return [
        Chunk(
            text=text,
            modality="image",
            span="image",
            context=str(meta.get("product") or ""),
            metadata=metadata,
            image_hashes=hashes,
        )
    ]
