"""Decode nothing unbounded: images refused from their header above the pixel or byte budget, non-images
refused with a clear error, big pictures scaled down before hashing and OCR, media refused before ffmpeg."""

from __future__ import annotations

import io
import shutil
import time
import wave
from pathlib import Path

import pytest
from PIL import Image

from evals.bench_soak import png_bomb, rss_bytes
from knowledge.errors import LoaderError, MediaRefused
from knowledge.imaging import ImageBudget, check_image, open_image
from knowledge.loaders import load
from knowledge.loaders.media import MediaBudget, check_budget


def test_a_png_bomb_is_refused_from_its_header_quickly() -> None:
    small = Image.open(io.BytesIO(png_bomb(100, 50)))
    small.load()  # the bomb is a real PNG: it decodes, to black
    assert small.size == (100, 50) and small.getextrema() == (0, 0)
    bomb = png_bomb(2_000, 2_000)
    assert len(bomb) < 20_000  # 4 MP of zeros in a few KB: what a decoder would inflate
    start = time.perf_counter()
    with pytest.raises(MediaRefused) as err:
        open_image(bomb, ImageBudget(max_pixels=1_000_000))
    assert time.perf_counter() - start < 0.5
    assert err.value.code == "image_too_large" and "2,000 x 2,000 pixels" in str(err.value)
    assert isinstance(err.value, LoaderError)  # an ingest reports it by name and goes on
    assert check_image(bomb) == (2_000, 2_000)  # within the default budget it is a picture like any other


def test_refused_bombs_do_not_grow_memory() -> None:
    """20 refused bombs of 13,000 x 13,000 (500 MB decoded each) under the default budget: RSS growth is
    measured and must stay far under one decoded bomb."""
    bomb = png_bomb(13_000, 13_000)
    open_image(png_bomb(64, 64))  # warm the decoder's imports
    before = rss_bytes()
    for _ in range(20):
        with pytest.raises(MediaRefused, match="above the image budget of 40.0 MP"):
            open_image(bomb)
    growth = rss_bytes() - before
    assert growth < 20 << 20, f"RSS grew {growth / 2**20:.1f} MB over 20 refused bombs"


def test_a_non_image_and_a_byte_budget_are_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(MediaRefused) as err:
        open_image(b"%PDF-1.4 this is not a picture")
    assert err.value.code == "image_unreadable" and "not a readable image" in str(err.value)
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 10, 10)).save(buf, "PNG")
    with pytest.raises(MediaRefused) as err:
        open_image(buf.getvalue(), ImageBudget(max_bytes=100))
    assert err.value.code == "image_too_large" and "bytes is above" in str(err.value)
    broken = tmp_path / "broken.png"
    broken.write_bytes(png_bomb(64, 64)[:40])  # a header and then nothing
    with pytest.raises(MediaRefused, match="broken.png"):
        open_image(broken)


def test_big_pictures_are_scaled_down_before_hashing(tmp_path: Path) -> None:
    path = tmp_path / "wide.png"
    Image.new("RGB", (3_000, 1_000), (10, 120, 40)).save(path)
    img = open_image(path, ImageBudget(work_side=1_000))
    assert img.size == (1_000, 333) and img.mode == "RGB"
    (chunk,) = load(path).chunks  # the loader records the size it worked at
    assert max(chunk.metadata["width"], chunk.metadata["height"]) <= ImageBudget().work_side


def _wav(path: Path, seconds: float) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8_000)
        w.writeframes(b"\x00\x00" * int(8_000 * seconds))
    return path


@pytest.mark.skipif(shutil.which("ffprobe") is None, reason="ffprobe not installed (apt-get install ffmpeg)")
def test_media_budgets_are_checked_before_ffmpeg(tmp_path: Path) -> None:
    audio = _wav(tmp_path / "talk.wav", 2.0)
    info = check_budget(audio, budget=MediaBudget())
    assert info["duration"] == pytest.approx(2.0, abs=0.05)
    with pytest.raises(MediaRefused) as err:
        check_budget(audio, budget=MediaBudget(max_seconds=1.0))
    assert err.value.code == "media_too_long" and "talk.wav" in str(err.value)
    with pytest.raises(MediaRefused) as err:
        check_budget(audio, budget=MediaBudget(max_bytes=1_000))
    assert err.value.code == "media_too_large"


def test_a_decode_that_takes_too_long_is_refused_and_the_caller_moves_on() -> None:
    """The decode runs on a decoder thread; past the budget's time the caller gets ``image_too_large`` at
    once (the thread finishes on its own, within the pixel budget), and the next image decodes as usual."""
    buf = io.BytesIO()
    Image.effect_noise((3000, 3000), 64).convert("RGB").save(buf, "PNG")  # noise: a slow PNG to inflate
    data = buf.getvalue()
    start = time.perf_counter()
    with pytest.raises(MediaRefused) as err:
        open_image(data, ImageBudget(decode_timeout_s=0.001))
    assert err.value.code == "image_too_large" and "decoding took longer" in str(err.value)
    assert time.perf_counter() - start < 0.5  # it did not wait for the decode
    assert open_image(data).size == (2048, 2048)  # the default budget's time is ample for the same picture
