"""The persona's own mood: a continuous valence/arousal state the audience moves and that settles back.

Pure and synchronous: ``update(emotion, now)`` first decays the state toward the persona's baseline
(exponentially, with the temperament's half-life), then moves it a share (``reactivity`` x intensity)
toward the input's valence/arousal. ``current(now)`` reads it without an input.
"""

from __future__ import annotations

import math

from agent.events import Emotion
from agent.persona import Persona

#: Anchor points of the labels in valence/arousal space (used both ways: label -> VA, VA -> nearest label).
LABEL_VA: dict[str, tuple[float, float]] = {
    "neutral": (0.0, 0.3),
    "joy": (0.8, 0.7),
    "excited": (0.7, 0.95),
    "gratitude": (0.7, 0.4),
    "calm": (0.3, 0.1),
    "surprise": (0.3, 0.9),
    "sadness": (-0.6, 0.2),
    "anger": (-0.7, 0.85),
    "fear": (-0.6, 0.75),
}


def label_for(valence: float, arousal: float) -> str:
    return min(LABEL_VA, key=lambda k: (LABEL_VA[k][0] - valence) ** 2 + (LABEL_VA[k][1] - arousal) ** 2)


def emotion_from_va(valence: float, arousal: float) -> Emotion:
    valence = max(-1.0, min(1.0, valence))
    arousal = max(0.0, min(1.0, arousal))
    label = label_for(valence, arousal)
    intensity = min(1.0, math.hypot(valence, arousal - 0.3) / 1.1)
    return Emotion(
        label=label, intensity=round(intensity, 3), valence=round(valence, 3), arousal=round(arousal, 3)
    )


class Mood:
    def __init__(self, persona: Persona, now: float = 0.0) -> None:
        t = persona.temperament
        self.base_v, self.base_a = t.baseline_valence, t.baseline_arousal
        self.reactivity, self.half_life = t.reactivity, t.half_life_s
        self.valence, self.arousal = self.base_v, self.base_a
        self._t: float | None = None if now == 0.0 else now

    def _settle(self, now: float) -> None:
        if self._t is not None and now > self._t:
            keep = 0.5 ** ((now - self._t) / self.half_life)
            self.valence = self.base_v + (self.valence - self.base_v) * keep
            self.arousal = self.base_a + (self.arousal - self.base_a) * keep
        if self._t is None or now > self._t:
            self._t = now

    def update(self, emotion: Emotion, now: float) -> Emotion:
        """Settle the mood until ``now``, then take in ``emotion``; return the persona's current Emotion."""
        self._settle(now)
        k = self.reactivity * emotion.intensity
        self.valence += (emotion.valence - self.valence) * k
        self.arousal += (emotion.arousal - self.arousal) * k
        return emotion_from_va(self.valence, self.arousal)

    def current(self, now: float) -> Emotion:
        self._settle(now)
        return emotion_from_va(self.valence, self.arousal)
