"""The Expresser: one sentence -> a timeline whose audio, words, visemes, face and gestures agree."""

from __future__ import annotations

import base64
import concurrent.futures

from agent.events import Emotion, Voice
from agent.expression import Expresser, make_voice
from agent.expression.audio import read_wav
from agent.expression.timeline import timeline_events

EXCITED = Emotion(label="excited", intensity=0.8, valence=0.7, arousal=0.8)
CALM = Emotion(label="calm", intensity=0.5, valence=0.2, arousal=0.2)
GRATEFUL = Emotion(label="grateful", intensity=0.7, valence=0.8, arousal=0.4)
SAD = Emotion(label="sad", intensity=0.9, valence=-0.7, arousal=0.3)
NEUTRAL = Emotion(label="neutral", intensity=0.0, valence=0.0, arousal=0.0)


def test_plan_builds_a_consistent_timeline() -> None:
    ex = Expresser(voice=make_voice("espeak"))
    tl = ex.plan("Hello there, welcome to the stream!", EXCITED, "greet")
    assert tl.voice == "espeak" and tl.sample_rate == 22050
    # Audio: contiguous PCM chunks, a short first one, ~200 ms after, exactly one final.
    pcm = b""
    rate = tl.sample_rate
    for c in tl.chunks:
        assert c.t_ms == len(pcm) // 2 * 1000 // rate
        pcm += c.pcm
    assert [c.final for c in tl.chunks] == [False] * (len(tl.chunks) - 1) + [True]
    assert len(tl.chunks[0].pcm) // 2 <= tl.sample_rate * 0.1
    assert pcm == tl.pcm
    # The wire carries each chunk as a WAV file of the timeline's rate, cut at the edge.
    voices = [e for e in timeline_events(tl, "u1") if isinstance(e, Voice)]
    assert b"".join(read_wav(base64.b64decode(v.audio))[0] for v in voices) == pcm
    assert {read_wav(base64.b64decode(v.audio))[1] for v in voices} == {rate}
    assert abs(len(pcm) // 2 * 1000 // tl.sample_rate - tl.duration_ms) <= 1
    # Lip sync and face live inside the audio's span.
    assert tl.visemes[-1].viseme == "sil" and tl.visemes[-1].t_ms <= tl.duration_ms
    assert all(0 <= k.t_ms <= tl.duration_ms for k in tl.expression)
    assert any(
        "mouthSmileLeft" in k.blendshapes and k.blendshapes["mouthSmileLeft"] > 0.3 for k in tl.expression
    )
    assert any(k.blendshapes.get("eyeBlinkLeft") == 1.0 for k in tl.expression)
    # A greeting waves, on "Hello".
    assert tl.gestures and tl.gestures[0].name == "wave"
    assert tl.gestures[0].t_ms <= tl.words[0].start_ms + 50
    assert tl.gesture_intensity[0] > 0.8
    # Excitement speaks faster and higher than calm.
    calm = ex.plan("Hello there, welcome to the stream!", CALM, "greet")
    assert calm.prosody.rate < tl.prosody.rate and calm.prosody.pitch < tl.prosody.pitch
    assert calm.duration_ms > tl.duration_ms


def test_spoken_text_follows_the_words() -> None:
    tl = Expresser(voice=make_voice("espeak")).plan("One two three four.", NEUTRAL, "inform")
    assert tl.spoken_text(0) == ""
    assert tl.spoken_text(tl.words[1].end_ms) == "One two"
    assert tl.spoken_text(tl.duration_ms) == "One two three four."


def test_never_the_same_gesture_twice_in_a_row() -> None:
    ex = Expresser(voice=make_voice("espeak"))
    names: list[str] = []
    for _ in range(4):
        tl = ex.plan("Thank you so much, thanks!", GRATEFUL, "thank")
        names.extend(g.name for g in tl.gestures)
    assert names and names[0] == "bow"
    assert all(a != b for a, b in zip(names, names[1:], strict=False))


def test_mood_carries_into_the_next_utterance() -> None:
    ex = Expresser(voice=make_voice("espeak"))
    ex.plan(
        "I am so sorry to hear that.", Emotion(label="sad", intensity=0.9, valence=-0.7, arousal=0.3), None
    )
    assert ex.mood.get("browInnerUp", 0.0) > 0.3
    nxt = ex.plan("Anyway, back to the show!", EXCITED, "cheer")
    first = nxt.expression[0]
    assert first.t_ms == 0 and first.blendshapes["browInnerUp"] > 0.3  # starts from the sad mood, then eases


def test_plan_from_many_threads() -> None:
    ex = Expresser(voice=make_voice("espeak"))
    lines = [f"This is sentence number {i}." for i in range(12)]
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        timelines = list(pool.map(lambda t: ex.plan(t, NEUTRAL, "inform"), lines))
    for line, tl in zip(lines, timelines, strict=True):
        assert tl.text == line
        assert [w.text for w in tl.words][:4] == ["This", "is", "sentence", "number"]
        assert tl.duration_ms > 800
