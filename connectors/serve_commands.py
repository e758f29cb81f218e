"""Built-in commands: `persona demo`, `persona serve`, `persona schema`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path


def register_schema(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of event protocol v1",
        description="Print the JSON Schema (draft 2020-12) of every client and server event.",
    )
    p.set_defaults(func=_schema)


def _schema(_: argparse.Namespace) -> int:
    from agent.events import schema_json

    print(schema_json())
    return 0


def _add_app_options(p: argparse.ArgumentParser, default_port: int) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument(
        "--port", type=int, default=default_port, help=f"port (default {default_port}; 0 = any free)"
    )
    p.add_argument(
        "--persona", type=Path, metavar="FILE", help="persona profile (YAML); default: the shipped host"
    )
    p.add_argument(
        "--voice", help="voice backend: espeak (light), piper (neural) or openai; default: the persona's"
    )
    p.add_argument(
        "--backend",
        default="embedded",
        help="dialogue backend: embedded (default, offline), openai (OPENAI_BASE_URL/OPENAI_API_KEY/"
        "PERSONA_LLM_MODEL: OpenAI, vLLM, llama.cpp, Ollama) or langchain",
    )
    p.add_argument(
        "--policy",
        default="default",
        help="behavior policy: default (the better of tuned/baseline on validation), tuned, baseline, "
        "handwritten, or a file",
    )
    p.add_argument(
        "--kb", default="sample", help="knowledge base directory (default: the shipped sample base)"
    )
    p.add_argument(
        "--memory", type=Path, metavar="FILE", help="SQLite file for viewer memory (default: in memory)"
    )
    p.add_argument("--basic", action="store_true", help="model-free stages (keyword perception, templates)")


def _options(args: argparse.Namespace) -> object:
    from connectors.app import AppOptions

    return AppOptions(
        persona=args.persona,
        voice=args.voice,
        backend=args.backend,
        policy=args.policy,
        kb=args.kb,
        memory_path=args.memory,
        stages="basic" if args.basic else "full",
    )


def register_demo(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "demo",
        help="run the persona on a bundled comment stream with a live transcript",
        description="Start the gateway (web stage at http://HOST:PORT/, protocol at ws://HOST:PORT/ws), "
        "replay a bundled sample comment stream through the agent, and print a live transcript. "
        "Runs until Ctrl-C or --duration.",
    )
    _add_app_options(p, 8765)
    p.add_argument("--duration", type=float, metavar="S", help="stop by itself after S seconds")
    p.set_defaults(func=_demo)


def _demo(args: argparse.Namespace) -> int:
    from connectors.demo import run_demo

    try:
        asyncio.run(run_demo(args.host, args.port, args.duration, _options(args)))  # type: ignore[arg-type]
    except KeyboardInterrupt:
        print("\nstopped")
    return 0


def register_serve(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "serve",
        help="serve the persona for real clients (websocket gateway + web stage)",
        description="Run the gateway and the agent. Tokens per role come from PERSONA_TOKEN_RENDERER, "
        "PERSONA_TOKEN_SOURCE and PERSONA_TOKEN_OPERATOR; a role with no token is accepted from loopback "
        "clients only (with none set, only loopback clients are accepted at all).",
    )
    _add_app_options(p, 8765)
    p.add_argument(
        "--api-port",
        type=int,
        metavar="PORT",
        help="also serve the HTTP API (POST /v1/webhook, /v1/ask, /v1/brief) on this port; "
        "PERSONA_WEBHOOK_SECRET signs the webhook, PERSONA_API_TOKEN guards ask/brief (without it they "
        "answer loopback clients only)",
    )
    p.set_defaults(func=_serve)


def _serve(args: argparse.Namespace) -> int:
    from connectors.app import running_app

    async def main() -> None:
        async with running_app(args.host, args.port, _options(args)) as app:  # type: ignore[arg-type]
            print(f"persona serving: stage {app.http_url}  protocol {app.ws_url}", flush=True)
            runner = None
            if args.api_port is not None and app.front is not None:
                import os

                from connectors.http_api import create_app, serve_http

                api = create_app(
                    chatbot=app.front.chatbot,
                    reporter=app.front.reporter,
                    webhook_secret=os.environ.get("PERSONA_WEBHOOK_SECRET"),
                    api_token=os.environ.get("PERSONA_API_TOKEN"),
                )
                runner = await serve_http(api, args.host, args.api_port)
                print(f"HTTP API: http://{args.host}:{args.api_port}/v1/ask", flush=True)
            try:
                await asyncio.Event().wait()
            finally:
                if runner is not None:
                    await runner.cleanup()

    from agent.errors import PersonaError
    from knowledge import KnowledgeError

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        print("\nstopped")
    except (KnowledgeError, PersonaError) as exc:  # a missing or damaged base, a bad persona file
        print(f"persona serve: {exc}", file=sys.stderr)
        return 2
    return 0
