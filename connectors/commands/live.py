"""`persona live`: attach live channels to a running persona (its gateway, as a ``source``)."""

from __future__ import annotations

import argparse
import sys


def register_live(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "live",
        help="attach live channels (Twitch chat, YouTube live chat, Bilibili danmaku) to a running persona",
        description="Read live chat and send every comment, paid message, subscription, raid and entrance "
        "to a running persona (`persona serve`) as protocol v1.1 events; the persona's triage decides "
        "what is answered. Reconnects with backoff; exits with a clear error when a platform refuses. "
        "Twitch: anonymous read, or log in with PERSONA_TWITCH_TOKEN (OAuth) and PERSONA_TWITCH_NICK. "
        "Bilibili: the room's danmaku websocket; PERSONA_BILIBILI_KEY / PERSONA_BILIBILI_UID give the "
        "getDanmuInfo key when the server asks for one. "
        "YouTube: the live chat polled with PERSONA_YOUTUBE_API_KEY, or a saved chat file replayed. "
        "The gateway's source token, when it has one, is read from PERSONA_TOKEN_SOURCE.",
        epilog="examples:\n  persona live --twitch winterstream\n"
        "  persona live --twitch a --twitch b --gateway ws://127.0.0.1:8765/ws\n"
        "  persona live --bilibili 21452505 --twitch winterstream",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--twitch", action="append", default=[], metavar="CHANNEL", help="a Twitch channel")
    p.add_argument(
        "--youtube",
        action="append",
        default=[],
        metavar="VIDEO|URL|FILE",
        help="a YouTube live video or saved chat",
    )
    p.add_argument("--bilibili", action="append", default=[], metavar="ROOM", help="a Bilibili room id")
    p.add_argument("--gateway", default="ws://127.0.0.1:8765/ws", help="the persona's websocket")
    p.add_argument(
        "--twitch-url", default=None, metavar="URL", help="Twitch IRC websocket (default the real one)"
    )
    p.add_argument(
        "--bilibili-url",
        default=None,
        metavar="URL",
        help="Bilibili danmaku websocket (default the real one)",
    )
    p.add_argument(
        "--youtube-api", default=None, metavar="URL", help="YouTube Data API base (default the real one)"
    )
    p.add_argument(
        "--rate", type=float, default=18.0, help="events per second sent to the gateway (18; its limit is 20)"
    )
    p.add_argument("--json", action="store_true", help="print the counts as JSON at the end")
    p.set_defaults(func=_live)


def _live(args: argparse.Namespace) -> int:
    import asyncio
    import json
    import logging
    import os
    from collections.abc import AsyncIterator

    from websockets.exceptions import ConnectionClosed

    from connectors.errors import LiveRefused
    from connectors.live.bilibili import BILIBILI_WS_URL, bilibili_events
    from connectors.live.forward import ForwardStats, forward
    from connectors.live.twitch import TWITCH_IRC_URL, credentials, twitch_events
    from connectors.live.youtube import YOUTUBE_API, youtube_events
    from connectors.livestream.audience import AudienceEvent

    if not args.twitch and not args.bilibili and not args.youtube:
        print("persona live: name at least one channel (--twitch, --youtube, --bilibili)", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    stats = ForwardStats()
    try:
        nick, token = credentials() if args.twitch else ("", None)
        sources: list[AsyncIterator[AudienceEvent]] = [
            twitch_events(channel, url=args.twitch_url or TWITCH_IRC_URL, nick=nick, token=token)
            for channel in args.twitch
        ]
        sources += [youtube_events(video, api=args.youtube_api or YOUTUBE_API) for video in args.youtube]
        sources += [bilibili_events(room, url=args.bilibili_url or BILIBILI_WS_URL) for room in args.bilibili]
        asyncio.run(
            forward(
                args.gateway,
                sources,
                token=os.environ.get("PERSONA_TOKEN_SOURCE"),
                rate=args.rate,
                stats=stats,
            )
        )
    except LiveRefused as exc:
        print(f"persona live: {exc}", file=sys.stderr)
        return 1
    except (ConnectionClosed, OSError) as exc:  # the persona went away: say so (a supervisor restarts us)
        print(f"persona live: lost the persona's gateway at {args.gateway}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        if args.json:
            print(json.dumps(stats.as_dict()))
        else:
            print(f"persona live: {stats.received} events read, {stats.sent} sent", file=sys.stderr)
    return 0
