"""Twitch chat over IRC on a websocket (``wss://irc-ws.chat.twitch.tv:443``), read with reconnect and backoff.

Anonymous read uses a ``justinfan`` nick; with ``PERSONA_TWITCH_TOKEN`` (an OAuth token, ``oauth:`` optional)
and ``PERSONA_TWITCH_NICK`` it logs in as that account. Every line goes through the project's Twitch parser
(IRCv3 tags: display names, bits, subs, raids). ``PING`` is answered; ``RECONNECT`` (Twitch's "I am
restarting") and a dropped connection reconnect after a backoff (1 s doubling to 60 s, reset once a
connection has delivered a line). A login failure (``NOTICE * :Login authentication failed`` or ``Improperly
formatted auth``) or an HTTP refusal of the handshake raises ``LiveRefused``: retrying would not help.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import time
from collections.abc import AsyncIterator, Callable, Iterator

from connectors.errors import LiveRefused, ParseError
from connectors.livestream.audience import AudienceEvent
from connectors.livestream.parsers import parse_irc_line, parse_twitch

log = logging.getLogger(__name__)

TWITCH_IRC_URL = "wss://irc-ws.chat.twitch.tv:443"
_AUTH_FAILURES = ("login authentication failed", "improperly formatted auth", "login unsuccessful")


def backoff_delays(base: float = 1.0, cap: float = 60.0) -> Callable[[bool], float]:
    """A backoff schedule: call it with whether the last connection delivered anything; it returns the
    seconds to wait (doubling from ``base`` to ``cap``, +-20 % jitter; back to ``base`` after a good one)."""
    state = {"next": base}

    def delay(delivered: bool) -> float:
        if delivered:
            state["next"] = base
        wait = state["next"]
        state["next"] = min(cap, wait * 2)
        return wait * random.uniform(0.8, 1.2)

    return delay


@contextlib.contextmanager
def connection_failures(platform: str, url: str) -> Iterator[None]:
    """Around one websocket connection to ``platform``: a refusal (HTTP 401/403/404, a bad URL) raises
    ``LiveRefused``; any other failure is logged and the caller reconnects after its backoff."""
    from websockets.exceptions import ConnectionClosed, InvalidStatus, InvalidURI

    try:
        yield
    except InvalidStatus as exc:
        status = exc.response.status_code
        if status in (401, 403, 404):
            raise LiveRefused(f"{platform} refused the connection to {url}: HTTP {status}") from exc
        log.warning("%s handshake failed (HTTP %s); retrying", platform, status)
    except InvalidURI as exc:
        raise LiveRefused(f"not a websocket URL: {url!r}") from exc
    except (OSError, ConnectionClosed, TimeoutError) as exc:
        log.warning("%s connection lost (%s); reconnecting", platform, exc or type(exc).__name__)


def credentials(env: dict[str, str] | None = None) -> tuple[str, str | None]:
    """(nick, token) from ``PERSONA_TWITCH_NICK`` / ``PERSONA_TWITCH_TOKEN``; anonymous without a token."""
    env = dict(os.environ) if env is None else env
    token = env.get("PERSONA_TWITCH_TOKEN") or None
    nick = env.get("PERSONA_TWITCH_NICK") or ("" if token else f"justinfan{random.randint(10000, 99999)}")
    if token and not nick:
        raise LiveRefused("PERSONA_TWITCH_TOKEN is set but PERSONA_TWITCH_NICK is not: Twitch needs both")
    return nick.lower(), token


async def twitch_events(
    channel: str,
    *,
    url: str = TWITCH_IRC_URL,
    nick: str | None = None,
    token: str | None = None,
    backoff: Callable[[bool], float] | None = None,
    max_connects: int | None = None,
    open_timeout: float = 10.0,
) -> AsyncIterator[AudienceEvent]:
    """Every audience event of ``channel``'s chat, across reconnects, until cancelled (or ``max_connects``
    connections have ended). Raises ``LiveRefused`` when Twitch refuses the login or the handshake."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    if nick is None:
        nick, token = credentials()
    chan = channel.lstrip("#").lower()
    if not chan:
        raise LiveRefused("no Twitch channel given")
    delay = backoff or backoff_delays()
    connects = 0
    while max_connects is None or connects < max_connects:
        connects += 1
        delivered = False
        with connection_failures("Twitch", url):
            async with connect(url, open_timeout=open_timeout, max_size=2**20) as ws:
                await ws.send("CAP REQ :twitch.tv/tags twitch.tv/commands")
                if token:
                    await ws.send(f"PASS oauth:{token.removeprefix('oauth:')}")
                await ws.send(f"NICK {nick}")
                await ws.send(f"JOIN #{chan}")
                async for frame in ws:
                    text = frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame
                    reconnect = False
                    for line in text.split("\r\n"):
                        if not line:
                            continue
                        delivered = True
                        if line.startswith("PING"):
                            with contextlib.suppress(ConnectionClosed):  # still read what is buffered
                                await ws.send("PONG" + line[4:])
                            continue
                        command, notice = _command(line)
                        if command == "NOTICE" and any(f in notice.lower() for f in _AUTH_FAILURES):
                            raise LiveRefused(f"Twitch refused the login as {nick!r}: {notice}")
                        if command == "RECONNECT":
                            reconnect = True
                            continue
                        try:
                            events = parse_twitch(line, time.time())
                        except ParseError as exc:
                            log.warning("skipping a Twitch line that does not parse: %s", exc)
                            continue
                        for ev in events:
                            if ev.kind == "entrance" and ev.gift != "raid" and ev.user_id.lower() == nick:
                                continue  # our own JOIN echoed back
                            yield ev
                    if reconnect:
                        break
        if max_connects is not None and connects >= max_connects:
            return
        wait = delay(delivered)
        log.info("reconnecting to Twitch #%s in %.1f s", chan, wait)
        await asyncio.sleep(wait)


def _command(line: str) -> tuple[str, str]:
    try:
        _, _, command, params = parse_irc_line(line)
    except (ParseError, ValueError, IndexError):
        return "", ""
    return command, params[-1] if params else ""
