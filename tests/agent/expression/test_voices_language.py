"""Each language spoken by a voice for it: Chinese by espeak-ng's Mandarin voice, or not at all."""

from __future__ import annotations

from agent.expression import Prosody, make_voice
from agent.expression.espeak import EspeakVoice
from agent.expression.voices import ByLanguage, text_language


def test_text_language() -> None:
    assert text_language("大家好，欢迎来到直播间") == "zh"
    assert text_language("谷爱凌 won the big air") == "en"
    assert text_language("Hello there!") == "en"


def test_chinese_is_spoken_by_the_mandarin_voice() -> None:
    voice = make_voice("espeak")
    assert isinstance(voice, ByLanguage)
    zh = voice.synthesize("大家好，欢迎来到直播间", Prosody())
    ref = EspeakVoice("cmn").synthesize("大家好，欢迎来到直播间", Prosody())
    en_reading = EspeakVoice("en-us").synthesize("大家好，欢迎来到直播间", Prosody())
    assert getattr(voice.voice_for("大家好"), "voice", None) == "cmn"
    assert abs(len(zh.pcm) - len(ref.pcm)) < 0.05 * len(ref.pcm)  # the Mandarin reading, not the English
    assert abs(len(zh.pcm) - len(en_reading.pcm)) > 0.1 * len(en_reading.pcm)
    assert voice.voice_for("Hello there!") is voice.primary


def test_without_a_mandarin_voice_chinese_is_not_spoken() -> None:
    voice = ByLanguage(EspeakVoice(), zh_voice="no-such-voice")
    out = voice.synthesize("大家好", Prosody())
    assert out.pcm == b"" and out.duration_ms == 0 and voice.unspoken == 1
    assert voice.synthesize("hello", Prosody()).pcm  # English still spoken
