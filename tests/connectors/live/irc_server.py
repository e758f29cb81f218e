"""A local Twitch IRC-over-websocket server speaking the real wire format (from Twitch's IRC docs and the
recorded fixture tests/connectors/livestream/fixtures/twitch_irc.log): CAP ACK, 001, JOIN echo, then
PRIVMSG / USERNOTICE lines with IRCv3 tags; a PING it expects a PONG for; a login failure NOTICE for a bad
token; it can drop the connection after some lines to exercise reconnects."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from websockets.asyncio.server import ServerConnection, serve

FIXTURE_LINES = [
    "@badge-info=;badges=;color=;display-name=Viewer_One;emotes=;id=6b1c4d1e-1d2c-4a8e-9f1b-0e2a6c0f1a01;mod=0;"
    "room-id=1337;subscriber=0;tmi-sent-ts=1507246573000;turbo=0;user-id=2001;user-type= "
    ":viewer_one!viewer_one@viewer_one.tmi.twitch.tv PRIVMSG #{chan} :what game is this?",
]


def privmsg(chan: str, i: int) -> str:
    """The i-th chat line: a real PRIVMSG with IRCv3 tags, a distinct viewer and text each."""
    user = f"viewer{i % 97}"
    return (
        f"@badge-info=;badges=;color=#1E90FF;display-name=Viewer{i % 97};emotes=;first-msg=0;flags=;"
        f"id=00000000-0000-4000-8000-{i:012d};mod=0;returning-chatter=0;room-id=1337;subscriber=0;"
        f"tmi-sent-ts={1507246573000 + i * 37};turbo=0;user-id={3000 + i % 97};user-type= "
        f":{user}!{user}@{user}.tmi.twitch.tv PRIVMSG #{chan} :message number {i} about the race"
    )


def raid(chan: str, raider: str, viewers: int) -> str:
    return (
        f"@badge-info=;badges=;color=;display-name={raider};emotes=;id=raid-1;login={raider.lower()};mod=0;"
        f"msg-id=raid;msg-param-displayName={raider};msg-param-login={raider.lower()};"
        f"msg-param-viewerCount={viewers};room-id=1337;subscriber=0;system-msg={viewers}\\sraiders;"
        f"tmi-sent-ts=1507246580000;user-id=4242;user-type= :tmi.twitch.tv USERNOTICE #{chan}"
    )


def resub(chan: str) -> str:
    return (
        "@badge-info=subscriber/6;badges=subscriber/6;color=#008000;display-name=ronni;emotes=;"
        "id=db25007f-7a18-43eb-9379-80131e44d633;login=ronni;mod=0;msg-id=resub;"
        "msg-param-cumulative-months=6;msg-param-sub-plan=1000;room-id=1337;subscriber=1;"
        f"tmi-sent-ts=1507246575000;user-id=1337;user-type= :tmi.twitch.tv USERNOTICE #{chan} :Great stream!"
    )


def cheer(chan: str) -> str:
    return (
        "@badge-info=;badges=bits/1000;bits=100;color=;display-name=ronni;emotes=;"
        "id=b34ccfc7-4977-403a-8a94-33c6bac34fb9;mod=0;room-id=1337;subscriber=0;tmi-sent-ts=1507246574000;"
        f"turbo=1;user-id=1337;user-type= :ronni!ronni@ronni.tmi.twitch.tv PRIVMSG #{chan} :cheer100 who won?"
    )


@dataclass
class IrcServer:
    """Sends ``lines`` (formatted with the joined channel) to each client; the first connection is cut
    after ``drop_after`` lines (None: never), the next one goes on from there."""

    lines: list[str]
    drop_after: int | None = None
    valid_token: str | None = None  # None: anonymous read allowed; else PASS must carry it
    url: str = ""
    connections: int = 0
    pongs: int = 0
    received: list[str] = field(default_factory=list)
    _sent: int = 0
    _tasks: set[asyncio.Task[None]] = field(default_factory=set)

    async def _handler(self, ws: ServerConnection) -> None:
        self.connections += 1
        nick, chan, password = "", "", None
        async for raw in ws:
            for line in str(raw).split("\r\n"):
                self.received.append(line)
                if line.startswith("CAP REQ"):
                    await ws.send(":tmi.twitch.tv CAP * ACK :twitch.tv/tags twitch.tv/commands")
                elif line.startswith("PASS "):
                    password = line[5:].removeprefix("oauth:")
                elif line.startswith("NICK "):
                    nick = line[5:]
                    if self.valid_token is not None and password != self.valid_token:
                        await ws.send(":tmi.twitch.tv NOTICE * :Login authentication failed")
                        await ws.close()
                        return
                    await ws.send(f":tmi.twitch.tv 001 {nick} :Welcome, GLHF!")
                elif line.startswith("PONG"):
                    self.pongs += 1
                elif line.startswith("JOIN "):
                    chan = line[5:].lstrip("#")
                    await ws.send(f":{nick}!{nick}@{nick}.tmi.twitch.tv JOIN #{chan}")
                    await ws.send("PING :tmi.twitch.tv")
                    self._tasks.add(asyncio.create_task(self._stream(ws, chan)))  # and go on reading (PONG)

    async def _stream(self, ws: ServerConnection, chan: str) -> None:
        batch: list[str] = []
        while self._sent < len(self.lines):
            if self.connections == 1 and self.drop_after is not None and self._sent >= self.drop_after:
                if batch:
                    await ws.send("\r\n".join(batch) + "\r\n")
                await ws.close()
                return
            batch.append(self.lines[self._sent].format(chan=chan))
            self._sent += 1
            if len(batch) >= 50:  # Twitch packs several lines into one frame
                await ws.send("\r\n".join(batch) + "\r\n")
                batch = []
        if batch:
            await ws.send("\r\n".join(batch) + "\r\n")


@contextlib.asynccontextmanager
async def irc_server(server: IrcServer) -> AsyncIterator[IrcServer]:
    async with serve(server._handler, "127.0.0.1", 0) as ws_server:
        port = next(iter(ws_server.sockets)).getsockname()[1]
        server.url = f"ws://127.0.0.1:{port}"
        yield server
        ws_server.close()
        await asyncio.sleep(0)
