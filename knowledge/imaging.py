"""Perceptual hashes and OCR, shared by the image and video loaders and by image search.

A viewer's photo of a catalog product is resized, recompressed, re-lit and cropped. A 64-bit DCT hash
(``imagehash.phash``) survives the first three; a crop shifts the picture, so each stored image also keeps the
hashes of nine 10% crops (every corner, edge and the centre), and a query matches its nearest variant.
"""

from __future__ import annotations

import io
import logging
import re
import shutil
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from knowledge.errors import LoaderError

log = logging.getLogger(__name__)

ImageInput = bytes | str | Path | Image.Image
CROP = 0.10
_OFFSETS = (0.0, CROP / 2, CROP)


def open_image(source: ImageInput) -> Image.Image:
    """An RGB image from bytes, a path or a PIL image, with its EXIF rotation applied."""
    try:
        if isinstance(source, Image.Image):
            img = source
        elif isinstance(source, bytes | bytearray):
            img = Image.open(io.BytesIO(source))
        else:
            img = Image.open(Path(source))
        img.load()
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        name = "image bytes" if isinstance(source, bytes | bytearray) else str(source)
        raise LoaderError(f"{name}: not a readable image ({exc})") from exc
    img = ImageOps.exif_transpose(img) or img
    return img.convert("RGB")


def phash64(img: Image.Image) -> int:
    import imagehash

    bits = imagehash.phash(img, hash_size=8).hash.flatten()
    return int(np.packbits(bits.astype(np.uint8)).view(">u8")[0])


def hash_variants(img: Image.Image) -> list[int]:
    """The hash of the whole image and of its nine 10% crops."""
    w, h = img.size
    hashes = [phash64(img)]
    for fx in _OFFSETS:
        for fy in _OFFSETS:
            box = (round(fx * w), round(fy * h), round((fx + 1 - CROP) * w), round((fy + 1 - CROP) * h))
            hashes.append(phash64(img.crop(box)))
    return list(dict.fromkeys(hashes))


def hamming(stored: np.ndarray, query: int) -> np.ndarray:
    """Bit distance (0..64) between each stored 64-bit hash and the query hash."""
    return np.bitwise_count(stored ^ np.uint64(query)).astype(np.int32)


_warned = False


def ocr(img: Image.Image) -> str:
    """The text in an image (tesseract), cleaned; "" when there is none or tesseract is not installed."""
    global _warned
    if shutil.which("tesseract") is None:
        if not _warned:
            log.warning("tesseract is not installed (apt-get install tesseract-ocr): images get no OCR text")
            _warned = True
        return ""
    import pytesseract

    gray = ImageOps.grayscale(img)
    if max(gray.size) < 1000:  # tesseract reads small print far better at about 300 dpi
        gray = gray.resize((gray.width * 2, gray.height * 2), Image.Resampling.LANCZOS)
    try:
        raw = pytesseract.image_to_string(gray, timeout=60)
    except (RuntimeError, pytesseract.TesseractError) as exc:
        log.warning("OCR failed: %s", exc)
        return ""
    lines = []
    for line in raw.splitlines():
        words = [w for w in line.split() if re.search(r"[A-Za-z0-9]{2,}|\$\d", w)]
        if words:
            lines.append(" ".join(words))
    return "\n".join(lines)
