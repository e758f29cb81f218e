"""espeak-ng through ctypes: real audio, word and phoneme timings, thread safety."""

from __future__ import annotations

import threading

from agent.expression import EspeakVoice, Prosody, Synthesis
from agent.expression.audio import rms_envelope


def test_synthesizes_audio_with_word_and_phoneme_timings() -> None:
    voice = EspeakVoice()
    s = voice.synthesize("Hello there, welcome to the stream!", Prosody())
    assert s.sample_rate == 22050
    assert 1000 < s.duration_ms < 4000
    assert [w.text for w in s.words] == ["Hello", "there,", "welcome", "to", "the", "stream!"]
    starts = [w.start_ms for w in s.words]
    assert starts == sorted(starts)
    assert all(w.start_ms <= w.end_ms <= s.duration_ms for w in s.words)
    ipa = [p.phoneme for p in s.phonemes]
    assert "h" in ipa and "ð" in ipa and any("oʊ" in p for p in ipa)
    assert max(rms_envelope(s.pcm, s.sample_rate)) > 0.05  # real, audible audio


def test_word_positions_are_characters_not_bytes() -> None:
    s = EspeakVoice().synthesize("Café naïve people", Prosody())
    assert [w.text for w in s.words] == ["Café", "naïve", "people"]


def test_prosody_changes_rate_and_pitch() -> None:
    voice = EspeakVoice()
    text = "The quick brown fox jumps over the lazy dog."
    slow = voice.synthesize(text, Prosody(rate=0.8))
    fast = voice.synthesize(text, Prosody(rate=1.25))
    assert fast.duration_ms < slow.duration_ms * 0.85
    quiet = voice.synthesize(text, Prosody(volume=0.5))
    loud = voice.synthesize(text, Prosody(volume=1.3))
    assert max(rms_envelope(quiet.pcm, 22050)) < max(rms_envelope(loud.pcm, 22050))


def test_concurrent_synthesis_from_threads_matches_serial() -> None:
    voice = EspeakVoice()
    texts = [f"Line number {i}, said from a worker thread." for i in range(8)]
    serial = {t: voice.synthesize(t, Prosody()) for t in texts}
    got: dict[str, Synthesis] = {}
    errors: list[BaseException] = []

    def work(t: str) -> None:
        try:
            got[t] = voice.synthesize(t, Prosody())
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in texts * 2]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    # espeak-ng adds random noise to fricatives, so audio bytes differ run to run; the content must not.
    for t in texts:
        assert [w.text for w in got[t].words] == [w.text for w in serial[t].words]
        assert [p.phoneme for p in got[t].phonemes] == [p.phoneme for p in serial[t].phonemes]
        assert abs(got[t].duration_ms - serial[t].duration_ms) <= 20
