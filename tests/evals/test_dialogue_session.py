"""The session readers of `persona eval dialogue` on a hand-made session: they count what they claim."""

from __future__ import annotations

from evals.dialogue_session import Reply, Session, load_lines, measure


def test_the_readers_count_repetition_answers_false_facts_and_waits() -> None:
    lines = [
        {"split": "report", "viewer": "a", "kind": "known", "text": "who won?", "gold": ["Chloe Kim"]},
        {"split": "report", "viewer": "b", "kind": "known", "text": "how many?", "gold": ["2,871"]},
        {"split": "report", "viewer": "c", "kind": "unknown", "text": "weather?"},
        {"split": "report", "viewer": "d", "kind": "unknown", "text": "time in Tokyo?"},
        {"split": "tune", "viewer": "e", "kind": "chitchat", "text": "hi"},
    ]
    stock = "Haha, that's fun, I like it!"
    replies: list[Reply | None] = [
        Reply(text=f"{stock} CHLOE KIM won it.", cited=True, first_audio=11.0),
        Reply(text=f"{stock} About 560 athletes.", cited=True, first_audio=21.0),
        Reply(text=f"{stock} Slalom has gates.", cited=True, first_audio=32.0),
        None,  # never answered: no wait, a non-reply
        Reply(text="Hello e.", first_audio=41.0),
    ]
    s = Session(lines, [10.0, 20.0, 30.0, 40.0, 50.0], 100.0, replies, [r.text for r in replies if r])
    m = measure(s, "report")
    assert m["sentences"] == 7 and m["repetition_rate"] == round(3 / 7, 4)  # the stock line, said 3 times
    assert m["answered_right"] == 0.5  # normalized match: case and the comma in 2,871 do not matter
    assert m["false_fact_rate"] == 0.5  # a cited sentence in reply to an unanswerable question
    assert m["replied"] == 0.75
    assert m["wait_p95_s"] == 2.0  # over the replies (1, 1, 2 s); the unanswered question is in `replied`
    assert 0 < m["distinct_2"] < 1


def test_a_question_passed_over_in_a_busy_chat_is_no_wait_of_the_session_s_length() -> None:
    """Session 9's busy p95 of 163-187 s: questions the tree passed over silently were timed to the end."""
    from evals.dialogue_session import Busy, measure_busy

    lines = [
        {"split": "tune", "viewer": f"v{i}", "kind": "known", "text": f"who won race {i}?", "gold": ["X"]}
        for i in range(4)
    ]
    replies: list[Reply | None] = [Reply(text="X won.", cited=True, first_audio=t) for t in (4.0, 9.0, 17.0)]
    replies.append(None)  # passed over at 14 s; the session ends at 195 s
    busy = Busy(Session(lines, [2.0, 5.0, 9.0, 12.0], 195.0, replies, ["X won."] * 3))
    m = measure_busy(busy, "tune")
    assert m["wait_p95_s"] == 8.0  # the slowest reply (9 s -> 17 s), not 12 s -> 195 s
    assert m["replied"] == 0.75 and m["answered_right"] == 0.75
    assert measure(Session(lines[3:], [12.0], 195.0, [None], []), "tune")["wait_p95_s"] is None


def test_the_scripted_session_declares_its_parts_and_golds() -> None:
    lines = load_lines()
    assert {ln["split"] for ln in lines} == {"tune", "report", "report2"}
    assert all(ln["gold"] for ln in lines if ln["kind"] == "known")
    for split, known in (("report", 8), ("report2", 12)):
        assert sum(ln["kind"] == "known" and ln["split"] == split for ln in lines) >= known
        assert sum(ln["kind"] == "unknown" and ln["split"] == split for ln in lines) >= 3
    assert len({ln["text"] for ln in lines if ln["kind"] != "gift"}) == sum(
        ln["kind"] != "gift" for ln in lines
    )


def test_the_busy_readers_count_what_the_tree_did_around_the_questions(tmp_path) -> None:
    from evals.dialogue_session import (
        Busy,
        answered_right_among,
        answered_right_texts,
        chat_lines,
        measure_busy,
    )

    lines = [
        {"split": "report", "viewer": "a", "kind": "known", "text": "who won?", "gold": ["Chloe Kim"]},
        {"split": "report", "viewer": "b", "kind": "known", "text": "how many?", "gold": ["2,871"]},
        {"split": "tune", "viewer": "c", "kind": "unknown", "text": "weather?"},
    ]
    replies: list[Reply | None] = [Reply(text="Chloe Kim won it.", cited=True, first_audio=12.0), None, None]
    busy = Busy(
        Session(lines, [10.0, 14.0, 18.0], 60.0, replies, ["Chloe Kim won it."]),
        chat_lines=250,
        seconds=50.0,
        branches={"engage/greet": 6, "engage/segment": 2, "engage/batch_answer": 1, "engage/answer": 1},
        segments_while_waiting=1,
    )
    m = measure_busy(busy, "report", whole=True)
    assert m["answered_right"] == 0.5 and m["replied"] == 0.5 and m["wait_p95_s"] == 2.0
    assert m["chat_per_min"] == 300.0 and m["turns"] == 10
    assert m["segments"] == 2 and m["segments_while_waiting"] == 1 and m["batch_answers"] == 1
    tune = measure_busy(busy, "tune")
    assert tune["replied"] == 0.0 and "segments" not in tune
    # counted over the questions a quiet session answered right: "how many?" drops out
    assert answered_right_among(busy.session, {"who won?"}, "report") == (1, 1)
    assert answered_right_among(busy.session, {"who won?", "how many?"}, "report") == (1, 2)
    assert answered_right_texts(busy.session) == {"who won?"}
    # without the chat log: the session's own chit-chat, one viewer per line
    own = chat_lines(5, tmp_path / "missing.csv")
    assert len(own) == 5 and len({v for v, _ in own}) == 5 and all(t for _, t in own)


def test_the_busy_trace_follows_each_question_to_its_turn_or_its_expiry() -> None:
    from evals.dialogue_session import Busy, busy_trace

    lines = [
        {"split": "report", "viewer": "a", "kind": "known", "text": "who won?", "gold": ["Chloe Kim"]},
        {"split": "tune", "viewer": "b", "kind": "unknown", "text": "weather?"},
    ]
    busy = Busy(Session(lines, [12.0, 14.0], 40.0, [None, None], []))
    busy.trace = [
        {"t": 10.0, "what": "start"},
        {"t": 12.0, "what": "asked", "q": 0, "outcome": "question"},
        {"t": 14.0, "what": "asked", "q": 1, "outcome": "greeting"},  # a newcomer's line read as a hello
        {"t": 15.0, "what": "picked", "kind": "question", "names": 1, "waited": 3.0, "q": [0]},
        {"t": 15.5, "what": "decided", "turn": "t1", "branch": "engage/answer", "waiting": 0},
        {"t": 15.6, "what": "said", "turn": "t1", "text": "Chloe Kim won it.", "q": 0},
        {"t": 15.7, "what": "audio", "turn": "t1", "ms": 2500},
        {"t": 18.2, "what": "audio_end", "turn": "t1"},
    ]
    out = busy_trace(busy)
    (turn,) = out["turns"]
    assert turn["picked_at"] == 5.0 and turn["decided_at"] == 5.5 and turn["audio_s"] == 2.5
    assert turn["first_audio"] == 5.7 and turn["end"] == 8.2 and turn["text"] == "Chloe Kim won it."
    first, second = out["questions"]
    assert first["asked_at"] == 2.0 and first["picked_at"] == 5.0 and first["reply"] == "Chloe Kim won it."
    assert second["triage"] == "greeting" and second["picked_at"] is None and second["reply"] is None


def test_the_opening_reader_counts_answers_that_open_with_another_answers_first_three_words() -> None:
    q = {"split": "tune", "viewer": "v", "kind": "known", "gold": ["X"]}
    asked = [{**q, "text": f"q{i}?"} for i in range(4)]
    lines = [*asked, {"split": "tune", "viewer": "w", "kind": "chitchat", "text": "hi"}]
    replies: list[Reply | None] = [
        Reply(text="Good one, lumi. X won.", cited=True, first_audio=1.0, audio_s=3.0),
        Reply(text="Good one lumi! Y won.", cited=True, first_audio=2.0, audio_s=2.0),  # same words
        Reply(text="lumi, the ice dance: X won.", cited=True, first_audio=3.0, audio_s=4.0),
        Reply(text="Good one, lumi.", first_audio=4.0, audio_s=1.0),  # no citation: no answer
        Reply(text="Good one, lumi.", first_audio=5.0, audio_s=1.0),  # no question
    ]
    s = Session(lines, [0.0] * 5, 10.0, replies, [r.text for r in replies if r])
    m = measure(s, "tune")
    assert m["answers"] == 3 and m["opening_repeat_rate"] == round(2 / 3, 4)
    assert m["opening_repeat_rate_unnamed"] == round(2 / 3, 4)  # every asker is "v": named out alike
    assert m["answer_spoken_s_median"] == 3.0 and m["answer_spoken_s"] == 9.0
    assert measure(s, "report")["opening_repeat_rate"] is None  # no answers in the part
