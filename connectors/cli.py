"""The `persona` command.

Subcommands come from two places: the built-in ones defined here (``demo``, ``serve``, ``schema``) and the
entry-point group ``persona.commands`` (pyproject.toml), which is how higher floors (``persona eval`` from
``evals/``) and users add commands without this module importing upward. Each entry point is a function
``register(subparsers)`` that adds one sub-parser and sets ``func=handler`` on it, where ``handler(args)``
returns the exit code. Registration must be cheap: heavy imports belong inside the handler.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import entry_points

from connectors import serve_commands

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

Register = Callable[[argparse._SubParsersAction], None]  # type: ignore[type-arg]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="persona",
        description="An interactive persona: a virtual host that answers viewers, reporters and chat users "
        "in character, and streams speech-act, voice and animation events over websockets.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    parser.set_defaults(func=None)  # no command: print the help
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    serve_commands.register_demo(sub)
    serve_commands.register_serve(sub)
    serve_commands.register_schema(sub)
    for ep in sorted(entry_points(group="persona.commands"), key=lambda e: e.name):
        try:
            register: Register = ep.load()
        except ImportError as exc:  # a plug-in that cannot load must not take the whole CLI down
            _add_broken(sub, ep.name, exc)
            continue
        register(sub)
    return parser


def _add_broken(sub: argparse._SubParsersAction, name: str, exc: Exception) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(name, help=f"(unavailable: {exc})")

    def fail(_: argparse.Namespace) -> int:
        print(f"persona {name}: this command could not be loaded: {exc}", file=sys.stderr)
        return 2

    p.set_defaults(func=fail)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    func = args.func
    if func is None:
        parser.print_help()
        return 0
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
