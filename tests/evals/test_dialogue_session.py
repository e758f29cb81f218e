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
        None,  # never answered: waits until the session's end
        Reply(text="Hello e.", first_audio=41.0),
    ]
    s = Session(lines, [10.0, 20.0, 30.0, 40.0, 50.0], 100.0, replies, [r.text for r in replies if r])
    m = measure(s, "report")
    assert m["sentences"] == 7 and m["repetition_rate"] == round(3 / 7, 4)  # the stock line, said 3 times
    assert m["answered_right"] == 0.5  # normalized match: case and the comma in 2,871 do not matter
    assert m["false_fact_rate"] == 0.5  # a cited sentence in reply to an unanswerable question
    assert m["replied"] == 0.75
    assert m["wait_p95_s"] == 60.0  # the unanswered question: 40 s -> 100 s
    assert 0 < m["distinct_2"] < 1


def test_the_scripted_session_declares_its_parts_and_golds() -> None:
    lines = load_lines()
    assert {ln["split"] for ln in lines} == {"tune", "report"}
    assert all(ln["gold"] for ln in lines if ln["kind"] == "known")
    assert sum(ln["kind"] == "known" and ln["split"] == "report" for ln in lines) >= 8
    assert sum(ln["kind"] == "unknown" and ln["split"] == "report" for ln in lines) >= 3
