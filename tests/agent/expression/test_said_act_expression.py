"""The bundled expresser animates and voices the act said (issue 14, session 29, brief P2).

The runtime hands it the act a sentence's ``speech_act`` names (``events.said_act``): a kind line said under a
planned ``ask`` is no longer given a question's ``think`` gesture and voice. Lines written for this test."""

from __future__ import annotations

from agent.events import Emotion
from agent.expression import prosody_for
from agent.expression.gestures import GesturePlanner, KeywordGestures

CALM = {"nod", "bow", "heart", "open_palms", "head_shake"}
NEUTRAL = Emotion()


def _clips(text: str, act: str) -> list[str]:
    return [c.name for c in GesturePlanner(source=KeywordGestures()).clips(text, act)]


def test_a_kind_line_with_no_gesture_word_nods_where_a_question_thinks() -> None:
    line = "That must weigh heavy, Mira."  # no word of the built-in catalogue in it
    assert _clips(line, "ask") == ["think"]
    assert _clips(line, "comfort") == ["nod"] and _clips(line, "reply") == ["nod"]
    assert _clips(line, "care") == ["open_palms"]


def test_a_kind_or_care_line_is_never_cheered_or_pointed_at() -> None:
    line = "Go easy on yourself, look after you."  # "go" calls for a cheer, "look" for a point
    assert {"cheer", "point"} <= set(_clips(line, "ask"))
    for act in ("comfort", "care"):
        assert _clips(line, act) and set(_clips(line, act)) <= CALM, act


def test_a_kind_line_is_said_slower_and_softer_than_a_question() -> None:
    ask, comfort, care = (prosody_for(NEUTRAL, act) for act in ("ask", "comfort", "care"))
    assert comfort.rate < ask.rate and comfort.volume < ask.volume and comfort.pitch < ask.pitch
    assert care.rate < ask.rate and care.volume < ask.volume
