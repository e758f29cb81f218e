"""Perceptual hashes and OCR, shared by the image and video loaders and by image search.

A viewer's photo of a catalog product is resized, recompressed, re-lit and cropped. A 64-bit DCT hash
(``imagehash.phash``) survives the first three; a crop shifts the picture and a hand-held photo is turned, so
each stored image also keeps the hashes of its 10%, 20% and 30% crops (corners, edges and centre, offsets at
most 7.5% apart) and of itself turned 6 and 12 degrees either way, and a query matches its nearest variant.

Nothing is decoded unbounded: :func:`open_image` refuses more than ``max_bytes`` before parsing, reads the
header and refuses more than ``max_pixels`` before decoding (a 20 KB PNG can decode to 13,000 x 13,000
pixels, 500 MB), decodes with Pillow's decompression-bomb limit set to the same budget, and scales the
picture down to ``work_side`` pixels on its longest side before any hash or OCR sees it. The budgets come
from :class:`ImageBudget` (``PERSONA_IMAGE_MAX_PIXELS``, ``PERSONA_IMAGE_MAX_BYTES`` set the defaults).
"""

from __future__ import annotations

import concurrent.futures
import io
import logging
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from knowledge.errors import MediaRefused

log = logging.getLogger(__name__)

ImageInput = bytes | str | Path | Image.Image
#: The crops and turns each stored image is also hashed at (test-time augmentation on the stored side).
CROPS = (0.10, 0.20, 0.30)
TURNS = (6.0, -6.0, 12.0, -12.0)


@dataclass(frozen=True)
class ImageBudget:
    """What one image may cost: bytes of the file, pixels of the picture, the side it is worked at."""

    max_pixels: int = 40_000_000
    max_bytes: int = 25 << 20
    work_side: int = 2048
    decode_timeout_s: float = 10.0  # a decode that takes longer is refused (the caller does not wait on)

    @classmethod
    def from_env(cls) -> ImageBudget:
        base = cls()
        return cls(
            max_pixels=int(os.environ.get("PERSONA_IMAGE_MAX_PIXELS", base.max_pixels)),
            max_bytes=int(os.environ.get("PERSONA_IMAGE_MAX_BYTES", base.max_bytes)),
            decode_timeout_s=float(os.environ.get("PERSONA_IMAGE_DECODE_TIMEOUT_S", base.decode_timeout_s)),
        )


DEFAULT_BUDGET = ImageBudget.from_env()
# Pillow's own bomb check (a warning above the limit, an error above twice it) at our budget, for any
# Image.open in this process; open_image refuses above the budget before Pillow would decode.
Image.MAX_IMAGE_PIXELS = max(DEFAULT_BUDGET.max_pixels, 1)


def _name(source: ImageInput) -> str:
    if isinstance(source, bytes | bytearray):
        return "image bytes"
    return "image" if isinstance(source, Image.Image) else str(source)


def _opened(source: ImageInput, budget: ImageBudget) -> Image.Image:
    """``source`` opened (its header read, nothing decoded), refused above the byte or pixel budget."""
    name = _name(source)
    if isinstance(source, Image.Image):
        img, size = source, 0
    elif isinstance(source, bytes | bytearray):
        img, size = None, len(source)
    else:
        try:
            img, size = None, Path(source).stat().st_size
        except OSError as exc:
            raise MediaRefused("image_unreadable", f"{name}: cannot be read ({exc.strerror})") from exc
    if size > budget.max_bytes:
        raise MediaRefused(
            "image_too_large",
            f"{name}: {size:,} bytes is above the image budget of {budget.max_bytes:,} bytes",
        )
    try:
        if isinstance(source, bytes | bytearray):
            img = Image.open(io.BytesIO(source))
        elif not isinstance(source, Image.Image):
            img = Image.open(Path(source))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaRefused(
            "image_too_large", f"{name}: above the image budget of {budget.max_pixels / 1e6:.1f} MP ({exc})"
        ) from exc
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, EOFError) as exc:
        raise MediaRefused("image_unreadable", f"{name}: not a readable image ({exc})") from exc
    assert img is not None
    width, height = img.size
    if width * height > budget.max_pixels:
        if img is not source:
            img.close()
        raise MediaRefused(
            "image_too_large",
            f"{name}: {width:,} x {height:,} pixels ({width * height / 1e6:.1f} MP) is above the image "
            f"budget of {budget.max_pixels / 1e6:.1f} MP",
        )
    return img


def check_image(source: ImageInput, budget: ImageBudget | None = None) -> tuple[int, int]:
    """The (width, height) ``source``'s header declares, without decoding it; raises
    :class:`~knowledge.errors.MediaRefused` as :func:`open_image` would before decoding."""
    img = _opened(source, budget or DEFAULT_BUDGET)
    size = img.size
    if img is not source:
        img.close()
    return size


def open_image(source: ImageInput, budget: ImageBudget | None = None) -> Image.Image:
    """An RGB image from bytes, a path or a PIL image, with its EXIF rotation applied, at most
    ``budget.work_side`` pixels on its longest side.

    Raises :class:`~knowledge.errors.MediaRefused`: ``image_too_large`` above the byte or pixel budget (found
    from the header, before decoding), ``image_unreadable`` for anything that is not a readable image.
    """
    budget = budget or DEFAULT_BUDGET
    img = _opened(source, budget)
    work = _DECODER.submit(_decoded, img, source, budget)
    try:
        return work.result(timeout=budget.decode_timeout_s)
    except concurrent.futures.TimeoutError as exc:
        # The decode thread cannot be stopped, but the pixel budget bounds what it can still cost; the caller
        # (a chat message, an image query) gets its answer now instead of waiting on it.
        work.add_done_callback(lambda _: img.close() if img is not source else None)
        raise MediaRefused(
            "image_too_large",
            f"{_name(source)}: decoding took longer than {budget.decode_timeout_s:g} s "
            "(PERSONA_IMAGE_DECODE_TIMEOUT_S)",
        ) from exc


#: Decodes run here so a caller can stop waiting on a slow one (bounded: at most this many at once).
_DECODER = concurrent.futures.ThreadPoolExecutor(max_workers=2, thread_name_prefix="image-decode")


def _decoded(img: Image.Image, source: ImageInput, budget: ImageBudget) -> Image.Image:
    """The decode itself (on a decoder thread): load, EXIF rotation, scale to the working side, RGB."""
    try:
        if img.format == "JPEG":  # decode at a reduced scale when the picture is far larger than needed
            img.draft("RGB", (budget.work_side, budget.work_side))
        img.load()
        img = ImageOps.exif_transpose(img) or img
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise MediaRefused(
            "image_too_large", f"{_name(source)}: refused as a decompression bomb ({exc})"
        ) from exc
    except (OSError, UnidentifiedImageError, ValueError, SyntaxError, EOFError) as exc:
        raise MediaRefused("image_unreadable", f"{_name(source)}: not a readable image ({exc})") from exc
    if max(img.size) > budget.work_side:
        img = img.copy() if img is source else img
        img.thumbnail((budget.work_side, budget.work_side), Image.Resampling.LANCZOS)
    return img.convert("RGB")


def phash64(img: Image.Image) -> int:
    import imagehash

    bits = imagehash.phash(img, hash_size=8).hash.flatten()
    return int(np.packbits(bits.astype(np.uint8)).view(">u8")[0])


def hash_variants(img: Image.Image) -> list[int]:
    """The hash of the whole image, of its 10%, 20% and 30% crops (nine each: every corner, edge and the
    centre), and of the image turned a little either way (a hand-held photo is seldom square to the
    product)."""
    w, h = img.size
    hashes = [phash64(img)]
    for crop in CROPS:
        steps = max(2, round(crop / 0.075))  # offsets at most 7.5% apart
        offsets = tuple(crop * i / steps for i in range(steps + 1))
        for fx in offsets:
            for fy in offsets:
                box = (round(fx * w), round(fy * h), round((fx + 1 - crop) * w), round((fy + 1 - crop) * h))
                hashes.append(phash64(img.crop(box)))
    for angle in TURNS:
        hashes.append(phash64(img.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor="white")))
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
