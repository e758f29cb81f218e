"""The HTTP JSON API of the chat bot and the reporter (aiohttp: the websockets library cannot serve POST).

    POST /v1/webhook   a chat message in, the bot's reply out. Signed: header ``X-Persona-Signature:
                       sha256=<hex HMAC-SHA256 of the raw body with the shared secret>``. A missing or bad
                       signature gets 401 and changes nothing (no conversation touched, no rate token taken).
                       Body: a protocol-v1 ``message`` event, or ``{"user": {"id", "name"}, "text",
                       "attachments"?, "channel"?}``. 429 when the user is rate limited.
    POST /v1/ask       {"question"} -> {"answer", "citations", "confidence", "abstained"}
    POST /v1/brief     {"topic"} -> {"topic", "bullets": [{"text", "citation"}], "abstained", "text"}
    GET  /v1/health    {"ok": true}

Every error is JSON ``{"error": {"code", "message"}}`` with a stable code: invalid_json, invalid_request,
bad_signature, unauthorized, too_large, rate_limited, not_found, method_not_allowed, unavailable, internal.
``/v1/ask`` and ``/v1/brief`` require ``Authorization: Bearer <token>`` when an ``api_token`` is set.
Knowledge calls block (embedding, search), so they run in worker threads, at most ``max_concurrency`` at once.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from agent.events import Message
from connectors.chatbot import ChatBot
from connectors.reporter import Reporter

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Persona-Signature"
MAX_BODY = 2 * 2**20  # images travel base64 in the webhook body

_CHATBOT: web.AppKey[ChatBot | None] = web.AppKey("chatbot", ChatBot)  # type: ignore[arg-type]
_REPORTER: web.AppKey[Reporter | None] = web.AppKey("reporter", Reporter)  # type: ignore[arg-type]
_SECRET: web.AppKey[bytes | None] = web.AppKey("secret", bytes)  # type: ignore[arg-type]
_TOKEN: web.AppKey[str | None] = web.AppKey("token", str)  # type: ignore[arg-type]
_CLOCK: web.AppKey[Callable[[], float]] = web.AppKey("clock")
_LIMIT: web.AppKey[asyncio.Semaphore] = web.AppKey("limit", asyncio.Semaphore)


def sign(secret: bytes, body: bytes) -> str:
    """The signature header value for ``body``: ``sha256=<hex>``."""
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def _error(status: int, code: str, message: str, **extra: Any) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message, **extra}}, status=status)


class _Reject(Exception):
    def __init__(self, response: web.Response) -> None:
        self.response = response


async def _json_body(request: web.Request) -> dict[str, Any]:
    raw = await request.read()
    return _parse(raw)


def _parse(raw: bytes) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _Reject(_error(400, "invalid_json", f"the body is not JSON: {exc}")) from exc
    if not isinstance(data, dict):
        raise _Reject(_error(400, "invalid_json", "the body must be a JSON object"))
    return data


def _text_field(data: dict[str, Any], name: str, limit: int = 2000) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value.strip():
        raise _Reject(_error(422, "invalid_request", f"'{name}' must be a non-empty string", field=name))
    if len(value) > limit:
        raise _Reject(
            _error(422, "invalid_request", f"'{name}' is longer than {limit} characters", field=name)
        )
    return value


def _check_token(request: web.Request) -> None:
    token = request.app[_TOKEN]
    if token is None:
        return
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        raise _Reject(_error(401, "unauthorized", "missing or wrong bearer token"))


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
    if not hmac.compare_digest(given.encode(), sign(secret, raw).encode()):
        return _error(
            401, "bad_signature", f"missing or bad {SIGNATURE_HEADER} (sha256=HMAC-SHA256 of the body)"
        )
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
    except _Reject as rej:
        return rej.response
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
) -> web.Application:
    """The aiohttp application. Mount it, or run it with ``web.run_app`` / ``serve_http``."""
    app = web.Application(middlewares=[_errors], client_max_size=max_body)
    app[_CHATBOT] = chatbot
    app[_REPORTER] = reporter
    app[_SECRET] = webhook_secret.encode() if isinstance(webhook_secret, str) else webhook_secret
    app[_TOKEN] = api_token
    app[_CLOCK] = clock
    app[_LIMIT] = asyncio.Semaphore(max_concurrency)
    app.router.add_post("/v1/webhook", webhook)
    app.router.add_post("/v1/ask", ask)
    app.router.add_post("/v1/brief", brief)
    app.router.add_get("/v1/health", health)
    return app


async def serve_http(app: web.Application, host: str = "127.0.0.1", port: int = 8080) -> web.AppRunner:
    """Start serving ``app``; returns the runner (``await runner.cleanup()`` stops it). ``port=0`` picks a
    free port: read it from ``runner.addresses``."""
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
