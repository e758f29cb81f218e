"""The linear gate's fit (session 14, ``evals/gate_fit.py``): the reader's margin beside the lexical signals,
fitted on the rows the calibration answers, its tau by the declared threshold rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from evals import gate_fit
from knowledge import gate


def _row(data: str, answerable: bool, right: bool, margin: float, cover: float, group: str) -> dict[str, Any]:
    return {
        "data": data, "answerable": answerable, "right": float(right), "f1": float(right), "p": 0.9,
        "evidence": True, "forced": False, "group": group,
        "signals": {"margin_in": margin, "cover_chunk": cover, "missing_chunk": 1 - cover, "rarest_in": 1.0},
    }  # fmt: skip


def _rows() -> list[dict[str, Any]]:
    # the margin tells nothing on SQuAD; the chunk's coverage of the question's words does
    rows = []
    for k, article in enumerate(("Normans", "Huguenot", "French and Indian War", "Packet switching")):
        for j in range(6):
            margin = float((j * 7 + k) % 5)
            rows.append(_row("squad", False, False, margin, 0.3 + 0.02 * j, article))
            rows.append(_row("squad", True, True, margin, 0.8 + 0.02 * j, article))
        rows += [_row("sample", True, True, 4.0, 0.9, f"sample{k}") for _ in range(8)]
        rows.append(_row("sample", False, False, -6.0, 0.4, f"sample{k}"))
    return rows


def test_a_linear_gate_learns_the_signal_that_separates() -> None:
    rows = _rows()
    assert (
        gate_fit.fit_veto(rows, threshold=0.5) is None
        or gate_fit.figures(
            rows, gate_fit.vetoed(rows, 0.5, "margin_in", gate_fit.fit_veto(rows, threshold=0.5))
        )["squad_f1"]
        < 1.0
    )  # the margin alone cannot sort SQuAD's rows
    g = gate_fit.fit_linear(rows, ("margin_in", "cover_chunk"), threshold=0.5)
    assert g is not None and g.signal == gate.LINEAR and g.weights is not None
    assert g.weights["cover_chunk"] > 0
    answered = gate_fit.shipped(rows, 0.5) & (gate_fit.gate_values(rows, g) >= g.tau)
    f = gate_fit.figures(rows, answered)
    assert f["squad_f1"] == 1.0 and f["sample_accuracy"] == 1.0
    assert gate_fit.summed(rows, answered) == len([r for r in rows if r["data"] == "sample"])
    # a row the reader did not read is never vetoed
    unread = {**rows[0], "signals": {}}
    assert gate_fit.gate_values([unread], g)[0] == np.inf


def test_cv_scores_each_article_with_a_gate_fitted_on_the_others() -> None:
    rows = _rows()
    got = gate_fit.cv_gate(rows, 0.5, ("margin_in", "cover_chunk"), gate_fit.FOLDS4)
    assert len(got["tau_per_fold"]) == 4 and got["squad_f1"] > 0.95  # a held-out article's edge may slip
    committed = gate_fit.cv_gate(rows, 0.5, None, gate_fit.FOLDS4)
    assert committed["squad_f1"] < got["squad_f1"]


def test_relex_recomputes_the_lexical_signals() -> None:
    row = {
        "signals": {"margin_in": 1.0},
        "lex": {
            "question": "When did the Normans conquer Germany?", "terms": ["norman", "conquer", "germany"],
            "idf": {"norman": 0.3, "conquer": 0.5, "germany": 1.0},
            "sentence": "In 1066 the Normans conquered.",
            "chunk": "In 1066 the Normans conquered England.", "context": "Normans", "span": "1066",
        },
    }  # fmt: skip
    (got,) = gate_fit.relex([row])
    assert got["signals"]["margin_in"] == 1.0 and got["signals"]["rarest_in"] == 0.0
    assert got["signals"]["unknown"] > 0 and set(gate.LEXICAL) <= got["signals"].keys()


def test_a_plain_refit_refits_the_kind_that_ships(tmp_path: Path) -> None:
    path = tmp_path / "gate.json"
    assert gate_fit.shipped_kind(path) == ""  # no file: the veto on margin_in
    names = gate_fit.LINEAR_MODELS["margin_in + negation"]
    linear = gate.Gate(gate.LINEAR, -0.7, weights=dict.fromkeys(names, 1.0))
    path.write_text(json.dumps(linear.to_json()), encoding="utf-8")
    assert gate_fit.shipped_kind(path) == "margin_in + negation"
    path.write_text(json.dumps(gate.Gate("margin_in", -3.7).to_json()), encoding="utf-8")
    assert gate_fit.shipped_kind(path) == ""
