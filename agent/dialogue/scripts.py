"""Live scripts for quiet stretches of a stream, built in five stages.

1. gather: material from the persona's show materials and, when a knowledge base is given, its passages on
   the persona's topics (``kb.search``);
2. order: round-robin across topics so the same topic does not run twice in a row;
3. link: a transition line between segments, naming the next topic;
4. smooth: drop repeated sentences and transitions, cut overlong segments at a sentence boundary;
5. restyle: rewrite framing lines into the persona's style (rules; an LLM when one is given), facts verbatim.

Between material segments the script asks the chat something, cheers, and now and then promotes merchandise,
so a quiet stretch sounds like a host, not a reading. The result is a list of ``Segment`` with speech act,
text, emotion, gesture hints and duration; ``build_script(persona, minutes)`` fills the time asked.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from agent.dialogue.realizer import Realizer
from agent.dialogue.style import StyleControls, restyle, split_sentences
from agent.events import Emotion
from agent.perception.mood import emotion_from_va
from agent.persona import Persona

if TYPE_CHECKING:
    from knowledge.types import Hit

WORDS_PER_S = 2.6  # speaking rate used for durations (about 155 words a minute)
PAUSE_S = 1.0

TRANSITIONS = {
    "casual": [
        "Speaking of {topic}, here's one more.",
        "Okay, switching over to {topic}!",
        "Now, {topic} time.",
        "Let's talk {topic} for a sec.",
        "Next up: {topic}.",
    ],
    "formal": [
        "Turning now to {topic}.",
        "Next, a note on {topic}.",
        "On the subject of {topic}:",
        "Moving on to {topic}.",
    ],
}
GESTURES = {
    "inform": ["explain", "point"],
    "ask": ["open_palms", "lean_in"],
    "cheer": ["fist_pump", "clap"],
    "promote": ["present"],
    "greet": ["wave"],
    "farewell": ["wave"],
}


class SearchableKB(Protocol):
    def search(self, text: str, k: int = ..., **kw: Any) -> list[Hit]: ...


@dataclass(frozen=True)
class Material:
    topic: str
    text: str
    source: str


@dataclass
class Segment:
    act: str
    text: str
    emotion: Emotion
    gestures: list[str] = field(default_factory=list)
    duration_s: float = 0.0
    sources: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["emotion"] = self.emotion.model_dump()
        return d


@dataclass
class LiveScript:
    persona: str
    segments: list[Segment]

    @property
    def duration_s(self) -> float:
        return sum(s.duration_s for s in self.segments)

    def to_dict(self) -> dict[str, Any]:
        return {
            "persona": self.persona,
            "duration_s": round(self.duration_s, 1),
            "segments": [s.to_dict() for s in self.segments],
        }


def speaking_time(text: str) -> float:
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    words = len(re.findall(r"[A-Za-z0-9']+", text))
    return round(words / WORDS_PER_S + han / 4.5 + PAUSE_S, 2)


# ---------------------------------------------------------------------- the five stages


def gather(persona: Persona, kb: SearchableKB | None = None, per_topic: int = 3) -> list[Material]:
    out = [Material(m.topic or m.title, m.text, f"persona:{m.title}") for m in persona.show_materials]
    if kb is not None:
        for topic in dict.fromkeys(m.topic for m in out if m.topic):
            try:
                hits = kb.search(topic, per_topic)
            except Exception:  # a failing knowledge base leaves the persona's own material
                continue
            for h in hits:
                text = str(h.text).strip()
                if 40 <= len(text) <= 600:
                    out.append(Material(topic, text, str(h.source or "kb")))
    return out


def order(materials: list[Material]) -> list[Material]:
    by_topic: dict[str, list[Material]] = {}
    for m in materials:
        by_topic.setdefault(m.topic, []).append(m)
    rounds = itertools.zip_longest(*by_topic.values())
    return [m for r in rounds for m in r if m is not None]


def link(materials: list[Material], register: str) -> list[tuple[str | None, Material]]:
    lines = TRANSITIONS[register]
    return [
        (None if i == 0 else lines[i % len(lines)].format(topic=m.topic), m) for i, m in enumerate(materials)
    ]


def smooth(
    linked: list[tuple[str | None, Material]], max_sentences: int = 4
) -> list[tuple[str | None, Material]]:
    seen: set[str] = set()
    out = []
    for transition, m in linked:
        sentences = [s for s in split_sentences(m.text) if s.lower() not in seen]
        seen.update(s.lower() for s in sentences)
        if not sentences:
            continue
        out.append((transition, Material(m.topic, " ".join(sentences[:max_sentences]), m.source)))
    return out


def build_script(
    persona: Persona, minutes: float = 10.0, kb: SearchableKB | None = None, seed: int = 0, lang: str = "en"
) -> LiveScript:
    """A script lasting about ``minutes`` (materials are cycled, with new framing, when they run out)."""
    controls = StyleControls.of(persona)
    register = "formal" if controls.formality >= 0.6 else "casual"
    realizer = Realizer(persona, seed=seed)
    t = persona.temperament
    mood = emotion_from_va(t.baseline_valence, t.baseline_arousal)
    upbeat = emotion_from_va(min(1.0, t.baseline_valence + 0.2), min(1.0, t.baseline_arousal + 0.2))
    material = smooth(link(order(gather(persona, kb)), register))
    segments: list[Segment] = []
    target = minutes * 60.0

    def add(act: str, text: str, emotion: Emotion, sources: list[str] | None = None) -> None:
        if text.strip():  # a framing line already said in the last ten minutes is left out, not repeated
            segments.append(
                Segment(act, text, emotion, list(GESTURES.get(act, [])), speaking_time(text), sources or [])
            )

    def framing(act: str, **kw: Any) -> str:
        now = sum(s.duration_s for s in segments)  # the script's own clock
        out = realizer.realize(act, lang=lang, controls=controls, now=now, **kw)
        return " ".join(s for s, _ in out.sentences)

    add("greet", framing("greet", emotion=upbeat.label), upbeat)
    i = 0
    while sum(s.duration_s for s in segments) < target and material:
        transition, m = material[i % len(material)]
        if transition is None and i:
            transition = TRANSITIONS[register][i % len(TRANSITIONS[register])].format(topic=m.topic)
        lead = restyle(transition, persona, controls, lang) + " " if transition else ""
        add("inform", lead + m.text, mood, [m.source])  # the material's own sentences, verbatim
        i += 1
        if i % 2 == 0:
            add("ask", framing("ask", emotion="neutral", topic=m.topic), mood)
        if i % 3 == 0:
            add("cheer", framing("cheer", emotion=upbeat.label), upbeat)
        if i % 4 == 0 and persona.merchandise:
            add("promote", framing("promote", emotion="neutral"), mood)
    return LiveScript(persona.name, segments)
