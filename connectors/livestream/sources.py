"""Where audience events come from: recorded chat logs (with their real timing) and live websockets.

- ``read_log(path)``: a CSV (``time,viewer,channel,message`` by default; columns configurable), a JSONL file
  (one object a line: flat ``{time, user, text}`` rows, or YouTube / Bilibili / protocol-v1 objects), or a raw
  Twitch IRC recording (``.log``/``.irc``). Returns events in log order with ``ts`` in log seconds.
- ``paced(events, speed)``: yields each event when its time comes, ``speed`` times faster than it happened
  (``None``: as fast as possible). Logs stamped to the whole second get their rows spread evenly across that
  second, so a burst is not replayed as one instant.
- ``websocket_source(url, fmt)``: reads a live websocket (Twitch IRC over websockets, Bilibili binary packets,
  or JSON objects) and yields events; answers IRC PINGs.
"""

from __future__ import annotations

import asyncio
import csv
import json
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from connectors.errors import LogFormatError
from connectors.livestream.audience import AudienceEvent
from connectors.livestream.parsers import (
    ParseError,
    decode_bilibili_packets,
    detect_and_parse,
    parse_bilibili,
    parse_twitch,
)

TIME_COLS = ("time", "timestamp", "ts", "date", "created_at", "published_at")
USER_COLS = ("viewer", "user", "username", "user_name", "author", "name", "nick")
TEXT_COLS = ("message", "text", "comment", "body", "msg", "content")


def parse_time(value: Any) -> float:
    """Unix seconds, milliseconds, or an ISO-like date (``2019-04-30 08:56:59``, ``...T...Z``)."""
    if isinstance(value, int | float):
        v = float(value)
        return v / 1000.0 if v > 1e11 else v
    s = str(value).strip()
    try:
        v = float(s)
        return v / 1000.0 if v > 1e11 else v
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00").replace("_", " ")).timestamp()
    except ValueError as exc:
        raise LogFormatError(f"unreadable time {s!r}") from exc


def _pick(names: Iterable[str], wanted: str | None, candidates: tuple[str, ...], what: str) -> str:
    lowered = {n.lower(): n for n in names}
    if wanted:
        if wanted in names:
            return wanted
        if wanted.lower() in lowered:
            return lowered[wanted.lower()]
        raise LogFormatError(f"no {what} column {wanted!r}; columns are {sorted(names)}")
    for c in candidates:
        if c in lowered:
            return lowered[c]
    raise LogFormatError(f"no {what} column (tried {', '.join(candidates)}); pass --{what}-col")


def _row_event(
    row: dict[str, Any], tcol: str, ucol: str, xcol: str, platform: str, channel_col: str | None
) -> AudienceEvent:
    user = str(row.get(ucol) or "anonymous")
    return AudienceEvent(
        kind="comment",
        user_id=user,
        user_name=user,
        text=str(row.get(xcol) or ""),
        ts=parse_time(row[tcol]),
        platform=platform,
        channel=str(row.get(channel_col) or "default") if channel_col else "default",
    )


def read_log(
    path: str | Path,
    *,
    time_col: str | None = None,
    user_col: str | None = None,
    text_col: str | None = None,
    platform: str = "replay",
) -> list[AudienceEvent]:
    """Every audience event of a chat log, in order, with ``ts`` in log seconds (see the module doc)."""
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix in (".log", ".irc"):
        events = [
            e
            for line in p.read_text(encoding="utf-8", errors="replace").splitlines()
            for e in parse_twitch(line)
        ]
    elif suffix == ".json":
        events = _read_json(p, time_col, user_col, text_col, platform)
    elif suffix in (".jsonl", ".ndjson"):
        events = list(_read_jsonl(p, time_col, user_col, text_col, platform))
    else:
        return _read_csv(p, time_col, user_col, text_col, platform)
    return spread_whole_seconds(events)


def _read_csv(p: Path, tc: str | None, uc: str | None, xc: str | None, platform: str) -> list[AudienceEvent]:
    with p.open(newline="", encoding="utf-8", errors="replace") as fh:
        reader = csv.DictReader(fh)
        names = reader.fieldnames or []
        tcol = _pick(names, tc, TIME_COLS, "time")
        ucol = _pick(names, uc, USER_COLS, "user")
        xcol = _pick(names, xc, TEXT_COLS, "text")
        ccol = next((n for n in names if n.lower() == "channel"), None)
        rows = list(reader)
    stamps: dict[str, float] = {}  # chat logs repeat each second's stamp many times
    times = []
    for row in rows:
        raw = row[tcol]
        t = stamps.get(raw)
        if t is None:
            t = stamps[raw] = parse_time(raw)
        times.append(t)
    times = spread_times(times)
    stem = p.stem[:40]
    return [
        AudienceEvent(
            kind="comment",
            user_id=row.get(ucol) or "anonymous",
            user_name=row.get(ucol) or "anonymous",
            text=row.get(xcol) or "",
            ts=t,
            platform=platform,
            channel=(row.get(ccol) or "default") if ccol else "default",
            id=f"{stem}-{i}",
        )
        for i, (row, t) in enumerate(zip(rows, times, strict=True))
    ]


def _read_json(p: Path, tc: str | None, uc: str | None, xc: str | None, platform: str) -> list[AudienceEvent]:
    """A whole JSON document: a YouTube list response, one object, or an array of objects."""
    try:
        doc = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return list(_read_jsonl(p, tc, uc, xc, platform))  # JSON lines under a .json name
    objs = doc if isinstance(doc, list) else [doc]
    return list(_objects(enumerate(objs, 1), str(p), tc, uc, xc, platform))


def _read_jsonl(
    p: Path, tc: str | None, uc: str | None, xc: str | None, platform: str
) -> Iterator[AudienceEvent]:
    def parsed() -> Iterator[tuple[int, Any]]:
        with p.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    yield lineno, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise LogFormatError(f"{p}:{lineno}: not JSON: {exc}") from exc

    return _objects(parsed(), str(p), tc, uc, xc, platform)


def _objects(
    objs: Iterable[tuple[int, Any]], name: str, tc: str | None, uc: str | None, xc: str | None, platform: str
) -> Iterator[AudienceEvent]:
    """Platform objects (YouTube, Bilibili), protocol comment/gift events, or flat rows, in any mix."""
    cols: tuple[str, str, str] | None = None
    for where, obj in objs:
        if not isinstance(obj, dict):
            raise LogFormatError(f"{name}:{where}: expected a JSON object, got {type(obj).__name__}")
        parsed = detect_and_parse(obj)
        if parsed is not None:
            yield from parsed
            continue
        if obj.get("type") in ("comment", "gift"):
            from agent.events import parse_client_event

            event = parse_client_event(obj)
            yield AudienceEvent.from_protocol(event)  # type: ignore[arg-type]
            continue
        if cols is None:
            cols = (
                _pick(obj, tc, TIME_COLS, "time"),
                _pick(obj, uc, USER_COLS, "user"),
                _pick(obj, xc, TEXT_COLS, "text"),
            )
        yield _row_event(obj, *cols, platform, "channel" if "channel" in obj else None)


def spread_times(times: list[float]) -> list[float]:
    """Times stamped to the same whole second are spread evenly over it (n rows: +0, +1/n, ... seconds)."""
    out = list(times)
    i = 0
    while i < len(out):
        j = i
        while j < len(out) and times[j] == times[i]:
            j += 1
        n = j - i
        if n > 1 and times[i] == int(times[i]):
            for k in range(i, j):
                out[k] = times[i] + (k - i) / n
        i = j
    return out


def spread_whole_seconds(events: list[AudienceEvent]) -> list[AudienceEvent]:
    """``spread_times`` applied to events (a new event only where the time changes)."""
    times = spread_times([e.ts for e in events])
    return [e if e.ts == t else replace(e, ts=t) for e, t in zip(events, times, strict=True)]


async def paced(
    events: Iterable[AudienceEvent],
    speed: float | None,
    *,
    clock: Callable[[], float] = time.perf_counter,
) -> AsyncIterator[tuple[AudienceEvent, float]]:
    """Yield ``(event, due)`` as each event's time comes (``due`` on ``clock``), ``speed`` times faster than
    the log; ``speed=None`` yields as fast as the consumer takes them (``due`` is then the time it was read).

    Cancelling the iteration stops the replay at once; nothing is left running.
    """
    start_wall: float | None = None
    start_log = 0.0
    for ev in events:
        if speed is None:
            yield ev, clock()
            continue
        if start_wall is None:
            start_wall, start_log = clock(), ev.ts
        due = start_wall + (ev.ts - start_log) / speed
        delay = due - clock()
        if delay > 0:
            await asyncio.sleep(delay)
        yield ev, due


WsFormat = Literal["twitch", "bilibili", "json"]


async def websocket_source(
    url: str,
    fmt: WsFormat = "json",
    *,
    channel: str = "",
    nick: str = "justinfan12345",
    token: str | None = None,
    open_timeout: float = 10.0,
) -> AsyncIterator[AudienceEvent]:
    """Read audience events from a live websocket until it closes.

    ``twitch``: IRC over websockets (``wss://irc-ws.chat.twitch.tv``): asks for IRCv3 tags, logs in (anonymous
    ``justinfan`` nick unless a token is given), joins ``channel``, answers PINGs, parses every line.
    ``bilibili``: binary danmaku packets (send the room's auth packet yourself through a proxy that does it,
    or point at a relay). ``json``: one JSON object a frame: YouTube or Bilibili objects, or v1 ``comment`` /
    ``gift`` events. A frame that does not parse is skipped (and logged), not fatal.
    Cancelling the iteration closes the connection.
    """
    import logging

    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    log = logging.getLogger(__name__)
    async with connect(url, open_timeout=open_timeout, max_size=2**20) as ws:
        if fmt == "twitch":
            await ws.send("CAP REQ :twitch.tv/tags twitch.tv/commands")
            if token:
                await ws.send(f"PASS oauth:{token.removeprefix('oauth:')}")
            await ws.send(f"NICK {nick}")
            if channel:
                await ws.send(f"JOIN #{channel.lstrip('#').lower()}")
        try:
            async for frame in ws:
                replies: list[str] = []
                try:
                    events = _decode_frame(frame, fmt, replies)
                except (ParseError, ValueError) as exc:
                    log.warning("skipping a frame that does not parse: %s", exc)
                    continue
                for ev in events:
                    yield ev
                for reply in replies:  # after the events: a closing server must not cost us its last lines
                    await ws.send(reply)
        except ConnectionClosed:
            return


def _decode_frame(frame: str | bytes, fmt: WsFormat, replies: list[str]) -> list[AudienceEvent]:
    now = time.time()
    if fmt == "bilibili":
        data = frame if isinstance(frame, bytes) else frame.encode()
        return [e for obj in decode_bilibili_packets(data) for e in parse_bilibili(obj, now)]
    text = frame.decode("utf-8", "replace") if isinstance(frame, bytes) else frame
    if fmt == "twitch":
        out: list[AudienceEvent] = []
        for line in text.split("\r\n"):
            if line.startswith("PING"):
                replies.append("PONG" + line[4:])
                continue
            if line:
                out.extend(parse_twitch(line, now))
        return out
    obj = json.loads(text)
    if not isinstance(obj, dict):
        raise ParseError("a JSON frame must be an object")
    parsed = detect_and_parse(obj, now)
    if parsed is not None:
        return parsed
    from agent.events import parse_client_event

    event = parse_client_event(obj)
    if event.type not in ("comment", "gift"):
        return []
    return [AudienceEvent.from_protocol(event)]  # type: ignore[arg-type]
