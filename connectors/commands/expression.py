"""`persona say`: speak one line and write its audio and events, to check voice and lip sync by hand."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EMOTIONS: dict[str, tuple[float, float, float]] = {
    # label: (intensity, valence, arousal)
    "neutral": (0.0, 0.0, 0.2),
    "happy": (0.7, 0.7, 0.5),
    "excited": (0.9, 0.8, 0.9),
    "grateful": (0.7, 0.8, 0.4),
    "calm": (0.5, 0.3, 0.1),
    "curious": (0.6, 0.3, 0.5),
    "surprised": (0.8, 0.3, 0.8),
    "sad": (0.7, -0.7, 0.2),
    "sympathetic": (0.6, -0.2, 0.3),
    "angry": (0.7, -0.7, 0.8),
    "fear": (0.7, -0.6, 0.7),
}


def register_say(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "say",
        help="speak a line: write utterance.wav and events.jsonl (voice + animation events)",
        description="Synthesize TEXT with a voice, plan its visemes, face and gestures, and write "
        "DIR/utterance.wav and DIR/events.jsonl (utterance_started, voice chunks, animation windows, "
        "utterance_finished: one JSON event per line, as a renderer receives them), so the alignment can be "
        "checked with any audio tool.",
    )
    p.add_argument("text", help="the line to say (one or more sentences)")
    p.add_argument(
        "--voice", default="piper", choices=["piper", "espeak", "openai"], help="voice (default: piper)"
    )
    p.add_argument(
        "--emotion",
        default="neutral",
        metavar="LABEL",
        help=f"emotion label: {', '.join(EMOTIONS)} (others use neutral valence/arousal)",
    )
    p.add_argument(
        "--act",
        default=None,
        help="speech act (greet, thank, cheer, answer, ...): colours prosody and gestures",
    )
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="output directory (created)")
    p.set_defaults(func=_say)


def _say(args: argparse.Namespace) -> int:
    from agent.events import Emotion, dumps
    from agent.expression import Expresser, make_voice
    from agent.expression.audio import wav_bytes
    from agent.expression.timeline import timeline_events

    intensity, valence, arousal = EMOTIONS.get(args.emotion.lower(), (0.5, 0.0, 0.3))
    emotion = Emotion(label=args.emotion.lower(), intensity=intensity, valence=valence, arousal=arousal)
    try:
        expresser = Expresser(voice=make_voice(args.voice))
    except Exception as exc:
        print(f"persona say: voice {args.voice!r} is not available: {exc}", file=sys.stderr)
        return 2
    timeline = expresser.plan(args.text, emotion, args.act)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    (out / "utterance.wav").write_bytes(wav_bytes(timeline.pcm, timeline.sample_rate))
    events = timeline_events(timeline, utterance_id="u1")
    with (out / "events.jsonl").open("w", encoding="utf-8") as f:
        for event in events:
            f.write(dumps(event) + "\n")
    print(
        f"{out / 'utterance.wav'}: {timeline.duration_ms} ms at {timeline.sample_rate} Hz, "
        f"voice {timeline.voice}; "
        f"{out / 'events.jsonl'}: {len(events)} events, {len(timeline.visemes)} visemes, "
        f"{len(timeline.expression)} expression keys, gestures: "
        f"{', '.join(f'{g.name}@{g.t_ms}ms' for g in timeline.gestures) or 'none'}"
    )
    return 0
