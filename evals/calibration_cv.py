"""Leave-one-file-out cross-validation of the confidence model, its threshold and the reader's gate refitted
on the fit pool (session 21, brief A2; docs/knowledge.md "Session 21, brief A2").

The pool is also what the candidates are fitted on, so its fit-side figure is cross-validated: for each
question file of the pool (dev, hard, fresh, fresh2 ...) a candidate is fitted by its recipe on the other
files' pool rows and the held file's rows are scored on the real answer path (``kb.answer`` with the fold's
calibration and gate); utility (answered right + rightly abstained - answered wrong, as ``evals.qa_viewer``
counts it) is summed over the files, beside the shipped files on the same rows and always abstaining.

- ``G1``: the calibration (``qa_calibration.fit_weights`` on ``_features``, then the threshold on the answer
  path's decisions by ``choose_threshold_floors`` over ``FLOORS``), with the shipped gate.
- ``G2``: the gate (``gate_fit.fit_linear`` over the shipped gate's signals on SQuAD FIT plus the pool rows),
  at the shipped calibration.
- ``G3``: G1's calibration, then G2's gate fitted with every row's probability from it and at its threshold.

The answer path's decisions at every threshold do not depend on the weights (the probability is compared with
the threshold once; the shipped gate has no rescue): one pass at threshold 0 and one at infinity with the
shipped file give them, and each fold's probabilities come from the same evidence's features (checked against
the path's own confidence). The held file is scored by the path itself, so nothing of the path is copied here.

Session 31 (brief K), ``--set K``: the same leave-one-file-out CV of ``K1`` (the threshold alone
re-chosen), ``K2`` (G1's recipe), ``K3`` (the gate's tau re-chosen on the path's own decisions,
``evals.gate_tau``) and ``K4`` (K2, then K3's rule at its threshold), no SQuAD rows; ``--out DIR`` writes each
candidate's files fitted on the whole pool and every question's answer per candidate.

    python -m evals.calibration_cv [--set G|K] [--check PART] [--fit-test fresh5,...,fresh19] [--cache DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import pickle
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from evals import gate_fit, qa_viewer
from evals.gate_tau import GateDecisions, answers_with, choose_tau, gate_decisions, utility
from evals.qa_calibration import (
    FLOORS,
    _features,
    choose_threshold_floors,
    fit_pool,
    fit_weights,
    path_decisions,
    short_threshold,
)
from evals.qa_parts import CHECK_PART, DEV_PART, FITTED_TEST_PARTS, Item, load_all
from evals.qa_scoring import correct
from knowledge import KnowledgeBase, gate, neural_reader
from knowledge.answer import FEATURES, Calibration

CANDIDATES = ("shipped", "G1", "G2", "G3")
#: session 31, brief K's candidates (docs/knowledge.md "Session 31, brief K"), the shipped files first
K_CANDIDATES = ("shipped", "K1", "K2", "K3", "K4")


def file_of(item: Item) -> str:
    return item.part or DEV_PART


def figures(items: list[Item], answers: list[Any]) -> dict[str, int]:
    """``qa_viewer.figures``' counts of the answers given."""
    return qa_viewer.figures(
        [{"item": i, "answer": a, "correct": correct(a, i)} for i, a in zip(items, answers, strict=True)]
    )


def path_features(kb: KnowledgeBase, items: list[Item]) -> list[dict[str, float] | None]:
    """The features of the evidence the answer path scores for each question (as ``answer`` reads it)."""
    answerer = kb._answerer
    out: list[dict[str, float] | None] = []
    for item in items:
        ev = answerer.evidence(answerer.wh_read(item.question))
        out.append(None if ev is None else {f: float(ev.features.get(f, 0.0)) for f in FEATURES})
    return out


def probabilities(cal: Calibration, feats: list[dict[str, float] | None]) -> np.ndarray:
    return np.array([0.0 if f is None else cal.probability(f) for f in feats])


def fit_calibration(
    x: np.ndarray,
    y: np.ndarray,
    feats: list[dict[str, float] | None],
    decisions: Any,
    answerable: np.ndarray,
    idx: np.ndarray,
) -> Calibration:
    """G1's recipe on the rows ``idx``: the weights, then the threshold on the path's decisions."""
    weights, bias = fit_weights(x[idx], y[idx])
    cal = Calibration(weights=weights, bias=bias, threshold=0.5, note="cv fold")
    p = probabilities(cal, [feats[k] for k in idx])
    t, floor = choose_threshold_floors(
        p,
        decisions.right[idx],
        answerable[idx],
        FLOORS,
        forced=~decisions.answered_above[idx],
        rescued=decisions.answered_below[idx],
    )
    return replace(cal, threshold=short_threshold(p, t), note=f"cv fold, floor {floor}")


def fit_gate(rows: list[dict[str, Any]], names: tuple[str, ...], threshold: float) -> gate.Gate | None:
    """G2's recipe: the linear gate over ``names`` at ``threshold``, tau rounded down as the file holds it."""
    g = gate_fit.fit_linear(rows, names, threshold)
    return None if g is None else replace(g, tau=math.floor(g.tau * 1e4) / 1e4)


def with_p(rows: list[dict[str, Any]], cal: Calibration) -> list[dict[str, Any]]:
    """The rows with the probability ``cal`` gives their evidence's features."""
    return [{**r, "p": cal.probability(r["features"]) if r["evidence"] else 0.0} for r in rows]


def cached(path: Path, make: Any) -> Any:
    if path.is_file():
        return pickle.loads(path.read_bytes())
    got = make()
    path.write_bytes(pickle.dumps(got))
    return got


def cache_dir(root: Path, items: list[Item]) -> Path:
    """Where ``items``' rows are kept under ``root``: one folder per pool (a hash of its ids), so another
    ``--check`` / ``--fit-test``, or a question file changed, never reads rows pickled for other questions."""
    return root / hashlib.sha1(" ".join(i.id for i in items).encode()).hexdigest()[:12]


def _setup(
    check: str | None, fit_test: tuple[str, ...], cache: Path
) -> tuple[list[Item], Path, list[str], KnowledgeBase, Calibration, gate.Gate]:
    """The pool, its cache folder (made), its files, the sample base and the shipped calibration and gate."""
    items = fit_pool(load_all(), check=check, fit_test=fit_test)
    cache = cache_dir(cache, items)
    cache.mkdir(parents=True, exist_ok=True)
    files = sorted({file_of(i) for i in items})
    kb = KnowledgeBase.open_sample()
    shipped = Calibration.load()
    shipped_gate = gate.load_gate()
    assert shipped_gate is not None and shipped_gate.rescue is None, (
        "the shortcut needs a gate with no rescue"
    )
    return items, cache, files, kb, shipped, shipped_gate


def run(check: str | None, fit_test: tuple[str, ...], cache: Path) -> dict[str, Any]:
    items, cache, files, kb, shipped, shipped_gate = _setup(check, fit_test, cache)
    names = shipped_gate.names
    answerable = np.array([i.answerable for i in items], dtype=bool)
    x, y, _ = cached(cache / "features.pkl", lambda: _features(kb, items))
    decisions = cached(cache / "decisions.pkl", lambda: path_decisions(kb, items, shipped))
    feats = cached(cache / "path_features.pkl", lambda: path_features(kb, items))
    mismatch = int((np.abs(probabilities(shipped, feats) - decisions.p) > 1e-9).sum())
    model = neural_reader.load()
    squad = cached(cache / "squad_rows.pkl", lambda: gate_fit.squad_rows(model, top=False))
    sample = cached(
        cache / "sample_rows.pkl", lambda: [gate_fit.sample_row(kb, model, i, top=False) for i in items]
    )
    row_mismatch = sum(
        1 for r in squad + sample if r["evidence"] and abs(shipped.probability(r["features"]) - r["p"]) > 1e-9
    )
    out: dict[str, Any] = {
        "questions": len(items),
        "files": files,
        "p_mismatch": mismatch,
        "row_p_mismatch": row_mismatch,
        "always_abstain": {"utility": int((~answerable).sum())},
        "folds": {},
    }
    totals = {c: dict.fromkeys(("utility", "right", "answerable_abstained", "rightly_abstained", "wrong"), 0)
              for c in CANDIDATES}  # fmt: skip
    for f in files:
        held = np.array([file_of(i) == f for i in items], dtype=bool)
        train = np.flatnonzero(~held)
        held_items = [i for i, h in zip(items, held, strict=True) if h]
        cal1 = fit_calibration(x, y, feats, decisions, answerable, train)
        rows_train = squad + [r for r in sample if r["part"] != f]
        g2 = fit_gate(rows_train, names, shipped.threshold)
        g3 = fit_gate(with_p(rows_train, cal1), names, cal1.threshold)
        fold: dict[str, Any] = {
            "G1": {"threshold": cal1.threshold, "note": cal1.note},
            "G2": {"tau": None if g2 is None else g2.tau},
            "G3": {"tau": None if g3 is None else g3.tau},
        }
        for name, (cal, g) in {
            "shipped": (shipped, shipped_gate),
            "G1": (cal1, shipped_gate),
            "G2": (shipped, g2),
            "G3": (cal1, g3),
        }.items():
            got = figures(held_items, answers_with(kb, held_items, cal, g))
            fold[name] = {**fold.get(name, {}), **got}
            for k in totals[name]:
                totals[name][k] += got[k]
        fold["always_abstain"] = int(sum(1 for i in held_items if not i.answerable))
        out["folds"][f] = fold
        print(json.dumps({f: fold}), flush=True)
    out["totals"] = totals
    return out


def fit_k(
    name: str,
    idx: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    feats: list[dict[str, float] | None],
    gd: GateDecisions,
    answerable: np.ndarray,
    shipped: Calibration,
    shipped_gate: gate.Gate,
) -> tuple[Calibration, gate.Gate, dict[str, Any]]:
    """Brief K's candidate ``name`` fitted on the rows ``idx``: its calibration, its gate, what was chosen."""
    decisions = gd.path(shipped_gate.tau)
    cal, g, info = shipped, shipped_gate, {}
    if name == "K1":
        p = decisions.p[idx]
        t, floor = choose_threshold_floors(
            p,
            decisions.right[idx],
            answerable[idx],
            FLOORS,
            forced=~decisions.answered_above[idx],
            rescued=decisions.answered_below[idx],
        )
        cal = replace(shipped, threshold=short_threshold(p, t), note=f"cv fold, floor {floor}")
        info["floor"] = floor
    if name in ("K2", "K4"):
        cal = fit_calibration(x, y, feats, decisions, answerable, idx)
    if name in ("K3", "K4"):
        tau, floor = choose_tau(gd.take(idx), cal.threshold, answerable[idx], probabilities(cal, feats)[idx])
        g = replace(shipped_gate, tau=tau)
        info["tau_floor"] = floor
    info.update(threshold=cal.threshold, tau=g.tau)
    return cal, g, info


def row_of(answer: Any, item: Item) -> dict[str, Any]:
    return {"abstained": answer.abstained, "correct": correct(answer, item), "text": answer.text}


def run_k(check: str | None, fit_test: tuple[str, ...], cache: Path, out: Path | None) -> dict[str, Any]:
    """Brief K's leave-one-file-out CV (the module's docstring), with ``out`` the full-pool files."""
    items, cache, files, kb, shipped, shipped_gate = _setup(check, fit_test, cache)
    answerable = np.array([i.answerable for i in items], dtype=bool)
    x, y, _ = cached(cache / "features.pkl", lambda: _features(kb, items))
    feats = cached(cache / "path_features.pkl", lambda: path_features(kb, items))
    gd = cached(cache / "gate_decisions.pkl", lambda: gate_decisions(kb, items, shipped, shipped_gate))
    predicted = gd.outcome(shipped.threshold, shipped_gate.tau)
    result: dict[str, Any] = {
        "questions": len(items),
        "files": files,
        "p_mismatch": int((np.abs(probabilities(shipped, feats) - gd.p) > 1e-9).sum()),
        "several_reads": int((gd.reads > 1).sum()),
        "always_abstain": {"utility": int((~answerable).sum())},
        "folds": {},
    }
    keys = ("utility", "right", "answerable_abstained", "rightly_abstained", "wrong")
    totals: dict[str, dict[str, Any]] = {c: dict.fromkeys(keys, 0) for c in K_CANDIDATES}
    rows: dict[str, dict[str, Any]] = {i.id: {"question": i.question} for i in items}
    mismatch = 0
    for f in files:
        held = np.array([file_of(i) == f for i in items], dtype=bool)
        train = np.flatnonzero(~held)
        held_idx = np.flatnonzero(held)
        held_items = [items[k] for k in held_idx]
        fold: dict[str, Any] = {"always_abstain": int((~answerable[held]).sum())}
        for name in K_CANDIDATES:
            cal, g, info = fit_k(name, train, x, y, feats, gd, answerable, shipped, shipped_gate)
            answers = answers_with(kb, held_items, cal, g)
            got = figures(held_items, answers)
            fold[name] = {**info, **got}
            for k in keys:
                totals[name][k] += got[k]
            for item, a in zip(held_items, answers, strict=True):
                rows[item.id][name] = row_of(a, item)
            if name == "shipped":
                mismatch += sum(
                    int(a.abstained == bool(predicted.answered[k]))
                    for k, a in zip(held_idx, answers, strict=True)
                )
        result["folds"][f] = fold
        print(json.dumps({f: fold}), flush=True)
    n_un = int((~answerable).sum())
    for t in totals.values():
        abstained = t["answerable_abstained"] + t["rightly_abstained"]
        t["accuracy"] = round(t["right"] / int(answerable.sum()), 4)
        t["abstention_precision"] = round(t["rightly_abstained"] / abstained, 4) if abstained else None
        t["abstention_recall"] = round(t["rightly_abstained"] / n_un, 4)
    result["totals"] = totals
    result["shipped_predicted_mismatch"] = mismatch
    full: dict[str, Any] = {}
    everything = np.arange(len(items))
    for name in K_CANDIDATES[1:]:
        cal, g, info = fit_k(name, everything, x, y, feats, gd, answerable, shipped, shipped_gate)
        o = gd.outcome(cal.threshold, g.tau, probabilities(cal, feats))
        full[name] = {**info, "in_sample_utility": utility(o, answerable)}
        if out is not None:
            (out / name).mkdir(parents=True, exist_ok=True)
            (out / name / "calibration.json").write_text(json.dumps(cal.to_json(), indent=2) + "\n")
            (out / name / "gate.json").write_text(json.dumps(g.to_json(), indent=2) + "\n")
    full["shipped"] = {
        "in_sample_utility": utility(gd.outcome(shipped.threshold, shipped_gate.tau), answerable)
    }
    result["full_pool"] = full
    if out is not None:
        (out / "rows.json").write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--check", default=CHECK_PART, help="the check part, never in the pool (default: none in session 30)"
    )
    ap.add_argument("--fit-test", default=",".join(FITTED_TEST_PARTS), help="test parts declared fit data")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/calibration_cv"), help="where the rows are kept")
    ap.add_argument("--set", choices=("G", "K"), default="G", help="session 21's candidates or session 31's")
    ap.add_argument("--out", type=Path, default=None, help="--set K: where the full-pool files are written")
    args = ap.parse_args()
    fit_test = tuple(p for p in args.fit_test.split(",") if p)
    if args.set == "K":
        print(json.dumps(run_k(args.check, fit_test, args.cache, args.out), indent=2))
    else:
        print(json.dumps(run(args.check, fit_test, args.cache), indent=2))


if __name__ == "__main__":
    main()
