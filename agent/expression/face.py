"""Emotion -> facial expression keyframes (ARKit blendshape names), blinks and idle motion. Pure functions.

Blendshape names are Apple ARKit's (``ARFaceAnchor.BlendShapeLocation``), which VRM 1.0, Ready Player Me
and most face rigs map to; ``jawOpen`` and the mouth-shape channels are left to the visemes. Used here:

    browInnerUp browDownLeft browDownRight browOuterUpLeft browOuterUpRight
    eyeBlinkLeft eyeBlinkRight eyeSquintLeft eyeSquintRight eyeWideLeft eyeWideRight
    cheekSquintLeft cheekSquintRight noseSneerLeft noseSneerRight
    mouthSmileLeft mouthSmileRight mouthFrownLeft mouthFrownRight mouthPressLeft mouthPressRight
    mouthDimpleLeft mouthDimpleRight mouthPucker

Keyframe semantics (what a renderer does with ``animation.expression``): keys are sparse per channel.
Each channel is interpolated linearly between the keys that name it and holds its last value after its
last key, so the final pose of an utterance (the mood, at 70% of the utterance's strength) stays on the
face between utterances until the next one moves it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from agent.events import Emotion, ExpressionKey
from agent.expression.types import WordTiming

Pose = dict[str, float]

BLENDSHAPES: tuple[str, ...] = (
    "browInnerUp", "browDownLeft", "browDownRight", "browOuterUpLeft", "browOuterUpRight",
    "eyeBlinkLeft", "eyeBlinkRight", "eyeSquintLeft", "eyeSquintRight", "eyeWideLeft", "eyeWideRight",
    "cheekSquintLeft", "cheekSquintRight", "noseSneerLeft", "noseSneerRight",
    "mouthSmileLeft", "mouthSmileRight", "mouthFrownLeft", "mouthFrownRight",
    "mouthPressLeft", "mouthPressRight", "mouthDimpleLeft", "mouthDimpleRight", "mouthPucker",
)  # fmt: skip


def _sym(**channels: float) -> Pose:
    """A symmetric pose: ``smile=0.6`` sets mouthSmileLeft and mouthSmileRight."""
    names = {
        "browDown": ("browDownLeft", "browDownRight"),
        "browOuterUp": ("browOuterUpLeft", "browOuterUpRight"),
        "eyeSquint": ("eyeSquintLeft", "eyeSquintRight"),
        "eyeWide": ("eyeWideLeft", "eyeWideRight"),
        "cheekSquint": ("cheekSquintLeft", "cheekSquintRight"),
        "noseSneer": ("noseSneerLeft", "noseSneerRight"),
        "mouthSmile": ("mouthSmileLeft", "mouthSmileRight"),
        "mouthFrown": ("mouthFrownLeft", "mouthFrownRight"),
        "mouthPress": ("mouthPressLeft", "mouthPressRight"),
        "mouthDimple": ("mouthDimpleLeft", "mouthDimpleRight"),
    }
    pose: Pose = {}
    for k, v in channels.items():
        for name in names.get(k, (k,)):
            pose[name] = v
    return pose


#: Poses at full intensity. Labels outside this table fall back to valence/arousal alone.
EMOTION_POSES: dict[str, Pose] = {
    "neutral": {},
    "happy": _sym(mouthSmile=0.7, cheekSquint=0.4, eyeSquint=0.2, browOuterUp=0.1),
    "joy": _sym(mouthSmile=0.8, cheekSquint=0.5, eyeSquint=0.25, browOuterUp=0.15),
    "excited": _sym(mouthSmile=0.75, eyeWide=0.4, browInnerUp=0.3, browOuterUp=0.45, cheekSquint=0.3),
    "grateful": _sym(mouthSmile=0.55, mouthDimple=0.3, browInnerUp=0.25, cheekSquint=0.25),
    "amused": _sym(mouthSmile=0.6, mouthDimple=0.35, cheekSquint=0.35, eyeSquint=0.3),
    "playful": _sym(mouthSmile=0.5, mouthDimple=0.4, browOuterUp=0.3),
    "calm": _sym(mouthSmile=0.2, eyeSquint=0.1),
    "curious": _sym(browInnerUp=0.35, browOuterUp=0.3, eyeWide=0.15),
    "surprised": _sym(eyeWide=0.8, browInnerUp=0.6, browOuterUp=0.7),
    "sad": _sym(browInnerUp=0.7, mouthFrown=0.55, eyeSquint=0.15, mouthPress=0.2),
    "sympathetic": _sym(browInnerUp=0.5, mouthFrown=0.15, mouthPress=0.2, mouthSmile=0.1),
    "angry": _sym(browDown=0.8, eyeSquint=0.4, noseSneer=0.4, mouthPress=0.5, mouthFrown=0.3),
    "fear": _sym(browInnerUp=0.8, eyeWide=0.7, mouthFrown=0.3, mouthPress=0.2),
    "disgust": _sym(noseSneer=0.7, browDown=0.4, mouthFrown=0.4, eyeSquint=0.3),
    "embarrassed": _sym(mouthSmile=0.3, browInnerUp=0.4, mouthPress=0.3, eyeSquint=0.2),
}
_ALIASES = {
    "happiness": "happy",
    "excitement": "excited",
    "gratitude": "grateful",
    "thankful": "grateful",
    "surprise": "surprised",
    "sadness": "sad",
    "anger": "angry",
    "annoyed": "angry",
    "afraid": "fear",
    "fearful": "fear",
    "scared": "fear",
    "disgusted": "disgust",
    "empathetic": "sympathetic",
    "concerned": "sympathetic",
    "apologetic": "sympathetic",
    "interested": "curious",
    "proud": "happy",
    "love": "joy",
}

MOOD_HOLD = 0.7  # the share of an utterance's expression that stays on the face after it
ONSET_MS = 250  # ease into an utterance's expression over this long
BLINK_CLOSE_MS = 70
BLINK_OPEN_MS = 110


def _clip(x: float) -> float:
    return round(min(1.0, max(0.0, x)), 3)


def emotion_pose(emotion: Emotion) -> Pose:
    """The face for an emotion: the label's pose scaled by intensity, combined with valence/arousal cues."""
    label = _ALIASES.get(emotion.label.lower(), emotion.label.lower())
    pose: Pose = {k: v * emotion.intensity for k, v in EMOTION_POSES.get(label, {}).items()}
    v, a = emotion.valence, emotion.arousal
    cues = _sym(
        mouthSmile=0.45 * max(0.0, v),
        cheekSquint=0.2 * max(0.0, v),
        mouthFrown=0.35 * max(0.0, -v),
        browInnerUp=0.3 * max(0.0, -v) + 0.15 * max(0.0, a - 0.5),
        eyeWide=0.35 * max(0.0, a - 0.55),
        browOuterUp=0.25 * max(0.0, a - 0.5),
    )
    for k, val in cues.items():
        pose[k] = max(pose.get(k, 0.0), val)
    return {k: _clip(val) for k, val in pose.items() if _clip(val) > 0.0}


def _scaled(pose: Pose, k: float) -> Pose:
    return {name: _clip(v * k) for name, v in pose.items()}


@dataclass(frozen=True)
class FaceSettings:
    """Per-persona face tuning."""

    expressiveness: float = 1.0  # scales every emotion pose
    blink_interval_ms: tuple[int, int] = (2200, 5000)  # humans blink every 2-5 s while talking
    idle_amplitude: float = 0.06  # micro-motion of brows and smile during speech
    emphasis: float = 0.18  # brow raise on emphasized words


def face_keyframes(
    emotion: Emotion,
    duration_ms: int,
    words: Sequence[WordTiming] = (),
    previous: Pose | None = None,
    settings: FaceSettings | None = None,
    seed: int = 0,
    text: str = "",
) -> tuple[tuple[ExpressionKey, ...], Pose]:
    """Keyframes of one utterance, and the mood pose it leaves on the face.

    ``previous`` is the pose the face holds now (the last utterance's mood); the face eases from it to this
    utterance's expression over ``ONSET_MS``. ``seed`` drives blink and idle timing (pass something
    derived from the utterance, so the same line gives the same face).
    """
    s = settings or FaceSettings()
    rng = random.Random(seed)
    target = _scaled(emotion_pose(emotion), s.expressiveness)
    channels = sorted(set(target) | set(previous or {}))
    keys: list[ExpressionKey] = []

    def full(p: Pose) -> dict[str, float]:
        return {c: _clip(p.get(c, 0.0)) for c in channels}

    keys.append(ExpressionKey(t_ms=0, blendshapes=full(previous or {})))
    onset = min(ONSET_MS, max(1, duration_ms // 3))
    keys.append(ExpressionKey(t_ms=onset, blendshapes=full(target)))

    # Emphasis: brows lift on the stressed words (after "!" or "?" or the sentence's longest word).
    emphasized = _emphasis_words(words, text)
    for w in emphasized:
        up = _clip(target.get("browOuterUp" + "Left", 0.0) + s.emphasis)
        inner = _clip(target.get("browInnerUp", 0.0) + s.emphasis * 0.6)
        t0 = max(onset + 1, w.start_ms - 80)
        peak = {"browOuterUpLeft": up, "browOuterUpRight": up, "browInnerUp": inner}
        rest = {k: target.get(k, 0.0) for k in peak}
        back = min(max(t0 + 121, w.end_ms + 150), duration_ms - 1)
        if back <= t0 + 120:
            continue  # too close to the end to lift and drop the brows again
        keys.append(ExpressionKey(t_ms=t0, blendshapes={k: _clip(v) for k, v in rest.items()}))
        keys.append(ExpressionKey(t_ms=t0 + 120, blendshapes=peak))
        keys.append(ExpressionKey(t_ms=back, blendshapes=rest))

    # Idle: small slow drift of smile and brows while talking, so the face never freezes.
    t = onset + 700
    while t < duration_ms - 300 and s.idle_amplitude > 0:
        jitter = s.idle_amplitude * (rng.random() * 2 - 1)
        smile = _clip(target.get("mouthSmileLeft", 0.0) + jitter * 0.5)
        keys.append(ExpressionKey(t_ms=t, blendshapes={"mouthSmileLeft": smile, "mouthSmileRight": smile}))
        t += rng.randint(900, 1500)

    keys.extend(blink_keys(duration_ms, rng, s.blink_interval_ms))

    mood = _scaled(target, MOOD_HOLD)
    end = max(onset + 1, duration_ms)
    keys.append(ExpressionKey(t_ms=end, blendshapes=full(mood)))
    keys.sort(key=lambda k: k.t_ms)
    return tuple(keys), mood


def _emphasis_words(words: Sequence[WordTiming], text: str) -> list[WordTiming]:
    if not words:
        return []
    content = [w for w in words if len(w.text.strip(".,!?;:'\"")) >= 3]
    if not content:
        return []
    if text.rstrip().endswith(("!", "?")):
        return [content[-1]]
    return [max(content, key=lambda w: (len(w.text), -w.start_ms))]


def blink_keys(duration_ms: int, rng: random.Random, interval_ms: tuple[int, int]) -> list[ExpressionKey]:
    """Natural blinks: one soon after the start, then every 2-5 s, closing in 70 ms, opening in 110."""
    keys: list[ExpressionKey] = []
    lo, hi = interval_ms
    t = rng.randint(250, 900)
    while t + BLINK_CLOSE_MS + BLINK_OPEN_MS < duration_ms:
        keys.append(ExpressionKey(t_ms=t, blendshapes={"eyeBlinkLeft": 0.0, "eyeBlinkRight": 0.0}))
        keys.append(
            ExpressionKey(t_ms=t + BLINK_CLOSE_MS, blendshapes={"eyeBlinkLeft": 1.0, "eyeBlinkRight": 1.0})
        )
        keys.append(
            ExpressionKey(
                t_ms=t + BLINK_CLOSE_MS + BLINK_OPEN_MS,
                blendshapes={"eyeBlinkLeft": 0.0, "eyeBlinkRight": 0.0},
            )
        )
        t += rng.randint(lo, hi)
    return keys


def pose_at(keys: Sequence[ExpressionKey], t_ms: float) -> Pose:
    """Evaluate keyframes at ``t_ms`` with the renderer semantics above (per-channel linear, hold after)."""
    tracks: dict[str, list[tuple[int, float]]] = {}
    for k in sorted(keys, key=lambda k: k.t_ms):
        for name, v in k.blendshapes.items():
            tracks.setdefault(name, []).append((k.t_ms, v))
    out: Pose = {}
    for name, track in tracks.items():
        value = track[0][1]
        for (t0, v0), (t1, v1) in zip(track, track[1:], strict=False):
            if t_ms >= t1:
                value = v1
            elif t_ms >= t0:
                value = v0 + (v1 - v0) * (t_ms - t0) / max(1, t1 - t0)
                break
        if t_ms >= track[-1][0]:
            value = track[-1][1]
        out[name] = value
    return out
