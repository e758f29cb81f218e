"""Audio and video: a sidecar transcript (.srt or .vtt) chunked with its time ranges, and for video the
keyframes (ffmpeg scene changes) with their timestamps, hashed and OCR'd.

No speech recognizer ships offline, so audio without a transcript has nothing to index and is reported.

Budgets are checked before ffmpeg decodes anything: the file's size first, then ffprobe's header probe for the
duration and the video's frame size (:class:`MediaBudget`; ``PERSONA_MEDIA_MAX_BYTES`` and
``PERSONA_MEDIA_MAX_SECONDS`` set the defaults). Keyframes are scaled to the image budget's working side.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from knowledge import imaging
from knowledge.errors import LoaderError, MediaRefused
from knowledge.types import Chunk

WINDOW_S = 30.0  # a transcript chunk covers at most this much time ...
WINDOW_CHARS = 420  # ... and this much text
MAX_KEYFRAMES = 60
# slides and title cards change little of the picture (scene score ~0.05); near-duplicates are dropped by hash
SCENE_THRESHOLD = 0.03


@dataclass(frozen=True)
class MediaBudget:
    """What one audio or video file may cost before ffmpeg runs on it."""

    max_bytes: int = 4 << 30
    max_seconds: float = 4 * 3600.0

    @classmethod
    def from_env(cls) -> MediaBudget:
        base = cls()
        return cls(
            max_bytes=int(os.environ.get("PERSONA_MEDIA_MAX_BYTES", base.max_bytes)),
            max_seconds=float(os.environ.get("PERSONA_MEDIA_MAX_SECONDS", base.max_seconds)),
        )


def check_budget(
    path: Path, info: dict[str, Any] | None = None, budget: MediaBudget | None = None
) -> dict[str, Any]:
    """``path``'s probe, refused with :class:`~knowledge.errors.MediaRefused` when it is above the byte or
    duration budget or its video frames above the image pixel budget. The size is checked before the probe."""
    budget = budget or MediaBudget.from_env()
    size = path.stat().st_size
    if size > budget.max_bytes:
        raise MediaRefused(
            "media_too_large",
            f"{path}: {size:,} bytes is above the media budget of {budget.max_bytes:,} bytes",
        )
    info = info if info is not None else probe(path)
    if info["duration"] > budget.max_seconds:
        raise MediaRefused(
            "media_too_long",
            f"{path}: {info['duration']:.0f} s is above the media budget of {budget.max_seconds:.0f} s",
        )
    width, height = info.get("width") or 0, info.get("height") or 0
    if width * height > imaging.DEFAULT_BUDGET.max_pixels:
        raise MediaRefused(
            "media_too_large",
            f"{path}: frames of {width:,} x {height:,} pixels are above the image budget of "
            f"{imaging.DEFAULT_BUDGET.max_pixels / 1e6:.1f} MP",
        )
    return info


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


_TIME = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[,.](\d{1,3})")


def _seconds(stamp: str) -> float:
    m = _TIME.fullmatch(stamp.strip())
    if not m:
        raise ValueError(f"bad timestamp {stamp!r}")
    h, mnt, s, ms = m.groups()
    return int(h or 0) * 3600 + int(mnt) * 60 + int(s) + int(ms.ljust(3, "0")) / 1000


def timestamp(seconds: float) -> str:
    """HH:MM:SS (with .mmm when not a whole second)."""
    ms = int(round(seconds * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}" + (f".{ms:03d}" if ms else "")


def parse_transcript(text: str, name: str = "transcript") -> list[Cue]:
    """Cues of an SRT or WebVTT file (styling tags removed)."""
    cues = []
    blocks = re.split(r"\r?\n\s*\r?\n", text.replace("\ufeff", "").strip())
    for block in blocks:
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        arrow = next((i for i, ln in enumerate(lines) if "-->" in ln), None)
        if arrow is None:
            continue  # WEBVTT header, NOTE or STYLE blocks, SRT garbage
        start_s, _, rest = lines[arrow].partition("-->")
        try:
            start, end = _seconds(start_s), _seconds(rest.split()[0])
        except (ValueError, IndexError) as exc:
            raise LoaderError(f"{name}: {exc} in cue {lines[arrow]!r}") from exc
        body = " ".join(re.sub(r"<[^>]+>|\{[^}]+\}", "", ln) for ln in lines[arrow + 1 :]).strip()
        if body:
            cues.append(Cue(start, end, body))
    if not cues:
        raise LoaderError(f"{name}: no cues found (expected SRT or WebVTT)")
    return cues


def transcript_chunks(cues: list[Cue], modality: str, title: str) -> list[Chunk]:
    chunks: list[Chunk] = []
    group: list[Cue] = []

    def flush() -> None:
        if group:
            start, end = group[0].start, group[-1].end
            chunks.append(
                Chunk(
                    text=" ".join(c.text for c in group),
                    modality=modality,
                    span=f"{timestamp(start)}-{timestamp(end)}",
                    t_start=start,
                    t_end=end,
                    context=title,
                    metadata={"t_start": start, "t_end": end, "cues": len(group), "kind": "transcript"},
                )
            )
            group.clear()

    for cue in cues:
        if group and (
            cue.end - group[0].start > WINDOW_S
            or sum(len(c.text) for c in group) + len(cue.text) > WINDOW_CHARS
        ):
            flush()
        group.append(cue)
    flush()
    return chunks


def _need(tool: str) -> str:
    found = shutil.which(tool)
    if found is None:
        raise LoaderError(f"{tool} is not installed (apt-get install ffmpeg)")
    return found


def probe(path: Path) -> dict[str, Any]:
    """Duration and streams (ffprobe)."""
    try:
        out = subprocess.run(
            [
                _need("ffprobe"),
                "-v",
                "error",
                "-show_entries",
                "format=duration:stream=codec_type,width,height",
                "-of",
                "json",
                str(path),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
        info = json.loads(out)
    except (subprocess.SubprocessError, json.JSONDecodeError) as exc:
        raise LoaderError(f"{path}: not a readable audio or video file ({exc})") from exc
    streams = info.get("streams", [])
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    return {
        "duration": float(info.get("format", {}).get("duration") or 0.0),
        "has_video": video is not None,
        "has_audio": any(s.get("codec_type") == "audio" for s in streams),
        "width": video.get("width") if video else None,
        "height": video.get("height") if video else None,
    }


def keyframes(path: Path, duration: float) -> list[tuple[float, Path]]:
    """The first frame and each scene change (at most MAX_KEYFRAMES), as (seconds, png) in a temp dir.

    The caller owns the directory (``frame.parent``) and removes it.
    """
    out_dir = Path(tempfile.mkdtemp(prefix="persona-keyframes-"))
    select = f"eq(n\\,0)+gt(scene\\,{SCENE_THRESHOLD})"
    side = imaging.DEFAULT_BUDGET.work_side
    if duration > 600:  # long videos: a frame every 10 s as well, scene detection alone can miss slides
        select += "+not(mod(n\\,250))"
    cmd = [
        _need("ffmpeg"),
        "-hide_banner",
        "-nostdin",
        "-i",
        str(path),
        "-vf",
        f"select='{select}',scale='min(iw,{side})':'min(ih,{side})':force_original_aspect_ratio=decrease,showinfo",
        "-fps_mode",
        "vfr",
        "-frames:v",
        str(MAX_KEYFRAMES),
        str(out_dir / "k%04d.png"),
    ]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except subprocess.SubprocessError as exc:
        shutil.rmtree(out_dir, ignore_errors=True)
        raise LoaderError(f"{path}: ffmpeg failed ({exc})") from exc
    if proc.returncode != 0:
        shutil.rmtree(out_dir, ignore_errors=True)
        raise LoaderError(f"{path}: ffmpeg could not read it ({proc.stderr.strip().splitlines()[-1:]})")
    times = [float(m) for m in re.findall(r"pts_time:([0-9.]+)", proc.stderr)]
    frames = sorted(out_dir.glob("k*.png"))
    return list(zip(times, frames, strict=False))


def load_media(path: Path, transcript: Path | None, sidecar: dict[str, Any], modality: str) -> list[Chunk]:
    """Chunks of one audio or video file: transcript windows, then (video) keyframes."""
    info = check_budget(path)
    title = str(sidecar.get("title") or path.stem.replace("-", " ").replace("_", " "))
    chunks: list[Chunk] = []
    if transcript is not None:
        cues = parse_transcript(transcript.read_text(encoding="utf-8", errors="replace"), str(transcript))
        chunks += transcript_chunks(cues, modality, title)
    if modality == "video" and info["has_video"]:
        chunks += _keyframe_chunks(path, info["duration"], title)
    if not chunks:
        raise LoaderError(f"{path}: no transcript (.srt or .vtt beside it) and nothing else to index")
    for chunk in chunks:
        chunk.metadata.setdefault("duration", info["duration"])
        for key in ("title", "description"):
            if key in sidecar:
                chunk.metadata.setdefault(key, sidecar[key])
    return chunks


def _keyframe_chunks(path: Path, duration: float, title: str) -> list[Chunk]:
    frames = keyframes(path, duration)
    chunks: list[Chunk] = []
    try:
        for i, (t, frame) in enumerate(frames):
            img = imaging.open_image(frame)
            hashes = imaging.hash_variants(img)
            last = np.array(chunks[-1].image_hashes[:1], dtype=np.uint64) if chunks else None
            if last is not None and imaging.hamming(last, hashes[0])[0] <= 4:
                continue  # the same picture again (a fade, a flash): keep the first
            text_on_screen = imaging.ocr(img)
            end = frames[i + 1][0] if i + 1 < len(frames) else duration
            body = (
                f"Text on screen: {' '.join(text_on_screen.split())}."
                if text_on_screen
                else "A frame with no text on screen."
            )
            chunks.append(
                Chunk(
                    text=f"Video frame at {timestamp(t)}. {body}",
                    modality="video",
                    span=timestamp(t),
                    t_start=t,
                    t_end=end,
                    context=title,
                    image_hashes=hashes,
                    metadata={
                        "kind": "keyframe",
                        "t_start": t,
                        "t_end": end,
                        "ocr": text_on_screen,
                        "phash": f"{hashes[0]:016x}",
                        "width": img.width,
                        "height": img.height,
                    },
                )
            )
    finally:
        if frames:
            shutil.rmtree(frames[0][1].parent, ignore_errors=True)
    return chunks
