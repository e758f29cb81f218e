"""Log sources, the paced replay, the websocket source (a real server on 127.0.0.1 port 0), and
`persona replay`."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from websockets.asyncio.server import ServerConnection, serve

from connectors.cli import main
from connectors.livestream.parsers import encode_bilibili_packet
from connectors.livestream.replay import replay
from connectors.livestream.sources import LogFormatError, paced, read_log, websocket_source

FIXTURES = Path(__file__).parent / "fixtures"
TWITCH_LOG = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "chat" / "twitch_2019-04-30.csv"


def test_read_csv_with_named_columns_and_spread_seconds() -> None:
    events = read_log(
        FIXTURES / "chat_custom_columns.csv", time_col="created", user_col="author", text_col="body"
    )
    assert len(events) == 9
    assert [e.user_id for e in events[:3]] == ["alice", "bob", "carol"]
    assert events[0].ts == 1707591700.0 and events[1].ts == 1707591700.5  # two rows in one second
    assert events[4].text.startswith("ignore all previous")


def test_read_csv_unknown_columns_say_which_flag() -> None:
    with pytest.raises(LogFormatError, match="--time-col"):
        read_log(FIXTURES / "chat_custom_columns.csv")
    with pytest.raises(LogFormatError, match="no text column 'nope'"):
        read_log(FIXTURES / "chat_custom_columns.csv", time_col="created", user_col="author", text_col="nope")


def test_read_jsonl_rows_platform_objects_and_irc() -> None:
    rows = read_log(FIXTURES / "chat_rows.jsonl")
    assert [(e.kind, e.user_name) for e in rows] == [("comment", "ana"), ("comment", "ben"), ("gift", "Cy")]
    bili = read_log(FIXTURES / "bilibili_danmaku.jsonl")
    assert [e.kind for e in bili][:3] == ["comment", "comment", "gift"]
    irc = read_log(FIXTURES / "twitch_irc.log")
    assert sum(e.kind == "comment" for e in irc) == 3


async def test_paced_keeps_order_and_spacing() -> None:
    events = read_log(
        FIXTURES / "chat_custom_columns.csv", time_col="created", user_col="author", text_col="body"
    )
    got = [(ev, due) async for ev, due in paced(events, speed=400.0)]
    assert [e.id for e, _ in got] == [e.id for e in events]
    dues = [d for _, d in got]
    span = events[-1].ts - events[0].ts
    assert dues[-1] - dues[0] == pytest.approx(span / 400.0)


async def test_replay_summary_accounts_for_every_comment() -> None:
    events = read_log(
        FIXTURES / "chat_custom_columns.csv", time_col="created", user_col="author", text_col="body"
    )
    seen: list[str] = []
    summary = await replay(events, speed=None, reply_s=2.0, on_item=lambda item, now: seen.append(item.kind))
    d = summary.as_dict()
    assert d["comments_in"] == 9 and d["accounted"]
    assert d["dropped"]["injection"] == 1 and d["dropped"]["spam"] == 1
    assert "question" in seen and "greeting" in seen
    assert d["answered_events"] + d["dropped_total"] + d["pending_at_end"] == 9


def test_persona_replay_json_and_transcript(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(FIXTURES / "chat_custom_columns.csv")
    cols = ["--time-col", "created", "--user-col", "author", "--text-col", "body"]
    assert main(["replay", path, "--speed", "max", "--json", *cols]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["comments_in"] == 9 and summary["accounted"]
    assert {"wait_mean_s", "wait_p95_s", "answered_items", "dropped"} <= set(summary)
    assert main(["replay", path, "--speed", "100", *cols]) == 0
    out = capsys.readouterr().out
    assert "persona -> question" in out and "[dropped: injection]" in out and "comments in" in out
    assert main(["replay", str(FIXTURES / "missing.csv")]) == 2
    assert main(["replay", path, "--speed", "-1", *cols]) == 2


def test_persona_replay_on_the_real_twitch_log(capsys: pytest.CaptureFixture[str]) -> None:
    if not TWITCH_LOG.exists():
        pytest.skip(f"needs ../shared/data/chat/twitch_2019-04-30.csv (absent at {TWITCH_LOG})")
    assert main(["replay", str(TWITCH_LOG), "--speed", "max", "--json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["comments_in"] == 26323 and s["accounted"]
    assert s["dropped"]["duplicate"] > 1000 and s["dropped"]["spam"] > 50
    assert s["answered_by_kind"]["question"] > 100


# --------------------------------------------------------------------------- websocket source


async def _collect(url: str, fmt: str, **kw: str) -> list:
    out = []
    async for ev in websocket_source(url, fmt, **kw):  # type: ignore[arg-type]
        out.append(ev)
    return out


async def test_websocket_twitch_irc() -> None:
    received: list[str] = []
    lines = (FIXTURES / "twitch_irc.log").read_text().splitlines()

    async def handler(ws: ServerConnection) -> None:
        for _ in range(3):  # CAP, NICK, JOIN
            received.append(str(await ws.recv()))
        await ws.send("\r\n".join(lines[:8]) + "\r\n")
        await ws.send("PING :tmi.twitch.tv\r\n")
        received.append(str(await ws.recv()))  # the PONG
        await ws.send("\r\n".join(lines[8:]))

    async with serve(handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        events = await asyncio.wait_for(_collect(f"ws://127.0.0.1:{port}", "twitch", channel="Ronni"), 10)
    assert received[0].startswith("CAP REQ :twitch.tv/tags")
    assert received[1].startswith("NICK justinfan") and received[2] == "JOIN #ronni"
    assert received[3] == "PONG :tmi.twitch.tv"
    assert [e.kind for e in events].count("comment") == 3 and events[-1].user_name == "Semi;Colon"


async def test_websocket_bilibili_binary_and_json_frames() -> None:
    objs = [json.loads(line) for line in (FIXTURES / "bilibili_danmaku.jsonl").read_text().splitlines()]
    youtube = json.loads((FIXTURES / "youtube_livechat.json").read_text())["items"][0]

    async def bili(ws: ServerConnection) -> None:
        await ws.send(b"".join(encode_bilibili_packet(o, compress=True) for o in objs[:3]))
        await ws.send(b"\x00\x00\x00\x05garbage")  # a frame too short to be a packet: skipped
        await ws.send(encode_bilibili_packet(objs[7]))

    async def jsonish(ws: ServerConnection) -> None:
        await ws.send(json.dumps(youtube))
        await ws.send("not json")  # skipped, not fatal
        await ws.send(json.dumps({"type": "comment", "user": {"id": "u", "name": "U"}, "text": "hi"}))
        await ws.send(json.dumps({"type": "ping"}))  # valid protocol, not audience activity

    async with serve(bili, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        events = await asyncio.wait_for(_collect(f"ws://127.0.0.1:{port}", "bilibili"), 10)
    assert [e.kind for e in events] == ["comment", "comment", "gift", "superchat"]
    async with serve(jsonish, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        events = await asyncio.wait_for(_collect(f"ws://127.0.0.1:{port}", "json"), 10)
    assert [(e.kind, e.platform) for e in events] == [("comment", "youtube"), ("comment", "web")]


def test_read_a_whole_json_document() -> None:
    events = read_log(FIXTURES / "youtube_livechat.json")
    assert [e.kind for e in events] == ["comment", "superchat", "subscription", "subscription", "superchat"]
    assert events[0].platform == "youtube"


def test_bad_json_lines_are_a_log_format_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"time": 1, "user": "a", "text": "hi"}\n42\n')
    with pytest.raises(LogFormatError, match="expected a JSON object"):
        read_log(bad)
    bad.write_text('{"time": 1, "user": "a", "text": "hi"}\n{oops\n')
    with pytest.raises(LogFormatError, match="bad.jsonl:2: not JSON"):
        read_log(bad)


async def test_cancelled_replay_leaves_a_partial_summary() -> None:
    events = read_log(
        FIXTURES / "chat_custom_columns.csv", time_col="created", user_col="author", text_col="body"
    )
    partial: list = []
    first = asyncio.Event()
    task = asyncio.create_task(
        replay(events, speed=0.5, partial=partial, on_comment=lambda ev, out: first.set())
    )
    await asyncio.wait_for(first.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert len(partial) == 1 and 1 <= partial[0].comments_in < 9 and partial[0].as_dict()["accounted"]


def test_ctrl_c_prints_the_summary_so_far() -> None:
    import os
    import signal
    import subprocess
    import sys

    from tests.interruptible import sigint_default

    log = str(FIXTURES / "chat_custom_columns.csv")
    cols = ["--time-col", "created", "--user-col", "author", "--text-col", "body"]
    cmd = [sys.executable, "-m", "connectors.cli", "replay", log, "--speed", "0.2", *cols]
    env = os.environ | {"PYTHONUNBUFFERED": "1"}
    with subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, preexec_fn=sigint_default
    ) as proc:
        assert proc.stdout is not None
        first = proc.stdout.readline()  # the first transcript line: the replay is under way
        assert "alice" in first
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted" in out and "comments in" in out
