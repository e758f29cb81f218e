"""Value types of the expression stage: what a voice produces and what an utterance timeline holds.

All times are milliseconds from the start of the utterance's audio.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from agent.events import Emotion, ExpressionKey, GestureCue, Viseme


@dataclass(frozen=True)
class Prosody:
    """Relative prosody: 1.0 is the voice's own default."""

    rate: float = 1.0
    pitch: float = 1.0
    volume: float = 1.0


@dataclass(frozen=True)
class WordTiming:
    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class PhonemeTiming:
    phoneme: str  # IPA, as espeak-ng reports it
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Synthesis:
    """One sentence of speech: mono PCM16 audio and its timings."""

    pcm: bytes
    sample_rate: int
    words: tuple[WordTiming, ...]
    phonemes: tuple[PhonemeTiming, ...]

    @property
    def duration_ms(self) -> int:
        return int(len(self.pcm) // 2 * 1000 / self.sample_rate)


class VoiceBackend(Protocol):
    """A TTS backend. ``synthesize`` is blocking CPU work: the runtime calls it in a worker thread."""

    name: str
    sample_rate: int

    def synthesize(self, text: str, prosody: Prosody) -> Synthesis: ...


@dataclass(frozen=True)
class AudioChunk:
    t_ms: int
    pcm: bytes  # PCM16 mono samples; wrapped as a WAV file only at the edge (timeline_events)
    final: bool


@dataclass(frozen=True)
class Timeline:
    """Everything one utterance shows and plays, placed in ms from its start."""

    text: str
    duration_ms: int
    sample_rate: int
    chunks: tuple[AudioChunk, ...]
    words: tuple[WordTiming, ...]
    visemes: tuple[Viseme, ...]
    expression: tuple[ExpressionKey, ...] = ()
    gestures: tuple[GestureCue, ...] = ()
    emotion: Emotion = field(default_factory=lambda: Emotion.model_validate({}))
    voice: str = ""  # the backend that spoke it
    prosody: Prosody = field(default_factory=Prosody)
    gesture_intensity: tuple[float, ...] = ()  # one per gesture, 0..1 (from arousal)
    phonemes: tuple[PhonemeTiming, ...] = ()

    @property
    def pcm(self) -> bytes:
        """The whole utterance's PCM16 samples (the chunks joined)."""
        return b"".join(c.pcm for c in self.chunks)

    def spoken_text(self, elapsed_ms: float) -> str:
        """The words fully spoken ``elapsed_ms`` into the utterance."""
        return " ".join(w.text for w in self.words if w.end_ms <= elapsed_ms)
