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
from agent.expression.audio import wav_bytes
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
                audio=base64.b64encode(wav_bytes(chunk.pcm, tl.sample_rate)).decode("ascii"),
                final=chunk.final,
                turn_id=turn_id,
            )
        )
        window = animation_window(tl, chunk.t_ms, end_ms, first=index == 0)
        if window is not None:
            events.append(window.model_copy(update={"utterance_id": utterance_id, "turn_id": turn_id}))
    events.append(UtteranceFinished(utterance_id=utterance_id, spoken_text=tl.text, turn_id=turn_id))
    return events


_CLAUSE_END = re.compile(r"[,;:\u2014]$")
#: Words a phrase break may come before (a new clause or phrase starts) and a lead phrase never ends on.
_PHRASE_STARTERS = frozenset(
    "and but or so because to for at in on with of about from that which who when while if than as "
    "into onto after before since until".split()
)
_NEVER_LAST = _PHRASE_STARTERS | frozenset("a an the my your our their his her its this these those".split())


def _bare(word: str) -> str:
    return re.sub(r"[^\w']", "", word).lower()


def speakable_parts(sentence: str, lead_words: int = 4, min_rest_words: int = 2) -> list[str]:
    """The opening sentence of a reply as a short lead phrase and the rest, so a slow voice starts sooner.

    A voice that needs a large share of a sentence's duration to synthesize it (piper on a small CPU) cannot
    send audio before its whole first utterance is synthesized; voicing a lead phrase of a few words as its
    own utterance brings the first audio forward, and the rest is synthesized while the lead plays. The
    split comes at the most natural boundary near ``lead_words`` words: after clause punctuation within the
    first ``lead_words + 2`` words ("Hello there, | welcome ..."), else before a word that starts a phrase,
    after 3 to ``lead_words + 1`` words ("I'm not sure | about that one"); never after an article or a
    preposition, never leaving a rest of fewer than ``min_rest_words`` words. With no such boundary the
    sentence stays whole. Pure: text in, parts out.
    """
    words = sentence.split()
    if len(words) < 1 + min_rest_words:
        return [sentence]
    n_rest = len(words) - min_rest_words

    def pick(ks: list[int]) -> int | None:
        return min(ks, key=lambda k: (abs(k - lead_words), k)) if ks else None

    k = pick([k for k in range(1, min(lead_words + 2, n_rest) + 1) if _CLAUSE_END.search(words[k - 1])])
    if k is None:
        k = pick(
            [
                k
                for k in range(3, min(lead_words + 1, n_rest) + 1)
                if _bare(words[k]) in _PHRASE_STARTERS and _bare(words[k - 1]) not in _NEVER_LAST
            ]
        )
    if k is None:
        return [sentence]
    return [" ".join(words[:k]), " ".join(words[k:])]
