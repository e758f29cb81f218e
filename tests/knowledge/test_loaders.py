import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, PngImagePlugin

from knowledge import LoaderError, UnsupportedFile
from knowledge.kb import SAMPLE_DIR
from knowledge.loaders import load, primary_of, sidecars
from knowledge.loaders.media import parse_transcript, transcript_chunks
from knowledge.sample_assets import _pdf


def test_markdown_chunks_carry_their_heading_path(docs: Path) -> None:
    chunks = load(docs / "guide.md").chunks
    assert [c.span for c in chunks] == ["Curling guide > Stones", "Curling guide > Sweeping"]
    assert chunks[0].text == "Curling stones are made of granite and weigh about 19 kilograms."
    assert chunks[0].embed_text.startswith("Curling guide > Stones: ")


def test_plain_text_has_a_title_and_line_spans(docs: Path) -> None:
    chunks = load(docs / "notes.txt").chunks
    assert chunks[0].context == "Shop notes"
    assert chunks[0].span == "lines 3-4" and "$16" in chunks[0].text
    assert chunks[1].span == "lines 6-6"


def test_html_keeps_headings_and_inline_order(docs: Path) -> None:
    (chunk,) = load(docs / "venues.html").chunks
    assert chunk.span == "Venues > Ice Cube"
    assert chunk.text == "The Ice Cube hosted curling in 2022."


def test_pdf_pages(tmp_path: Path) -> None:
    pdf = tmp_path / "kit.pdf"
    pdf.write_bytes(
        _pdf([("Page one", ["The show starts at 20:00."]), ("Page two", ["Contact press@x.example"])])
    )
    chunks = load(pdf).chunks
    assert [(c.span, c.context) for c in chunks] == [("page 1", "Page one"), ("page 2", "Page two")]
    assert chunks[0].text == "The show starts at 20:00."


def test_image_sidecar_ocr_and_hashes(docs: Path) -> None:
    (chunk,) = load(docs / "cap.png").chunks
    assert chunk.modality == "image"
    assert chunk.metadata["product"] == "Glacier Cap" and chunk.metadata["tags"] == ["hat", "blue"]
    assert "GLACIER CAP" in chunk.metadata["ocr"]
    assert chunk.text.startswith("The Glacier Cap, a blue knitted hat.")
    assert len(chunk.image_hashes) >= 5  # the whole picture and its crops
    assert sidecars(docs / "cap.png") == [docs / "cap.png.json"]
    assert primary_of(docs / "cap.png.json") == docs / "cap.png"


def test_image_caption_from_embedded_png_text(tmp_path: Path) -> None:
    info = PngImagePlugin.PngInfo()
    info.add_text("Description", "A red snowboard on a rack")
    path = tmp_path / "board.png"
    Image.new("RGB", (64, 64), (200, 0, 0)).save(path, pnginfo=info)
    assert load(path).chunks[0].metadata["caption"] == "A red snowboard on a rack"


def test_bad_files_raise_named_errors(tmp_path: Path) -> None:
    (tmp_path / "x.xyz").write_text("?")
    with pytest.raises(UnsupportedFile, match="x.xyz"):
        load(tmp_path / "x.xyz")
    (tmp_path / "broken.png").write_bytes(b"not a png at all")
    with pytest.raises(LoaderError, match="broken.png"):
        load(tmp_path / "broken.png")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    with pytest.raises(LoaderError, match="broken.pdf"):
        load(tmp_path / "broken.pdf")
    (tmp_path / "config.yaml").write_text("a: 1\n")
    with pytest.raises(UnsupportedFile, match="neither a gesture catalog"):
        load(tmp_path / "config.yaml")


def test_transcripts_srt_and_vtt() -> None:
    srt = "1\n00:00:01,000 --> 00:00:03,500\nHello <i>there</i>.\n\n2\n00:00:04,000 --> 00:00:06,000\nGo!\n"
    vtt = "WEBVTT\n\nNOTE a comment\n\n00:01.000 --> 00:03.500 align:start\nHello there.\n"
    assert [(c.start, c.end, c.text) for c in parse_transcript(srt)] == [
        (1.0, 3.5, "Hello there."),
        (4.0, 6.0, "Go!"),
    ]
    assert parse_transcript(vtt)[0].text == "Hello there."
    chunks = transcript_chunks(parse_transcript(srt), "audio", "clip")
    assert chunks[0].span == "00:00:01-00:00:06" and (chunks[0].t_start, chunks[0].t_end) == (1.0, 6.0)
    with pytest.raises(LoaderError):
        parse_transcript("no cues here")


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from("0123456789:,.-> \nabcWEBVTT"), max_size=200))
def test_transcript_parser_fails_only_with_loader_errors(text: str) -> None:
    try:
        cues = parse_transcript(text)
    except LoaderError:
        return
    assert all(c.text for c in cues)


def test_gesture_catalog_skips_bad_entries(tmp_path: Path) -> None:
    catalog = tmp_path / "moves.yaml"
    catalog.write_text(
        "gestures:\n"
        "  - {name: wave, description: hello, tags: [greet], duration: 1.2s, file: wave.json}\n"
        "  - {name: bow, description: thanks, tags: thank, duration: 1500}\n"
        "  - {name: broken, duration: forever}\n"
        "  - {description: no name}\n"
    )
    loaded = load(catalog)
    assert [c.metadata["name"] for c in loaded.chunks] == ["wave", "bow"]
    assert loaded.chunks[0].metadata["duration_ms"] == 1200 and loaded.chunks[1].metadata["tags"] == ["thank"]
    assert any("broken" in w for w in loaded.warnings) and any("wave.json" in w for w in loaded.warnings)


@pytest.mark.slow
def test_video_transcript_and_keyframes() -> None:
    loaded = load(SAMPLE_DIR / "media" / "beijing-2022-recap.mp4")
    transcript = [c for c in loaded.chunks if c.metadata.get("kind") == "transcript"]
    frames = [c for c in loaded.chunks if c.metadata.get("kind") == "keyframe"]
    assert transcript and all(c.t_start is not None and "-" in c.span for c in transcript)
    assert len(frames) >= 5 and all(c.image_hashes for c in frames)
    assert any("FINLAND" in c.metadata["ocr"] for c in frames)
    assert json.dumps([c.metadata for c in loaded.chunks])  # metadata stays JSON-able
