"""The `persona ...` commands that README.md and docs/*.md show exist in the real CLI parser.

Nothing is run. Each command line of a fenced shell block (and each inline `persona ...` of README.md) is
split as the shell would; its subcommand, its flags, the values of flags with choices and the names given
to `persona eval` / `persona bench` are looked up in `connectors.cli.build_parser()` and the entry-point
registries. A line with no synopsis brackets, `|` or `...` is also parsed whole. A flag or subcommand that
a doc names and the CLI lacks (not there yet, or dropped since) fails here."""

from __future__ import annotations

import argparse
import re
import shlex
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from connectors.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
_SHELL = {"", "bash", "sh", "shell", "console"}
_INLINE = re.compile(r"`((?:\.venv/bin/)?persona [^`]+)`")
_COMMAND = re.compile(r"^\s*(?:\$\s+)?(?:[A-Z_]+=\S+\s+)*(?:\.venv/bin/)?persona(?:\s|$)")
_NAMED = {"eval": "persona.evals", "bench": "persona.benches"}


def fenced_commands(text: str) -> list[str]:
    """Lines of fenced shell blocks that run `persona` (after a `$ ` prompt, VAR=value, `.venv/bin/`)."""
    lines: list[str] = []
    for match in _FENCE.finditer(text):
        if match.group(1) not in _SHELL:
            continue
        lines.extend(line for line in match.group(2).splitlines() if _COMMAND.match(line))
    return lines


def inline_commands(text: str) -> list[str]:
    """Inline code spans that start with `persona ` (README's command table)."""
    return _INLINE.findall(text)


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    return {option: action for action in parser._actions for option in action.option_strings}


def problems(line: str, parser: argparse.ArgumentParser | None = None) -> list[str]:
    """What in one documented command line the CLI does not have (empty: all of it exists)."""
    parser = parser or build_parser()
    try:
        tokens = shlex.split(line, comments=True)
    except ValueError as exc:
        return [f"cannot split: {exc}"]
    while tokens and not tokens[0].endswith("persona"):
        tokens.pop(0)  # "$", VAR=value
    tokens = [t for t in tokens[1:] if t != "&"]
    top = _options(parser)
    while tokens and tokens[0] in top:
        tokens.pop(0)
    if not tokens:
        return []
    commands = _subparsers(parser)
    name, rest = tokens[0], tokens[1:]
    if name not in commands:
        return [f"no subcommand {name!r}"]
    sub = commands[name]
    options = _options(sub)
    found: list[str] = []
    expect: argparse.Action | None = None  # the option whose value comes next
    positionals: list[str] = []
    argv = [name]  # what the whole parse reads: a placeholder (N, S) stands for a number where one is typed
    for raw in rest:
        token = raw.strip("[]")
        typed = expect is not None and expect.type in (int, float) and re.fullmatch(r"[A-Z][A-Z_]*", token)
        argv.append("1" if typed else raw)
        if token in ("", "|"):
            continue
        if token.startswith("-") and len(token) > 1 and not token[1].isdigit():
            flag = token.split("=", 1)[0]
            action = options.get(flag)
            if action is None:
                found.append(f"persona {name} has no option {flag}")
            expect = action if action is not None and action.nargs != 0 and "=" not in token else None
            continue
        if expect is not None:
            if expect.choices is not None:
                choices = list(expect.choices)
                for value in token.split("|"):
                    if value not in choices:
                        found.append(f"persona {name} {expect.option_strings[-1]}: {value!r} is not a choice")
            expect = None
            continue
        positionals.append(token)
    group = _NAMED.get(name)
    if group and positionals and re.fullmatch(r"[a-z][a-z-]*", positionals[0]):
        registered = {ep.name for ep in entry_points(group=group)} | {"all"}
        if positionals[0] not in registered:
            found.append(f"persona {name}: no {positionals[0]!r} among {sorted(registered)}")
    if not found and not re.search(r"[\[\]|]|\.\.\.", line.split("#", 1)[0]):
        try:
            parser.parse_args(argv)
        except SystemExit:
            found.append(f"the parser refuses: persona {' '.join(argv)}")
    return found


def _documented() -> list[tuple[str, str]]:
    found = [("README.md", line) for line in fenced_commands(README.read_text(encoding="utf-8"))]
    found += [("README.md", line) for line in inline_commands(README.read_text(encoding="utf-8"))]
    for doc in DOCS:
        found += [(f"docs/{doc.name}", line) for line in fenced_commands(doc.read_text(encoding="utf-8"))]
    return found


def test_readme_shows_commands() -> None:
    assert len(fenced_commands(README.read_text(encoding="utf-8"))) >= 5
    assert len(inline_commands(README.read_text(encoding="utf-8"))) >= 10


@pytest.mark.parametrize(("where", "line"), _documented())
def test_documented_command_exists(where: str, line: str) -> None:
    assert problems(line) == [], f"{where}: {line}"


def test_every_subcommand_is_in_the_readme() -> None:
    named = {line.split()[1] for line in inline_commands(README.read_text(encoding="utf-8"))}
    named |= {
        shlex.split(line, comments=True)[1]
        for line in fenced_commands(README.read_text(encoding="utf-8"))
        if len(shlex.split(line, comments=True)) > 1
    }
    assert set(_subparsers(build_parser())) - named == set()


@pytest.mark.parametrize(("command", "group"), sorted(_NAMED.items()))
def test_eval_and_bench_help_name_every_registered_one(command: str, group: str) -> None:
    parser = build_parser()
    (choice,) = (
        c
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for c in action._choices_actions
        if c.dest == command
    )
    listed = set(re.findall(r"[a-z][a-z-]+", choice.help or ""))
    assert {ep.name for ep in entry_points(group=group)} - listed == set()


def test_a_readme_naming_a_missing_flag_or_command_fails() -> None:
    """The check can fail: a README with a flag, a choice, a name or a subcommand the CLI lacks."""
    readme = README.read_text(encoding="utf-8") + (
        "\n```bash\n"
        "persona ask 'who won?' --kb DIR --explain\n"
        "persona ingest PATH... [--precision fp16]\n"
        "persona eval squad --json\n"
        "persona teleport --now\n"
        "persona chat --batch FILE --json\n"
        "persona gateway --triage-window N\n"
        "```\n"
    )
    parser = build_parser()
    verdicts = {line: problems(line, parser) for line in fenced_commands(readme)[-6:]}
    assert verdicts == {
        "persona ask 'who won?' --kb DIR --explain": ["persona ask has no option --explain"],
        "persona ingest PATH... [--precision fp16]": ["persona ingest --precision: 'fp16' is not a choice"],
        "persona eval squad --json": [
            "persona eval: no 'squad' among "
            + str(sorted({ep.name for ep in entry_points(group="persona.evals")} | {"all"}))
        ],
        "persona teleport --now": ["no subcommand 'teleport'"],
        "persona chat --batch FILE --json": [],
        "persona gateway --triage-window N": [
            "the parser refuses: persona gateway --triage-window 1"
        ],  # no --bus
    }
    assert problems("persona gateway --bus URL --triage-window N", parser) == []
