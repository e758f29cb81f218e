"""Parsers from real platform message formats into ``AudienceEvent``s.

Sans-I/O: each function takes one message (a line, a JSON object, a packet) and returns the events in it.
Lines or objects that are not audience activity (server numerics, PINGs, heartbeats) give an empty list;
malformed input raises ``ParseError``.

- Twitch IRC (with IRCv3 tags): ``PRIVMSG`` (comments; with ``bits`` a cheer), ``USERNOTICE`` (sub, resub,
  subgift, submysterygift, raid), ``JOIN`` (entrance). Reads recorded ``DATE ;;; line`` logs too.
- YouTube Data API ``liveChatMessages``: ``textMessageEvent``, ``superChatEvent``, ``superStickerEvent``,
  ``memberMilestoneChatEvent``, ``newSponsorEvent``; a whole ``liveChatMessageListResponse`` or one item.
- Bilibili live danmaku: ``DANMU_MSG``, ``SEND_GIFT``, ``INTERACT_WORD``, ``SUPER_CHAT_MESSAGE``,
  ``GUARD_BUY``; the decoded JSON or the binary websocket packets (protocol version 0 plain, 2 zlib,
  3 brotli).
"""

from __future__ import annotations

import json
import struct
import zlib
from datetime import datetime
from typing import Any

from connectors.errors import ParseError
from connectors.livestream.audience import AudienceEvent

# --------------------------------------------------------------------------- Twitch IRC

_TAG_UNESCAPE = {":": ";", "s": " ", "\\": "\\", "r": "\r", "n": "\n"}


def _unescape_tag(value: str) -> str:
    if "\\" not in value:
        return value
    out: list[str] = []
    i = 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            out.append(_TAG_UNESCAPE.get(value[i + 1], value[i + 1]))
            i += 2
            continue
        if ch != "\\":  # a lone trailing backslash is dropped, as the IRCv3 spec says
            out.append(ch)
        i += 1
    return "".join(out)


def parse_irc_line(line: str) -> tuple[dict[str, str], str, str, list[str]]:
    """Split one IRC line into (tags, prefix, command, params); the trailing param is the last one."""
    line = line.rstrip("\r\n")
    tags: dict[str, str] = {}
    if line.startswith("@"):
        raw, _, line = line[1:].partition(" ")
        for item in raw.split(";"):
            key, _, value = item.partition("=")
            tags[key] = _unescape_tag(value)
    prefix = ""
    if line.startswith(":"):
        prefix, _, line = line[1:].partition(" ")
    if " :" in line:
        head, _, trailing = line.partition(" :")
        parts = head.split()
        parts.append(trailing)
    else:
        parts = line.split()
    if not parts:
        raise ParseError("IRC line without a command")
    return tags, prefix, parts[0].upper(), parts[1:]


def _emote_names(text: str, spec: str) -> frozenset[str]:
    """Emote words from Twitch's ``emotes`` tag (``id:start-end,start-end/id:...``, codepoint offsets)."""
    names: set[str] = set()
    for group in spec.split("/"):
        _, _, ranges = group.partition(":")
        for rng in ranges.split(","):
            start, _, end = rng.partition("-")
            if start.isdigit() and end.isdigit():
                names.add(text[int(start) : int(end) + 1])
    return frozenset(n for n in names if n)


_SUB_PLANS = {"Prime": 4.99, "1000": 4.99, "2000": 9.99, "3000": 24.99}


def parse_twitch(line: str, now: float = 0.0) -> list[AudienceEvent]:
    """One raw Twitch IRC line (optionally ``DATE ;;; line`` as recorders write it) -> events."""
    ts = now
    if " ;;; " in line:
        stamp, _, line = line.partition(" ;;; ")
        try:
            ts = datetime.strptime(stamp.strip(), "%Y-%m-%d_%H:%M:%S").timestamp()
        except ValueError:
            pass
    line = line.strip()
    if not line or (not line.startswith((":", "@")) and not line.upper().startswith("PING")):
        return []
    try:
        return _twitch_message(*parse_irc_line(line), ts, line)
    except ParseError:
        raise
    except (ValueError, IndexError) as exc:
        raise ParseError(f"malformed Twitch line: {exc}") from exc


def _twitch_message(
    tags: dict[str, str], prefix: str, command: str, params: list[str], ts: float, line: str
) -> list[AudienceEvent]:
    if "tmi-sent-ts" in tags and tags["tmi-sent-ts"].isdigit():
        ts = int(tags["tmi-sent-ts"]) / 1000.0
    nick = prefix.partition("!")[0]
    channel = params[0].lstrip("#") if params else ""
    user_id = tags.get("user-id") or nick
    name = tags.get("display-name") or nick
    msg_id = tags.get("id")
    base: dict[str, Any] = {"platform": "twitch", "channel": channel, "ts": ts}
    if msg_id:
        base["id"] = msg_id
    if command == "PRIVMSG":
        if len(params) < 2:
            raise ParseError(f"PRIVMSG without text: {line[:80]!r}")
        text = params[1]
        if text.startswith("\x01ACTION ") and text.endswith("\x01"):  # /me
            text = text[8:-1]
        emotes = _emote_names(text, tags["emotes"]) if tags.get("emotes") else frozenset()
        bits = tags.get("bits", "")
        if bits.isdigit() and int(bits) > 0:
            n = int(bits)
            return [
                AudienceEvent(
                    kind="gift",
                    user_id=user_id,
                    user_name=name,
                    text=text,
                    gift="bits",
                    amount=n,
                    value=n / 100.0,
                    currency="USD",
                    emotes=emotes,
                    **base,
                )
            ]
        return [
            AudienceEvent(kind="comment", user_id=user_id, user_name=name, text=text, emotes=emotes, **base)
        ]
    if command == "USERNOTICE":
        kind_id = tags.get("msg-id", "")
        login = tags.get("login") or nick
        user_id = tags.get("user-id") or login
        name = tags.get("display-name") or login
        text = params[1] if len(params) > 1 else ""
        plan = tags.get("msg-param-sub-plan", "1000")
        if kind_id in ("sub", "resub"):
            months = int(tags.get("msg-param-cumulative-months", "1") or 1)
            return [
                AudienceEvent(
                    kind="subscription",
                    user_id=user_id,
                    user_name=name,
                    text=text,
                    gift=f"sub:{plan}",
                    amount=1,
                    value=_SUB_PLANS.get(plan, 4.99),
                    currency="USD",
                    months=months,
                    **base,
                )
            ]
        if kind_id in ("subgift", "submysterygift", "anonsubgift"):
            count = int(tags.get("msg-param-mass-gift-count", "1") or 1)
            return [
                AudienceEvent(
                    kind="gift",
                    user_id=user_id,
                    user_name=name,
                    text=text,
                    gift=f"subgift:{plan}",
                    amount=count,
                    value=count * _SUB_PLANS.get(plan, 4.99),
                    currency="USD",
                    **base,
                )
            ]
        if kind_id == "raid":
            viewers = int(tags.get("msg-param-viewerCount", "0") or 0)
            return [
                AudienceEvent(
                    kind="entrance", user_id=user_id, user_name=name, gift="raid", amount=viewers, **base
                )
            ]
        return []
    if command == "JOIN" and nick:
        return [AudienceEvent(kind="entrance", user_id=nick, user_name=nick, **base)]
    return []  # PING, numerics, CAP, ROOMSTATE, CLEARCHAT...: not audience activity


# --------------------------------------------------------------------------- YouTube live chat


def _iso_ts(value: str | None, default: float) -> float:
    if not value:
        return default
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return default


def parse_youtube(obj: dict[str, Any], now: float = 0.0) -> list[AudienceEvent]:
    """A ``liveChatMessageListResponse`` or one ``liveChatMessage`` resource -> events."""
    if not isinstance(obj, dict):
        raise ParseError("a YouTube live chat message is a JSON object")
    if "items" in obj:
        if not isinstance(obj["items"], list):
            raise ParseError("'items' must be a list")
        out: list[AudienceEvent] = []
        for item in obj["items"]:
            out.extend(parse_youtube(item, now))
        return out
    try:
        return _youtube_item(obj, now)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise ParseError(f"malformed liveChatMessage: {exc}") from exc


def _youtube_item(obj: dict[str, Any], now: float) -> list[AudienceEvent]:
    snippet = obj.get("snippet")
    author = obj.get("authorDetails") or {}
    if not isinstance(snippet, dict) or not isinstance(author, dict):
        raise ParseError("liveChatMessage without a snippet")
    etype = snippet.get("type", "")
    user_id = str(author.get("channelId") or snippet.get("authorChannelId") or "")
    if not user_id:
        raise ParseError("liveChatMessage without an author")
    base: dict[str, Any] = {
        "platform": "youtube",
        "channel": str(snippet.get("liveChatId", "")),
        "ts": _iso_ts(snippet.get("publishedAt"), now),
        "user_id": user_id,
        "user_name": str(author.get("displayName", "")),
    }
    if obj.get("id"):
        base["id"] = str(obj["id"])
    if etype == "textMessageEvent":
        text = (snippet.get("textMessageDetails") or {}).get("messageText") or snippet.get(
            "displayMessage", ""
        )
        return [AudienceEvent(kind="comment", text=str(text), **base)]
    if etype in ("superChatEvent", "superStickerEvent"):
        details = snippet.get("superChatDetails") or snippet.get("superStickerDetails") or {}
        micros = int(details.get("amountMicros", 0) or 0)
        text = details.get("userComment", "") if etype == "superChatEvent" else ""
        gift = "superchat" if etype == "superChatEvent" else "supersticker"
        return [
            AudienceEvent(
                kind="superchat",
                text=str(text),
                gift=gift,
                amount=1,
                value=micros / 1e6,
                currency=str(details.get("currency", "")),
                **base,
            )
        ]
    if etype == "memberMilestoneChatEvent":
        details = snippet.get("memberMilestoneChatDetails") or {}
        return [
            AudienceEvent(
                kind="subscription",
                text=str(details.get("userComment", "")),
                gift=f"member:{details.get('memberLevelName', '')}",
                amount=1,
                months=int(details.get("memberMonth", 0) or 0),
                **base,
            )
        ]
    if etype == "newSponsorEvent":
        details = snippet.get("newSponsorDetails") or {}
        return [
            AudienceEvent(
                kind="subscription",
                gift=f"member:{details.get('memberLevelName', '')}",
                amount=1,
                months=1,
                **base,
            )
        ]
    return []  # chatEndedEvent, messageDeletedEvent, pollEvent...


# --------------------------------------------------------------------------- Bilibili live danmaku

_INTERACT = {1: "entrance", 2: "follow", 4: "follow", 5: "follow"}
_GUARD_NAMES = {1: "governor", 2: "admiral", 3: "captain"}


def parse_bilibili(obj: dict[str, Any], now: float = 0.0, room: str = "") -> list[AudienceEvent]:
    """One decoded danmaku command (``{"cmd": ..., ...}``) -> events."""
    if not isinstance(obj, dict) or "cmd" not in obj:
        raise ParseError("a Bilibili command is a JSON object with 'cmd'")
    cmd = str(obj["cmd"]).split(":", 1)[0]  # newer servers send e.g. DANMU_MSG:4:0:2:2:2:0
    data = obj.get("data") or {}
    if not isinstance(data, dict):
        raise ParseError(f"malformed {cmd}: 'data' is not an object")
    try:
        if cmd == "DANMU_MSG":
            info = obj["info"]
            meta, text, who = info[0], info[1], info[2]
            ts = meta[4] / 1000.0 if len(meta) > 4 and isinstance(meta[4], int | float) and meta[4] else now
            return [
                AudienceEvent(
                    kind="comment",
                    platform="bilibili",
                    channel=room,
                    ts=ts,
                    user_id=str(who[0]),
                    user_name=str(who[1]),
                    text=str(text),
                )
            ]
        if cmd == "SEND_GIFT":
            gold = data.get("coin_type") == "gold"
            total = float(data.get("total_coin", 0) or 0)
            return [
                AudienceEvent(
                    kind="gift",
                    platform="bilibili",
                    channel=room,
                    ts=float(data.get("timestamp") or now),
                    user_id=str(data["uid"]),
                    user_name=str(data.get("uname", "")),
                    gift=str(data.get("giftName", "")),
                    amount=float(data.get("num", 1) or 1),
                    value=total / 1000.0 if gold else 0.0,
                    currency="CNY" if gold else "",
                )
            ]
        if cmd == "INTERACT_WORD":
            kind = _INTERACT.get(int(data.get("msg_type", 0) or 0))
            if kind is None:  # 3 = shared the room: not something to answer
                return []
            return [
                AudienceEvent(
                    kind=kind,  # type: ignore[arg-type]
                    platform="bilibili",
                    channel=str(data.get("roomid", room)),
                    ts=float(data.get("timestamp") or now),
                    user_id=str(data["uid"]),
                    user_name=str(data.get("uname", "")),
                )
            ]
        if cmd == "SUPER_CHAT_MESSAGE":
            user = data.get("user_info") or {}
            return [
                AudienceEvent(
                    kind="superchat",
                    platform="bilibili",
                    channel=room,
                    ts=float(data.get("start_time") or now),
                    user_id=str(data["uid"]),
                    user_name=str(user.get("uname", "")),
                    text=str(data.get("message", "")),
                    gift="superchat",
                    amount=1,
                    value=float(data.get("price", 0) or 0),
                    currency="CNY",
                )
            ]
        if cmd == "GUARD_BUY":
            level = int(data.get("guard_level", 3) or 3)
            return [
                AudienceEvent(
                    kind="subscription",
                    platform="bilibili",
                    channel=room,
                    ts=float(data.get("start_time") or now),
                    user_id=str(data["uid"]),
                    user_name=str(data.get("username", "")),
                    gift=f"guard:{_GUARD_NAMES.get(level, level)}",
                    amount=float(data.get("num", 1) or 1),
                    value=float(data.get("price", 0) or 0) / 1000.0,
                    currency="CNY",
                )
            ]
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise ParseError(f"malformed {cmd}: {exc}") from exc
    return []  # ONLINE_RANK_COUNT, WATCHED_CHANGE, heartbeat replies...


_HEADER = struct.Struct(">IHHII")  # packet length, header length, protocol version, operation, sequence
OP_MESSAGE = 5


def decode_bilibili_packets(data: bytes) -> list[dict[str, Any]]:
    """Split one binary websocket frame into its JSON commands (operation 5), inflating zlib (version 2) and
    brotli (version 3)."""
    out: list[dict[str, Any]] = []
    offset = 0
    while offset + _HEADER.size <= len(data):
        length, header_len, version, op, _ = _HEADER.unpack_from(data, offset)
        if header_len < _HEADER.size or length < header_len or offset + length > len(data):
            raise ParseError("truncated Bilibili packet")  # (a zero length would never move on)
        body = data[offset + header_len : offset + length]
        offset += length
        if op != OP_MESSAGE:
            continue  # heartbeat reply (3), auth reply (8)
        if version == 2:
            out.extend(decode_bilibili_packets(_inflate_zlib(body)))
        elif version == 3:
            out.extend(decode_bilibili_packets(_inflate_brotli(body)))
        elif version in (0, 1):
            out.append(json.loads(body))
        else:
            raise ParseError(f"unsupported Bilibili packet version {version}")
    return out


BILIBILI_INFLATED_MAX = 16 * 2**20  # one body inflates to at most this many bytes (a bomb is a ParseError)


def _inflate_zlib(body: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(body, BILIBILI_INFLATED_MAX)
    except zlib.error as exc:
        raise ParseError(f"a Bilibili zlib body does not inflate: {exc}") from exc
    if inflater.unconsumed_tail or not inflater.eof:
        raise ParseError(f"a Bilibili zlib body is truncated or inflates past {BILIBILI_INFLATED_MAX} bytes")
    return data


def _inflate_brotli(body: bytes) -> bytes:
    """Protocol version 3 (the client asked for ``protover`` 3): a brotli body of packets."""
    try:
        import brotli
    except ImportError as exc:  # a dependency; only a broken install lacks it
        raise ParseError("a Bilibili brotli body (version 3) needs the brotli package") from exc
    inflater = brotli.Decompressor()
    try:
        data = inflater.process(body, output_buffer_limit=BILIBILI_INFLATED_MAX)
    except brotli.error as exc:
        raise ParseError(f"a Bilibili brotli body does not inflate: {exc}") from exc
    if not inflater.is_finished() or len(data) > BILIBILI_INFLATED_MAX:  # (the limit is checked per chunk)
        raise ParseError(f"a Bilibili brotli body is truncated or past {BILIBILI_INFLATED_MAX} bytes")
    return data


def encode_bilibili_packet(obj: dict[str, Any], op: int = OP_MESSAGE, compress: bool = False) -> bytes:
    """The inverse of ``decode_bilibili_packets`` for one command (used to write fixtures and by tests)."""
    body = json.dumps(obj, ensure_ascii=False).encode()
    packet = _HEADER.pack(_HEADER.size + len(body), _HEADER.size, 0, op, 1) + body
    if compress:
        inner = zlib.compress(packet)
        packet = _HEADER.pack(_HEADER.size + len(inner), _HEADER.size, 2, op, 1) + inner
    return packet


def detect_and_parse(obj: dict[str, Any], now: float = 0.0) -> list[AudienceEvent] | None:
    """Parse a JSON object in a platform format if it is one (``None`` when it looks like none)."""
    if "cmd" in obj:
        return parse_bilibili(obj, now)
    if "snippet" in obj or obj.get("kind", "").startswith("youtube#"):
        return parse_youtube(obj, now)
    return None
