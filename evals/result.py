"""The one result type every eval and benchmark returns."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq}


@dataclass(frozen=True)
class Target:
    """A goal for one metric, e.g. ``Target("p95_ms", "<=", 50)``."""

    metric: str
    op: str
    value: float

    def met(self, metrics: dict[str, Any]) -> bool | None:
        got = metrics.get(self.metric)
        if not isinstance(got, int | float):
            return None
        return bool(_OPS[self.op](got, self.value))

    def __str__(self) -> str:
        return f"{self.metric} {self.op} {self.value:g}"


@dataclass
class EvalOptions:
    """What the runner passes to every eval/bench. Unset fields mean "use your own default"."""

    report_dir: Path | None = None  # write PNG plots here (and the runner writes the markdown)
    seeds: int | None = None  # number of seeds / repetitions where that applies
    quick: bool = False  # a smaller, faster run (tests use it)
    backend: str | None = None  # dialogue backend where that applies
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class EvalResult:
    name: str
    metrics: dict[str, Any]
    targets: list[Target] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)  # JSON-able, printed with --json
    plots: list[Path] = field(default_factory=list)  # PNG files, already written under report_dir
    notes: str = ""  # markdown: method, caveats

    def target_status(self) -> list[tuple[Target, bool | None]]:
        return [(t, t.met(self.metrics)) for t in self.targets]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "metrics": self.metrics,
            "targets": [{"target": str(t), "met": ok} for t, ok in self.target_status()],
            "details": self.details,
            "plots": [str(p) for p in self.plots],
        }
