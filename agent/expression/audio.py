"""PCM16 mono audio helpers: WAV packing and cutting an utterance into voice chunks."""

from __future__ import annotations

import io
import wave

from agent.expression.types import AudioChunk

#: The first chunk is short so a renderer can start playing after the least audio; the rest are ~200 ms.
FIRST_CHUNK_MS = 80
CHUNK_MS = 200


def wav_bytes(pcm: bytes, sample_rate: int) -> bytes:
    """A complete WAV file (PCM16 mono) around raw samples."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm)
    return buf.getvalue()


def read_wav(data: bytes) -> tuple[bytes, int]:
    """(PCM16 mono samples, sample rate) of a WAV file."""
    with wave.open(io.BytesIO(data), "rb") as w:
        if w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise ValueError("expected PCM16 mono WAV")
        return w.readframes(w.getnframes()), w.getframerate()


def chunk_audio(
    pcm: bytes, sample_rate: int, first_ms: int = FIRST_CHUNK_MS, chunk_ms: int = CHUNK_MS
) -> tuple[AudioChunk, ...]:
    """Cut PCM16 mono audio into chunks placed on the utterance timeline; the last one is ``final``.

    An utterance with no audio still gets one (empty, final) chunk so a renderer sees the stream end.
    """
    n = len(pcm) // 2
    chunks: list[AudioChunk] = []
    start = 0
    size = max(1, sample_rate * first_ms // 1000)
    rest = max(1, sample_rate * chunk_ms // 1000)
    while start < n or not chunks:
        end = min(n, start + size)
        # Never leave a runt shorter than a quarter chunk at the end: fold it into this chunk.
        if n - end < rest // 4:
            end = n
        t_ms = start * 1000 // sample_rate
        chunks.append(AudioChunk(t_ms=t_ms, pcm=pcm[start * 2 : end * 2], final=end >= n))
        start = end
        size = rest
    return tuple(chunks)


def pcm_scale(pcm: bytes, gain: float) -> bytes:
    """Scale PCM16 samples by ``gain`` with clipping (used for volume prosody on voices without it)."""
    if abs(gain - 1.0) < 1e-3:
        return pcm
    import numpy as np

    a = np.frombuffer(pcm, dtype="<i2").astype(np.float32) * gain
    return bytes(np.clip(a, -32768, 32767).astype("<i2").tobytes())


def rms_envelope(pcm: bytes, sample_rate: int, frame_ms: int = 10) -> list[float]:
    """RMS energy per ``frame_ms`` frame (0..1): what the lip-sync benchmark aligns visemes against."""
    import numpy as np

    a = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
    hop = max(1, sample_rate * frame_ms // 1000)
    frames = len(a) // hop
    if frames == 0:
        return []
    a = a[: frames * hop].reshape(frames, hop)
    return [float(x) for x in np.sqrt((a * a).mean(axis=1))]
