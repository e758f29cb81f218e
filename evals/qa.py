"""`persona eval qa`: retrieval and answer quality on the sample knowledge base.

The dev set (``evals/data/qa_dev.jsonl``) has questions phrased as viewers and reporters ask them, each with
the answer strings a right answer must contain and the sources it may cite; unanswerable ones have none.
It is split in two halves by a hash of the question id: the *calibration* half fits the answer module's
confidence model and abstention threshold (``python -m evals.qa --calibrate``), the *test* half is held out.
The near-miss set (``evals/data/qa_hard.jsonl``, session 10) adds questions a passage on the same topic does
not answer (other year or Games, other event, other relation, the entity absent) and answerable ones of the
same shapes, each with its declared split. Figures are reported for the whole set and for the held-out half.

Also scored: image queries, every catalog photo altered (resized, cropped 10%, recompressed, re-lit), by top-1
accuracy of ``search_image``, and the same photos with a question ("how much is this?").

This module runs the eval, writes its notes and is the command line (``python -m evals.qa``); its parts live
beside it (session 19, brief R): the question files (``evals.qa_parts``), scoring (``evals.qa_scoring``), the
image queries (``evals.qa_images``) and the calibration fit (``evals.qa_calibration``). Every name they had
here is re-exported, so ``from evals.qa import ...`` works as before.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

from evals import qa_squad
from evals.qa_calibration import (
    FLOORS,
    PathDecisions,
    calibrate,
    choose_threshold,
    fit_logistic,
    path_decisions,
    reliability,
    short_threshold,
)
from evals.qa_images import ALTERATIONS, catalog_images, negative_images, score_images
from evals.qa_parts import (
    CHECK_PART,
    DEV_PART,
    DEV_SET,
    FITTED_TEST_PARTS,
    FRESH2_SET,
    FRESH3_SET,
    FRESH4_SET,
    FRESH5_SET,
    FRESH6_SET,
    FRESH7_SET,
    FRESH8_SET,
    FRESH9_SET,
    FRESH10_SET,
    FRESH11_SET,
    FRESH12_SET,
    FRESH13_SET,
    FRESH14_SET,
    FRESH15_SET,
    FRESH16_SET,
    FRESH17_SET,
    FRESH18_SET,
    FRESH19_SET,
    FRESH_SET,
    HARD_SET,
    Item,
    calibration_items,
    load_all,
    load_dev,
)
from evals.qa_scoring import (
    PART_FIGURES,
    correct,
    norm,
    part_figures,
    percentile,
    relevant,
    round4,
    score_questions,
    sentence_correct,
    summarize,
)
from evals.result import EvalOptions, EvalResult, Target
from knowledge import KnowledgeBase
from knowledge.answer import CALIBRATION_FILE, Calibration

TARGETS = [
    Target("answer_accuracy", ">=", 0.9),
    Target("abstention_precision", ">=", 0.9),
    Target("image_top1", ">=", 0.95),
    Target("image_unknown_abstention", ">=", 0.9),
]


# --- the eval ---------------------------------------------------------------------------------------------


#: The figures repeated for the sample base embedded at int8 (``persona ingest --precision int8``).
INT8_FIGURES = ("recall_at_5", "mrr_at_10", "answer_accuracy", "abstention_precision", "abstention_recall")


def _int8_figures(items: list[Item]) -> dict[str, Any]:
    """The same questions (held-out half) and image queries on the sample base built at int8."""
    kb = KnowledgeBase.open_sample(precision="int8")
    kb.warm()
    rows = score_questions(kb, items)["rows"]
    overall = summarize([r for r in rows if r["item"].split == "test"])
    latencies = [r["ms"] for r in rows]
    got: dict[str, Any] = {f"int8_{k}": round4(overall[k]) for k in INT8_FIGURES}
    got["int8_image_top1"] = round(score_images(kb)["image_top1"], 4)
    got["int8_answer_p50_ms"] = round(statistics.median(latencies), 2)
    return got


SQUAD_TARGETS = [
    Target("squad_report_f1", ">=", 0.70),
    Target("squad_report_answerable_f1", ">=", 0.65),
    Target("squad_report_abstention_precision", ">=", 0.85),
    Target("squad_report_abstention_recall", ">=", 0.6),
]


def squad_figures(metrics: dict[str, Any], targets: list[Target]) -> str:
    """The external track (evals/qa_squad.py), both halves, into ``metrics``; its note (or why it skipped)."""
    reason = qa_squad.available()
    if reason:
        return reason
    questions = qa_squad.load_questions()
    for reader, prefix in ((False, "squad"), (True, "squad_reader")):
        kb = qa_squad.open_base(reader=reader)
        kb.warm()
        got = qa_squad.run_track(kb, questions)
        for half in ("report", "fit"):
            metrics.update({f"{prefix}_{half}_{k}": round4(v) for k, v in got[half].items()})
        metrics[f"{prefix}_p95_ms"] = round(got["p95_ms"], 2)
        kb.close()
    targets += SQUAD_TARGETS
    return (
        "SQuAD 2.0 open book (8 articles in one base, official EM/F1): `squad_report_*` on the REPORT "
        f"articles ({', '.join(qa_squad.REPORT_ARTICLES)}), never fitted on; `squad_fit_*` on the FIT "
        f"articles the span reader was fitted on ({', '.join(qa_squad.FIT_ARTICLES)}); `squad_*` is the "
        "default answer path (sentence scorer), `squad_reader_*` the span reader (PERSONA_READER=1); "
        "`*_always_abstain_f1` is the score of always saying I don't know."
    )


def run(options: EvalOptions) -> EvalResult:
    kb = KnowledgeBase.open_sample()
    items = load_all()
    kb.warm()
    rows = score_questions(kb, items)["rows"]
    overall = summarize(rows)
    test = [r for r in rows if r["item"].split == "test"]
    held_out = summarize(test)
    images = score_images(kb)
    latencies = [r["ms"] for r in rows]
    metrics: dict[str, Any] = {
        # the headline: the held-apart half, on which nothing (threshold, weights) was fitted
        **{k: round4(v) for k, v in held_out.items()},
        **{f"all_{k}": round4(v) for k, v in overall.items()},
        **part_figures(test),
        "image_top1": round(images["image_top1"], 4),
        "image_unknown_abstention": round(images["image_unknown_abstention"], 4),
        "image_price_answer_accuracy": round(images["image_price_answer_accuracy"], 4),
        "answer_p50_ms": round(statistics.median(latencies), 2),
        "answer_p95_ms": round(percentile(latencies, 95), 2),
    }
    targets = list(TARGETS)
    if not options.quick:  # the int8 base is another build of the sample; a quick run leaves it out
        metrics.update(_int8_figures(items))
        targets += [
            Target("int8_answer_accuracy", ">=", 0.9),
            Target("int8_abstention_precision", ">=", 0.9),
            Target("int8_image_top1", ">=", 0.95),
        ]
    squad_note = squad_figures(metrics, targets)
    failures = [
        {
            "id": r["item"].id,
            "question": r["item"].question,
            "expected": list(r["item"].answers),
            "got": r["answer"].text,
            "abstained": r["answer"].abstained,
            "confidence": round(r["answer"].confidence, 3),
        }
        for r in rows
        if (r["item"].answerable and not r["correct"])
        or (not r["item"].answerable and not r["answer"].abstained)
    ]
    notes = (
        f"Dev set and near-miss set: {len(items)} questions ({overall['answerable']} answerable, "
        f"{len(items) - overall['answerable']} unanswerable) over the sample base; the headline figures are "
        f"on the held-out half ({held_out['questions']} questions), not used to fit anything "
        f"({kb.calibration.note}); `dev_*`: the held-out half of qa_dev.jsonl alone (the headline of "
        "sessions 5-9); `hard_*`: the near-miss set's test part (other year, event, relation, entity "
        "absent; qa_hard.jsonl); `fresh_*`: the fresh near-miss set's test part (session 11, "
        "qa_fresh.jsonl, written and committed before anything was measured on it); `fresh2_*`: the "
        "second fresh set's test part (session 12, qa_fresh2.jsonl, the same kinds plus off-topic questions, "
        "committed before anything was measured on it); `fresh3_*`: the third fresh set's test part "
        "(session 13, qa_fresh3.jsonl: facts over every document, shop questions, near misses including "
        "products the shop lacks, off-topic and about-the-host questions; committed before anything was "
        "measured on it); `fresh4_*`: the fourth fresh set's test part (session 14, qa_fresh4.jsonl: the "
        "third's shape, written from the documents alone after every earlier test part had been read; "
        "committed before anything was measured on it); `fresh5_*`: the fifth fresh set's test part "
        "(session 15, qa_fresh5.jsonl: the same shape, written from the documents alone after every "
        "earlier test part had been read; committed before anything was measured on it); `fresh6_*`: the "
        "sixth fresh set's test part (session 16, qa_fresh6.jsonl: the same shape, written from the "
        "documents alone after every earlier test part had been read; committed before anything was "
        "measured on it; read at the end of session 16, fit data from session 17); `fresh7_*`: the seventh "
        "fresh set's test part (session 17, qa_fresh7.jsonl: the same shape, written from the documents "
        "alone after every earlier test part had been read; committed before anything was measured on it; "
        "read at the end of session 17, fit data from session 18); `fresh8_*`: the eighth fresh set's test "
        "part (session 18, qa_fresh8.jsonl: the same shape, written from the documents alone after every "
        "earlier test part had been read; committed before anything was measured on it; read at the end of "
        "session 18, fit data from session 19); `fresh9_*`: the ninth fresh set's test part (session 19, "
        "qa_fresh9.jsonl: the same shape, written from the documents alone after every earlier test part had "
        "been read; committed before anything was measured on it; read at the end of session 19, fit data "
        "from session 20); `fresh10_*`: the tenth fresh set's test part (session 20, qa_fresh10.jsonl: the "
        "same shape, written from the documents alone after every earlier test part had been read; "
        "committed before anything was measured on it; read at the end of session 20, fit data from session "
        "21); `fresh11_*`: the eleventh fresh set's test part (session 21, qa_fresh11.jsonl: the same shape, "
        "written from the documents alone after every earlier test part had been read; committed before "
        "anything was measured on it; read at the end of session 21, fit data from session 22); `fresh12_*`: "
        "the twelfth fresh set's test part (session 22, qa_fresh12.jsonl: the same shape, written from the "
        "documents alone after every earlier test part had been read; committed before anything was measured "
        "on it; read at the end of session 22, fit data from session 23); `fresh13_*`: the thirteenth "
        "fresh set's test part (session 23, qa_fresh13.jsonl: the same shape, written from the documents "
        "alone after every earlier test part had been read; committed before anything was measured on it; "
        "read at the end of session 23, fit data from session 24); `fresh14_*`: the fourteenth fresh set's "
        "test part (session 24, qa_fresh14.jsonl: the same shape, written from the documents alone after "
        "every earlier test part had been read; committed before anything was measured on it; read at the "
        "end of session 24, fit data from session 25); `fresh15_*`: the fifteenth fresh set's test part "
        "(session 25, qa_fresh15.jsonl: the same shape, written from the documents alone after every earlier "
        "test part had been read; committed before anything was measured on it; read at the end of session "
        "25, fit data from session 26); `fresh16_*`: the sixteenth fresh set's test part (session 26, "
        "qa_fresh16.jsonl: the same shape, written from the documents alone after every earlier test part "
        "had been read, at least half its answerable rows asking facts no earlier row's gold names; "
        "committed before anything was measured on it; read at the end of session 26, fit data from session "
        "27); `fresh17_*`: the seventeenth fresh set's test part (session 27, qa_fresh17.jsonl: the same "
        "shape, written from the documents alone after every earlier test part had been read, at least half "
        "its answerable rows asking facts no earlier row's gold names; committed before anything was "
        "measured on it; read at the end of session 27, fit data from session 28); `fresh18_*`: the "
        "eighteenth fresh set's test part (session 28, qa_fresh18.jsonl: the same shape, written from the "
        "documents alone after every earlier test part had been read, at least half its answerable rows "
        "asking facts no earlier row's gold names; committed before anything was measured on it; read at "
        "the end of session 28, fit data from session 29); `fresh19_*`: the nineteenth fresh set's test "
        "part (session 29, qa_fresh19.jsonl: the same shape, written from the documents alone after every "
        "earlier test part had been read, 27 of its 80 answerable rows asking facts no earlier row's gold "
        "names; committed before anything was measured on it; read at the end of session 29, fit data from "
        "session 30); "
        "`unfitted_*`: every held-apart row but the test parts of "
        f"{', '.join(FITTED_TEST_PARTS)} (read, then declared fit data: the headline still counts them); "
        "`*always_abstain*`: "
        "what always abstaining scores; `all_*`: the whole set, calibration half included. "
        "Answer accuracy counts an answer right when it is not an abstention, contains a gold answer "
        "string and cites a gold source. "
        f"Image queries: {images['image_queries']} altered catalog photos ({', '.join(ALTERATIONS)}). "
        "`int8_*`: the same questions on the sample base embedded with int8 MiniLM (its own build, the "
        "same calibration). "
        f"{squad_note}"
    )
    return EvalResult(
        name="qa",
        metrics=metrics,
        targets=targets,
        details={"failures": failures, "heldout": held_out, "images": images},
        notes=notes,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="QA eval on the sample knowledge base")
    parser.add_argument("--calibrate", action="store_true", help="refit the confidence model and threshold")
    parser.add_argument(
        "--leave-out",
        metavar="PART",
        action="append",
        default=[],
        help="with --calibrate: a question file's calibration part kept out of the fit (dev, hard, fresh, "
        "fresh2 .. fresh19; session 30 has no check part); repeat for more",
    )
    parser.add_argument(
        "--pool",
        action="store_true",
        help="with --calibrate: fit on the fit pool (every calibration part but the check part's, plus the "
        "test parts declared fit data: pool16 in session 30), the floor the first of "
        f"{', '.join(map(str, FLOORS))} some threshold keeps (unless --min-precision is given)",
    )
    parser.add_argument(
        "--out",
        metavar="JSON",
        type=Path,
        default=CALIBRATION_FILE,
        help="with --calibrate: where the fitted file is written (default: the shipped calibration.json)",
    )
    parser.add_argument(
        "--reliability",
        metavar="OLD_JSON",
        type=Path,
        help="reliability of the shipped calibration.json beside an older file, on the held-apart half",
    )
    parser.add_argument(
        "--min-precision",
        metavar="P",
        type=float,
        default=0.9,
        help="with --calibrate: the abstention precision the chosen threshold keeps (default 0.9)",
    )
    args = parser.parse_args()
    extra = args.leave_out or args.out != CALIBRATION_FILE or args.min_precision != 0.9 or args.pool
    if extra and not args.calibrate:
        parser.error("--leave-out, --out, --min-precision and --pool go with --calibrate")
    if args.calibrate:
        floors = FLOORS if args.pool and args.min_precision == 0.9 else ()
        try:
            cal = calibrate(args.out, tuple(args.leave_out), args.min_precision, args.pool, floors)
        except ValueError as e:
            parser.error(str(e))
        print(json.dumps(cal.to_json(), indent=2))
        return
    if args.reliability:
        got = reliability({"old": Calibration.load(args.reliability), "shipped": Calibration.load()})
        print(json.dumps(got, indent=2))
        return
    result = run(EvalOptions())
    print(json.dumps(result.to_json(), indent=2, default=str))


__all__ = [
    "ALTERATIONS",
    "CHECK_PART",
    "DEV_PART",
    "DEV_SET",
    "FITTED_TEST_PARTS",
    "FRESH10_SET",
    "FRESH11_SET",
    "FRESH12_SET",
    "FRESH13_SET",
    "FRESH14_SET",
    "FRESH15_SET",
    "FRESH16_SET",
    "FRESH17_SET",
    "FRESH18_SET",
    "FRESH19_SET",
    "FRESH2_SET",
    "FRESH3_SET",
    "FRESH4_SET",
    "FRESH5_SET",
    "FRESH6_SET",
    "FRESH7_SET",
    "FRESH8_SET",
    "FRESH9_SET",
    "FRESH_SET",
    "HARD_SET",
    "INT8_FIGURES",
    "Item",
    "PART_FIGURES",
    "PathDecisions",
    "SQUAD_TARGETS",
    "TARGETS",
    "calibrate",
    "calibration_items",
    "catalog_images",
    "choose_threshold",
    "correct",
    "fit_logistic",
    "load_all",
    "load_dev",
    "main",
    "negative_images",
    "norm",
    "part_figures",
    "path_decisions",
    "percentile",
    "relevant",
    "reliability",
    "round4",
    "run",
    "score_images",
    "score_questions",
    "sentence_correct",
    "short_threshold",
    "squad_figures",
    "summarize",
]


if __name__ == "__main__":
    main()
