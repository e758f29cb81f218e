"""The expression stage: one sentence -> voice, visemes, face and gestures on one timeline."""

from __future__ import annotations

import threading
import zlib

from agent.events import Emotion
from agent.expression.audio import CHUNK_MS, FIRST_CHUNK_MS, chunk_audio
from agent.expression.face import FaceSettings, Pose, face_keyframes
from agent.expression.gestures import GesturePlanner, GestureSource, KeywordGestures, place_gestures
from agent.expression.prosody import prosody_for
from agent.expression.timeline import speakable_parts
from agent.expression.types import Prosody, Timeline, VoiceBackend
from agent.expression.visemes import visemes_from_phonemes


class Expresser:
    """Implements ``agent.stages.Expresser``.

    ``plan`` is blocking CPU work (TTS); the runtime calls it through ``asyncio.to_thread``. It is safe to
    call from several threads at once: the voices guard their engines, and the little state kept across
    lines (the mood left on the face, the last gesture clip) is behind a lock, updated in call order.
    """

    def __init__(
        self,
        voice: VoiceBackend | None = None,
        gestures: GestureSource | None = None,
        face: FaceSettings | None = None,
        base_prosody: Prosody | None = None,
        first_chunk_ms: int = FIRST_CHUNK_MS,
        chunk_ms: int = CHUNK_MS,
    ) -> None:
        if voice is None:
            from agent.expression.voices import make_voice

            voice = make_voice("espeak")
        self.voice = voice
        self.gestures = GesturePlanner(source=gestures or KeywordGestures())
        self.face = face or FaceSettings()
        self.base_prosody = base_prosody or Prosody()
        self.first_chunk_ms = first_chunk_ms
        self.chunk_ms = chunk_ms
        self._lock = threading.Lock()
        self._mood: Pose = {}
        self._last_clip: str | None = None

    @property
    def mood(self) -> Pose:
        """The pose the face holds between utterances (the last line's expression, softened)."""
        with self._lock:
            return dict(self._mood)

    def utterances(self, sentence: str, *, opening: bool) -> list[str]:
        """The utterances to voice one sentence as: itself, or a lead phrase and the rest.

        Only the reply's ``opening`` sentence is split, and only for a voice that sets ``lead_words`` (piper:
        it needs a large share of a line's duration to synthesize it, so its first audio waits for its whole
        first utterance). Each part is planned as its own utterance; the next part is synthesized while the
        lead plays, and renderers play consecutive utterances back to back. A fast voice (espeak) keeps every
        sentence whole: one intonation contour per sentence. Pure.
        """
        lead = int(getattr(self.voice, "lead_words", 0) or 0)  # a probe: only a slow voice (piper) sets it
        if not opening or lead <= 0:
            return [sentence]
        return speakable_parts(sentence, lead_words=lead)

    def plan(self, text: str, emotion: Emotion, act: str | None, prosody: Prosody | None = None) -> Timeline:
        prosody = prosody or prosody_for(emotion, act, self.base_prosody)
        synth = self.voice.synthesize(text, prosody)
        duration = synth.duration_ms
        speech_end = synth.phonemes[-1].end_ms if synth.phonemes else duration
        visemes = visemes_from_phonemes(synth.phonemes, end_ms=min(duration, speech_end))
        chunks = chunk_audio(synth.pcm, synth.sample_rate, self.first_chunk_ms, self.chunk_ms)
        seed = zlib.crc32(text.encode("utf-8"))
        clips = self.gestures.clips(text, act)  # may search a knowledge base: not under the lock
        with self._lock:
            keys, mood = face_keyframes(
                emotion, duration, synth.words, previous=self._mood, settings=self.face, seed=seed, text=text
            )
            placed = place_gestures(clips, synth.words, emotion, self._last_clip, duration)
            self._mood = mood
            if placed:
                self._last_clip = placed[-1].cue.name
        return Timeline(
            text=text,
            duration_ms=duration,
            sample_rate=synth.sample_rate,
            chunks=chunks,
            words=synth.words,
            visemes=visemes,
            expression=keys,
            gestures=tuple(p.cue for p in placed),
            emotion=emotion,
            voice=self.voice.name,
            prosody=prosody,
            gesture_intensity=tuple(p.intensity for p in placed),
            phonemes=synth.phonemes,
        )
