"""`persona eval` and `persona bench`: run registered evaluations and benchmarks."""

from __future__ import annotations

import argparse
import sys
from importlib.metadata import entry_points
from pathlib import Path

from evals.result import EvalOptions, EvalResult


def _registry(group: str) -> dict[str, object]:
    return {ep.name: ep for ep in entry_points(group=group)}


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--report", type=Path, metavar="DIR", help="write a markdown report with PNG plots")
    p.add_argument("--seeds", type=int, help="number of seeds or repetitions (where it applies)")
    p.add_argument("--quick", action="store_true", help="a smaller, faster run")
    p.add_argument("--backend", help="dialogue backend (where it applies): embedded, openai, ...")
    p.add_argument(
        "--limit",
        type=int,
        help="at most N cases where it applies (safety: attacks per path; dialogue: lines per part; 0: all)",
    )


def register_eval(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "eval",
        help="run an evaluation (qa, dialogue, safety, perception, triage, behavior, or all)",
        description="Run a quality evaluation and print its figures against the project's targets.",
    )
    p.add_argument("name", help="qa | dialogue | safety | perception | triage | behavior | all")
    _add_common(p)
    p.set_defaults(func=lambda args: _run(args, "persona.evals", "Evaluation"))


def register_bench(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "bench",
        help="run benchmarks (spine, knowledge, expression, dialogue, behavior, triage, bus, soak, "
        "first-audio; default all)",
        description="Run performance benchmarks on this machine and print the figures the issues ask for.",
    )
    p.add_argument(
        "name",
        nargs="?",
        default="all",
        help="spine | knowledge | expression | dialogue | behavior | triage | bus | soak | first-audio | all",
    )
    _add_common(p)
    p.set_defaults(func=lambda args: _run(args, "persona.benches", "Benchmarks"))


def _run(args: argparse.Namespace, group: str, title: str) -> int:
    from evals.report import print_json, print_result, write_markdown

    registry = _registry(group)
    names = sorted(registry) if args.name == "all" else [args.name]
    unknown = [n for n in names if n not in registry]
    if unknown:
        print(
            f"unknown {title.lower()} {unknown[0]!r}; choose from: {', '.join(sorted(registry))}",
            file=sys.stderr,
        )
        return 2
    options = EvalOptions(
        report_dir=args.report, seeds=args.seeds, quick=args.quick, backend=getattr(args, "backend", None)
    )
    if getattr(args, "limit", None) is not None:
        options.extra["limit"] = args.limit
    if options.report_dir is not None:
        options.report_dir.mkdir(parents=True, exist_ok=True)
    results: list[EvalResult] = []
    failed = 0
    for name in names:
        try:
            fn = registry[name].load()  # type: ignore[attr-defined]
            result = fn(options)
        except Exception as exc:  # one broken eval must not hide the others' figures
            print(f"{title.lower()} {name!r} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
            failed += 1
            continue
        results.append(result)
        if not args.json:
            print_result(result)
    if args.json:
        print_json(results)
    if options.report_dir is not None and results:
        path = write_markdown(results, options.report_dir, title)
        print(f"report: {path}", file=sys.stderr)
    return 1 if failed else 0
