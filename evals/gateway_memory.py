"""Memory of the gateway's output path, measured on the pure protocol (connectors/session.py), tracemalloc.

``python -m evals.gateway_memory [--renderers 500] [--events 6000]`` publishes a reply-shaped output stream
(speech_act, utterance_started, 20 voice chunks of ~11 KB base64 audio with their animation,
utterance_finished, a behavior) to N renderer sessions and reports the Python heap the hub holds:

* ``reading``: every renderer takes its output as it comes (the steady state of a healthy stage);
* ``stalled``: no renderer reads; each is disconnected with 1013 once its send queue is full (bytes);
* ``detached``: every renderer has gone away and its session waits to be resumed.

Beside each figure: what one copy of the replay window per renderer would take (the old per-connection
buffers), the trivial baseline. Figures of 2026-12-05 (500 renderers, 6,000 events, defaults; ~1 minute):

    reading   held 26.5 MiB, peak 28.2 MiB (replay log 10.2 MiB, 33.4 KiB per renderer beyond it)
    stalled   held 14.0 MiB, peak 19.7 MiB (all 500 closed with 1013)
    detached  held 26.5 MiB, peak 28.2 MiB
    baseline, one copy of the window per renderer: 5,094 MiB

Python heap only (tracemalloc): sockets' kernel buffers and the websockets write buffers are not counted.
"""

from __future__ import annotations

import argparse
import gc
import json
import tracemalloc
from collections.abc import Iterator

from agent.events import (
    Animation,
    Behavior,
    ServerEventModel,
    SpeechAct,
    UtteranceFinished,
    UtteranceStarted,
    Viseme,
    Voice,
)
from connectors.session import GatewayConfig, Hub, Session

MiB = 2**20


def reply_stream(count: int) -> Iterator[ServerEventModel]:
    """``count`` output events shaped like real replies (audio: 8 KB of PCM per chunk, base64)."""
    audio = "UklGR" + "A" * 10_920
    emotion = {"label": "joy", "intensity": 0.5}
    n = 0
    while True:
        uid = f"u-{n}"
        yield Behavior(branch="engage/answer", reason="question")
        yield SpeechAct(act="answer", text="A sentence of an answer.", emotion=emotion, utterance_id=uid)  # type: ignore[arg-type]
        yield UtteranceStarted(utterance_id=uid, text="A sentence of an answer.", duration_ms=4000)
        for chunk in range(20):
            yield Voice(utterance_id=uid, chunk=chunk, t_ms=chunk * 200, sample_rate=22050, audio=audio)
            yield Animation(utterance_id=uid, visemes=[Viseme(t_ms=i * 40, viseme="aa") for i in range(5)])
        yield UtteranceFinished(utterance_id=uid, spoken_text="A sentence of an answer.")
        n += 45
        if n >= count:
            return


def measure(renderers: int, events: int, mode: str) -> dict[str, float]:
    config = GatewayConfig(max_sessions=renderers + 10)
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    hub = Hub(config)
    sessions = []
    for _ in range(renderers):
        session = Session(hub, "127.0.0.1", True, 0.0)
        session.receive(json.dumps({"type": "hello", "role": "renderer", "id": "h"}), 0.0)
        sessions.append(session)
    published = 0
    for i, event in enumerate(reply_stream(events)):
        now = i * 0.01
        hub.publish(event, now)
        published += len(event.model_dump_json())
        if mode == "reading":
            for session in sessions:
                while session.pop() is not None:
                    pass
        if mode == "detached" and i == 0:
            for session in sessions:
                while session.pop() is not None:
                    pass
                session.detach(now)
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    held, peak = current - base, peak - base
    tracemalloc.stop()
    closed = sum(1 for s in sessions if s.state == "closed")
    window = min(hub.log.bytes, config.replay_bytes)
    return {
        "held_MiB": held / MiB,
        "peak_MiB": peak / MiB,
        "log_MiB": hub.log.bytes / MiB,
        "per_renderer_KiB": (held - hub.log.bytes) / renderers / 1024,
        "closed_1013": float(closed if mode == "stalled" else 0),
        "baseline_copy_per_renderer_MiB": window * renderers / MiB,
        "published_MiB": published / MiB,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.gateway_memory", description=__doc__)
    parser.add_argument("--renderers", type=int, default=500)
    parser.add_argument("--events", type=int, default=6000)
    args = parser.parse_args(argv)
    print(f"{args.renderers} renderers, {args.events} events, GatewayConfig defaults")
    for mode in ("reading", "stalled", "detached"):
        r = measure(args.renderers, args.events, mode)
        print(
            f"{mode:9s} held {r['held_MiB']:7.1f} MiB, peak {r['peak_MiB']:7.1f} MiB "
            f"(replay log {r['log_MiB']:.1f} MiB, "
            f"{r['per_renderer_KiB']:.1f} KiB per renderer beyond it; {int(r['closed_1013'])} closed 1013) | "
            f"baseline, one copy of the window per renderer: {r['baseline_copy_per_renderer_MiB']:.0f} MiB; "
            f"published {r['published_MiB']:.0f} MiB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
