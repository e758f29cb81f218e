"""Pure mappings: emotion -> face keyframes and prosody; gesture placement."""

from __future__ import annotations

import random

from agent.events import Emotion
from agent.expression import BLENDSHAPES, emotion_pose, face_keyframes, prosody_for
from agent.expression.face import blink_keys, pose_at
from agent.expression.gestures import GestureClip, KeywordGestures, anchor_word, place_gestures
from agent.expression.types import WordTiming

HAPPY = Emotion(label="happy", intensity=0.8, valence=0.8, arousal=0.5)
SAD = Emotion(label="sad", intensity=0.8, valence=-0.7, arousal=0.2)
ODD = Emotion(label="flabbergasted", intensity=0.8, valence=0.6, arousal=0.9)
WORDS = (WordTiming("Hello", 0, 300), WordTiming("there,", 300, 700), WordTiming("go!", 900, 1200))


def test_poses_use_arkit_names_and_follow_valence() -> None:
    for e in (HAPPY, SAD, ODD):
        assert set(emotion_pose(e)) <= set(BLENDSHAPES)
    assert emotion_pose(HAPPY)["mouthSmileLeft"] > 0.4 and "mouthFrownLeft" not in emotion_pose(HAPPY)
    assert emotion_pose(SAD)["mouthFrownLeft"] > 0.3 and emotion_pose(SAD)["browInnerUp"] > 0.4
    # An unknown label still shows its valence and arousal.
    odd = emotion_pose(ODD)
    assert odd["mouthSmileLeft"] > 0.2 and odd["eyeWideLeft"] > 0.1


def test_keyframes_ease_in_hold_the_mood_and_blink() -> None:
    keys, mood = face_keyframes(HAPPY, 4000, WORDS, previous={}, seed=1, text="Hello there, go!")
    assert keys[0].t_ms == 0 and keys[-1].t_ms == 4000
    assert pose_at(keys, 0)["mouthSmileLeft"] == 0.0
    assert pose_at(keys, 250)["mouthSmileLeft"] > 0.5
    assert 0.0 < pose_at(keys, 125)["mouthSmileLeft"] < pose_at(keys, 250)["mouthSmileLeft"]
    assert mood["mouthSmileLeft"] == round(0.7 * emotion_pose(HAPPY)["mouthSmileLeft"], 3)
    assert pose_at(keys, 99_999)["mouthSmileLeft"] == mood["mouthSmileLeft"]  # holds after the end
    blinks = [k.t_ms for k in keys if k.blendshapes.get("eyeBlinkLeft") == 1.0]
    assert blinks and all(b2 - b1 >= 2200 for b1, b2 in zip(blinks, blinks[1:], strict=False))


def test_blinks_are_spaced_naturally() -> None:
    keys = blink_keys(60_000, random.Random(7), (2200, 5000))
    closed = [k.t_ms for k in keys if k.blendshapes["eyeBlinkLeft"] == 1.0]
    gaps = [b - a for a, b in zip(closed, closed[1:], strict=False)]
    assert 10 <= len(closed) <= 28 and min(gaps) >= 2200 and max(gaps) <= 5000


def test_prosody_follows_arousal_label_and_act() -> None:
    excited = prosody_for(Emotion(label="excited", intensity=1.0, valence=0.8, arousal=1.0), "cheer")
    sad = prosody_for(SAD, "apologize")
    assert excited.rate > 1.1 and excited.pitch > 1.1 and excited.volume > 1.1
    assert sad.rate < 0.95 and sad.pitch < 1.0 and sad.volume < 0.95
    assert all(0.75 <= x <= 1.3 for p in (excited, sad) for x in (p.rate, p.pitch, p.volume))


def test_gestures_land_on_their_word_and_never_repeat() -> None:
    clips = KeywordGestures().find("Hello there, go!", 5)
    assert [c.name for c in clips][:2] == ["wave", "cheer"]
    assert anchor_word(clips[1], WORDS) == WORDS[2]
    placed = place_gestures(clips, WORDS, HAPPY, last_clip="wave", duration_ms=1500)
    assert [p.cue.name for p in placed] == ["cheer"]  # wave was the last clip: skipped
    assert placed[0].cue.t_ms == 900 - min(350, 1200 // 3) and placed[0].word == "go!"
    calm = place_gestures([GestureClip("nod", 800)], WORDS, Emotion(label="calm", arousal=0.0), None, 1500)
    excited = place_gestures([GestureClip("nod", 800)], WORDS, ODD, None, 1500)
    assert calm[0].intensity < excited[0].intensity


def test_speakable_parts_splits_a_lead_phrase_at_a_natural_boundary() -> None:
    from agent.expression.timeline import speakable_parts

    # Short lines, and lines with no natural boundary near the start, stay whole.
    assert speakable_parts("Go team go!") == ["Go team go!"]
    assert speakable_parts("Welcome to the stream everyone!") == ["Welcome to the stream everyone!"]
    assert speakable_parts("Oh, hi!") == ["Oh, hi!"]  # the rest would be one word
    # Clause punctuation first, within lead_words + 2 words.
    assert speakable_parts("Thanks so much for the gift, that really made my day!") == [
        "Thanks so much for the gift,",
        "that really made my day!",
    ]
    assert speakable_parts("Yes, that was the final match of the whole season.") == [
        "Yes,",
        "that was the final match of the whole season.",
    ]
    # Else before a word that opens a phrase, nearest to lead_words, never after an article.
    assert speakable_parts("I'm not sure about that one, sorry.") == [
        "I'm not sure",
        "about that one, sorry.",
    ]
    assert speakable_parts("The final starts at eight tonight.") == ["The final starts", "at eight tonight."]
    assert speakable_parts("Let me check the official schedule and get back to you.") == [
        "Let me check the official schedule and get back to you."
    ]
    # The parts always rejoin into the sentence.
    for text in ("Both teams trained hard all week, so expect a fast match.", "A b c d e f g h."):
        assert " ".join(speakable_parts(text)) == text
