"""Fixtures for the knowledge tests: the shared sample base and small document folders on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from knowledge import KnowledgeBase


@pytest.fixture(scope="session")
def sample_kb() -> KnowledgeBase:
    """The shipped sample base (built once into the cache, then reused)."""
    return KnowledgeBase.open_sample()


def write_docs(root: Path) -> Path:
    """A small folder of real documents: Markdown, plain text, HTML, an image with a sidecar."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "guide.md").write_text(
        "# Curling guide\n\n## Stones\n\nCurling stones are made of granite and weigh about 19 kilograms.\n\n"
        "## Sweeping\n\nSweeping makes the stone travel farther and straighter.\n",
        encoding="utf-8",
    )
    (root / "notes.txt").write_text(
        "Shop notes\n\nThe snowflake mug costs $16.\nIt holds 350 ml.\n\n"
        "Returns are accepted within 30 days.\n",
        encoding="utf-8",
    )
    (root / "venues.html").write_text(
        "<html><head><title>Venues</title></head><body><h1>Venues</h1><h2>Ice Cube</h2>"
        "<p>The <b>Ice Cube</b> hosted curling in 2022.</p></body></html>",
        encoding="utf-8",
    )
    img = Image.new("RGB", (400, 200), (20, 60, 120))
    draw = ImageDraw.Draw(img)
    draw.text((20, 70), "GLACIER CAP", font=ImageFont.load_default(size=48), fill=(255, 255, 255))
    img.save(root / "cap.png")
    (root / "cap.png.json").write_text(
        json.dumps(
            {
                "caption": "The Glacier Cap, a blue knitted hat.",
                "tags": ["hat", "blue"],
                "product": "Glacier Cap",
            }
        )
    )
    return root


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    return write_docs(tmp_path / "docs")


@pytest.fixture
def kb(tmp_path: Path):  # type: ignore[no-untyped-def]
    base = KnowledgeBase.open(tmp_path / "kb")
    yield base
    base.close()
