"""`persona eval dialogue` plays its chats in real time (~16 minutes): each chat's start and end is a line on
stderr, and stdout keeps the JSON alone (session 16)."""

from __future__ import annotations

import io
import json
import re

import pytest

import evals.dialogue_session as ds
from evals.dialogue import Progress


def test_progress_says_which_chat_and_the_seconds_expected_and_taken() -> None:
    ticks = iter([100.0, 100.0, 130.0, 130.0, 190.0])  # began, chat 1 from 100 to 130 s, chat 2 to 190 s
    out = io.StringIO()
    progress = Progress(2, clock=lambda: next(ticks), out=out)
    assert progress.play("quiet session", 28.0, lambda: "first") == "first"
    assert progress.play("busy chat", 55.0, lambda: 2) == 2
    assert out.getvalue().splitlines() == [
        "eval dialogue: chat 1/2 quiet session: started, ~28 s of play expected",
        "eval dialogue: chat 1/2 quiet session: done in 30 s (expected ~28 s), 30 s since the eval began",
        "eval dialogue: chat 2/2 busy chat: started, ~55 s of play expected",
        "eval dialogue: chat 2/2 busy chat: done in 60 s (expected ~55 s), 90 s since the eval began",
    ]


def test_the_expected_seconds_follow_the_scripts() -> None:
    """A line every 6 s then a 20 s tail; the busy chat asks its questions 3, 4, 5, 6 s apart from 2 s on,
    and its chit-chat lines are not scripted questions."""
    line = {"split": "tune", "viewer": "a", "kind": "known", "text": "who won?", "gold": ["X"]}
    chit = {**line, "kind": "chitchat"}
    assert ds.session_seconds([line] * 34) == 33 * ds.SPACING_S + ds.TAIL_S == 218.0
    assert ds.session_seconds([]) == ds.TAIL_S
    assert ds.busy_schedule(4) == ([2.0, 5.0, 9.0, 14.0], 20.0)
    assert ds.busy_seconds([line] * 4 + [chit] * 3) == 20.0 + ds.TAIL_S


@pytest.mark.slow
def test_the_eval_prints_progress_on_stderr_and_json_alone_on_stdout(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real command on its fastest path (``--quick --limit 1``: one line of each part, the five chats
    of the embedded backend; the 20 s wait after the last line shortened to 1 s, the only time patched)."""
    from connectors.cli import main

    monkeypatch.setattr(ds, "TAIL_S", 1.0)
    assert main(["eval", "dialogue", "--json", "--quick", "--limit", "1"]) == 0
    out, err = capsys.readouterr()
    got = json.loads(out)  # stdout is the JSON and nothing else
    result = got[0] if isinstance(got, list) else got
    assert result["name"] == "dialogue" and result["details"]["session"]["limit"] == 1
    assert "eval dialogue:" not in out
    said = [ln for ln in err.splitlines() if ln.startswith("eval dialogue: chat ")]
    assert len(said) == 10
    for n, (started, done) in enumerate(zip(said[::2], said[1::2], strict=True), 1):
        assert re.fullmatch(rf"eval dialogue: chat {n}/5 .+: started, ~\d+ s of play expected", started)
        assert re.fullmatch(
            rf"eval dialogue: chat {n}/5 .+: done in \d+ s \(expected ~\d+ s\), \d+ s since the eval began",
            done,
        )
