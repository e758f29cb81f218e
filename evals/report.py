"""Printing and markdown reports for EvalResults."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

from evals.result import EvalResult


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def print_result(result: EvalResult, console: Console | None = None) -> None:
    console = console or Console()
    table = Table(title=result.name, show_lines=False)
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in result.metrics.items():
        table.add_row(key, _fmt(value))
    console.print(table)
    for target, ok in result.target_status():
        mark = {True: "[green]met[/green]", False: "[red]MISSED[/red]", None: "[yellow]n/a[/yellow]"}[ok]
        console.print(f"  target {target}: {mark}")


def print_json(results: list[EvalResult]) -> None:
    payload = [r.to_json() for r in results]
    print(json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, default=str))


def write_markdown(results: list[EvalResult], report_dir: Path, title: str) -> Path:
    report_dir.mkdir(parents=True, exist_ok=True)
    lines = [f"# {title}", ""]
    for result in results:
        lines += [f"## {result.name}", "", "| metric | value |", "|---|---|"]
        lines += [f"| {k} | {_fmt(v)} |" for k, v in result.metrics.items()]
        if result.targets:
            lines += ["", "| target | met |", "|---|---|"]
            lines += [f"| {t} | {ok} |" for t, ok in result.target_status()]
        if result.notes:
            lines += ["", result.notes]
        for plot in result.plots:
            rel = Path(plot).resolve().relative_to(report_dir.resolve())
            lines += ["", f"![{rel.stem}]({rel.as_posix()})"]
        lines.append("")
    path = report_dir / f"{title.lower().replace(' ', '-')}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
