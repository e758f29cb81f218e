"""Choosing a voice backend by name."""

from __future__ import annotations

from agent.expression.types import VoiceBackend

VOICE_NAMES = ("espeak", "piper", "openai")


def make_voice(name: str = "espeak") -> VoiceBackend:
    """A voice by name: ``espeak`` (light, instant), ``piper`` (neural, the default persona voice),
    ``openai`` (OpenAI TTS; needs ``OPENAI_API_KEY``, falls back to piper when the service fails)."""
    key = name.lower()
    if key in ("espeak", "espeak-ng"):
        from agent.expression.espeak import EspeakVoice

        return EspeakVoice()
    if key == "piper":
        from agent.expression.piper import PiperVoice

        return PiperVoice()
    if key == "openai":
        from agent.expression.openai_tts import OpenAIVoice

        return OpenAIVoice()
    raise ValueError(f"unknown voice {name!r}; choose from {', '.join(VOICE_NAMES)}")
