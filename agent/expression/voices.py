"""Choosing a voice backend by name, and a voice per language.

``make_voice(name)`` returns the named voice behind ``ByLanguage``: text that is mostly Chinese (Han
characters at least a third of the letters) is spoken by espeak-ng's Mandarin voice (``cmn``, shipped in the
espeakng-loader data) instead of being spelled out by an English voice ("Chinese letter, Chinese letter");
when no Mandarin voice can be loaded, Chinese text is not spoken (an empty synthesis, reported by
``ByLanguage.unspoken``). No package here ships a better Mandarin voice (piper's and kokoro's Chinese models
download from a hub).
"""

from __future__ import annotations

import logging
import re
import threading

from agent.expression.types import Prosody, Synthesis, VoiceBackend

log = logging.getLogger(__name__)

VOICE_NAMES = ("espeak", "piper", "openai")
_HAN = re.compile(r"[\u3400-\u9fff]")


def text_language(text: str) -> str:
    """'zh' when Han characters are at least a third of the letters, else 'en'."""
    han = len(_HAN.findall(text))
    latin = sum(c.isascii() and c.isalpha() for c in text)
    return "zh" if han and han * 3 >= latin else "en"


class ByLanguage:
    """A ``VoiceBackend`` that speaks each text with a voice for its language (see the module docstring)."""

    def __init__(self, primary: VoiceBackend, zh_voice: str = "cmn") -> None:
        self.primary = primary
        self.name = primary.name
        self.sample_rate = primary.sample_rate
        self.zh_voice = zh_voice
        self._zh: VoiceBackend | None = None
        self._zh_failed = False
        self._lock = threading.Lock()
        self.unspoken = 0  # Chinese texts left silent for want of a Mandarin voice

    def __getattr__(self, attr: str) -> object:
        """Everything else (``lead_words``, a backend's own settings) is the primary voice's."""
        if attr == "primary":
            raise AttributeError(attr)
        return getattr(self.primary, attr)  # a delegate: the wrapper adds a language, not a backend API

    def _mandarin(self) -> VoiceBackend | None:
        with self._lock:
            if self._zh is None and not self._zh_failed:
                try:
                    from agent.expression.espeak import EspeakVoice

                    voice = EspeakVoice(self.zh_voice)
                    voice.synthesize("你好")  # the voice exists and speaks
                    if voice.sample_rate != self.sample_rate:
                        raise ValueError(f"sample rate {voice.sample_rate} != {self.sample_rate}")
                    self._zh = voice
                except Exception as exc:  # no Mandarin voice: Chinese is not spoken, never misread
                    log.warning("no Mandarin voice (%s): Chinese text will not be spoken", exc)
                    self._zh_failed = True
            return self._zh

    def voice_for(self, text: str) -> VoiceBackend | None:
        if text_language(text) != "zh":
            return self.primary
        return self._mandarin()

    def synthesize(self, text: str, prosody: Prosody) -> Synthesis:
        voice = self.voice_for(text)
        if voice is None:
            self.unspoken += 1
            return Synthesis(pcm=b"", sample_rate=self.sample_rate, words=(), phonemes=())
        return voice.synthesize(text, prosody)


def _named(key: str) -> VoiceBackend:
    if key in ("espeak", "espeak-ng"):
        from agent.expression.espeak import EspeakVoice

        return EspeakVoice()
    if key == "piper":
        from agent.expression.piper import PiperVoice

        return PiperVoice()
    if key == "openai":
        from agent.expression.openai_tts import OpenAIVoice

        return OpenAIVoice()
    raise ValueError(f"unknown voice {key!r}; choose from {', '.join(VOICE_NAMES)}")


def make_voice(name: str = "espeak") -> VoiceBackend:
    """A voice by name: ``espeak`` (light, instant), ``piper`` (neural, the default persona voice),
    ``openai`` (OpenAI TTS; needs ``OPENAI_API_KEY``, falls back to piper when the service fails); Chinese
    text in any of them is spoken by espeak-ng's Mandarin voice (``ByLanguage``)."""
    return ByLanguage(_named(name.lower()))
