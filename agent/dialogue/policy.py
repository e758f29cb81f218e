"""The embedded act policy: intent -> speech act, used by ``persona chat`` and the evals when no behavior
tree is wired in. The runtime uses the behavior tree's decision instead; the composer realizes either."""

from __future__ import annotations

from agent.events import Emotion, InputEvent, SpeechActName
from agent.stages import Percept, Plan

INTENT_ACT: dict[str, SpeechActName | None] = {
    "question": "answer",
    "greeting": "greet",
    "praise": "ask",  # taken up as a reply ("Glad it feels great..."); "thank" is for gifts only
    "thanks": "cheer",
    "gift": "thank",
    "request": "inform",
    "complaint": "apologize",
    "chit-chat": "ask",
    "spam": None,
    "abuse": None,
    "injection-attempt": "refuse",
    "farewell": "farewell",
}


def plan_for(percept: Percept, event: InputEvent | None, mood: Emotion | None = None) -> Plan:
    act = INTENT_ACT.get(percept.intent, "clarify")
    user = event.user if event is not None else None
    if act is None:
        return Plan(branch=f"guard/{percept.intent}", reason=f"{percept.intent} is not answered", act=None)
    emotion = mood or Emotion()
    if percept.intent in ("complaint",):
        emotion = Emotion(label="sadness", intensity=0.4, valence=-0.3, arousal=0.3)
    return Plan(
        branch=f"engage/{act}",
        reason=f"{percept.intent} from {user.name if user else 'someone'}",
        act=act,
        emotion=emotion,
        addressee=user.name if user else None,
    )
