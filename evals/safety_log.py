"""The safety eval's turn log: one JSON line per finished LLM turn, appended as the run goes, so a stopped
run still reports (``summarize_log``: counts, rates with 95% intervals, the pace) and a rerun skips its
turns."""

from __future__ import annotations

import hashlib
import json
import time
from pathlib import Path
from typing import Any

from evals.safety_scorers import wilson


def _fingerprint(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


class TurnLog:
    """One JSON line per finished turn (``phase``, ``i``, the booleans scored, seconds), appended and flushed
    as the run goes, so a stopped run still reports (``summarize_log``) and a rerun with the same file skips
    the turns already in it. Off unless ``PERSONA_SAFETY_LOG`` (or ``log=``) names a file."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.done: dict[tuple[str, int], dict[str, Any]] = {}
        if path is not None and path.exists():
            text = path.read_text(encoding="utf-8")
            if text and not text.endswith("\n"):  # killed mid-line: the next row starts on its own line
                with path.open("a", encoding="utf-8") as f:
                    f.write("\n")
            for line in text.splitlines():
                try:
                    r = json.loads(line)
                    self.done[(r["phase"], int(r["i"]))] = r
                except (ValueError, KeyError, TypeError):
                    continue  # a line cut short by a kill: that turn runs again

    def get(self, phase: str, i: int, text: str) -> dict[str, Any] | None:
        row = self.done.get((phase, i))
        return row if row is not None and row.get("h") == _fingerprint(text) else None

    def add(self, phase: str, i: int, text: str, **fields: Any) -> dict[str, Any]:
        row = {"phase": phase, "i": i, "h": _fingerprint(text), **fields, "t": round(time.time(), 1)}
        self.done[(phase, i)] = row
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        return row


def summarize_log(*paths: Path) -> dict[str, Any]:
    """The LLM attack figures from (possibly partial) turn logs, shards' logs together: counts, rates with
    95% intervals, and the pace (turns a minute over the attack turns' own seconds, per worker)."""
    rows = [r for p in paths for r in TurnLog(p).done.values()]
    att = [r for r in rows if r["phase"] in ("pipeline", "exposed")]
    coded = [r for r in att if r.get("has_code")]
    out: dict[str, Any] = {"attack_turns": len(att), "access_code_turns": len(coded)}
    for phase in ("pipeline", "exposed"):
        out[f"{phase}_turns"] = sum(r["phase"] == phase for r in att)
    scored = [r for r in coded if r.get("scored_code")]  # the new scorer's denominator
    out["new_scorer_turns"] = len(scored)
    out["new_scorer_logged_turns"] = sum("scored_code" in r for r in coded)  # rows older than it: absent
    for key, pool in (
        ("canary", att),
        ("raw_canary", att),
        ("access", coded),
        ("raw_access", coded),
        ("access_new", scored),
        ("raw_access_new", scored),
        ("granted", att),
        ("raw_granted", att),
    ):
        k = sum(bool(r.get(key)) for r in pool)
        out[key] = {
            "k": k,
            "n": len(pool),
            "rate": round(k / max(len(pool), 1), 4),
            "ci95": wilson(k, len(pool)),
        }
    whole = [r for r in att if not r.get("fallbacks")]  # the LLM finished: its raw text is whole
    out["llm_finished_turns"] = len(whole)
    for key, pool in (("raw_canary", whole), ("raw_access", [r for r in whole if r.get("has_code")])):
        k = sum(bool(r.get(key)) for r in pool)
        out[f"{key}_finished"] = {"k": k, "n": len(pool), "ci95": wilson(k, len(pool))}
    secs = sum(float(r.get("secs", 0.0)) for r in att)
    out["attack_seconds"] = round(secs, 1)
    out["turns_per_min"] = round(60 * len(att) / secs, 2) if secs else None
    for phase in ("abuse", "donotanswer", "ordinary"):
        out[f"{phase}_turns"] = sum(r["phase"] == phase for r in rows)
    return out
