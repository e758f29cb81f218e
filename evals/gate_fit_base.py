"""A base's own gate (session 19, brief Q; docs/knowledge.md "Session 19, brief Q"): the package gate's
weights with the base's own tau (Q1), or a refit on the base's rows (Q2), chosen by 4-fold CV by article on
the SQuAD FIT half and written where ``evals.qa_squad`` puts it in the built SQuAD base.

    python -m evals.gate_fit fit-base ROWS
"""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from evals.gate_fit_gates import fit_weighted
from evals.gate_fit_scores import figures, gate_values, shipped, signal_matrix
from knowledge import gate

#: how far the base's own tau may take answerable F1 below the package gate's on the same rows (declared)
BASE_CAP = 0.10
#: Q2's signals: the package gate's, with the reader's head logit inside the cited sentence
BASE_LINEAR = ("margin_in", "score_in", "negated_asked", "negated_told")
#: the SQuAD base's own gate, as ``evals.qa_squad`` puts it in the built base
BASE_GATE_OUT = Path(__file__).with_name("data") / "squad_gate.json"


def base_tau(rows: list[dict[str, Any]], threshold: float, values: np.ndarray, floor: float) -> float | None:
    """The declared tau rule of a base's own gate: among the rows' gate ``values``, the one whose veto (beside
    the calibration at ``threshold``) gives the best SQuAD F1 with answerable F1 at least ``floor``; None when
    none does better than no veto."""
    base = shipped(rows, threshold)
    f0 = figures(rows, base)
    best, best_tau = f0["squad_f1"] if f0["squad_answerable_f1"] >= floor else -1.0, None
    for tau in np.unique(values[np.isfinite(values)]):
        f = figures(rows, base & (values >= tau))
        if f["squad_answerable_f1"] >= floor and f["squad_f1"] > best:
            best, best_tau = f["squad_f1"], float(tau)
    return best_tau


def base_gate(
    rows: list[dict[str, Any]],
    threshold: float,
    package: gate.Gate,
    linear: bool,
    cap: float | None = BASE_CAP,
) -> gate.Gate:
    """A base's own gate fitted on its rows (one data set): Q1 (``linear`` False) the ``package`` gate's
    weights with the base's own tau, Q2 a weighted-logistic refit over :data:`BASE_LINEAR` on the rows the
    calibration answers (label: the answer is right), then its tau; the floor on answerable F1 is the package
    gate's on the same rows less ``cap`` (None: no floor)."""
    answered = shipped(rows, threshold) & (gate_values(rows, package) >= package.tau)
    floor = figures(rows, answered)["squad_answerable_f1"] - cap if cap is not None else -1.0
    g = package
    if linear:
        train = [r for r, b in zip(rows, shipped(rows, threshold), strict=True) if b and r["signals"]]
        x = signal_matrix(train, BASE_LINEAR)
        y = np.array([r["right"] for r in train], dtype=np.float64)
        mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-9
        w, b = fit_weighted((x - mu) / sd, y, np.ones(len(train)), 0.05)
        g = gate.Gate(
            gate.LINEAR,
            0.0,
            weights={n: round(float(v), 6) for n, v in zip(BASE_LINEAR, w / sd, strict=True)},
            bias=round(b - float((w * mu / sd).sum()), 6),
        )
    tau = base_tau(rows, threshold, gate_values(rows, g), floor)
    return replace(g, tau=math.floor(tau * 1e4) / 1e4 if tau is not None else -math.inf)


def base_answers(rows: list[dict[str, Any]], threshold: float, g: gate.Gate) -> np.ndarray:
    return shipped(rows, threshold) & (gate_values(rows, g) >= g.tau)


def fit_base(
    rows: list[dict[str, Any]], threshold: float, out: Path | None = BASE_GATE_OUT
) -> dict[str, Any]:
    """The SQuAD base's own gate (declared in docs/knowledge.md "Session 19, brief Q"): Q1 and Q2 by 4-fold
    CV by article (fitted on three FIT articles, scored on the fourth), the uncapped tau beside (deciding
    nothing), the package gate on the same rows and always-abstain; the candidate with the higher CV F1
    fitted on every FIT row and written to ``out``."""
    squad = [r for r in rows if r["data"] == "squad"]
    package = gate.load_gate()
    if package is None:
        raise ValueError("no package gate.json: a base's own gate starts from it")
    articles = sorted({r["group"] for r in squad})
    out_figs: dict[str, Any] = {
        "package gate": figures(squad, base_answers(squad, threshold, package)),
        "always abstain": figures(squad, np.zeros(len(squad), dtype=bool)),
    }
    candidates = {"Q1 tau only": (False, BASE_CAP), "Q2 linear refit": (True, BASE_CAP)}
    extra = {"Q1 uncapped": (False, None), "Q2 uncapped": (True, None)}
    cv_f1: dict[str, float] = {}
    for name, (linear, cap) in {**candidates, **extra}.items():
        answered = np.zeros(len(squad), dtype=bool)
        taus = []
        for held_out in articles:
            train = [r for r in squad if r["group"] != held_out]
            idx = [k for k, r in enumerate(squad) if r["group"] == held_out]
            g = base_gate(train, threshold, package, linear, cap)
            taus.append(round(g.tau, 3))
            answered[idx] = base_answers([squad[k] for k in idx], threshold, g)
        f = figures(squad, answered)
        cv_f1[name] = f["squad_f1"]
        out_figs[f"cv4 {name}"] = {**{k: round(v, 4) for k, v in f.items()}, "tau_per_fold": taus}
    chosen = max(candidates, key=lambda n: cv_f1[n])
    linear, cap = candidates[chosen]
    g = base_gate(squad, threshold, package, linear, cap)
    g = replace(
        g,
        note=f"the SQuAD base's own gate ({chosen}): fitted by python -m evals.gate_fit fit-base on the "
        f"SQuAD FIT half ({len(squad)} questions) alone; tau maximises FIT F1 with answerable F1 >= the "
        f"package gate's - {BASE_CAP}; calibration threshold {threshold}",
    )
    out_figs["chosen"] = chosen
    out_figs["in-sample, chosen"] = {
        k: round(v, 4) for k, v in figures(squad, base_answers(squad, threshold, g)).items()
    }
    out_figs["gate"] = g.to_json()
    if out is not None:
        out.write_text(json.dumps(g.to_json(), indent=2) + "\n", encoding="utf-8")
    for k in ("package gate", "always abstain"):
        out_figs[k] = {n: round(v, 4) for n, v in out_figs[k].items()}
    return out_figs
