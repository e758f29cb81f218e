"""The HTTP JSON API of the chat bot and the reporter (aiohttp: the websockets library cannot serve POST).

    POST /v1/webhook   a chat message in, the bot's reply out. Signed, with replay protection: headers
                       ``X-Persona-Timestamp`` (unix seconds), ``X-Persona-Nonce`` (8-128 characters of
                       [A-Za-z0-9_-], new for every request) and ``X-Persona-Signature: sha256=<hex
                       HMAC-SHA256 of "TIMESTAMP.NONCE." + the raw body, with the shared secret>``
                       (``signed_headers`` makes them). A missing or bad signature, a timestamp more than
                       ``replay_window_s`` (300 s) away, or a nonce seen in that window gets 401 and changes
                       nothing (no conversation touched, no rate token taken).
                       Body: a protocol-v1 ``message`` event, or ``{"user": {"id", "name"}, "text",
                       "attachments"?, "channel"?}``. 429 when the user is rate limited.
    POST /v1/ask       {"question"} -> {"answer", "citations", "confidence", "abstained"}
    POST /v1/brief     {"topic"} -> {"topic", "bullets": [{"text", "citation"}], "abstained", "text"}
    GET  /v1/health    {"ok": true}

Every error is JSON ``{"error": {"code", "message"}}`` with a stable code: invalid_json, invalid_text,
invalid_request, bad_signature, replayed, unauthorized, forbidden, too_large, rate_limited, not_found,
method_not_allowed, unavailable, internal. A body that is not JSON, nests deeper than 32 levels or holds a
lone surrogate escape is a 400 (the gateway's checks, ``connectors.session.load_json``).
``/v1/ask`` and ``/v1/brief`` require ``Authorization: Bearer <token>`` when an ``api_token`` is set; with
none set they answer loopback clients only (403 ``forbidden`` to others), the gateway's rule.
Knowledge calls block (embedding, search), so they run in worker threads, at most ``max_concurrency`` at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import logging
import re
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from agent.events import Message
from connectors.chatbot import ChatBot
from connectors.errors import Refused
from connectors.frames import load_json
from connectors.reporter import Reporter

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Persona-Signature"
TIMESTAMP_HEADER = "X-Persona-Timestamp"
NONCE_HEADER = "X-Persona-Nonce"
REPLAY_WINDOW_S = 300.0
_NONCE = re.compile(r"[A-Za-z0-9_-]{8,128}")
MAX_BODY = 2 * 2**20  # images travel base64 in the webhook body

_CHATBOT: web.AppKey[ChatBot | None] = web.AppKey("chatbot", ChatBot)  # type: ignore[arg-type]
_REPORTER: web.AppKey[Reporter | None] = web.AppKey("reporter", Reporter)  # type: ignore[arg-type]
_SECRET: web.AppKey[bytes | None] = web.AppKey("secret", bytes)  # type: ignore[arg-type]
_TOKEN: web.AppKey[str | None] = web.AppKey("token", str)  # type: ignore[arg-type]
_CLOCK: web.AppKey[Callable[[], float]] = web.AppKey("clock")
_LIMIT: web.AppKey[asyncio.Semaphore] = web.AppKey("limit", asyncio.Semaphore)
_NONCES: web.AppKey[NonceWindow] = web.AppKey("nonces")


def sign(secret: bytes, body: bytes, timestamp: str, nonce: str) -> str:
    """The signature header value: ``sha256=<hex HMAC-SHA256 of "TIMESTAMP.NONCE." + body>``."""
    message = f"{timestamp}.{nonce}.".encode() + body
    return "sha256=" + hmac.new(secret, message, hashlib.sha256).hexdigest()


def signed_headers(
    secret: bytes, body: bytes, now: float | None = None, nonce: str | None = None
) -> dict[str, str]:
    """The three webhook headers for ``body``, with a fresh nonce unless one is given."""
    timestamp = str(int(time.time() if now is None else now))
    nonce = nonce or uuid.uuid4().hex
    return {
        TIMESTAMP_HEADER: timestamp,
        NONCE_HEADER: nonce,
        SIGNATURE_HEADER: sign(secret, body, timestamp, nonce),
    }


class NonceWindow:
    """Nonces seen in the last ``window_s`` seconds (at most ``limit``; when full, new requests are refused
    rather than old nonces forgotten early). Pure: ``now`` is passed in."""

    def __init__(self, window_s: float = REPLAY_WINDOW_S, limit: int = 100_000) -> None:
        self.window_s, self.limit = window_s, limit
        self.seen: OrderedDict[str, float] = OrderedDict()

    def check(self, headers: Any, now: float) -> str | None:
        """Why these signed headers are not fresh, or None (and the nonce is remembered)."""
        while self.seen and now - next(iter(self.seen.values())) > self.window_s:
            self.seen.popitem(last=False)
        try:
            stamp = float(headers.get(TIMESTAMP_HEADER, ""))
        except ValueError:
            return f"missing or bad {TIMESTAMP_HEADER} (unix seconds)"
        if not abs(now - stamp) <= self.window_s:
            return f"{TIMESTAMP_HEADER} is more than {self.window_s:.0f} s away from the server's clock"
        nonce = headers.get(NONCE_HEADER, "")
        if nonce in self.seen:
            return f"{NONCE_HEADER} already used: a replayed request"
        if len(self.seen) >= self.limit:
            return "too many signed requests in the replay window; try later"
        self.seen[nonce] = now
        return None


def _error(status: int, code: str, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message, **extra}}, status=status)


async def _json_body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    return _parse(raw)


def _parse(raw: bytes) -> dict[str, Any]:
    """A JSON object, or a 400 ``Refused`` (not JSON, too deep, a lone surrogate, not an object)."""
    data = load_json(raw)
    if not isinstance(data, dict):
        raise Refused("invalid_json", "the body must be a JSON object")
    return data


def _text_field(data: dict[str, Any], name: str, limit: int = 2000) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise Refused("invalid_request", f"'{name}' must be a non-empty string", status=422, field=name)
    if len(value) > limit:
        raise Refused(
            "invalid_request", f"'{name}' is longer than {limit} characters", status=422, field=name
        )
    return value


def _check_token(request: web.Request) -> None:
    """The bearer token when one is set; with none, loopback clients only (the gateway's rule)."""
    token = request.app[_TOKEN]
    if token is None:
        if not _is_loopback(request.remote):
            raise Refused(
                "forbidden",
                "no API token is set (PERSONA_API_TOKEN): only loopback clients are served",
                status=403,
            )
        return
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise Refused("unauthorized", "missing or wrong bearer token", status=401)


def _is_loopback(host: str | None) -> bool:
    try:
        return host is not None and ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


async def _blocking(request: web.Request, fn: Callable[..., Any], *args: Any) -> Any:
    async with request.app[_LIMIT]:
        return await asyncio.to_thread(fn, *args)


# --------------------------------------------------------------------------- handlers


async def webhook(request: web.Request) -> web.Response:
    bot = request.app[_CHATBOT]
    secret = request.app[_SECRET]
    if bot is None or secret is None:
        return _error(503, "unavailable", "the chat bot webhook is not configured")
    raw = await request.read()
    given = request.headers.get(SIGNATURE_HEADER, "")
    timestamp, nonce = request.headers.get(TIMESTAMP_HEADER, ""), request.headers.get(NONCE_HEADER, "")
    if not _NONCE.fullmatch(nonce) or not hmac.compare_digest(
        given.encode(), sign(secret, raw, timestamp, nonce).encode()
    ):
        return _error(
            401,
            "bad_signature",
            f"missing or bad {SIGNATURE_HEADER} (sha256=HMAC-SHA256 of TIMESTAMP.NONCE.body, with "
            f"{TIMESTAMP_HEADER} and {NONCE_HEADER})",
        )
    stale = request.app[_NONCES].check(request.headers, request.app[_CLOCK]())
    if stale is not None:
        return _error(401, "replayed", stale)
    data = _parse(raw)
    payload = {k: v for k, v in data.items() if k in ("id", "ts", "channel", "user", "text", "attachments")}
    try:
        message = Message(**payload)
    except ValidationError as exc:
        details = [{"loc": ".".join(map(str, e["loc"])), "msg": e["msg"]} for e in exc.errors()]
        return _error(422, "invalid_request", "not a valid message", details=details)
    reply = await _blocking(request, bot.reply, message, request.app[_CLOCK]())
    if reply.rate_limited:
        return _error(429, "rate_limited", reply.text)
    return web.json_response(
        {
            "type": "reply",
            "in_reply_to": message.id,
            "user": message.user.model_dump(),
            "text": reply.text,
            "citations": [c.model_dump() for c in reply.citations],
            "abstained": reply.abstained,
            "confidence": round(reply.confidence, 4),
        }
    )


async def ask(request: web.Request) -> web.Response:
    reporter = request.app[_REPORTER]
    if reporter is None:
        return _error(503, "unavailable", "the reporter is not configured")
    _check_token(request)
    question = _text_field(await _json_body(request), "question")
    answer = await _blocking(request, reporter.ask, question)
    return web.json_response(answer.to_dict())


async def brief(request: web.Request) -> web.Response:
    reporter = request.app[_REPORTER]
    if reporter is None:
        return _error(503, "unavailable", "the reporter is not configured")
    _check_token(request)
    data = await _json_body(request)
    topic = _text_field(data, "topic", 500)
    max_bullets = data.get("max_bullets", 5)
    if not isinstance(max_bullets, int) or isinstance(max_bullets, bool) or not 1 <= max_bullets <= 20:
        return _error(
            422, "invalid_request", "'max_bullets' must be an integer from 1 to 20", field="max_bullets"
        )
    briefing = await _blocking(request, lambda: reporter.brief(topic, max_bullets=max_bullets))
    return web.json_response(briefing.to_dict())


async def health(_: web.Request) -> web.Response:
    return web.json_response({"ok": True})


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def _errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except Refused as exc:
        return _error(exc.status, exc.code, exc.message, **exc.extra)
    except web.HTTPRequestEntityTooLarge:
        return _error(413, "too_large", f"the body is larger than {request.app._client_max_size} bytes")
    except web.HTTPNotFound:
        return _error(404, "not_found", f"no route {request.path}")
    except web.HTTPMethodNotAllowed as exc:
        return _error(
            405, "method_not_allowed", f"{request.method} not allowed; use {', '.join(exc.allowed_methods)}"
        )
    except web.HTTPException as exc:
        return _error(exc.status, "http_error", exc.reason)
    except Exception:
        log.exception("unhandled error in %s %s", request.method, request.path)
        return _error(500, "internal", "internal error")


def create_app(
    *,
    chatbot: ChatBot | None = None,
    reporter: Reporter | None = None,
    webhook_secret: bytes | str | None = None,
    api_token: str | None = None,
    clock: Callable[[], float] = time.time,
    max_body: int = MAX_BODY,
    max_concurrency: int = 4,
    replay_window_s: float = REPLAY_WINDOW_S,
) -> web.Application:
    """The aiohttp application. Mount it, or run it with ``web.run_app`` / ``serve_http``."""
    app = web.Application(middlewares=[_errors], client_max_size=max_body)
    app[_CHATBOT] = chatbot
    app[_REPORTER] = reporter
    app[_SECRET] = webhook_secret.encode() if isinstance(webhook_secret, str) else webhook_secret
    app[_TOKEN] = api_token
    app[_CLOCK] = clock
    app[_LIMIT] = asyncio.Semaphore(max_concurrency)
    app[_NONCES] = NonceWindow(replay_window_s)
    app.router.add_post("/v1/webhook", webhook)
    app.router.add_post("/v1/ask", ask)
    app.router.add_post("/v1/brief", brief)
    app.router.add_get("/v1/health", health)
    return app


async def serve_http(app: web.Application, host: str = "127.0.0.1", port: int = 8080) -> web.AppRunner:
    """Start serving ``app``; returns the runner (``await runner.cleanup()`` stops it). ``port=0`` picks a
    free port: read it from ``runner.addresses``."""
    if app[_TOKEN] is None and app[_REPORTER] is not None and not _is_loopback(host):
        log.warning(
            "no API token set (PERSONA_API_TOKEN): /v1/ask and /v1/brief answer loopback clients only"
        )
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    return runner


def main(argv: list[str] | None = None) -> int:
    """``python -m connectors.http_api [--port P] [--kb DIR]``: the same as ``persona api``."""
    import argparse
    import sys

    from connectors.commands.livestream import register_api

    parser = argparse.ArgumentParser(prog="python -m connectors.http_api")
    sub = parser.add_subparsers(dest="command")
    register_api(sub)
    args = parser.parse_args(["api", *(argv if argv is not None else sys.argv[1:])])
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
