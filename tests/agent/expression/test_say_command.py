"""`persona say` (connectors/commands/expression.py): the files it writes agree with each other."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from agent.events import Animation, UtteranceFinished, UtteranceStarted, Voice, parse_server_event
from agent.expression.audio import read_wav
from connectors.cli import main


def test_say_writes_wav_and_events(tmp_path: Path) -> None:
    out = tmp_path / "say"
    rc = main(
        [
            "say",
            "Hello everyone! Let's go team, go!",
            "--voice",
            "espeak",
            "--emotion",
            "excited",
            "--out",
            str(out),
        ]
    )
    assert rc == 0
    pcm, rate = read_wav((out / "utterance.wav").read_bytes())
    lines = (out / "events.jsonl").read_text().splitlines()
    events = [parse_server_event(json.loads(line)) for line in lines]
    assert isinstance(events[0], UtteranceStarted) and isinstance(events[-1], UtteranceFinished)
    voices = [e for e in events if isinstance(e, Voice)]
    anims = [e for e in events if isinstance(e, Animation)]
    assert voices[-1].final and not any(v.final for v in voices[:-1])
    assert all(v.sample_rate == rate == 22050 for v in voices)
    # The chunks, decoded and joined, are exactly utterance.wav.
    assert b"".join(read_wav(base64.b64decode(v.audio))[0] for v in voices) == pcm
    duration = events[0].duration_ms
    assert abs(len(pcm) // 2 * 1000 // rate - duration) <= 1
    visemes = [v for a in anims for v in a.visemes]
    assert len(visemes) > 10 and all(v.t_ms <= duration for v in visemes)
    gestures = [g.name for a in anims for g in a.gestures]
    assert "wave" in gestures and "cheer" in gestures  # "Hello" waves, "go!" cheers


def test_say_rejects_an_unknown_voice(tmp_path: Path) -> None:
    import pytest

    with pytest.raises(SystemExit):
        main(["say", "hi", "--voice", "nope", "--out", str(tmp_path)])
