"""``evals.chat_lag``'s figures from a recorded run (no replay: the arithmetic of lags, parts and fates)."""

from __future__ import annotations

from evals.chat_lag import Run, _Turn, demo_script, measure, trace


def _run() -> Run:
    run = Run(t0=100.0, seconds=60.0)
    run.sent = {"q1": 100.0, "q2": 101.0, "q3": 102.0, "q4": 103.0, "g1": 100.5}
    run.texts = {k: "who won?" if k.startswith("q") else "hi" for k in run.sent}
    run.outcome = {
        "q1": ("question", 1),
        "q2": ("question", 2),
        "q3": ("question", 3),  # never picked, still pending at the end
        "q4": ("question", 4),  # never picked, gone (expired)
        "g1": ("greeting", 9),
    }
    run.pending_end = {3}
    run.turns = [
        _Turn(
            picked=100.5,
            kind="greeting",
            item_id=9,
            decided=100.6,
            branch="engage/greet",
            said=100.7,
            audio=100.8,
            spoken_ms=2000,
        ),  # fmt: skip
        _Turn(
            picked=103.0,
            kind="question",
            item_id=1,
            decided=103.5,
            branch="rules/answer",
            said=103.6,
            audio=104.0,
            spoken_ms=5000,
        ),  # fmt: skip
        _Turn(picked=108.0, kind="question", item_id=2, decided=108.1, branch="busy/pass"),
    ]
    return run


def test_lag_is_send_to_first_spoken_word_and_unspoken_questions_are_counted_by_fate() -> None:
    m = measure(_run())
    assert m["questions_admitted"] == 4 and m["answered"] == 1
    assert m["lag_median"] == 4.0  # q1: sent at 100, first word at 104
    assert (m["queue_median"], m["understand_median"], m["compose_median"], m["tts_median"]) == (
        3.0,
        0.5,
        0.1,
        0.4,
    )
    assert m["within_10s"] == 0.25 and m["within_20s"] == 0.25
    assert m["questions_by_fate"] == {
        "answered": 1,
        "expired_or_shed": 1,
        "pending_end": 1,
        "silent:busy/pass": 1,
    }
    assert m["spoken_s"] == 7.0 and m["air_s_by_turn"]["question:rules/answer"] == 5.0


def test_trace_reads_each_turn_from_its_first_asker() -> None:
    rows = trace(_run())
    assert rows[1]["asked"] == 0.0 and rows[1]["lag"] == 4.0 and rows[2]["lag"] is None


def test_the_demo_script_is_the_demo_stream() -> None:
    script = demo_script(60.0)
    assert script and all(0.0 <= t < 60.0 for t, _ in script)
    assert len({e.id for _, e in script}) == len(script)
