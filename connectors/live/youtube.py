"""YouTube live chat: the Data API's polling (``liveChat/messages``) or a saved chat replayed from a file.

Live: ``PERSONA_YOUTUBE_API_KEY`` (an API key of a project with the YouTube Data API v3). The video's
``liveStreamingDetails.activeLiveChatId`` comes from ``videos.list``; then ``liveChatMessages.list`` is polled
with its ``pageToken``, waiting the ``pollingIntervalMillis`` the server asks for. Every page goes through
the project's YouTube parser (text messages, Super Chats, Super Stickers, new sponsors, member milestones).
A 401/403/404 (bad key, quota, no such chat) raises ``LiveRefused`` with YouTube's reason; a 5xx or a
network error retries after a backoff. A file (``.json`` page, ``.jsonl`` of pages or messages, ``.csv``)
is replayed instead: its events in order, then the source ends.
"""

from __future__ import annotations

import asyncio
import logging
import os
import re
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

from connectors.errors import LiveRefused, ParseError
from connectors.live.twitch import backoff_delays
from connectors.livestream.audience import AudienceEvent
from connectors.livestream.parsers import parse_youtube

log = logging.getLogger(__name__)

YOUTUBE_API = "https://www.googleapis.com/youtube/v3"
_ID = re.compile(r"^[A-Za-z0-9_-]{6,64}$")


def video_id(value: str) -> str:
    """A video id from an id or a URL (``watch?v=``, ``youtu.be/``, ``/live/``)."""
    value = value.strip()
    if _ID.match(value):
        return value
    url = urlparse(value)
    if url.netloc:
        if "v" in parse_qs(url.query):
            return parse_qs(url.query)["v"][0]
        last = url.path.rstrip("/").rsplit("/", 1)[-1]
        if _ID.match(last):
            return last
    raise LiveRefused(f"not a YouTube video id or URL: {value!r}")


async def youtube_events(
    video: str,
    *,
    api: str = YOUTUBE_API,
    key: str | None = None,
    backoff: Callable[[bool], float] | None = None,
    max_polls: int | None = None,
) -> AsyncIterator[AudienceEvent]:
    """Every chat event of the video's live chat until cancelled (or ``max_polls`` pages), or a file's."""
    saved = await asyncio.to_thread(_saved_chat, video)
    if saved is not None:
        for ev in saved:
            yield ev
        return
    import aiohttp

    vid = video_id(video)
    key = key or os.environ.get("PERSONA_YOUTUBE_API_KEY") or None
    if not key:
        raise LiveRefused(
            "YouTube live chat needs an API key in PERSONA_YOUTUBE_API_KEY (or give a saved chat file)"
        )
    delay = backoff or backoff_delays()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as http:
        details = await _get(
            http, f"{api}/videos", {"part": "liveStreamingDetails", "id": vid, "key": key}, delay
        )
        items = details.get("items") or []
        chat = (items[0].get("liveStreamingDetails") or {}).get("activeLiveChatId") if items else None
        if not chat:
            raise LiveRefused(f"YouTube video {vid} has no active live chat")
        token: str | None = None
        polls = 0
        while max_polls is None or polls < max_polls:
            polls += 1
            params = {"liveChatId": chat, "part": "snippet,authorDetails", "key": key}
            if token:
                params["pageToken"] = token
            page = await _get(http, f"{api}/liveChat/messages", params, delay)
            try:
                events = parse_youtube(page, time.time())
            except ParseError as exc:
                log.warning("skipping a YouTube page that does not parse: %s", exc)
                events = []
            for ev in events:
                yield ev
            token = page.get("nextPageToken") or token
            if page.get("offlineAt"):
                return  # the stream ended
            if max_polls is None or polls < max_polls:
                await asyncio.sleep(max(0.0, float(page.get("pollingIntervalMillis", 5000))) / 1000.0)


def _saved_chat(video: str) -> list[AudienceEvent] | None:
    path = Path(video)
    if path.suffix.lower() not in (".json", ".jsonl", ".csv") or not path.is_file():
        return None
    from connectors.livestream.sources import read_log

    return read_log(path, platform="youtube")


async def _get(http: Any, url: str, params: dict[str, str], delay: Callable[[bool], float]) -> dict[str, Any]:
    import aiohttp

    while True:
        try:
            async with http.get(url, params=params) as response:
                if response.status in (400, 401, 403, 404):
                    what = url.rsplit("/", 1)[-1]
                    reason = await _reason(response)
                    raise LiveRefused(f"YouTube refused {what}: HTTP {response.status} {reason}".rstrip())
                if response.status >= 500:
                    raise aiohttp.ClientError(f"HTTP {response.status}")
                body = await response.json(content_type=None)
                if not isinstance(body, dict):
                    raise aiohttp.ClientError("the answer is not a JSON object")
                return body
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            wait = delay(False)
            log.warning("YouTube request failed (%s); retrying in %.1f s", exc, wait)
            await asyncio.sleep(wait)


async def _reason(response: Any) -> str:
    try:
        body = await response.json(content_type=None)
        error = body.get("error", {})
        reasons = [e.get("reason", "") for e in error.get("errors", [])]
        return f"({', '.join(r for r in reasons if r) or error.get('message', '')})"
    except Exception:  # noqa: BLE001 - the status alone is the error then
        return ""
