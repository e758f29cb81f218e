"""Built-in commands: `persona demo`, `persona serve`, `persona schema`."""

from __future__ import annotations

import argparse


def register_schema(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("schema", help="print the JSON Schema of event protocol v1")
    p.set_defaults(func=_schema)


def _schema(_: argparse.Namespace) -> int:
    from agent.events import schema_json

    print(schema_json())
    return 0


def register_demo(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub.add_parser("demo", help="(coming) run the demo")


def register_serve(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub.add_parser("serve", help="(coming) serve the gateway")
