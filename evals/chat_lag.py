"""How late the host answers a real chat: the Twitch log's fit hour through the real gateway, in real time.

    python -m evals.chat_lag [--start-min 10] [--minutes 3] [--speed 1] [--json] [--trace FILE]

Lines of the Twitch log's fit hour (``splits.twitch_lines``, part ``fit``; the rest of the log is never
read here) are sent by a websocket client in the ``source`` role to ``running_app`` (the gateway, triage, the
assembled agent with its own voice, as ``persona demo`` runs them), at their logged timing (one-second
stamps, the lines of a second spread evenly across it), ``speed`` times faster. Every output event is heard on
the agent's bus and stamped on arrival; every triage item the pump hands over is stamped as it is picked.

Per admitted question (a line triage admitted as a question, on its own or joined to another asker's):
- ``lag``: from the comment's send to the first ``utterance_started`` of the turn that answered its item
  (the first spoken word); a turn that said nothing (a busy pass) or an item never picked is unanswered;
- the lag's parts: ``queue`` (send -> the pump picks its item: waiting behind other turns), ``understand``
  (pick -> the ``behavior`` event: perception, grounding with ``kb.answer``, the tree), ``compose`` (->
  the first ``speech_act``: the realizer or the LLM), ``tts`` (-> ``utterance_started``: synthesis of the
  first part);
- where the questions went: answered (a spoken turn), passed (a silent turn), expired or shed in triage,
  pending at the end.
Per turn of any kind: its speaking time (the sum of its utterances' durations), so the air time is split by
what was said (greetings, answers, don't-knows, thanks).

Timing moves with the machine's load (2 shared cores): compare two versions only within one back-to-back
run, and say so; the scores (how many answered) move less. Nothing here is a test: no assertion on time.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from agent.events import (
    Behavior,
    Comment,
    Hello,
    SpeechAct,
    User,
    UtteranceStarted,
    dumps,
)
from agent.screening import screen


def fit_lines(start_min: float, minutes: float) -> list[tuple[float, str, str]]:
    """(seconds from the window's start, viewer, text) of the fit hour's lines in the window."""
    from datetime import datetime

    from agent.perception.data.splits import twitch_lines

    rows = [(t, v, m) for t, v, m, part in twitch_lines() if part == "fit" and m.strip() and v]
    if not rows:
        return []
    t0 = datetime.fromisoformat(rows[0][0]).timestamp() + 60.0 * start_min
    by_second: dict[float, list[tuple[str, str]]] = {}
    for t, v, m in rows:
        s = datetime.fromisoformat(t).timestamp() - t0
        if 0.0 <= s < 60.0 * minutes:
            by_second.setdefault(s, []).append((v, m))
    out: list[tuple[float, str, str]] = []
    for s in sorted(by_second):
        group = by_second[s]
        out.extend((s + i / len(group), v, m) for i, (v, m) in enumerate(group))
    return out


@dataclass
class _Turn:
    picked: float
    kind: str
    item_id: int
    decided: float | None = None
    branch: str = ""
    said: float | None = None
    audio: float | None = None
    spoken_ms: int = 0
    text: list[str] = field(default_factory=list)
    viewers: int = 1  # the item's distinct viewers (a batch: several, their names joined)
    addressee: str = ""  # the first speech act's (a batch's names joined: "a, b and 3 others")


@dataclass
class Run:
    sent: dict[str, float] = field(default_factory=dict)  # event id -> send time
    texts: dict[str, str] = field(default_factory=dict)
    outcome: dict[str, tuple[str, int]] = field(default_factory=dict)  # id -> (kind or drop reason, item id)
    turns: list[_Turn] = field(default_factory=list)
    by_turn_id: dict[str, _Turn] = field(default_factory=dict)
    pending_end: set[int] = field(default_factory=set)
    seconds: float = 0.0
    t0: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)


def twitch_script(start_min: float, minutes: float) -> list[tuple[float, Any]]:
    """The fit hour's window as (seconds, ``Comment``)."""
    return [
        (at, Comment(id=f"tw-{k}", platform="twitch", user=User(id=v, name=v[:32]), text=m[:500]))
        for k, (at, v, m) in enumerate(fit_lines(start_min, minutes))
    ]


def demo_script(seconds: float = 60.0) -> list[tuple[float, Any]]:
    """``persona demo``'s bundled stream (comments and gifts), as its feeder sends it, for ``seconds``."""
    from connectors.demo import load_demo_stream, looped

    out: list[tuple[float, Any]] = []
    for item in looped(load_demo_stream()):
        if item.t >= seconds:
            return out
        out.append((item.t, item.event))
    return out


async def replay(
    script: list[tuple[float, Any]], speed: float = 1.0, tail_s: float = 5.0, options: Any = None
) -> Run:
    """Send ``script`` ((seconds, event), in order) through a fresh ``running_app`` and record what happened
    to each event."""
    from websockets.asyncio.client import connect

    from connectors.app import AppOptions, running_app

    run = Run()
    open_turn: list[_Turn] = []  # the picked item whose behavior event has not come yet

    def on(ev: Any) -> None:
        now = time.monotonic()
        if isinstance(ev, Behavior):
            if open_turn:
                opened = open_turn.pop(0)
                opened.decided, opened.branch = now, ev.branch
                if ev.turn_id:
                    run.by_turn_id[ev.turn_id] = opened
            return
        turn = run.by_turn_id.get(getattr(ev, "turn_id", None) or "")
        if turn is None:
            return
        if isinstance(ev, SpeechAct) and turn.said is None:
            turn.said, turn.addressee = now, ev.addressee or ""
        elif isinstance(ev, UtteranceStarted):
            turn.audio = now if turn.audio is None else turn.audio
            turn.spoken_ms += ev.duration_ms
            turn.text.append(ev.text)

    async with running_app(port=0, options=options or AppOptions()) as app:
        front = app.front
        offer = front.triage.offer

        def recorded(event: Any, now: float) -> Any:
            out = offer(event, now)
            kind = str(getattr(out, "kind", None) or getattr(out, "reason", ""))
            run.outcome[event.id] = (kind, int(getattr(out, "item_id", -1)))
            return out

        front.triage.offer = recorded

        def picked(item: Any) -> None:
            turn = _Turn(time.monotonic(), item.kind, item.id, viewers=max(1, len(item.names)))
            run.turns.append(turn)
            open_turn.append(turn)

        front._on_item = picked
        app.agent.bus.subscribe(on)
        async with connect(app.ws_url) as ws:
            await ws.send(dumps(Hello(role="source")))
            drain = asyncio.create_task(_drain(ws))
            run.t0 = start = time.monotonic()
            for at, event in script:
                delay = start + at / speed - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                run.sent[event.id] = time.monotonic()
                run.texts[event.id] = getattr(event, "text", "")
                await ws.send(dumps(event))
            await asyncio.sleep(tail_s)
            run.seconds = time.monotonic() - start
            run.pending_end = {it.id for it in front.triage.pending_items(time.time())}
            run.stats = front.triage.stats().as_dict()
            drain.cancel()
    return run


async def _drain(ws: Any) -> None:
    async for _ in ws:
        pass


def _q(xs: list[float], p: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    return round(xs[min(len(xs) - 1, int(p * len(xs)))], 2)


def measure(run: Run) -> dict[str, Any]:
    """The figures of one replay (module docstring)."""
    by_item: dict[int, _Turn] = {t.item_id: t for t in run.turns}
    lags: list[float] = []
    parts: dict[str, list[float]] = {"queue": [], "understand": [], "compose": [], "tts": []}
    where: dict[str, int] = {}
    asked = 0
    for eid, (kind, item_id) in run.outcome.items():
        if kind != "question":
            continue
        asked += 1
        turn = by_item.get(item_id)
        sent = run.sent[eid]
        if turn is None:
            fate = "pending_end" if item_id in run.pending_end else "expired_or_shed"
        elif turn.audio is None:
            fate = f"silent:{turn.branch}"
        else:
            fate = "answered"
            lags.append(turn.audio - sent)
            parts["queue"].append(turn.picked - sent)
            if turn.decided is not None and turn.said is not None:
                parts["understand"].append(turn.decided - turn.picked)
                parts["compose"].append(turn.said - turn.decided)
                parts["tts"].append(turn.audio - turn.said)
        where[fate] = where.get(fate, 0) + 1
    fates = {eid: _fate(run, by_item.get(item_id), item_id) for eid, (kind, item_id) in run.outcome.items()}
    dont_knows = [t for t in run.turns if t.spoken_ms and t.branch.endswith("/abstain")]
    air: dict[str, float] = {}
    for t in run.turns:
        if t.spoken_ms:
            key = f"{t.kind}:{t.branch}"
            air[key] = round(air.get(key, 0.0) + t.spoken_ms / 1000, 1)
    questions_seen = sum(1 for eid in run.texts if screen(run.texts[eid]).question)
    return {
        "seconds": round(run.seconds, 1),
        "lines_sent": len(run.sent),
        "lines_screened_question": questions_seen,
        "questions_admitted": asked,
        "answered": len(lags),
        "answered_share": round(len(lags) / asked, 3) if asked else None,
        "within_10s": round(sum(x <= 10 for x in lags) / asked, 3) if asked else None,
        "within_20s": round(sum(x <= 20 for x in lags) / asked, 3) if asked else None,
        "lag_median": _q(lags, 0.5),
        "lag_p90": _q(lags, 0.9),
        **{f"{k}_median": _q(v, 0.5) for k, v in parts.items()},
        **{f"{k}_p90": _q(v, 0.9) for k, v in parts.items()},
        "questions_by_fate": dict(sorted(where.items())),
        "turns": len(run.turns),
        "turns_by_kind": _count(t.kind for t in run.turns),
        "spoken_s": round(sum(t.spoken_ms for t in run.turns) / 1000, 1),
        "air_s_by_turn": dict(sorted(air.items(), key=lambda kv: -kv[1])),
        "dont_knows": {  # spoken turns the tree chose to abstain on (``*/abstain``)
            "turns": len(dont_knows),
            "air_s": round(sum(t.spoken_ms for t in dont_knows) / 1000, 1),
            # said to several viewers: the addressee is a batch's joined names (``pump.names_label``)
            "to_several": sum(_several(t) for t in dont_knows),
            "to_several_air_s": round(sum(t.spoken_ms for t in dont_knows if _several(t)) / 1000, 1),
            "not_asked": sum(t.kind != "question" for t in dont_knows),  # a greeting batch or a comment
        },
        "question_fates": {e: f for e, f in fates.items() if run.outcome[e][0] == "question"},
        "triage": {k: run.stats.get(k) for k in ("offered", "admitted", "dropped", "delivered_by_kind")},
    }


def _several(turn: _Turn) -> bool:
    return " and " in turn.addressee or turn.viewers > 1


def _fate(run: Run, turn: _Turn | None, item_id: int) -> str:
    if turn is None:
        return "pending_end" if item_id in run.pending_end else "expired_or_shed"
    return f"silent:{turn.branch}" if turn.audio is None else "answered"


def trace(run: Run) -> list[dict[str, Any]]:
    """Turn by turn (times from the run's start): for reading the fit replay, never a report part.
    ``asked``: when its item's first event was sent; ``lag``: from then to the turn's first spoken word."""
    first: dict[int, float] = {}
    for eid, (_, item_id) in run.outcome.items():
        first[item_id] = min(first.get(item_id, run.sent[eid]), run.sent[eid])
    return [
        {
            "asked": _d(run.t0, first.get(t.item_id)),
            "lag": _d(first.get(t.item_id), t.audio),
            "picked": round(t.picked - run.t0, 2),
            "kind": t.kind,
            "branch": t.branch,
            "understand": _d(t.picked, t.decided),
            "compose": _d(t.decided, t.said),
            "tts": _d(t.said, t.audio),
            "spoken_s": round(t.spoken_ms / 1000, 2),
            "viewers": t.viewers,
            "addressee": t.addressee,
            "text": " ".join(t.text),
        }
        for t in run.turns
    ]


def _d(a: float | None, b: float | None) -> float | None:
    return round(b - a, 2) if a is not None and b is not None else None


def _count(xs: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in xs:
        out[x] = out.get(x, 0) + 1
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--stream", choices=("twitch", "demo"), default="twitch", help="twitch: the fit hour")
    p.add_argument("--start-min", type=float, default=0.0, help="minutes into the fit hour")
    p.add_argument("--minutes", type=float, default=4.0, help="minutes of the log replayed")
    p.add_argument("--speed", type=float, default=1.0, help="times the logged pace")
    p.add_argument("--json", action="store_true")
    p.add_argument("--trace", help="write the turn-by-turn trace (JSON) here")
    args = p.parse_args(argv)
    if args.stream == "demo":
        script = demo_script(60.0 * args.minutes)
    else:
        script = twitch_script(args.start_min, args.minutes)
    run = asyncio.run(replay(script, args.speed))
    figures = measure(run)
    if args.trace:
        with open(args.trace, "w", encoding="utf-8") as f:
            json.dump(trace(run), f, indent=1, ensure_ascii=False)
    print(json.dumps(figures, indent=None if args.json else 1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = ["Run", "fit_lines", "measure", "replay", "trace"]
