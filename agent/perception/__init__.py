"""Perception: what the persona understood of one input (intent, emotion, language, entities) and its mood.

``Perception(persona, kb=None).perceive(event, now) -> Percept`` is pure and synchronous apart from the
embedding (CPU work the runtime runs in a worker thread). ``perceive_batch(events, now)`` embeds a batch at
once. ``head="fast"`` skips the embedding (lexicons + character n-grams only) for firehose triage.
"""

from __future__ import annotations

from agent.perception.core import Perception, detect_language, input_emotion
from agent.perception.mood import LABEL_VA, Mood, emotion_from_va, label_for

__all__ = [
    "LABEL_VA",
    "Mood",
    "Perception",
    "detect_language",
    "emotion_from_va",
    "input_emotion",
    "label_for",
]
