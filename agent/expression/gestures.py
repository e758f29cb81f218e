"""Text to action: which gesture clips go with a line, and on which word.

Clips come from a ``GestureSource``: the knowledge base's gesture catalog (found by meaning, through
``KnowledgeGestures``) when there is one, or ``KeywordGestures``, a small built-in catalog matched by
keywords, so expression works alone. Placement is a pure function: a clip's stroke lands on the word it
belongs to (a cheer on "go!", a wave on "hello"); the clip starts a little before that word so the
stroke peaks on it. Never the same clip twice in a row; intensity follows arousal.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from agent.events import Emotion, GestureCue
from agent.expression.types import WordTiming


@dataclass(frozen=True)
class GestureClip:
    name: str
    duration_ms: int
    tags: tuple[str, ...] = ()
    file: str | None = None
    score: float = 1.0  # how well it matched the query (higher is better)


class GestureSource(Protocol):
    def find(self, text: str, k: int) -> list[GestureClip]:
        """Up to ``k`` clips that fit ``text``, best first."""
        ...


@dataclass(frozen=True)
class PlacedGesture:
    cue: GestureCue
    intensity: float  # 0..1, from arousal: how big the motion is
    word: str  # the word it was placed on


#: The built-in catalog: name, duration, and the words (and speech acts) it belongs to. The web stage
#: animates each of these names; other names (from a knowledge base) get a generic arm motion there.
BUILTIN_CLIPS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    (
        "wave",
        1400,
        ("hello", "hi", "hey", "welcome", "bye", "goodbye", "greet", "farewell", "morning", "evening"),
    ),
    (
        "cheer",
        1200,
        ("go", "yay", "win", "won", "woo", "hooray", "let's", "come", "cheer", "champion", "goal"),
    ),
    ("bow", 1300, ("thank", "thanks", "grateful", "appreciate", "sorry", "apologize", "thank")),
    (
        "clap",
        1200,
        ("great", "amazing", "awesome", "congrats", "congratulations", "bravo", "well", "fantastic"),
    ),
    ("heart", 1400, ("love", "heart", "sweet", "kind", "lovely", "adore")),
    ("point", 1000, ("look", "this", "here", "there", "you", "check", "see")),
    ("shrug", 1100, ("maybe", "unsure", "know", "perhaps", "dunno", "idk", "guess")),
    ("think", 1600, ("hmm", "think", "wonder", "why", "how", "question", "let", "consider", "clarify")),
    ("nod", 800, ("yes", "yeah", "right", "sure", "exactly", "correct", "indeed", "okay", "ok")),
    ("head_shake", 900, ("no", "not", "never", "can't", "cannot", "won't", "refuse", "nope")),
    ("open_palms", 1200, ("answer", "inform", "explain", "so", "because", "actually", "means", "about")),
)

#: A speech act's own gesture, used when no word of the line calls for one.
ACT_GESTURE: dict[str, str] = {
    "greet": "wave",
    "farewell": "wave",
    "thank": "bow",
    "cheer": "cheer",
    "apologize": "bow",
    "refuse": "head_shake",
    "clarify": "think",
    "ask": "think",
    "answer": "open_palms",
    "inform": "open_palms",
    "promote": "point",
    # the composer's own acts (protocol v1.2; animated as said since session 29)
    "comfort": "nod",  # a kind line to a viewer's loss: a quiet nod, never a question's "think"
    "care": "open_palms",  # a calm pointer to help
    "reply": "nod",  # a viewer's line taken up
}

#: Acts said to a viewer's loss (``comfort``) or to a viewer in danger (``care``): only a calm clip fits
#: them (``CALM_CLIPS``), whatever found it - "Go easy on yourself" is not cheered on "Go", "You matter" not
#: pointed at; a catalogue's clip of another name (a laugh, a fist pump) is left out too (session 29).
CALM_ACTS = frozenset({"comfort", "care"})
CALM_CLIPS = frozenset(
    "nod bow apologize heart heart-hands open_palms explain-hands head_shake head-shake".split()
)


def fits(clip: str, act: str | None) -> bool:
    """Whether ``clip`` may go with a line said as ``act``: any clip, but only a calm one for a calm act."""
    return act not in CALM_ACTS or clip in CALM_CLIPS


_WORD = re.compile(r"[\w']+")
_STOP = frozenset(
    "a an the and or but of to in on at for with is are was were be been it its i me my we our you your "
    "he she they them this that these those as by from so do does did have has had will would can could "
    "just very really".split()
)


def _norm(word: str) -> str:
    return word.lower().strip('.,!?;:"()[]')


class KeywordGestures:
    """The built-in gesture catalog, matched by keyword: works with no knowledge base."""

    def __init__(self, clips: Iterable[tuple[str, int, tuple[str, ...]]] = BUILTIN_CLIPS) -> None:
        self.clips = [GestureClip(name, dur, tags) for name, dur, tags in clips]

    def find(self, text: str, k: int) -> list[GestureClip]:
        words = [_norm(w) for w in _WORD.findall(text)]
        scored: list[tuple[float, int, GestureClip]] = []
        for i, clip in enumerate(self.clips):
            hits = sum(1 for w in words if w in clip.tags or w == clip.name)
            if hits:
                scored.append((float(hits), -i, clip))
        scored.sort(reverse=True)
        return [GestureClip(c.name, c.duration_ms, c.tags, c.file, s) for s, _, c in scored[:k]]

    def by_name(self, name: str) -> GestureClip | None:
        return next((c for c in self.clips if c.name == name), None)


class KnowledgeGestures:
    """Gesture clips found by meaning in a knowledge base's motion catalog.

    ``kb`` is anything with ``search(text, k, modality="motion")`` returning hits that carry ``metadata``
    (``name``, ``duration_ms``, ``tags``, ``file``) and a ``dense`` similarity or a ``score``
    (``knowledge.KnowledgeBase`` does). Hits below ``min_similarity`` are dropped, so a line with no gesture
    in it gets none rather than the least bad clip. A search embeds the line (tens of ms on an idle core,
    hundreds under load), so results are cached per line.
    """

    def __init__(self, kb: Any, min_similarity: float = 0.15, cache_size: int = 512) -> None:
        self.kb = kb
        self.min_similarity = min_similarity
        self.cache_size = cache_size
        self._cache: dict[tuple[str, int], list[GestureClip]] = {}
        self._lock = threading.Lock()

    @classmethod
    def sample(cls) -> KnowledgeGestures:
        """The gesture catalog of the project's sample knowledge base (built on first use: slow once)."""
        from knowledge import KnowledgeBase

        return cls(KnowledgeBase.open_sample())

    def find(self, text: str, k: int) -> list[GestureClip]:
        key = (text.strip().lower(), k)
        with self._lock:
            if key in self._cache:
                return list(self._cache[key])
        clips: list[GestureClip] = []
        for hit in self.kb.search(text, k, modality="motion"):
            meta = _field(hit, "metadata") or {}
            name = _field(meta, "name")
            if not name:
                continue
            similarity = _field(hit, "dense")
            score = float(similarity if similarity is not None else (_field(hit, "score") or 0.0))
            if score < self.min_similarity:
                continue
            tags = _field(meta, "tags") or ()
            if isinstance(tags, str):
                tags = tuple(t.strip() for t in re.split(r"[,\s]+", tags) if t.strip())
            clips.append(
                GestureClip(
                    name=str(name),
                    duration_ms=int(_field(meta, "duration_ms") or 1200),
                    tags=tuple(str(t).lower() for t in tags),
                    file=_field(meta, "file"),
                    score=score,
                )
            )
        clips.sort(key=lambda c: -c.score)
        with self._lock:
            if len(self._cache) >= self.cache_size:
                self._cache.pop(next(iter(self._cache)))
            self._cache[key] = clips
        return list(clips)


def _field(obj: Any, name: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(name)
    return getattr(obj, name, None)  # a probe: a hit is a dataclass, a metadata row a dict


@dataclass
class GesturePlanner:
    """Chooses and places gestures for one line at a time; remembers the last clip across lines."""

    source: GestureSource = field(default_factory=KeywordGestures)
    fallback: KeywordGestures = field(default_factory=KeywordGestures)
    candidates: int = 5

    def clips(self, text: str, act: str | None) -> list[GestureClip]:
        """Candidate clips for a line said as ``act`` (the act said), best first: those its words call for
        that fit the act (``fits``), else the act's own (``ACT_GESTURE``). May search a knowledge base: call
        it outside locks."""
        try:
            clips = [c for c in self.source.find(text, self.candidates) if fits(c.name, act)]
        except Exception:  # a failing catalog must never silence the persona: fall back to keywords
            clips = []
        if not clips and self.source is not self.fallback:
            clips = [c for c in self.fallback.find(text, self.candidates) if fits(c.name, act)]
        if not clips and act in ACT_GESTURE:
            own = self.fallback.by_name(ACT_GESTURE[act])
            clips = [own] if own else []
        return clips

    def plan(
        self,
        text: str,
        words: Sequence[WordTiming],
        emotion: Emotion,
        act: str | None,
        last_clip: str | None,
        duration_ms: int,
    ) -> list[PlacedGesture]:
        return place_gestures(self.clips(text, act), words, emotion, last_clip, duration_ms)


def gesture_count(emotion: Emotion, n_words: int) -> int:
    """How many gestures a line gets: one, two for a long excited line."""
    return 2 if emotion.arousal >= 0.6 and n_words >= 6 else 1


def intensity_from_arousal(arousal: float) -> float:
    return round(0.35 + 0.65 * min(1.0, max(0.0, arousal)), 3)


def anchor_word(clip: GestureClip, words: Sequence[WordTiming]) -> WordTiming | None:
    """The word a clip belongs to: one named by its tags or name (an exclaimed one first); else the line's
    first exclaimed content word, else its first content word."""
    keys = {clip.name.lower(), *clip.name.lower().replace("-", "_").split("_"), *clip.tags}
    matched = [w for w in words if _norm(w.text) in keys]
    if matched:
        # An exclaimed word is where the motion belongs ("Let's go team, go!": the cheer is on "go!").
        loud = [w for w in matched if "!" in w.text]
        return loud[0] if loud else matched[0]
    content = [w for w in words if _norm(w.text) and _norm(w.text) not in _STOP]
    if not content:
        return words[0] if words else None
    loud = [w for w in content if w.text.rstrip().endswith("!")]
    return loud[0] if loud else content[0]


def place_gestures(
    clips: Sequence[GestureClip],
    words: Sequence[WordTiming],
    emotion: Emotion,
    last_clip: str | None,
    duration_ms: int,
) -> list[PlacedGesture]:
    """Place the best clips on their words: no clip twice in a row (nor ``last_clip``), no overlaps."""
    want = gesture_count(emotion, len(words))
    intensity = intensity_from_arousal(emotion.arousal)
    placed: list[PlacedGesture] = []
    for clip in clips:
        if len(placed) >= want:
            break
        if clip.name == last_clip or any(p.cue.name == clip.name for p in placed):
            continue
        word = anchor_word(clip, words)
        if word is None:
            continue
        # The stroke (about a third into the clip) lands on the word's onset.
        start = max(0, word.start_ms - min(350, clip.duration_ms // 3))
        if any(
            start < p.cue.t_ms + p.cue.duration_ms and p.cue.t_ms < start + clip.duration_ms for p in placed
        ):
            continue
        if duration_ms and start >= duration_ms:
            continue
        # Livelier speech moves faster: high arousal shortens the clip by up to 20%.
        dur = int(clip.duration_ms * (1.1 - 0.3 * min(1.0, emotion.arousal)))
        placed.append(
            PlacedGesture(GestureCue(t_ms=start, name=clip.name, duration_ms=dur), intensity, word.text)
        )
    placed.sort(key=lambda p: p.cue.t_ms)
    return placed
