"""The image queries of ``persona eval qa``: every catalog photo altered (resized, cropped, recompressed,
re-lit, mirrored, rotated) and searched by image, the same photos with a question ("how much is this?"), and
generated images of nothing in the base, which must be abstained on. Moved out of ``evals/qa.py``
(session 19, brief R), unchanged; ``evals.qa`` re-exports every name."""

from __future__ import annotations

import io
import json
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance

from evals.qa_scoring import percentile
from knowledge import KnowledgeBase
from knowledge.kb import SAMPLE_DIR

ALTERATIONS: dict[str, Callable[[Image.Image, random.Random], Image.Image]] = {
    "resize_small": lambda im, r: im.resize(
        (im.width * 3 // 5, im.height * 3 // 5), Image.Resampling.BILINEAR
    ),
    "resize_large": lambda im, r: im.resize(
        (im.width * 3 // 2, im.height * 3 // 2), Image.Resampling.BICUBIC
    ),
    "crop_10": lambda im, r: _crop(im, r),
    "jpeg_q25": lambda im, r: _jpeg(im, 25),
    "brighter": lambda im, r: ImageEnhance.Brightness(im).enhance(1.3),
    "darker": lambda im, r: ImageEnhance.Brightness(im).enhance(0.7),
    "combined": lambda im, r: _jpeg(ImageEnhance.Brightness(_crop(im, r)).enhance(1.2), 40).resize(
        (im.width * 4 // 5, im.height * 4 // 5)
    ),
    "mirror": lambda im, r: im.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
    "crop_30": lambda im, r: _crop(im, r, 0.3),
    "rotate_10": lambda im, r: im.rotate(
        10, resample=Image.Resampling.BICUBIC, expand=False, fillcolor="white"
    ),
}


def negative_images(seed: int = 11, n: int = 10) -> list[tuple[str, Image.Image]]:
    """Images of nothing in the base: random noise, and generated 'photos' (gradients with shapes and a
    word no catalog item has), made here with a fixed seed."""
    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        noise = rng.integers(0, 256, size=(240, 320, 3), dtype=np.uint8)
        out.append((f"noise-{i}", Image.fromarray(noise, "RGB")))
        h, w = 300, 400
        ramp = np.linspace(0, 1, w)[None, :, None] * rng.uniform(50, 255, size=(1, 1, 3))
        base = np.broadcast_to(ramp + rng.uniform(0, 80, size=(h, 1, 3)), (h, w, 3))
        img = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")
        draw = ImageDraw.Draw(img)
        for _ in range(4):
            x0, y0 = int(rng.integers(0, w - 80)), int(rng.integers(0, h - 80))
            box = (x0, y0, x0 + int(rng.integers(30, 80)), y0 + int(rng.integers(30, 80)))
            color = tuple(int(c) for c in rng.integers(0, 256, size=3))
            (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=color)
        draw.text((20, 20), ["TRACTOR", "SEASHELL", "VOLCANO", "LIBRARY", "CACTUS"][i % 5], fill=(0, 0, 0))
        out.append((f"photo-{i}", img))
    return out


def _crop(im: Image.Image, rng: random.Random, share: float = 0.1) -> Image.Image:
    """Remove ``share`` of the width and of the height, split at random between the two sides."""
    w, h = im.size
    dx, dy = round(share * w), round(share * h)
    left, top = rng.randint(0, dx), rng.randint(0, dy)
    return im.crop((left, top, left + w - dx, top + h - dy))


def _jpeg(im: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    im.convert("RGB").save(buf, format="JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGB")


def catalog_images() -> list[tuple[str, Path, dict[str, Any]]]:
    """(source, path, sidecar) of every catalog photo in the sample."""
    out = []
    for path in sorted((SAMPLE_DIR / "merch" / "images").iterdir()):
        if path.suffix.lower() in (".png", ".jpg", ".jpeg", ".webp"):
            meta = json.loads(path.with_name(path.name + ".json").read_text(encoding="utf-8"))
            out.append((f"sample/{path.relative_to(SAMPLE_DIR).as_posix()}", path, meta))
    return out


def score_images(kb: KnowledgeBase, seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    top1, price_ok, n, latencies = 0, 0, 0, []
    per_alteration: dict[str, list[int]] = {name: [] for name in ALTERATIONS}
    misses = []
    for source, path, meta in catalog_images():
        with Image.open(path) as img:
            original = img.convert("RGB")
        for name, alter in ALTERATIONS.items():
            query = alter(original, rng)
            buf = io.BytesIO()
            query.save(buf, format="PNG")
            t0 = time.perf_counter()
            hits = kb.search_image(buf.getvalue(), k=1)
            latencies.append((time.perf_counter() - t0) * 1000)
            ok = bool(hits) and hits[0].source == source
            top1 += ok
            per_alteration[name].append(int(ok))
            if not ok:
                misses.append({"image": source, "alteration": name, "got": hits[0].source if hits else None})
            n += 1
            if name in ("crop_10", "combined"):
                answer = kb.answer("how much is this?", image=buf.getvalue())
                price_ok += (not answer.abstained) and meta["price"] in answer.text
    unknown, unknown_answered = 0, []
    for name, picture in negative_images():
        buf = io.BytesIO()
        picture.save(buf, format="PNG")
        answer = kb.answer("what is this?", image=buf.getvalue())
        unknown += answer.abstained
        if not answer.abstained:
            unknown_answered.append({"image": name, "got": answer.text})
    negatives = len(negative_images())
    return {
        "image_unknown_abstention": unknown / max(negatives, 1),
        "image_unknown_queries": negatives,
        "image_unknown_answered": unknown_answered,
        "image_top1": top1 / max(n, 1),
        "image_queries": n,
        "image_price_answer_accuracy": price_ok / max(2 * len(catalog_images()), 1),
        "image_p50_ms": percentile(latencies, 50),
        "by_alteration": {k: sum(v) / max(len(v), 1) for k, v in per_alteration.items()},
        "misses": misses,
    }


__all__ = ["ALTERATIONS", "catalog_images", "negative_images", "score_images"]
