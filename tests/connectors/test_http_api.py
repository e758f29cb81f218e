"""The HTTP API on a real aiohttp server (127.0.0.1, port 0) with a real client: the webhook's HMAC check
(a bad signature gets 401 and changes nothing), /v1/ask, /v1/brief, and JSON errors for bad input."""

from __future__ import annotations

import json
import re
import time
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from connectors.chatbot import ChatBot, ChatBotConfig
from connectors.http_api import (
    NONCE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    create_app,
    serve_http,
    sign,
    signed_headers,
)
from connectors.reporter import Reporter
from tests.connectors.kb_doubles import Answer, Citation, Hit, answer, hit

SECRET = b"webhook-secret"
TOKEN = "reporter-token"


SENTENCES = [
    ("results.md", "Beat Feuz of Switzerland won the men's downhill at Yanqing."),
    ("results.md", "Matthias Mayer won the men's super-G at Yanqing."),
    ("merch.md", "The Panda Beanie costs 25 dollars."),
]
_STOP = {"the", "of", "a", "is", "at", "who", "what", "how", "much", "won"}


def _words(t: str) -> set[str]:
    return {w.lower() for w in re.findall(r"\w+", t)} - _STOP


class SmallKB:
    """A word-overlap stand-in for the knowledge seam (see connectors/reporter.py's Protocol)."""

    def search(self, text: str, k: int = 5) -> list[Hit]:
        q = _words(text)
        hits = [hit(s, src, "", float(len(q & _words(s)))) for src, s in SENTENCES]
        return sorted((h for h in hits if h.score > 0), key=lambda h: -h.score)[:k]

    def search_image(self, image: bytes, k: int = 5) -> list[Hit]:
        return []

    def answer(self, question: str, image: bytes | None = None) -> Answer:
        hits = self.search(question, 1)
        if not hits or hits[0].score < 2:
            return answer("I don't know.", True, 0.1)
        return answer(hits[0].text, False, 0.8, [Citation(hits[0].source, "", hits[0].text)])


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, ChatBot]]:
    bot = ChatBot(SmallKB(), ChatBotConfig(rate_per_min=6, burst=2), ocr=None)
    app = create_app(
        chatbot=bot, reporter=Reporter(SmallKB()), webhook_secret=SECRET, api_token=TOKEN, max_body=4096
    )
    runner = await serve_http(app, "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}", bot
    finally:
        await runner.cleanup()


async def _post(url: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as s, s.post(url, data=body, headers=headers or {}) as r:
        return r.status, await r.json()


def _signed(payload: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(payload).encode()
    return body, signed_headers(SECRET, body) | {"Content-Type": "application/json"}


async def test_webhook_signed_message_gets_a_cited_reply(server: tuple[str, ChatBot]) -> None:
    base, bot = server
    body, headers = _signed({"user": {"id": "u1", "name": "Ana"}, "text": "Who won the men's downhill?"})
    status, data = await _post(f"{base}/v1/webhook", body, headers)
    assert status == 200 and data["type"] == "reply" and "Feuz" in data["text"]
    assert data["citations"][0]["source"] == "results.md" and data["abstained"] is False
    assert bot.conversation("u1") is not None


async def test_webhook_bad_signature_is_401_and_changes_nothing(server: tuple[str, ChatBot]) -> None:
    base, bot = server
    body, headers = _signed({"user": {"id": "victim", "name": "V"}, "text": "hello"})
    tampered = body.replace(b"hello", b"hellO")
    stamp, nonce = headers[TIMESTAMP_HEADER], headers[NONCE_HEADER]
    for h in (
        headers | {SIGNATURE_HEADER: sign(b"wrong-secret", body, stamp, nonce)},
        {"Content-Type": "application/json"},
        headers | {SIGNATURE_HEADER: "sha256=" + "0" * 64},
        headers | {NONCE_HEADER: nonce + "x"},  # the nonce is signed
        headers | {TIMESTAMP_HEADER: str(int(stamp) + 1)},  # and so is the timestamp
    ):
        status, data = await _post(f"{base}/v1/webhook", body, h)
        assert status == 401 and data["error"]["code"] == "bad_signature"
    status, _ = await _post(f"{base}/v1/webhook", tampered, headers)
    assert status == 401
    assert bot.conversation("victim") is None  # no conversation, no rate token taken
    for _ in range(2):  # the full burst is still there
        status, _ = await _post(f"{base}/v1/webhook", body, signed_headers(SECRET, body))
        assert status == 200
    status, data = await _post(f"{base}/v1/webhook", body, signed_headers(SECRET, body))
    assert status == 429 and data["error"]["code"] == "rate_limited"


async def test_webhook_replay_is_refused(server: tuple[str, ChatBot]) -> None:
    base, bot = server
    body, headers = _signed({"user": {"id": "u7", "name": "R"}, "text": "Who won the men's downhill?"})
    status, _ = await _post(f"{base}/v1/webhook", body, headers)
    assert status == 200
    for _ in range(3):  # the same signed request again: refused, and nothing changes
        status, data = await _post(f"{base}/v1/webhook", body, headers)
        assert status == 401 and data["error"]["code"] == "replayed"
    old = signed_headers(SECRET, body, now=time.time() - 3600)  # validly signed, an hour old
    status, data = await _post(f"{base}/v1/webhook", body, old)
    assert status == 401 and data["error"]["code"] == "replayed" and "300 s" in data["error"]["message"]
    assert len(bot.conversation("u7").turns) == 2  # type: ignore[union-attr]


async def test_webhook_bad_input_is_a_json_error(server: tuple[str, ChatBot]) -> None:
    base, _ = server
    for body, code, status_wanted in (
        (b"{not json", "invalid_json", 400),
        (b"[1, 2]", "invalid_json", 400),
        (b"[" * 1000 + b"]" * 1000, "invalid_json", 400),  # depth checked before json.loads
        (b'{"user": {"id": "u", "name": "\\ud800"}, "text": "x"}', "invalid_text", 400),
        (b'{"text": "\xff\xfe"}', "invalid_json", 400),  # not UTF-8
        (json.dumps({"text": "no user"}).encode(), "invalid_request", 422),
    ):
        status, data = await _post(f"{base}/v1/webhook", body, signed_headers(SECRET, body))
        assert (status, data["error"]["code"]) == (status_wanted, code)
    status, data = await _post(f"{base}/v1/webhook", b"x" * 5000, signed_headers(SECRET, b"x" * 5000))
    assert status == 413 and data["error"]["code"] == "too_large"


async def test_ask_and_brief(server: tuple[str, ChatBot]) -> None:
    base, _ = server
    auth = {"Authorization": f"Bearer {TOKEN}"}
    status, data = await _post(
        f"{base}/v1/ask", json.dumps({"question": "Who won the men's downhill?"}).encode(), auth
    )
    assert status == 200 and set(data) == {"answer", "citations", "confidence", "abstained"}
    assert "Feuz" in data["answer"] and data["citations"][0]["quote"] and data["abstained"] is False
    status, data = await _post(f"{base}/v1/ask", json.dumps({"question": "capital of Mars?"}).encode(), auth)
    assert status == 200 and data["abstained"] is True and data["citations"] == []
    status, data = await _post(
        f"{base}/v1/brief", json.dumps({"topic": "men's events at Yanqing"}).encode(), auth
    )
    assert status == 200 and len(data["bullets"]) == 2
    assert all(
        b["citation"]["source"] == "results.md" and b["citation"]["quote"] == b["text"]
        for b in data["bullets"]
    )


async def test_reporter_errors(server: tuple[str, ChatBot]) -> None:
    base, _ = server
    auth = {"Authorization": f"Bearer {TOKEN}"}
    status, data = await _post(f"{base}/v1/ask", json.dumps({"question": "who?"}).encode())
    assert status == 401 and data["error"]["code"] == "unauthorized"
    status, data = await _post(f"{base}/v1/ask", b"nope", auth)
    assert status == 400 and data["error"]["code"] == "invalid_json"
    status, data = await _post(f"{base}/v1/ask", json.dumps({"question": ""}).encode(), auth)
    assert status == 422 and data["error"]["field"] == "question"
    status, data = await _post(
        f"{base}/v1/brief", json.dumps({"topic": "x", "max_bullets": 0}).encode(), auth
    )
    assert status == 422 and data["error"]["field"] == "max_bullets"
    status, data = await _post(f"{base}/v1/nowhere", b"{}", auth)
    assert status == 404 and data["error"]["code"] == "not_found"
    async with aiohttp.ClientSession() as s, s.get(f"{base}/v1/ask") as r:
        assert r.status == 405 and (await r.json())["error"]["code"] == "method_not_allowed"
    async with aiohttp.ClientSession() as s, s.get(f"{base}/v1/health") as r:
        assert r.status == 200 and (await r.json()) == {"ok": True}


async def test_unconfigured_services_answer_503() -> None:
    runner = await serve_http(create_app(), "127.0.0.1", 0)
    host, port = runner.addresses[0][:2]
    try:
        status, data = await _post(f"http://{host}:{port}/v1/webhook", b"{}")
        assert status == 503 and data["error"]["code"] == "unavailable"
        status, data = await _post(f"http://{host}:{port}/v1/ask", b"{}")
        assert status == 503
    finally:
        await runner.cleanup()


def _non_loopback_address() -> str | None:
    """This machine's address on a non-loopback interface (no packet is sent), or None."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 9))
            address = str(s.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") else address


async def test_without_a_token_ask_and_brief_serve_loopback_only() -> None:
    address = _non_loopback_address()
    if address is None:
        pytest.skip("no non-loopback interface on this machine to connect from")
    runner = await serve_http(create_app(reporter=Reporter(SmallKB())), "0.0.0.0", 0)
    port = runner.addresses[0][1]
    question = json.dumps({"question": "Who won the men's downhill?"}).encode()
    try:
        status, data = await _post(f"http://{address}:{port}/v1/ask", question)
        assert (
            status == 403
            and data["error"]["code"] == "forbidden"
            and "PERSONA_API_TOKEN" in data["error"]["message"]
        )
        status, data = await _post(
            f"http://{address}:{port}/v1/brief", json.dumps({"topic": "downhill"}).encode()
        )
        assert status == 403
        status, data = await _post(f"http://127.0.0.1:{port}/v1/ask", question)
        assert status == 200 and "Feuz" in data["answer"]
    finally:
        await runner.cleanup()
