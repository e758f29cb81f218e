"""`persona bench expression`: voice latency and speed, lip-sync alignment, event bytes per second.

Method (per voice, espeak and piper):
- first audio chunk: wall time from handing a 20-word reply to the expression stage until its first audio
  chunk exists. The reply is split into sentences as the runtime does; the opening sentence is split into
  utterances by ``Expresser.utterances`` (piper: a lead phrase of a few words, then the rest; espeak: whole),
  and the first utterance is planned (voice + visemes + face + gestures): when ``plan`` returns, its chunks
  exist and the runtime can send the first ``voice`` event. ``whole_sentence_chunk_*`` is the same for the
  opening sentence planned whole (a runtime that does not voice lead phrases).
- synthesis speed: seconds of audio produced per second of planning, over every utterance of every reply
  (times real time);
  also per CPU second of the whole process while planning (``x_realtime_cpu``: every thread, piper's
  decoder pool included), which separates the voice's own cost from waiting for a core on a shared machine.
- lip-sync error: voiced-energy onsets are found in the audio the listener hears (10 ms RMS frames, a rise
  above 6% of the line's peak after at least 30 ms below it); for each, the distance to the nearest
  non-silent viseme onset. For espeak the visemes come from its own phoneme events; for piper from espeak's
  timings fitted onto piper's audio (agent/expression/piper.py), so this measures that fit.
- join pause: the silence where a lead phrase meets the rest of its sentence (the lead's trailing silence
  plus the rest's leading silence), which a renderer playing the utterances back to back lets be heard.
- event bytes per second of speech: the JSON of every utterance_started, voice, animation and
  utterance_finished event of an utterance, divided by its audio duration.
"""

from __future__ import annotations

import re
import statistics
import time
from typing import Any

from evals.result import EvalOptions, EvalResult, Target

REPLIES = [  # 20 words each
    "Welcome to the stream everyone! Tonight we watch the final together, "
    "and I will answer all of your questions live.",
    "Thanks so much for the gift, that really made my day! Let's keep the energy high for the second half.",
    "The final starts at eight tonight. Both teams trained hard all week, "
    "so expect a fast and very exciting match.",
    "Great question! The world record was set in twenty nineteen, "
    "and nobody has come close to it since that day.",
    "I'm not sure about that one, sorry. Let me check the official schedule and get back to you very soon.",
    "Go team go! What a goal that was, the whole stadium is on its feet and the fans are singing.",
]
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    i = min(len(s) - 1, max(0, round(q * (len(s) - 1))))
    return round(s[i], 1)


def voiced_onsets(pcm: bytes, sample_rate: int, frame_ms: int = 10, min_gap_ms: int = 30) -> list[int]:
    """Onsets (ms) of voiced energy: a rise above 6% of the peak RMS after >= ``min_gap_ms`` below it."""
    from agent.expression.audio import rms_envelope

    env = rms_envelope(pcm, sample_rate, frame_ms)
    if not env:
        return []
    thr = 0.06 * max(env)
    onsets: list[int] = []
    quiet = min_gap_ms  # the start counts as after silence
    for i, e in enumerate(env):
        if e > thr:
            if quiet * 1 >= min_gap_ms:
                onsets.append(i * frame_ms)
            quiet = 0
        else:
            quiet += frame_ms
    return onsets


def lipsync_errors(timeline: Any) -> list[float]:
    onsets = voiced_onsets(timeline.pcm, timeline.sample_rate)
    starts = [v.t_ms for v in timeline.visemes if v.viseme != "sil"]
    if not starts:
        return []
    return [float(min(abs(o - s) for s in starts)) for o in onsets]


def _silence_ms(pcm: bytes, sample_rate: int) -> tuple[int, int]:
    """(leading, trailing) silence of a line, ms, by the speech segments piper's alignment uses."""
    from agent.expression.piper import speech_segments

    segs = speech_segments(pcm, sample_rate)
    duration = len(pcm) // 2 * 1000 // sample_rate
    if not segs:
        return duration, 0
    return segs[0][0], duration - segs[-1][1]


def _bench_voice(name: str, reps: int) -> dict[str, Any]:
    from agent.events import Emotion, dumps
    from agent.expression import Expresser, make_voice
    from agent.expression.timeline import timeline_events

    ex = Expresser(voice=make_voice(name))
    emotion = Emotion(label="happy", intensity=0.6, valence=0.6, arousal=0.5)
    ex.plan("Warming up.", emotion, "inform")  # model load and first-call costs are not per-reply costs
    first_ms: list[float] = []
    sentence_ms: list[float] = []
    joins: list[float] = []
    audio_s = 0.0
    plan_s = 0.0
    cpu_s = 0.0
    errors: list[float] = []
    event_bytes = 0
    speech_ms = 0
    for r in range(reps):
        reply = REPLIES[r % len(REPLIES)]
        sentences = [s for s in _SENTENCE.split(reply) if s]
        t0 = time.perf_counter()
        for i, sentence in enumerate(sentences):
            parts = ex.utterances(sentence, opening=i == 0)
            tails: list[tuple[int, int]] = []
            for j, part in enumerate(parts):
                s0, c0 = time.perf_counter(), time.process_time()
                tl = ex.plan(part, emotion, "answer")
                s1, c1 = time.perf_counter(), time.process_time()
                cpu_s += c1 - c0
                if i == 0 and j == 0:  # plan() returns with the chunks cut: the first one exists now
                    first_ms.append((s1 - t0) * 1000)
                plan_s += s1 - s0
                audio_s += tl.duration_ms / 1000
                if len(parts) > 1:
                    tails.append(_silence_ms(tl.pcm, tl.sample_rate))
                if r < len(REPLIES):  # quality figures once per distinct reply
                    errors.extend(lipsync_errors(tl))
                    event_bytes += sum(len(dumps(e).encode()) for e in timeline_events(tl, f"u{r}-{i}-{j}"))
                    speech_ms += tl.duration_ms
            joins.extend(float(a[1] + b[0]) for a, b in zip(tails, tails[1:], strict=False))
        # The opening sentence voiced whole, as one utterance (a voice without lead phrases, or a runtime
        # that does not voice ``Expresser.utterances``).
        c0 = time.perf_counter()
        ex.plan(sentences[0], emotion, "answer")
        sentence_ms.append((time.perf_counter() - c0) * 1000)
    got: dict[str, Any] = {
        "first_chunk_p50_ms": _pct(first_ms, 0.5),
        "first_chunk_p95_ms": _pct(first_ms, 0.95),
        "whole_sentence_chunk_p50_ms": _pct(sentence_ms, 0.5),
        "whole_sentence_chunk_p95_ms": _pct(sentence_ms, 0.95),
        "x_realtime": round(audio_s / max(plan_s, 1e-9), 1),
        # Per CPU-second of the process (all threads: piper decodes on a pool of two): the speed per core
        # this machine gives when the other tenants leave the cores alone.
        "x_realtime_cpu": round(audio_s / max(cpu_s, 1e-9), 1),
        "lipsync_median_ms": round(statistics.median(errors), 1) if errors else float("nan"),
        "lipsync_p90_ms": _pct(errors, 0.9),
        "lipsync_onsets": len(errors),
        "event_bytes_per_s": round(event_bytes / max(speech_ms / 1000, 1e-9)),
        "replies": reps,
    }
    if joins:  # silence where a lead phrase meets the rest of its sentence (lead's tail + rest's head), ms
        got["join_pause_median_ms"] = round(statistics.median(joins), 1)
        got["join_pause_max_ms"] = max(joins)
    return got


def run(options: EvalOptions) -> EvalResult:
    reps = {"espeak": 12 if options.quick else 60, "piper": 4 if options.quick else 12}
    if options.seeds:
        reps = {k: options.seeds for k in reps}
    wanted = options.extra.get("voices")
    if wanted:
        reps = {k: v for k, v in reps.items() if k in wanted}
    metrics: dict[str, Any] = {}
    details: dict[str, Any] = {}
    for voice, n in reps.items():
        try:
            got = _bench_voice(voice, n)
        except Exception as exc:  # a voice that cannot load must not hide the other's figures
            details[voice] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        details[voice] = got
        for k, v in got.items():
            if k != "replies":
                metrics[f"{voice}_{k}"] = v
    return EvalResult(
        name="expression",
        metrics=metrics,
        targets=[
            Target("espeak_first_chunk_p95_ms", "<=", 120),
            Target("piper_first_chunk_p95_ms", "<=", 250),
            Target("espeak_lipsync_median_ms", "<=", 40),
            Target("piper_lipsync_median_ms", "<=", 40),
            Target("espeak_x_realtime", ">=", 10),
            Target("piper_x_realtime", ">=", 10),
        ],
        details=details,
        notes=__doc__ or "",
    )
