"""`persona replay LOG`: a recorded chat through comment triage, with a live transcript and a summary."""

from __future__ import annotations

import argparse
import sys


def register_replay(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "replay",
        help="replay a chat log (CSV, JSONL, raw Twitch IRC) through comment triage",
        description="Replay a recorded livestream chat with its real timing through the comment triage "
        "(dedup, spam/abuse/injection filter, question detection, priority with aging, batching, load "
        "shedding) and a stand-in persona that speaks one item at a time. Prints a live transcript and a "
        "summary: comments in, dropped by reason, answered, mean and p95 wait (log seconds).",
        epilog="examples:\n  persona replay ../shared/data/chat/twitch_2019-04-30.csv --speed max\n"
        "  persona replay chat.csv --speed 10 --time-col created --user-col author --text-col body\n"
        "  persona replay youtube.jsonl --speed max --json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "log", help="chat log: .csv, .jsonl (rows, YouTube or Bilibili objects), .log (Twitch IRC)"
    )
    p.add_argument(
        "--speed",
        default="1",
        metavar="X|max",
        help="replay X times faster than real time, or 'max' for as fast as possible (default 1)",
    )
    p.add_argument("--time-col", metavar="C", help="time column (default: time/timestamp/ts/date...)")
    p.add_argument("--user-col", metavar="C", help="user column (default: viewer/user/username/author...)")
    p.add_argument("--text-col", metavar="C", help="text column (default: message/text/comment/body...)")
    p.add_argument(
        "--reply-seconds", type=float, default=4.0, help="how long the persona speaks per item (4)"
    )
    p.add_argument("--max-pending", type=int, default=200, help="triage queue bound in items (200)")
    p.add_argument("--quiet", action="store_true", help="no transcript, only the summary")
    p.add_argument("--json", action="store_true", help="print the summary as JSON (no transcript)")
    p.set_defaults(func=_replay)


def _speed(value: str) -> float | None:
    if value.lower() in ("max", "inf", "0"):
        return None
    speed = float(value)
    if speed <= 0:
        raise ValueError("speed must be > 0 or 'max'")
    return speed


def _replay(args: argparse.Namespace) -> int:
    import asyncio
    import json
    from datetime import UTC, datetime

    from connectors.livestream.audience import AudienceEvent
    from connectors.livestream.replay import ReplaySummary, describe, replay
    from connectors.livestream.sources import LogFormatError, read_log
    from connectors.livestream.triage import Dropped, Outcome, TriageConfig, TriageItem

    try:
        speed = _speed(args.speed)
        events = read_log(args.log, time_col=args.time_col, user_col=args.user_col, text_col=args.text_col)
    except (OSError, ValueError, LogFormatError) as exc:
        print(f"persona replay: {exc}", file=sys.stderr)
        return 2
    color = sys.stdout.isatty()
    dim, bold, red, green, reset = (
        ("\033[2m", "\033[1m", "\033[31m", "\033[32m", "\033[0m") if color else ("",) * 5
    )
    show = not (args.quiet or args.json)

    def clock(ts: float) -> str:
        return datetime.fromtimestamp(ts, UTC).strftime("%H:%M:%S")

    def on_comment(ev: AudienceEvent, outcome: Outcome) -> None:
        text = ev.text if ev.kind == "comment" else f"<{ev.kind} {ev.gift} x{ev.amount:g}> {ev.text}"
        tag = f"{red if isinstance(outcome, Dropped) else dim}[{describe(outcome)}]{reset}"
        print(f"{dim}{clock(ev.ts)}{reset} {ev.user_name}: {text[:120]} {tag}")

    def on_item(item: TriageItem, now: float) -> None:
        names = ", ".join(item.names[:5]) + (f" +{len(item.names) - 5}" if len(item.names) > 5 else "")
        what = f": {item.text[:100]!r}" if item.text and item.read_text else ""
        print(
            f"{bold}{green}{clock(now)} persona -> {item.kind} for {names}{what}"
            f" (waited {item.waited_s:.1f}s){reset}"
        )

    partial: list[ReplaySummary] = []
    interrupted = False
    try:
        summary = asyncio.run(
            replay(
                events,
                speed=speed,
                config=TriageConfig(max_pending=args.max_pending),
                reply_s=args.reply_seconds,
                on_comment=on_comment if show else None,
                on_item=on_item if show else None,
                partial=partial,
            )
        )
    except KeyboardInterrupt:  # Ctrl-C: the summary of what was replayed so far
        if not partial:
            return 130
        summary, interrupted = partial[0], True
    result = summary.as_dict() | ({"interrupted": True} if interrupted else {})
    if args.json:
        print(json.dumps(result, indent=2))
        return 130 if interrupted else 0
    note = ", interrupted" if interrupted else ""
    print(f"\n{bold}summary{reset} ({result['log_span_s']:.0f} s of chat in {result['wall_s']:.1f} s{note})")
    print(f"  comments in      {result['comments_in']}")
    print(f"  dropped          {result['dropped_total']}")
    for reason, n in result["dropped"].items():
        if n:
            print(f"    {reason:<15}{n}")
    print(
        f"  answered         {result['answered_items']} items covering {result['answered_events']} comments"
    )
    for kind, n in sorted(result["answered_by_kind"].items()):
        print(f"    {kind:<15}{n}")
    print(f"  wait             mean {result['wait_mean_s']:.1f} s, p95 {result['wait_p95_s']:.1f} s")
    print(f"  triage latency   p99 {result['triage_p99_ms']:.3f} ms")
    if not result["accounted"]:
        print(f"{red}  accounting error: some comments have no counted fate{reset}")
        return 1
    return 130 if interrupted else 0


def register_api(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "api",
        help="serve the chat bot webhook and the reporter HTTP API",
        description="Serve POST /v1/webhook (chat bot; HMAC-SHA256 signed with PERSONA_WEBHOOK_SECRET), "
        "POST /v1/ask and POST /v1/brief (reporter; Bearer PERSONA_API_TOKEN when set) over a knowledge "
        "base. Both are text profiles of the agent `persona serve` builds: every message and question "
        "takes the same turn (perception, grounding, the composer).",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    p.add_argument("--kb", metavar="DIR", help="knowledge base folder (default: the bundled sample)")
    p.add_argument("--persona", default="default", help="chat bot persona (reporter: always 'reporter')")
    p.add_argument("--memory", metavar="DB", help="SQLite viewer memory (default: in memory)")
    p.set_defaults(func=_api)


def _api(args: argparse.Namespace) -> int:
    import asyncio
    import os

    from agent.assemble import AgentOptions, assemble_agent, load_persona
    from agent.errors import PersonaError
    from agent.runtime import AgentConfig
    from connectors.chatbot import ChatBot
    from connectors.http_api import create_app, serve_http
    from connectors.reporter import Reporter
    from knowledge import KnowledgeBase, KnowledgeError

    secret = os.environ.get("PERSONA_WEBHOOK_SECRET")
    if not secret:
        print("PERSONA_WEBHOOK_SECRET is not set: /v1/webhook answers 503", file=sys.stderr)
    # The agent `persona serve` builds, as a text profile: no idle ticks, nothing voiced (espeak is only
    # constructed, never asked to speak: the HTTP channels take ``respond``, the text turn).
    try:
        kb = KnowledgeBase.open(args.kb, read_only=True) if args.kb else KnowledgeBase.open_sample()
        options = AgentOptions(
            persona=args.persona,
            voice="espeak",
            kb=kb,
            memory_path=args.memory,
            agent=AgentConfig(idle_tick_s=None),
        )
        agent = assemble_agent(options)
        reporter_persona = load_persona("reporter")
    except (KnowledgeError, PersonaError) as exc:
        print(f"persona api: {exc}", file=sys.stderr)
        return 2
    app = create_app(
        chatbot=ChatBot(kb, memory=agent.memory, turn=agent),
        reporter=Reporter(kb, persona=reporter_persona, turn=agent),
        webhook_secret=secret,
        api_token=os.environ.get("PERSONA_API_TOKEN"),
    )

    async def serve() -> None:
        agent.start()  # the turn runs on this loop; the chat bot and the reporter call it from worker threads
        runner = await serve_http(app, args.host, args.port)
        print(f"persona api on http://{args.host}:{args.port}/v1/ (ask, brief, webhook)", flush=True)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()
            await agent.stop()
            if agent.memory is not None:
                agent.memory.flush()

    try:
        asyncio.run(serve())
    except OSError as exc:
        print(f"persona api: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    return 0
