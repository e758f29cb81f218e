"""L2 (session 24, brief D; docs/dialogue.md): a question the chat has scrolled away - waited
``max_wait_busy_s`` with ``stale_lines`` chat lines after it - goes stale in a chat that is not busy. On
20b3e3a it waited up to 60 s in the demo's chat (a line every ~1.5 s) and was answered 40-57 s late."""

from __future__ import annotations

from agent.events import Comment, User
from connectors.livestream.triage import Triage, TriageConfig


def _c(user: int, text: str, t: float) -> Comment:
    return Comment(id=f"c{user}-{t}", user=User(id=f"u{user}", name=f"viewer{user}"), text=text)


def _hello_then_lines(tr: Triage, lines: int, every: float) -> None:
    for u in range(1, 10):  # the viewers say hello first: not newcomers when they ask or chat
        tr.offer(_c(u, "hi all", -100.0 + u), -100.0 + u)
    while tr.next_item(-50.0) is not None:
        pass
    tr.offer(_c(1, "when does the ski jumping start?", 0.0), 0.0)
    for i in range(lines):
        t = every * (i + 1)
        tr.offer(_c(2 + i % 8, f"nice run number {i} there", t), t)


def test_a_question_scrolled_away_in_a_slow_chat_goes_stale() -> None:
    tr = Triage()
    _hello_then_lines(tr, lines=14, every=1.5)  # the demo's pace: 21 s, 14 lines after the question
    assert not tr.busy
    pending = [it for it in tr.pending_items(21.0) if it.kind == "question"]
    assert pending == [], pending
    assert tr.stats().dropped["expired"] >= 1


def test_a_question_in_a_quiet_chat_still_waits() -> None:
    tr = Triage()
    _hello_then_lines(tr, lines=3, every=10.0)  # 30 s, 3 lines after it: not scrolled away
    assert [it.text for it in tr.pending_items(30.0) if it.kind == "question"] == [
        "when does the ski jumping start?"
    ]
    tr = Triage(TriageConfig(stale_lines=0))  # off: the 60 s wait of a chat that is not busy
    _hello_then_lines(tr, lines=14, every=1.5)
    assert [it.kind for it in tr.pending_items(21.0)].count("question") == 1
