"""`persona demo`: the gateway, the agent, a bundled comment stream, and a live colored transcript.

The stream is replayed through a real websocket client (role ``source``), so the demo exercises the same
path a livestream connector uses; the transcript prints each comment as it is sent and each reply as the
persona speaks it: a sentence is printed when its ``utterance_started`` comes (the agent announces the next
sentence's ``speech_act`` while the current one is still spoken), a sentence cut off while spoken is marked
``cut`` with what was heard of it, and a sentence announced but never started (``utterance_cancelled`` with
nothing spoken: an interrupt, a barge-in, the end of the demo) is not printed. The stream loops, as a
livestream would, until ``--duration`` or Ctrl-C.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from rich.console import Console
from websockets.asyncio.client import connect

from agent.events import (
    Comment,
    Gift,
    Hello,
    ServerEventModel,
    SpeechAct,
    User,
    UtteranceCancelled,
    UtteranceStarted,
    dumps,
)
from connectors.app import AppOptions, running_app

ACT_STYLE = {
    "answer": "bold cyan",
    "greet": "bold green",
    "thank": "bold magenta",
    "refuse": "bold red",
    "farewell": "green",
    "cheer": "bold yellow",
    "promote": "yellow",
}


@dataclass(frozen=True)
class ScriptedInput:
    t: float
    event: Comment | Gift


def load_demo_stream() -> list[ScriptedInput]:
    """The bundled sample stream: about 50 comments with greetings, questions, gifts, spam and abuse."""
    text = resources.files("connectors").joinpath("data/demo_comments.jsonl").read_text(encoding="utf-8")
    items = []
    for line in text.splitlines():
        row = json.loads(line)
        user = User(id=row["user"], name=row["user"])
        event: Comment | Gift
        if row["type"] == "gift":
            event = Gift(platform="demo", channel="demo", user=user, gift=row["gift"], amount=row["amount"])
        else:
            event = Comment(platform="demo", channel="demo", user=user, text=row["text"])
        items.append(ScriptedInput(float(row["t"]), event))
    return items


def looped(items: list[ScriptedInput], gap: float = 5.0) -> Iterator[ScriptedInput]:
    """The stream again and again, later each time, with fresh event ids."""
    period = items[-1].t + gap
    cycle = 0
    while True:
        for item in items:
            yield ScriptedInput(
                item.t + cycle * period, item.event.model_copy(update={"id": f"demo-{cycle}-{item.t}"})
            )
        cycle += 1


class Transcript:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.t0 = time.monotonic()
        self.announced: dict[str, SpeechAct] = {}  # utterance id -> its act, until the utterance starts

    def stamp(self) -> str:
        return f"[dim]{time.monotonic() - self.t0:6.1f}s[/dim]"

    def comment(self, event: Comment | Gift) -> None:
        if isinstance(event, Gift):
            line = f"[magenta]🎁 {event.user.name} sent {event.gift} x{event.amount:g}[/magenta]"
        else:
            line = f"[white]{event.user.name}[/white]: {event.text}"
        self.console.print(f"{self.stamp()} {line}", highlight=False)

    def output(self, event: ServerEventModel) -> None:
        """Print what the persona says as it says it: an act waits for its utterance to start."""
        if isinstance(event, SpeechAct):
            if event.utterance_id:
                self.announced[event.utterance_id] = event
            else:
                self._said(event)
        elif isinstance(event, UtteranceStarted):
            act = self.announced.pop(event.utterance_id, None)
            if act is not None:
                self._said(act)
        elif isinstance(event, UtteranceCancelled):
            if self.announced.pop(event.utterance_id, None) is None:  # it had started: the rest went unheard
                heard = event.spoken_text.strip() or "(nothing)"
                self.console.print(
                    f"{self.stamp()}   [red]{'cut':>8}[/red] [dim]heard: {heard}[/dim]", highlight=False
                )
            # announced, never started: it was not said, and it is not printed
        elif event.type == "behavior":
            self.console.print(f"{self.stamp()}   [dim]{'tree':>8} {event.branch}: {event.reason}[/dim]")

    def _said(self, event: SpeechAct) -> None:
        style = ACT_STYLE.get(event.act, "bold")
        emo = f"{event.emotion.label} {event.emotion.intensity:.1f}"
        to = f" → @{event.addressee}" if event.addressee else ""
        cites = f" [dim]({len(event.citations)} citations)[/dim]" if event.citations else ""
        act = f"[{style}]{event.act:>8}[/{style}]"
        self.console.print(
            f"{self.stamp()}   {act} [dim]{emo}[/dim]{to}: {event.text}{cites}", highlight=False
        )


async def run_demo(
    host: str = "127.0.0.1",
    port: int = 8765,
    duration: float | None = None,
    options: AppOptions | None = None,
) -> dict[str, Any]:
    console = Console(highlight=False, soft_wrap=True)
    transcript = Transcript(console)
    console.print("[dim]loading the persona (models, knowledge base, voice)...[/dim]")
    async with running_app(host=host, port=port, options=options) as app:
        console.print(
            f"[bold]persona demo[/bold]  stage: [link]{app.http_url}[/link]   protocol: {app.ws_url}"
        )
        console.print(
            "[dim]Ctrl-C to stop[/dim]"
            + (f"[dim], or it stops after {duration:g}s[/dim]" if duration else "")
        )
        app.agent.bus.subscribe(transcript.output)
        transcript.t0 = time.monotonic()
        feeder = asyncio.create_task(_feed(app.ws_url, transcript))
        try:
            if duration is None:
                await feeder
            else:
                await asyncio.sleep(duration)
        finally:
            feeder.cancel()
            await asyncio.gather(feeder, return_exceptions=True)
        if app.front is not None:
            stats = app.front.triage.stats()
            console.print(f"[bold]triage[/bold] {stats.as_dict() if hasattr(stats, 'as_dict') else stats}")
        return {"turns": app.agent.turns_done, "gateway_errors": dict(app.gateway.stats.errors)}


async def _feed(ws_url: str, transcript: Transcript) -> None:
    async with connect(ws_url) as ws:
        await ws.send(dumps(Hello(role="source")))
        start = time.monotonic()
        reader = asyncio.create_task(_drain(ws))
        try:
            for item in looped(load_demo_stream()):
                delay = start + item.t - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                transcript.comment(item.event)
                await ws.send(dumps(item.event))
        finally:
            reader.cancel()


async def _drain(ws: Any) -> None:
    async for _ in ws:  # the feeder is a source: it receives output too, and must read it
        pass
