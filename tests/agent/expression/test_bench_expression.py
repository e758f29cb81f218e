"""`persona bench expression --quick` runs and reports every figure the issue asks for."""

from __future__ import annotations

import math

from evals.bench_expression import REPLIES, run, voiced_onsets
from evals.result import EvalOptions


def test_voiced_onsets_finds_bursts() -> None:
    rate = 22050
    silence = b"\x00\x00" * (rate // 10)
    tone = (b"\x00\x40\x00\xc0") * (rate // 20)  # 100 ms of a loud square wave
    pcm = silence + tone + silence + tone
    assert voiced_onsets(pcm, rate) == [100, 300]


def test_quick_bench_reports_espeak_figures() -> None:
    result = run(EvalOptions(quick=True, seeds=3, extra={"voices": ["espeak"]}))
    m = result.metrics
    for key in (
        "first_chunk_p50_ms",
        "first_chunk_p95_ms",
        "whole_sentence_chunk_p95_ms",
        "x_realtime",
        "lipsync_median_ms",
        "event_bytes_per_s",
    ):
        assert not math.isnan(m[f"espeak_{key}"])
    assert m["espeak_lipsync_onsets"] > 10
    assert "espeak_join_pause_median_ms" not in m  # espeak voices every sentence whole
    assert m["espeak_event_bytes_per_s"] > 40_000  # 22,050 Hz PCM16 in base64 alone is ~59 kB/s


def test_bench_replies_are_twenty_words() -> None:
    assert all(len(r.split()) == 20 for r in REPLIES)
