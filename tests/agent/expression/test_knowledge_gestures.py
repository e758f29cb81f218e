"""Gestures found by meaning in a real knowledge base (the project's gesture catalog, ingested here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.events import Emotion
from agent.expression import Expresser, KnowledgeGestures, make_voice

CATALOG = Path(__file__).resolve().parents[3] / "knowledge" / "sample" / "gestures"
EXCITED = Emotion(label="excited", intensity=0.9, valence=0.8, arousal=0.9)


@pytest.fixture(scope="module")
def gestures(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeGestures:
    knowledge = pytest.importorskip("knowledge")
    if not CATALOG.exists():
        pytest.skip("no gesture catalog in the sample knowledge")
    kb = knowledge.KnowledgeBase.open(tmp_path_factory.mktemp("kb"))
    kb.ingest([CATALOG])
    return KnowledgeGestures(kb)


def test_clips_found_by_meaning_and_placed_on_their_word(gestures: KnowledgeGestures) -> None:
    clips = gestures.find("Go team go!", 3)
    assert clips and clips[0].name in {"cheer", "fist-pump"}
    assert clips[0].duration_ms > 0 and clips[0].file
    ex = Expresser(voice=make_voice("espeak"), gestures=gestures)
    tl = ex.plan("What a race. Go team, go!", EXCITED, "cheer")
    cheer = tl.gestures[0]
    go = [w for w in tl.words if w.text == "go!"][0]
    assert cheer.name in {"cheer", "fist-pump"}
    assert cheer.t_ms <= go.start_ms <= cheer.t_ms + cheer.duration_ms  # the stroke is on "go!"
    # The same line again: a different clip first, never the same one twice in a row.
    again = ex.plan("Go team go!", EXCITED, "cheer")
    assert again.gestures and again.gestures[0].name != tl.gestures[-1].name


def test_a_line_with_no_gesture_in_it_gets_none_from_the_catalog(gestures: KnowledgeGestures) -> None:
    assert all(c.score >= gestures.min_similarity for c in gestures.find("The tax form is due on Monday.", 5))
