"""A Timeline as protocol events: what a renderer receives for one utterance.

The runtime paces these in real time; ``persona say`` writes them to a file and the benchmark counts their
bytes. Each voice chunk is followed by the animation keys of its window (the first window also carries
everything at t=0), the way the runtime sends them, so a renderer can schedule mouth, face and body
against the audio it has.
"""

from __future__ import annotations

import base64
import re

from agent.events import Animation, ServerEventModel, UtteranceFinished, UtteranceStarted, Voice
from agent.expression.types import Timeline


def animation_window(tl: Timeline, start_ms: int, end_ms: int, *, first: bool) -> Animation | None:
    lo = 0 if first else start_ms
    visemes = [v for v in tl.visemes if lo <= v.t_ms < end_ms]
    expression = [k for k in tl.expression if lo <= k.t_ms < end_ms]
    gestures = [g for g in tl.gestures if lo <= g.t_ms < end_ms]
    if not (visemes or expression or gestures):
        return None
    return Animation(visemes=visemes, expression=expression, gestures=gestures)


def timeline_events(tl: Timeline, utterance_id: str, turn_id: str | None = None) -> list[ServerEventModel]:
    """utterance_started, then (voice, animation) per audio chunk, then utterance_finished."""
    events: list[ServerEventModel] = [
        UtteranceStarted(utterance_id=utterance_id, text=tl.text, duration_ms=tl.duration_ms, turn_id=turn_id)
    ]
    bounds = [c.t_ms for c in tl.chunks[1:]] + [tl.duration_ms + 1]
    for index, (chunk, end_ms) in enumerate(zip(tl.chunks, bounds, strict=True)):
        events.append(
            Voice(
                utterance_id=utterance_id,
                chunk=index,
                t_ms=chunk.t_ms,
                sample_rate=tl.sample_rate,
                audio=base64.b64encode(chunk.wav).decode("ascii"),
                final=chunk.final,
                turn_id=turn_id,
            )
        )
        window = animation_window(tl, chunk.t_ms, end_ms, first=index == 0)
        if window is not None:
            events.append(window.model_copy(update={"utterance_id": utterance_id, "turn_id": turn_id}))
    events.append(UtteranceFinished(utterance_id=utterance_id, spoken_text=tl.text, turn_id=turn_id))
    return events


_CLAUSE = re.compile(r"(?<=[,;:\u2014])\s+")


def speakable_parts(sentence: str, min_words: int = 3, first_max_words: int = 6) -> list[str]:
    """Split a sentence at clause punctuation so its first part can be voiced sooner.

    A slow voice (piper here) cannot send audio before a whole utterance is synthesized; planning a short
    first clause as its own utterance brings the first audio forward. Only the first clause is split off, and
    only when the sentence is longer than ``first_max_words`` and the clause has at least ``min_words``;
    the rest stays whole, so intonation breaks at most once.
    """
    words = sentence.split()
    if len(words) <= first_max_words:
        return [sentence]
    parts = _CLAUSE.split(sentence.strip(), maxsplit=1)
    if len(parts) == 2 and len(parts[0].split()) >= min_words and len(parts[1].split()) >= min_words:
        return parts
    return [sentence]
