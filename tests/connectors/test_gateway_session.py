"""The gateway's pure protocol state machine (connectors/session.py): fuzzed, and each policy by itself."""

from __future__ import annotations

import base64
import json
import random
import struct
import zlib
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agent.events import (
    ERROR_CODES,
    Animation,
    Behavior,
    Error,
    SpeechAct,
    UtteranceFinished,
    UtteranceStarted,
    Voice,
    parse_server_event,
)
from connectors.session import Close, GatewayConfig, Hub, Publish, Send, Session

EMOTION = {"label": "joy", "intensity": 0.5}


def _config(**overrides: Any) -> GatewayConfig:
    base: dict[str, Any] = {
        "tokens": {"source": "s3cret"},
        "burst": 6.0,
        "rate_per_s": 20.0,
        "failed_hello_burst": 2.0,
        "replay_buffer": 64,
        "replay_bytes": 64 * 1024,
        "send_queue": 16,
        "send_queue_bytes": 32 * 1024,
        "max_sessions": 20,
    }
    base.update(overrides)
    return GatewayConfig(**base)


# --------------------------------------------------------------------------- cheap random frames


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares ``width`` x ``height`` pixels with a few bytes of data: a bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1000)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


BOMB_B64 = base64.b64encode(png_header(13_000, 13_000)).decode()
_USER = {"id": "u1", "name": "Lumi"}
_VALID: list[dict[str, Any]] = [
    {"type": "ping"},
    {"type": "comment", "user": _USER, "text": "hi"},
    {"type": "gift", "user": _USER, "gift": "rose", "amount": 2},
    {
        "type": "message",
        "user": _USER,
        "text": "look",
        "attachments": [{"kind": "image", "mime": "x", "url": "u"}],
    },
    {"type": "question", "user": _USER, "text": "when?"},
    {
        "type": "message",
        "user": _USER,
        "text": "this?",
        "attachments": [{"kind": "image", "mime": "x", "data_b64": BOMB_B64}],
    },
    {
        "type": "message",
        "user": _USER,
        "text": "pic",
        "attachments": [{"kind": "image", "mime": "x", "data_b64": "aGk="}],
    },
    {"type": "control", "action": "interrupt"},
    {"type": "control", "action": "say", "text": "hello"},
]
_JUNK_VALUES: list[Any] = [None, 1, -1, 10**12, "", "x" * 300, [], {}, True, 1.5, "\ud800", {"a": [1]}]


def _hello(rng: random.Random, known: list[str]) -> dict[str, Any]:
    hello: dict[str, Any] = {"type": "hello", "role": rng.choice(["renderer", "source", "operator", "boss"])}
    if rng.random() < 0.5:
        hello["token"] = rng.choice(["s3cret", "wrong", "", "\udfff"])
    if rng.random() < 0.4:
        hello["session_id"] = rng.choice([*known, "s-nope"]) if known else "s-nope"
        hello["resume_from"] = rng.choice([0, 1, 3, 50, 10**12, -1])
    if rng.random() < 0.1:
        hello["subscribe"] = rng.sample(["voice", "speech_act", "behavior"], 2)
    return hello


def random_frame(rng: random.Random, known: list[str]) -> str | bytes:
    """One client frame: valid, mutated, or hostile (deep, surrogates, binary, not JSON)."""
    r = rng.random()
    if r < 0.25:
        data = _hello(rng, known)
    elif r < 0.6:
        data = dict(rng.choice(_VALID))
    elif r < 0.7:
        depth = rng.choice([5, 33, 1000, 20_000])
        return rng.choice(["[", '{"a":']) * depth + "1" + rng.choice(["]", "}"]) * depth
    elif r < 0.75:
        return bytes(rng.getrandbits(8) for _ in range(rng.randrange(0, 8)))
    elif r < 0.82:
        return rng.choice(
            ["", "{", "[1,2]", "null", '"str"', "{not json", '{"type": 1}', "\x00", '{"id":"\\ud800"}']
        )
    else:
        data = dict(rng.choice(_VALID)) if rng.random() < 0.7 else _hello(rng, known)
        for _ in range(rng.randrange(1, 3)):
            key = rng.choice([*data, "id", "type", "v", "ts", "extra", "user", "text"])
            if rng.random() < 0.3:
                data.pop(key, None)
            else:
                data[key] = rng.choice(_JUNK_VALUES)
    data.setdefault("id", f"c{rng.randrange(1000)}")
    data.setdefault("v", 1)
    return json.dumps(data)


_UTTERANCES = ["u-1", "u-2", "u-3"]


def random_output(rng: random.Random) -> Any:
    uid = rng.choice(_UTTERANCES)
    kind = rng.randrange(6)
    if kind == 0:
        return SpeechAct(act="answer", text="hi", emotion=EMOTION, utterance_id=uid)  # type: ignore[arg-type]
    if kind == 1:
        return UtteranceStarted(utterance_id=uid, text="hi", duration_ms=100)
    if kind == 2:
        return Voice(
            utterance_id=uid, chunk=0, t_ms=0, sample_rate=16000, audio="A" * rng.randrange(10, 4000)
        )
    if kind == 3:
        return Animation(utterance_id=uid)
    if kind == 4:
        return UtteranceFinished(utterance_id=uid, spoken_text="hi")
    return Behavior(branch="b", reason="r" * rng.randrange(1, 2000))


class Harness:
    """Drives one hub with many sessions and checks what comes out of them."""

    def __init__(self, config: GatewayConfig, rng: random.Random) -> None:
        self.hub = Hub(config)
        self.rng = rng
        self.now = 0.0
        self.sessions: list[Session] = []
        self.codes: Counter[str] = Counter()
        self.last_seq: dict[str, int] = {}
        self.seen_starts: dict[Session, set[str]] = {}
        self.resumed: set[str] = set()  # streams resumed: their next seq is where the client asked
        self.fresh: set[Session] = set()  # sessions on a new, unfiltered stream: no orphan utterance output

    def check_actions(self, session: Session, actions: list[Any]) -> None:
        for action in actions:
            assert isinstance(action, Send | Close | Publish)
            if isinstance(action, Send):
                action.text.encode("utf-8")  # the wire needs valid UTF-8
                data = json.loads(action.text)
                assert data["type"] == "error" and data["code"] in ERROR_CODES
                self.codes[data["code"]] += 1
            elif isinstance(action, Publish):
                assert session.role in ("source", "operator")
                if self.rng.random() < 0.2:  # the agent's queue is full
                    self.check_actions(session, session.busy(action.event, self.now))

    def drain(self, session: Session) -> None:
        while (text := session.pop()) is not None:
            text.encode("utf-8")
            data = json.loads(text)
            parse_server_event(data)
            sid, seq = data["session_id"], data["seq"]
            if sid in self.resumed:  # a resumed stream restarts where the client asked
                self.resumed.discard(sid)
            else:
                assert seq == self.last_seq.get(sid, 0) + 1, "numbered output has no gaps"
            self.last_seq[sid] = seq
            if data["type"] == "error":
                assert data["code"] in ERROR_CODES
                self.codes[data["code"]] += 1
            uid = data.get("utterance_id")
            starts = self.seen_starts.setdefault(session, set())
            if data["type"] in ("speech_act", "utterance_started"):
                starts.add(uid)
            elif uid is not None and session in self.fresh:
                assert uid in starts, f"orphan {data['type']} of {uid}"

    def run(self, rng: random.Random, steps: int) -> None:
        for _ in range(steps):
            r = rng.random()
            self.now += rng.choice([0.0, 0.001, 0.01, 0.5, 3.0])
            if r < 0.12 or not self.sessions:
                session = Session(
                    self.hub, rng.choice(["127.0.0.1", "10.0.0.7"]), rng.random() < 0.5, self.now
                )
                self.sessions.append(session)
            session = rng.choice(self.sessions)
            if r < 0.7:
                before, waiting = set(self.hub.streams), session.state == "hello"
                actions = session.receive(random_frame(rng, list(self.hub.streams)), self.now)
                if waiting and session.stream is not None:
                    if session.stream.id in before:
                        self.resumed.add(session.stream.id)
                    elif session.stream.subscribe is None:
                        self.fresh.add(session)
                self.check_actions(session, actions)
            elif r < 0.85:
                for target, actions in self.hub.publish(random_output(rng), self.now):
                    self.check_actions(target, actions)
            elif r < 0.93:
                self.drain(session)
            elif r < 0.97:
                self.check_actions(session, session.hello_timeout())
            else:
                session.detach(self.now)
                self.sessions.remove(session)
        for session in self.sessions:
            self.drain(session)
            session.detach(self.now)  # the batch's connections go away; their streams stay resumable


def _sequences(seed: int, count: int) -> Harness:
    rng = random.Random(seed)
    harness = Harness(_config(), rng)
    for _ in range(count):
        harness.sessions = []  # a new batch of connections on the same hub (old streams stay resumable)
        harness.run(rng, rng.randrange(4, 14))
    return harness


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_fuzz_no_exception_escapes(seed: int) -> None:
    """100 hypothesis examples x 100 random frame sequences each = 10,000 sequences per run."""
    _sequences(seed, 100)


def test_fuzz_reaches_every_error_path() -> None:
    harness = _sequences(12345, 2000)
    session_codes = set(ERROR_CODES) - {"internal"}  # internal: a turn failed inside the agent
    assert session_codes <= set(harness.codes), f"never produced: {session_codes - set(harness.codes)}"


# --------------------------------------------------------------------------- each policy


def _open(hub: Hub, role: str = "renderer", loopback: bool = True, **hello: Any) -> tuple[Session, list[Any]]:
    session = Session(hub, "127.0.0.1" if loopback else "10.0.0.7", loopback, 0.0)
    actions = session.receive(json.dumps({"type": "hello", "role": role, "id": "h", **hello}), 0.0)
    return session, actions


def _texts(session: Session) -> list[dict[str, Any]]:
    out = []
    while (text := session.pop()) is not None:
        out.append(json.loads(text))
    return out


def _error_code(session: Session, raw: str | bytes) -> str:
    actions = session.receive(raw, 1.0)
    if actions:
        return str(json.loads(actions[0].text)["code"])
    return str(_texts(session)[-1]["code"])


def test_hostile_json_gets_an_error_not_a_traceback() -> None:
    hub = Hub(_config())
    session, _ = _open(hub)
    assert _error_code(session, "[" * 1000 + "]" * 1000) == "invalid_json"
    assert _error_code(session, '{"a":' * 100_000) == "invalid_json"
    assert _error_code(session, '{"type": "ping", "id": "\\ud800"}') == "invalid_text"
    assert _error_code(session, '{"type": "hello", "role": "\\udc00"}') == "invalid_text"
    assert not session.receive('{"type": "ping", "id": "\\ud83d\\ude00"}', 1.0)  # a pair is fine
    assert _texts(session)[-1]["type"] == "pong"
    assert session.state == "open"


def test_each_role_token_is_independent() -> None:
    hub = Hub(_config(tokens={"source": "s3cret"}))
    assert _open(hub, "source", loopback=False, token="s3cret")[0].state == "open"
    assert _open(hub, "renderer", loopback=True)[0].state == "open"  # no renderer token: loopback only
    remote, actions = _open(hub, "renderer", loopback=False)
    assert remote.state == "closed" and isinstance(actions[-1], Close) and actions[-1].code == 1008
    assert json.loads(actions[0].text)["code"] == "unauthorized"


def test_failed_hellos_are_throttled_per_address() -> None:
    hub = Hub(_config(failed_hello_burst=3.0, failed_hello_rate_per_s=0.2))
    for _ in range(3):
        assert (
            json.loads(_open(hub, "source", loopback=False, token="bad")[1][0].text)["code"] == "unauthorized"
        )
    _, actions = _open(hub, "source", loopback=False, token="s3cret")  # even the right token, for now
    assert json.loads(actions[0].text)["code"] == "rate_limited" and actions[-1].code == 1008
    assert not hub.hello_allowed("10.0.0.7", 0.0) and hub.hello_allowed("10.0.0.8", 0.0)
    assert hub.hello_allowed("10.0.0.7", 5.0)  # one more guess every 5 s


def test_resume_from_beyond_the_session_is_a_gap() -> None:
    hub = Hub(_config())
    first, _ = _open(hub)
    sid = _texts(first)[0]["session_id"]
    first.detach(1.0)
    back, _ = _open(hub, session_id=sid, resume_from=10**12)
    out = _texts(back)
    assert [m["type"] for m in out] == ["welcome", "error"] and out[1]["code"] == "resume_gap"
    assert out[0]["seq"] == 2  # the session goes on from where it was


def test_renderer_joins_at_an_utterance_boundary() -> None:
    hub = Hub(_config())
    hub.publish(SpeechAct(act="answer", text="a", emotion=EMOTION, utterance_id="u-1"), 0.0)  # type: ignore[arg-type]
    hub.publish(UtteranceStarted(utterance_id="u-1", text="a", duration_ms=10), 0.0)
    late, _ = _open(hub)
    for event in (
        Voice(utterance_id="u-1", chunk=1, t_ms=0, sample_rate=16000, audio="AAAA"),
        Animation(utterance_id="u-1"),
        UtteranceFinished(utterance_id="u-1", spoken_text="a"),
        UtteranceStarted(utterance_id="u-2", text="b", duration_ms=10),
        Voice(utterance_id="u-2", chunk=0, t_ms=0, sample_rate=16000, audio="AAAA"),
    ):
        hub.publish(event, 1.0)
    got = [(m["type"], m.get("utterance_id")) for m in _texts(late)]
    assert got == [("welcome", None), ("utterance_started", "u-2"), ("voice", "u-2")]


def test_output_is_held_once_and_bounded_in_bytes() -> None:
    hub = Hub(_config(replay_bytes=100_000, replay_buffer=10_000, send_queue=10_000, send_queue_bytes=10**7))
    renderers = [_open(hub)[0] for _ in range(50)]
    for _ in range(200):
        hub.publish(Error(code="internal", message="A" * 5000), 0.0)
    assert hub.log.bytes <= 100_000
    bodies = {id(entry.body) for r in renderers for entry, shared in r.queue if shared}
    assert len(bodies) == 200, "one body per event, shared by every renderer's queue"
    # a renderer that never reads is disconnected by bytes (1013), droppable behavior shed first
    small = Hub(_config(send_queue=10_000, send_queue_bytes=50_000))
    slow, _ = _open(small)
    closes = []
    for _ in range(100):
        small.publish(Behavior(branch="b", reason="B" * 1000), 0.0)  # droppable: shed, no close
        for _, actions in small.publish(Error(code="internal", message="A" * 1000), 0.0):
            closes += actions
    assert [c.code for c in closes] == [1013] and slow.state == "closed"
    assert small.stats.dropped_events["behavior"] > 0 and small.stats.slow_disconnects == 1


def test_a_reader_that_falls_behind_in_time_gets_1013_before_the_keepalive() -> None:
    hub = Hub(_config(send_lag_s=15.0, send_queue=512))
    slow, _ = _open(hub)
    fast, _ = _open(hub)
    closes: list[Any] = []
    for second in range(30):  # small events, one a second: never near the byte or count bound
        for target, actions in hub.publish(
            UtteranceStarted(utterance_id=f"u{second}", text="x", duration_ms=1), second
        ):
            closes += [(target, a) for a in actions]
        _texts(fast)
    assert [(t, a.code) for t, a in closes] == [(slow, 1013)] and "15 s" in closes[0][1].reason
    assert fast.state == "open" and hub.stats.slow_disconnects == 1


def test_an_attachment_that_is_not_an_image_gets_an_error_and_the_text_goes_on() -> None:
    hub = Hub(_config())
    source, _ = _open(hub, "source", token="s3cret")
    _texts(source)
    not_image = base64.b64encode(b"%PDF-1.7 not a picture").decode()
    for data_b64, code in (
        (not_image, "image_unreadable"),
        ("@@@", "image_unreadable"),
        (BOMB_B64, "image_too_large"),
    ):
        frame = {
            "type": "message",
            "id": "m1",
            "user": _USER,
            "text": "is this in your shop?",
            "attachments": [
                {"kind": "image", "mime": "image/png", "data_b64": data_b64},
                {"kind": "image", "mime": "image/jpeg", "url": "https://example.org/a.jpg"},
            ],
        }
        actions = source.receive(json.dumps(frame), 1.0)
        assert len(actions) == 1 and isinstance(actions[0], Publish)
        published = actions[0].event
        assert published.text == "is this in your shop?" and published.id == "m1"  # type: ignore[union-attr]
        assert [a.url for a in published.attachments] == ["https://example.org/a.jpg"]  # type: ignore[union-attr]
        error = _texts(source)[-1]
        assert (error["type"], error["code"], error["ref"]) == ("error", code, "m1")


def test_pings_on_an_idle_stream_keep_its_replay_window_bounded() -> None:
    hub = Hub(_config(replay_buffer=64, burst=10**6, rate_per_s=10**6))
    session, _ = _open(hub)
    for i in range(5000):  # no shared output at all: only the session's own pongs
        session.receive(json.dumps({"type": "ping", "id": f"p{i}"}), 1.0)
        _texts(session)
    stream = session.stream
    assert stream is not None and stream.seq == 5001
    assert len(stream.refs) - stream.head <= 64 and len(stream.private) <= 64
    session.detach(2.0)
    back, _ = _open(hub, session_id=stream.id, resume_from=5001 - 10)
    replayed = _texts(back)
    assert [m["seq"] for m in replayed[:10]] == list(range(4992, 5002)) and replayed[10]["type"] == "welcome"
