"""Expression: voice, lip sync, face and gestures on one utterance timeline.

from agent.expression import Expresser, make_voice
timeline = Expresser(voice=make_voice("espeak")).plan("Hello there!", Emotion(), "greet")
"""

from agent.expression.audio import chunk_audio, wav_bytes
from agent.expression.espeak import EspeakVoice
from agent.expression.expresser import Expresser
from agent.expression.face import BLENDSHAPES, FaceSettings, emotion_pose, face_keyframes
from agent.expression.gestures import GestureClip, GestureSource, KeywordGestures, KnowledgeGestures
from agent.expression.prosody import prosody_for
from agent.expression.types import (
    AudioChunk,
    PhonemeTiming,
    Prosody,
    Synthesis,
    Timeline,
    VoiceBackend,
    WordTiming,
)
from agent.expression.visemes import VISEMES, visemes_from_phonemes
from agent.expression.voices import make_voice

__all__ = [
    "BLENDSHAPES",
    "VISEMES",
    "AudioChunk",
    "EspeakVoice",
    "Expresser",
    "FaceSettings",
    "GestureClip",
    "GestureSource",
    "KeywordGestures",
    "KnowledgeGestures",
    "PhonemeTiming",
    "Prosody",
    "Synthesis",
    "Timeline",
    "VoiceBackend",
    "WordTiming",
    "chunk_audio",
    "emotion_pose",
    "face_keyframes",
    "make_voice",
    "prosody_for",
    "visemes_from_phonemes",
    "wav_bytes",
]
