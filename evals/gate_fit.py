"""The default path's abstention gate that hears the reader (issue 14, session 12; ``knowledge/gate.py``).

``python -m evals.gate_fit collect OUT.json`` runs the default path's evidence step on the declared fit data
(the SQuAD FIT articles and the sample base's calibration parts; never a report or held-apart question) and
keeps, for each question, the calibration's probability, whether a hard gate abstains anyway, what the neural
reader says about the cited chunk (``gate.read_cited``) and over the top 4 chunks, and the label.
``measure OUT.json`` prints the no-answer AUCs and the cross-validated figures (2 folds by article on SQuAD,
2 by question hash on the sample); ``cv OUT.json`` session 14's: the lexical signals' AUCs and the linear
gates of :data:`LINEAR_MODELS` beside the committed procedure, by 4 folds (one SQuAD FIT article and a
quarter of the sample rows each) and by the 2 folds; ``fit OUT.json`` writes ``knowledge/gate.json`` by the
declared rule (``--linear NAME``: that linear gate).
``python -m evals.gate_fit refit`` is collect + fit in one command (rerun it when the reader's weights
change).

The modules, by what they do: :mod:`evals.gate_fit_rows` (the fit rows collected),
:mod:`evals.gate_fit_scores` (what a set of answers scores), :mod:`evals.gate_fit_gates` (the gates
fitted by the declared rules, ``gate.json`` written), :mod:`evals.gate_fit_cv` (the cross-validated
comparisons), :mod:`evals.gate_fit_base` (a base's own gate); this one is the command, and re-exports
their names.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from evals.gate_fit_base import fit_base
from evals.gate_fit_cv import (
    FOLDS,
    FOLDS4,
    MODELS,
    Logistic,
    cv_gate,
    fit_model,
    measure,
    measure14,
    probabilities,
)
from evals.gate_fit_gates import (
    LINEAR_MODELS,
    RESCUE_P,
    fit,
    fit_linear,
    fit_linear_file,
    fit_rescue,
    fit_veto,
    fit_weighted,
    rescued,
    sample_pool,
    shipped_kind,
    vetoed,
)
from evals.gate_fit_rows import (
    SESSION14_HELD,
    TOP_CHUNKS,
    collect,
    question_row,
    relex,
    sample_items,
    sample_row,
    squad_rows,
)
from evals.gate_fit_scores import (
    MIN_SAMPLE_ACCURACY,
    auc,
    choose,
    decide,
    figures,
    gate_values,
    objective,
    sample_weight,
    shipped,
    signal_matrix,
    summed,
)

__all__ = [
    "FOLDS",
    "FOLDS4",
    "LINEAR_MODELS",
    "MIN_SAMPLE_ACCURACY",
    "MODELS",
    "RESCUE_P",
    "SESSION14_HELD",
    "TOP_CHUNKS",
    "Logistic",
    "auc",
    "choose",
    "collect",
    "cv_gate",
    "decide",
    "figures",
    "fit",
    "fit_linear",
    "fit_linear_file",
    "fit_model",
    "fit_rescue",
    "fit_veto",
    "fit_weighted",
    "gate_values",
    "measure",
    "measure14",
    "objective",
    "probabilities",
    "question_row",
    "relex",
    "rescued",
    "sample_items",
    "sample_pool",
    "sample_row",
    "sample_weight",
    "shipped",
    "shipped_kind",
    "signal_matrix",
    "squad_rows",
    "summed",
    "vetoed",
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("command", choices=("collect", "measure", "cv", "fit", "refit", "fit-base"))
    ap.add_argument("rows", nargs="?", default="/tmp/gate_rows.json")
    ap.add_argument(
        "--pool",
        action="store_true",
        help="collect / refit: the sample rows are the fit pool (every calibration part but the check "
        "part's, plus the test parts declared fit data: pool16 in session 30), not the session-14 pool",
    )
    ap.add_argument(
        "--linear",
        choices=("margin_in", *LINEAR_MODELS),
        default="",
        help="fit this linear gate, or the veto on margin_in alone (default: the kind gate.json holds)",
    )
    args = ap.parse_args()
    path = Path(args.rows)
    if args.pool and args.command not in ("collect", "refit"):
        ap.error("--pool goes with collect or refit")
    rows = (
        collect(path, pool=args.pool)
        if args.command in ("collect", "refit")
        else relex(json.loads(path.read_text(encoding="utf-8")))
    )
    from knowledge.answer import Calibration

    threshold = Calibration.load().threshold
    if args.command == "measure":
        print(json.dumps(measure(rows, threshold), indent=2))
    elif args.command == "cv":
        print(json.dumps(measure14(rows, threshold), indent=2))
    elif args.command == "fit-base":
        print(json.dumps(fit_base(rows, threshold), indent=2))
    elif args.command in ("fit", "refit"):
        linear = args.linear or shipped_kind()
        print(json.dumps(fit(rows, threshold, linear="" if linear == "margin_in" else linear), indent=2))


if __name__ == "__main__":
    main()
