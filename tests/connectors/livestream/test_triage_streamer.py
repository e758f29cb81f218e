"""Triage that chooses like a streamer: questions (not orders, not reactions), no chatter in a busy chat,
stale questions dropped and counted, slurs in messages and names dropped, newcomers greeted in batches."""

from __future__ import annotations

from agent.screening import is_question, normalize
from connectors.livestream.audience import AudienceEvent
from connectors.livestream.triage import Admitted, Dropped, Triage


def _c(i: int, text: str, ts: float, name: str = "", channel: str = "streamer") -> AudienceEvent:
    return AudienceEvent(
        kind="comment",
        user_id=f"u{i}",
        user_name=name or f"viewer{i}",
        text=text,
        ts=ts,
        channel=channel,
        id=f"e{i}",
    )


def test_orders_and_reactions_are_not_questions() -> None:
    for text in ("DON'T EAT DOG", "bruh?", "what?", "2.5/?"):
        assert not is_question(normalize(text)), text
    for text in ("don't you think so", "song name?", "WHEN ARE YOU COMING TO AMERICA", "你吃饭了吗"):
        assert is_question(normalize(text)), text


def _busy(tr: Triage, start: float, n: int = 60) -> float:
    """60 greetings-free chatter lines over 20 s from known viewers: the chat is busy."""
    t = start
    for i in range(n):
        a, b, c = _WORDS[i % 11], _WORDS[(i * 3 + 1) % 11], _WORDS[(i * 7 + 2) % 11]
        tr.offer(_c(1000 + i % 7, f"{a} {b} {c} {i * 37 % 101}", t), t)
        t += 0.33
    return t


_WORDS = "rabbit goblins sniper roshan dragon carry biscuit tinder watchmen thrones refund".split()


def test_busy_chat_drops_chatter_keeps_questions_and_drops_them_when_stale() -> None:
    tr = Triage()
    for i in range(7):  # make these viewers known (their first line is a greeting)
        tr.offer(_c(1000 + i, "hello", 0.0), 0.0)
    while tr.next_item(0.0) is not None:
        pass
    t = _busy(tr, 1.0)
    assert tr.busy
    assert tr.stats().dropped["chatter"] > 0
    out = tr.offer(_c(1001, "what song is this?", t), t)
    assert isinstance(out, Admitted) and out.kind == "question"
    t = _busy(tr, t, 75)  # 25 s of busy chat without anyone free to answer
    assert tr.next_item(t) is None  # the question went stale
    assert tr.stats().dropped["expired"] >= 1 and tr.stats().accounted()


def test_lines_between_viewers_and_shouted_reactions_are_chatter() -> None:
    tr = Triage()
    tr.offer(_c(1, "hi", 0.0), 0.0)
    tr.offer(_c(2, "hi", 0.0), 0.0)
    assert tr.offer(_c(1, "@viewer2 tide?", 1.0), 1.0) == Admitted(
        tr.pending_items(1.0)[-1].id, kind="comment"
    )
    out = tr.offer(_c(2, "LION KING? WTFF", 2.0), 2.0)
    assert isinstance(out, Admitted) and out.kind == "comment"
    out = tr.offer(_c(2, "@streamer is roshan a dragon?", 3.0), 3.0)
    assert isinstance(out, Admitted) and out.kind == "question"


def test_slurs_in_messages_and_names_are_dropped() -> None:
    tr = Triage()
    assert tr.offer(_c(1, "N 1 G G E R lol", 0.0), 0.0) == Dropped("abuse")
    assert tr.offer(_c(2, "hello everyone", 0.0, name="xXn1ggaslayerXx"), 0.0) == Dropped("abuse")
    assert tr.offer(_c(3, "hello everyone", 0.0, name="SnowFan"), 0.0) != Dropped("abuse")


def test_newcomers_greeted_in_batches() -> None:
    tr = Triage()
    for i in range(12):
        tr.offer(_c(i, "hey chat", i * 0.2), i * 0.2)
    item = tr.next_item(3.0)
    assert item is not None and item.kind == "greeting" and len(item.newcomers) == tr.config.greet_batch
