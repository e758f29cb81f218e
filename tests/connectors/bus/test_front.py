"""The gateway's triage front (pure decisions, no Redis): the window, the slots, the counted drops."""

from __future__ import annotations

from agent.events import Comment, InputEvent, User
from connectors.bus.front import TriageFront


def test_at_most_window_items_are_unanswered_and_an_end_frees_a_slot() -> None:
    sent: list[InputEvent] = []
    front = TriageFront(lambda e: sent.append(e) or True, window=2)
    questions = [
        "who won the curling final?",
        "when does ski jumping start tomorrow?",
        "is the hockey arena sold out already?",
        "how cold does it get on the biathlon course?",
        "what is the mascot called this year?",
    ]
    for i, text in enumerate(questions):
        front.offer(Comment(user=User(id=f"v{i}", name=f"viewer{i}"), text=text))
    assert front.triage.stats().pending_items == 5
    assert front.step(now=0.0, mono=0.0) == 2 and front.in_flight == 2
    assert front.step(now=0.1, mono=0.1) == 0  # no room until a turn ends
    front.ended(sent[0].id)
    front.ended("not-one-of-ours")
    assert front.step(now=0.2, mono=0.2) == 1 and len(sent) == 3
    assert front.in_flight == 2 and front.step(now=0.3, mono=0.3) == 0
    assert front.step(now=0.4, mono=100.0) >= 1  # slots not freed in slot_timeout_s are freed anyway


def test_drops_are_counted_once_by_reason() -> None:
    front = TriageFront(lambda e: True, window=2)
    viewer = User(id="v", name="flooder")
    for i in range(10):
        front.offer(Comment(user=viewer, text=f"message {i} with words {i * 31}"))
    first = front.uncounted()
    assert first["flood"] >= 5 and sum(first.values()) == front.triage.stats().dropped_total
    assert not front.uncounted()  # already counted
