"""Emotion and speech act -> relative prosody (rate, pitch, volume). A pure function.

Arousal speeds the voice up, raises its pitch and loudness; valence lifts the pitch a little; a few
labels and acts add their own colour (sadness is slower and lower, a cheer is faster and louder, an
apology softer). Every factor stays within [0.75, 1.3] so no voice is pushed into caricature.
"""

from __future__ import annotations

from agent.events import Emotion
from agent.expression.types import Prosody

_LABEL: dict[str, tuple[float, float, float]] = {
    # label: (rate, pitch, volume) offsets at intensity 1
    "sad": (-0.12, -0.08, -0.10),
    "sadness": (-0.12, -0.08, -0.10),
    "angry": (0.05, -0.04, 0.12),
    "anger": (0.05, -0.04, 0.12),
    "excited": (0.10, 0.08, 0.10),
    "joy": (0.05, 0.06, 0.05),
    "happy": (0.05, 0.06, 0.05),
    "surprised": (0.04, 0.10, 0.05),
    "surprise": (0.04, 0.10, 0.05),
    "fear": (0.08, 0.06, -0.05),
    "calm": (-0.06, -0.03, -0.05),
    "sympathetic": (-0.08, -0.03, -0.08),
    "empathetic": (-0.08, -0.03, -0.08),
}
_ACT: dict[str, tuple[float, float, float]] = {
    "cheer": (0.06, 0.05, 0.10),
    "greet": (0.02, 0.04, 0.03),
    "thank": (0.0, 0.03, 0.0),
    "apologize": (-0.08, -0.03, -0.08),
    "refuse": (-0.03, -0.02, 0.0),
    "farewell": (-0.03, 0.02, 0.0),
    # the composer's own acts (session 29): a kind line to a loss is said as a sympathetic voice says it, a
    # pointer to help as a calm one (``_LABEL``'s offsets)
    "comfort": (-0.08, -0.03, -0.08),
    "care": (-0.06, -0.03, -0.05),
}


def _clamp(x: float) -> float:
    return round(min(1.3, max(0.75, x)), 3)


def prosody_for(emotion: Emotion, act: str | None = None, base: Prosody | None = None) -> Prosody:
    """The prosody to speak a line with, relative to ``base`` (the persona's own voice settings)."""
    base = base or Prosody()
    a = emotion.arousal - 0.3  # 0.3 is a calm speaking arousal: no change there
    rate = 0.15 * a
    pitch = 0.06 * emotion.valence + 0.12 * a
    volume = 0.25 * a
    lr, lp, lv = _LABEL.get(emotion.label.lower(), (0.0, 0.0, 0.0))
    k = emotion.intensity
    ar, ap, av = _ACT.get(act or "", (0.0, 0.0, 0.0))
    return Prosody(
        rate=_clamp(base.rate * (1.0 + rate + k * lr + ar)),
        pitch=_clamp(base.pitch * (1.0 + pitch + k * lp + ap)),
        volume=_clamp(base.volume * (1.0 + volume + k * lv + av)),
    )
