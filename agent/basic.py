"""The minimal stages: keyword perception, a fixed decision table, and templated replies.

They are real (deterministic, instant, no model) and are what the turn falls back on when a richer stage
is not configured: the spine's tests use them to check the protocol and timing without loading models.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

from agent.events import Comment, Emotion, Gift, InputEvent, Message, Question, SpeechActName
from agent.screening import Screening
from agent.stages import Percept, Plan, Sentence

_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "injection-attempt",
        re.compile(r"ignore (all|previous|your)|system prompt|instructions|jailbreak", re.I),
    ),
    ("abuse", re.compile(r"\b(idiot|stupid|hate you|shut up|loser|trash)\b", re.I)),
    ("spam", re.compile(r"(https?://|www\.|free followers|buy now|(.)\2{7,})", re.I)),
    ("greeting", re.compile(r"^\s*(hi|hello|hey|yo|good (morning|evening)|你好)\b", re.I)),
    ("farewell", re.compile(r"\b(bye|good ?night|see you|gotta go)\b", re.I)),
    ("thanks", re.compile(r"\b(thanks|thank you|thx|谢谢)\b", re.I)),
    ("question", re.compile(r"\?\s*$|^\s*(who|what|when|where|why|how|which|is|are|can|do|does)\b", re.I)),
    ("praise", re.compile(r"\b(love|awesome|great|amazing|cool|best)\b", re.I)),
)

_EMOTION = {
    "greeting": Emotion(label="joy", intensity=0.6, valence=0.6, arousal=0.5),
    "praise": Emotion(label="joy", intensity=0.8, valence=0.8, arousal=0.6),
    "thanks": Emotion(label="joy", intensity=0.5, valence=0.6, arousal=0.4),
    "gift": Emotion(label="joy", intensity=0.9, valence=0.9, arousal=0.8),
    "abuse": Emotion(label="anger", intensity=0.6, valence=-0.7, arousal=0.6),
    "question": Emotion(label="curious", intensity=0.4, valence=0.2, arousal=0.4),
}

_ACT: dict[str, SpeechActName | None] = {
    "greeting": "greet",
    "farewell": "farewell",
    "thanks": "thank",
    "gift": "thank",
    "praise": "thank",
    "question": "answer",
    "chit-chat": "inform",
    "spam": None,
    "abuse": None,
    "injection-attempt": "refuse",
}


#: A superchat is read and answered, a follow or membership thanked, a raid or an entrance greeted.
_LIVE_INTENT = {
    "superchat": "question",
    "membership": "gift",
    "subscription": "gift",
    "follow": "gift",
    "raid": "greeting",
    "entrance": "greeting",
}


class KeywordPerceiver:
    """Intent from a few keyword rules, emotion from the intent."""

    def perceive(self, event: InputEvent, now: float, screening: Screening | None = None) -> Percept:
        if isinstance(event, Gift):
            return Percept(
                text=f"{event.gift} x{event.amount:g}",
                intent="gift",
                emotion=_EMOTION["gift"],
                screening=screening,
            )
        live = _LIVE_INTENT.get(event.type)
        if live is not None:  # protocol v1.1's livestream events: their type is their intent
            return Percept(text=event.text, intent=live, emotion=_EMOTION[live], screening=screening)
        text = event.text if isinstance(event, Comment | Message | Question) else ""
        intent = "question" if isinstance(event, Question) else "chit-chat"
        for name, pattern in _KEYWORDS:
            if pattern.search(text):
                intent = name
                break
        return Percept(text=text, intent=intent, emotion=_EMOTION.get(intent, Emotion()), screening=screening)


class FixedDecider:
    """A fixed table from intent to speech act; spam and abuse are ignored, idle ticks stay quiet."""

    def note_chat(self, now: float) -> None:
        """The table does not read the chat rate."""

    def spoke(self, now: float, act: str | None) -> None:
        """The table keeps no clocks."""

    def decide(self, event: InputEvent | None, percept: Percept | None, now: float) -> Plan:
        if event is None or percept is None:
            return Plan(branch="idle", reason="nothing to react to", act=None)
        act = _ACT.get(percept.intent, "inform")
        user = event.user if event is not None else None
        if act is None:
            return Plan(
                branch=f"guard/{percept.intent}", reason=f"{percept.intent} is not answered", act=None
            )
        mood = percept.emotion if percept.emotion.valence >= 0 else Emotion(label="calm", intensity=0.3)
        return Plan(
            branch=f"engage/{act}",
            reason=f"{percept.intent} from {user.name if user else 'someone'}",
            act=act,
            emotion=mood,
            addressee=user.name if user else None,
        )


_TEMPLATES: dict[str, str] = {
    "greet": "Hi {name}, welcome to the stream!",
    "farewell": "Bye {name}, thanks for hanging out!",
    "thank": "Thank you so much, {name}!",
    "answer": "Great question, {name}. Let me look into that.",
    "refuse": "Nice try, {name}, but I'll stay on topic.",
    "inform": "Thanks for chatting, {name}. We're talking winter sports today.",
}


class TemplateComposer:
    """One short sentence per act, addressed to the viewer."""

    def warm(self) -> None:
        """Templates: nothing to load."""

    async def compose(
        self, plan: Plan, percept: Percept, event: InputEvent | None
    ) -> AsyncIterator[Sentence]:
        template = _TEMPLATES.get(plan.act or "inform", _TEMPLATES["inform"])
        yield Sentence(text=template.format(name=plan.addressee or "friend"))
