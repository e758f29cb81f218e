"""The SQuAD base's own gate (issue 14, session 19): the declared tau rule and where the track puts it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from evals import gate_fit, gate_fit_base, qa_squad
from knowledge import gate


def _row(answerable: bool, f1: float, margin: float, group: str = "Normans") -> dict[str, Any]:
    return {
        "data": "squad", "answerable": answerable, "right": float(f1 >= 0.5), "f1": f1, "p": 0.9,
        "evidence": True, "forced": False, "group": group,
        "signals": {"margin_in": margin, "score_in": margin, "negated_asked": 0.0, "negated_told": 0.0},
    }  # fmt: skip


def test_the_base_tau_maximises_f1_within_the_answerable_floor() -> None:
    # unanswerable questions answered at low margins, answerable ones (F1 1) above them, and a few
    # answerable ones among the lowest: vetoing everything scores best, the floor keeps answers
    rows = [_row(False, 0.0, m) for m in (1.0, 2.0, 3.0, 4.0)] + [_row(True, 1.0, m) for m in (2.5, 5.0, 6.0)]
    values = gate_fit.signal_matrix(rows, ("margin_in",))[:, 0]
    assert gate_fit_base.base_tau(rows, 0.5, values, floor=-1.0) == 5.0  # the unanswerable ones all vetoed
    # with answerable F1 kept at 1.0 no answerable row may be vetoed: tau stops at the lowest of them
    assert gate_fit_base.base_tau(rows, 0.5, values, floor=1.0) == 2.5
    package = gate.Gate("margin_in", -10.0)
    own = gate_fit_base.base_gate(rows, 0.5, package, linear=False, cap=0.5)
    f = gate_fit.figures(rows, gate_fit_base.base_answers(rows, 0.5, own))
    base = gate_fit.figures(rows, gate_fit_base.base_answers(rows, 0.5, package))
    assert f["squad_f1"] > base["squad_f1"] and f["squad_answerable_f1"] >= base["squad_answerable_f1"] - 0.5
    assert not np.isinf(own.tau)


def test_the_track_puts_the_shipped_base_gate_in_its_base(tmp_path: Path) -> None:
    source = tmp_path / "squad_gate.json"
    target = tmp_path / "base"
    target.mkdir()
    qa_squad.install_gate(target, source)  # none shipped: none in the base
    assert not (target / gate.BASE_GATE).exists()
    source.write_text(json.dumps({"signal": "margin_in", "tau": 2.0}), encoding="utf-8")
    qa_squad.install_gate(target, source)
    got = gate.load_gate_for(target)
    assert got is not None and got.tau == 2.0
    source.unlink()
    qa_squad.install_gate(target, source)  # taken away again: the package's gate
    assert gate.load_gate_for(target) == gate.load_gate()
