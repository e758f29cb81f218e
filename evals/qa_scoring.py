"""How ``persona eval qa`` scores an answer and a search (a gold answer string and a gold source), runs
the questions and sums their rows up, overall and by question file. Moved out of ``evals/qa.py`` (session
19, brief R), unchanged; ``evals.qa`` re-exports every name."""

from __future__ import annotations

import re
import time
from typing import Any

import numpy as np

from evals.qa_parts import FITTED_TEST_PARTS, Item
from knowledge import Answer, Citation, Hit, KnowledgeBase
from knowledge.nlp import fold


def norm(text: str) -> str:
    text = fold(text).lower().replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"[^a-z0-9$%:.,'\- ]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def relevant(hit: Hit, item: Item) -> bool:
    """A retrieved chunk counts when it comes from a gold source and holds an answer string."""
    text = norm(hit.text + " " + str(hit.metadata.get("context", "")))
    return hit.source in item.sources and any(norm(a) in text for a in item.answers)


def correct(answer: Answer, item: Item) -> bool:
    if answer.abstained or not item.answerable:
        return False
    text = norm(answer.text)
    cited = norm(" ".join(c.span for c in answer.citations))
    return (
        any(norm(a) in text for a in item.answers)
        and (not item.evidence or norm(item.evidence) in f"{text} {cited}")
        and any(c.source in item.sources for c in answer.citations)
    )


def sentence_correct(sentence: str, source: str, span: str, item: Item) -> bool:
    """The same test as :func:`correct`, on an evidence sentence (for calibration labels)."""
    return correct(Answer(sentence, False, 1.0, [Citation(source, span, sentence)]), item)


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else 0.0


def score_questions(kb: KnowledgeBase, items: list[Item]) -> dict[str, Any]:
    """Run search and answer on every item; return per-item rows."""
    rows = []
    for item in items:
        t0 = time.perf_counter()
        answer = kb.answer(item.question)
        latency = (time.perf_counter() - t0) * 1000
        hits = kb.search(item.question, k=10)
        rank = (
            next((i + 1 for i, h in enumerate(hits) if relevant(h, item)), None) if item.answerable else None
        )
        rows.append(
            {"item": item, "answer": answer, "rank": rank, "ms": latency, "correct": correct(answer, item)}
        )
    return {"rows": rows}


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures of some rows; ``abstention_precision`` is None (undefined) when none was abstained on."""
    answerable = [r for r in rows if r["item"].answerable]
    unanswerable = [r for r in rows if not r["item"].answerable]
    abstained = [r for r in rows if r["answer"].abstained]
    right_abstain = [r for r in abstained if not r["item"].answerable]
    typed = [r for r in answerable if r["answer"].short and not r["answer"].abstained]
    span_ok = [
        r
        for r in typed
        if any(
            norm(a) in norm(r["answer"].short) or norm(r["answer"].short) in norm(a)
            for a in r["item"].answers
        )
    ]
    return {
        "questions": len(rows),
        "answerable": len(answerable),
        "recall_at_5": sum(1 for r in answerable if r["rank"] and r["rank"] <= 5) / max(len(answerable), 1),
        "mrr_at_10": sum(1 / r["rank"] for r in answerable if r["rank"]) / max(len(answerable), 1),
        "answer_accuracy": sum(r["correct"] for r in answerable) / max(len(answerable), 1),
        "abstention_precision": len(right_abstain) / len(abstained) if abstained else None,
        "abstention_recall": len(right_abstain) / max(len(unanswerable), 1),
        "answered_wrong": sum(1 for r in answerable if not r["correct"] and not r["answer"].abstained)
        + sum(1 for r in unanswerable if not r["answer"].abstained),
        "short_span_accuracy": len(span_ok) / max(len(typed), 1),
    }


def round4(value: Any) -> Any:
    """A float rounded to 4 places as the figures show it; anything else as it is."""
    return round(value, 4) if isinstance(value, float) else value


PART_FIGURES = ("answer_accuracy", "abstention_precision", "abstention_recall", "answered_wrong")


def part_figures(test: list[dict[str, Any]]) -> dict[str, Any]:
    """The held-apart rows by question file: ``dev_*`` the 142 of qa_dev.jsonl (the headline of sessions
    5-9), ``hard_*`` the near-miss set's test part, ``fresh_*`` the fresh near-miss set's (session 11),
    ``fresh2_*`` the second fresh set's (session 12), ``fresh3_*`` the third's (session 13), ``fresh4_*`` the
    fourth's (session 14), ``fresh5_*`` the fifth's (session 15), ``fresh6_*`` the sixth's (session 16),
    ``fresh7_*`` the seventh's (session 17), ``fresh8_*`` the eighth's (session 18), ``fresh9_*`` the ninth's
    (session 19), ``fresh10_*`` the tenth's (session 20), ``fresh11_*`` the eleventh's (session 21),
    ``fresh12_*`` the twelfth's (session 22), ``fresh13_*`` the thirteenth's (session 23), ``fresh14_*`` the
    fourteenth's (session 24), ``fresh15_*`` the fifteenth's (session 25), ``fresh16_*`` the sixteenth's
    (session 26), ``fresh17_*`` the seventeenth's (session 27), ``fresh18_*`` the eighteenth's (session 28),
    ``fresh19_*`` the nineteenth's (session 29's report part), and their abstention recall by kind of near
    miss;
    ``unfitted_*`` every held-apart row but those of :data:`FITTED_TEST_PARTS` (test parts read and then
    declared fit data: the headline still counts them), with its count of answerable rows; beside each, what
    always saying "I don't know" scores (abstention precision = the share unanswerable)."""
    out: dict[str, Any] = {}
    parts = {
        "dev": [r for r in test if not r["item"].part],
        "hard": [r for r in test if r["item"].part == "hard"],
        "fresh": [r for r in test if r["item"].part == "fresh"],
        "fresh2": [r for r in test if r["item"].part == "fresh2"],
        "fresh3": [r for r in test if r["item"].part == "fresh3"],
        "fresh4": [r for r in test if r["item"].part == "fresh4"],
        "fresh5": [r for r in test if r["item"].part == "fresh5"],
        "fresh6": [r for r in test if r["item"].part == "fresh6"],
        "fresh7": [r for r in test if r["item"].part == "fresh7"],
        "fresh8": [r for r in test if r["item"].part == "fresh8"],
        "fresh9": [r for r in test if r["item"].part == "fresh9"],
        "fresh10": [r for r in test if r["item"].part == "fresh10"],
        "fresh11": [r for r in test if r["item"].part == "fresh11"],
        "fresh12": [r for r in test if r["item"].part == "fresh12"],
        "fresh13": [r for r in test if r["item"].part == "fresh13"],
        "fresh14": [r for r in test if r["item"].part == "fresh14"],
        "fresh15": [r for r in test if r["item"].part == "fresh15"],
        "fresh16": [r for r in test if r["item"].part == "fresh16"],
        "fresh17": [r for r in test if r["item"].part == "fresh17"],
        "fresh18": [r for r in test if r["item"].part == "fresh18"],
        "fresh19": [r for r in test if r["item"].part == "fresh19"],
        "unfitted": [r for r in test if r["item"].part not in FITTED_TEST_PARTS],
        "": test,
    }
    for name, part in parts.items():
        prefix = f"{name}_" if name else ""
        if name and part:
            got = summarize(part)
            out.update({f"{prefix}{k}": round4(got[k]) for k in PART_FIGURES})
            out[f"{prefix}questions"] = len(part)
            if name == "unfitted":
                out[f"{prefix}answerable"] = got["answerable"]
        if part:
            share = sum(not r["item"].answerable for r in part) / len(part)
            out[f"{prefix}always_abstain_abstention_precision"] = round4(share)
    for name in ("hard", "fresh", *(f"fresh{k}" for k in range(2, 20))):
        for kind in sorted({r["item"].kind for r in parts[name]}):
            unanswerable = [r for r in parts[name] if r["item"].kind == kind and not r["item"].answerable]
            if unanswerable:
                got = sum(r["answer"].abstained for r in unanswerable) / len(unanswerable)
                out[f"{name}_{kind}_abstention_recall"] = round4(got)
    return out


__all__ = [
    "PART_FIGURES",
    "correct",
    "norm",
    "part_figures",
    "percentile",
    "relevant",
    "round4",
    "score_questions",
    "sentence_correct",
    "summarize",
]
