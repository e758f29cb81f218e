"""OpenAI TTS (or any server speaking its ``/v1/audio/speech`` API), lip-synced through espeak-ng.

Configured by the environment: ``OPENAI_API_KEY`` (required), ``OPENAI_BASE_URL`` (optional: a compatible
server), ``PERSONA_TTS_MODEL`` (default ``gpt-4o-mini-tts``), ``PERSONA_TTS_VOICE`` (default ``alloy``),
``PERSONA_TTS_TIMEOUT`` (seconds, default 8). Audio is requested as raw PCM16 mono at 24 kHz; rate maps to
``speed``; pitch is not offered by the API and is ignored; volume is a gain. Timings are espeak-ng's, fitted
onto the returned audio exactly as for piper.

A failing or slow service never silences the persona: the call degrades to the fallback voice (piper when
it loads, else espeak) within the timeout, and the failure is logged.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from agent.expression.audio import pcm_scale
from agent.expression.espeak import EspeakVoice
from agent.expression.piper import fit_timings
from agent.expression.types import Prosody, Synthesis, VoiceBackend

log = logging.getLogger(__name__)

OPENAI_PCM_RATE = 24000


class OpenAIVoice:
    name = "openai"
    sample_rate = OPENAI_PCM_RATE

    def __init__(
        self,
        model: str | None = None,
        voice: str | None = None,
        client: Any = None,
        fallback: VoiceBackend | None = None,
        timeout: float | None = None,
    ) -> None:
        self.model = model or os.environ.get("PERSONA_TTS_MODEL", "gpt-4o-mini-tts")
        self.voice = voice or os.environ.get("PERSONA_TTS_VOICE", "alloy")
        self.timeout = timeout if timeout is not None else float(os.environ.get("PERSONA_TTS_TIMEOUT", "8"))
        if client is None:
            if not os.environ.get("OPENAI_API_KEY"):
                raise RuntimeError("OpenAI TTS needs OPENAI_API_KEY (and optionally OPENAI_BASE_URL)")
            import openai

            client = openai.OpenAI(timeout=self.timeout, max_retries=0)
        self.client = client
        self._fallback = fallback
        self.guide = EspeakVoice()
        self.failures = 0

    @property
    def fallback(self) -> VoiceBackend:
        if self._fallback is None:
            try:
                from agent.expression.piper import PiperVoice

                self._fallback = PiperVoice()
            except Exception:  # piper missing or its model broken: the light voice always works
                self._fallback = EspeakVoice()
        return self._fallback

    def synthesize(self, text: str, prosody: Prosody | None = None) -> Synthesis:
        prosody = prosody or Prosody()
        try:
            response = self.client.audio.speech.create(
                model=self.model,
                voice=self.voice,
                input=text,
                response_format="pcm",
                speed=min(4.0, max(0.25, prosody.rate)),
                timeout=self.timeout,
            )
            pcm = response.read() if hasattr(response, "read") else bytes(response.content)
            if len(pcm) < 2:
                raise RuntimeError("empty audio from the TTS service")
        except Exception as exc:  # any service fault: degrade, never go silent
            self.failures += 1
            log.warning(
                "OpenAI TTS failed (%s: %s); using the %s voice", type(exc).__name__, exc, self.fallback.name
            )
            return self.fallback.synthesize(text, prosody)
        pcm = pcm_scale(pcm[: len(pcm) // 2 * 2], prosody.volume)
        guide = self.guide.synthesize(text, Prosody(rate=prosody.rate))
        words, phonemes = fit_timings(guide, pcm, OPENAI_PCM_RATE)
        return Synthesis(pcm=pcm, sample_rate=OPENAI_PCM_RATE, words=words, phonemes=phonemes)
