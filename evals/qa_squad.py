"""The external track of `persona eval qa`: SQuAD 2.0 articles nobody here wrote, open book.

All paragraphs of the 8 articles in ``../shared/data/qa/squad2_dev`` go into one base; every question is asked
against the whole base. Scoring is the official SQuAD 2.0 one (answer normalisation: lower case, no
punctuation, no articles, single spaces; EM and token F1 against the best gold answer; an unanswerable
question scores 1 when the reader abstains and 0 otherwise).

Split, declared before anything was fitted: thresholds, weights, rules and model selection are fitted on the
FIT articles only; the REPORT articles are the headline and nothing is fitted or tuned on them.

    python -m evals.qa_squad [--short typed | --neural] [--halves fit|report|report,fit]

The command scores the FIT half unless the REPORT half is named (``--halves report`` or ``report,fit``;
until session 18 the default was the REPORT half, a trap for anyone fitting). ``persona eval qa`` reads both
halves.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import string
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from knowledge import Answer, KnowledgeBase, gate
from knowledge.answer import READER_ENV, SHORT_ENV, SHORT_MODES
from knowledge.cache import cache_root
from knowledge.kb import sample_digest

SQUAD_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "qa" / "squad2_dev"

#: Articles every threshold, weight and rule of the reader may be fitted on (1,407 questions).
FIT_ARTICLES = ("Normans", "Huguenot", "French and Indian War", "Packet switching")
#: Articles the headline figures are reported on; never fitted on, never read for errors (1,421 questions).
REPORT_ARTICLES = ("1973 oil crisis", "Imperialism", "Scottish Parliament", "Yuan dynasty")


# --- data -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SquadItem:
    id: str
    article: str
    question: str
    answers: tuple[str, ...]

    @property
    def answerable(self) -> bool:
        return bool(self.answers)

    @property
    def split(self) -> str:
        return "fit" if self.article in FIT_ARTICLES else "report"


def available(directory: Path = SQUAD_DIR) -> str:
    """ "" when the SQuAD data is there, else the reason the track is skipped."""
    if not (directory / "questions.jsonl").is_file() or not (directory / "kb").is_dir():
        return f"SQuAD 2.0 track skipped: {directory} is absent (it lives in ../shared, beside the checkout)"
    return ""


def load_questions(directory: Path = SQUAD_DIR) -> list[SquadItem]:
    items = []
    for line in (directory / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            answers = () if d["is_impossible"] else tuple(d["answers"])
            items.append(SquadItem(d["id"], d["article"], d["question"], answers))
    articles = {i.article for i in items}
    if articles != set(FIT_ARTICLES) | set(REPORT_ARTICLES):
        raise ValueError(f"{directory}: articles {sorted(articles)} are not the declared split")
    return items


def open_base(directory: Path = SQUAD_DIR, reader: bool | str = False) -> KnowledgeBase:
    """All 8 articles in one base (open book), built once into the cache and reused (read-only); with
    ``reader``, answering with the span reader (``PERSONA_READER=1``) rather than the sentence scorer, or
    with ``reader="neural"`` the neural reader (``PERSONA_READER=neural``)."""
    target = cache_root() / f"squad2-{sample_digest(directory / 'kb')}"  # files, format, model, code
    if not (target / "ingested.ok").exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".squad-build-", dir=target.parent))
        try:
            with KnowledgeBase.open(tmp, precision="fp32") as kb:
                report = kb.ingest([directory / "kb"])
                if report.skipped:
                    raise RuntimeError(f"the SQuAD base did not build cleanly: {report.skipped}")
            (tmp / "ingested.ok").write_text("ok\n", encoding="utf-8")
            try:
                tmp.rename(target)
            except OSError:  # another process built it first
                shutil.rmtree(tmp, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    install_gate(target)
    before = os.environ.get(READER_ENV)
    os.environ[READER_ENV] = reader if isinstance(reader, str) else ("1" if reader else "0")
    try:
        return KnowledgeBase.open(target, precision="fp32", read_only=True)
    finally:
        if before is None:
            del os.environ[READER_ENV]
        else:
            os.environ[READER_ENV] = before


#: the SQuAD base's own gate (docs/knowledge.md "Session 19, brief Q"), fitted on the FIT articles' questions
#: only by ``python -m evals.gate_fit fit-base``; the REPORT articles are the same base's unseen questions
SQUAD_GATE = Path(__file__).with_name("data") / "squad_gate.json"


def install_gate(target: Path, source: Path = SQUAD_GATE) -> None:
    """Put ``source`` in the built base ``target`` as the base's own gate (``gate.load_gate_for``), or take
    the base's copy away where there is no ``source``: the base answers with the gate this tree ships."""
    own = target / gate.BASE_GATE
    if not source.is_file():
        own.unlink(missing_ok=True)
        return
    data = source.read_bytes()
    if own.is_file() and own.read_bytes() == data:
        return
    fd, tmp = tempfile.mkstemp(prefix=".gate-", dir=target)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, own)


# --- official SQuAD 2.0 scoring ---------------------------------------------------------------------------


def normalize_answer(text: str) -> str:
    """The official normalisation: lower case, punctuation and articles removed, whitespace collapsed."""
    text = text.lower()
    text = "".join(ch for ch in text if ch not in _PUNCT)
    text = re.sub(r"\b(a|an|the)\b", " ", text)
    return " ".join(text.split())


_PUNCT = set(string.punctuation)


def exact(gold: str, pred: str) -> float:
    return float(normalize_answer(gold) == normalize_answer(pred))


def f1(gold: str, pred: str) -> float:
    g, p = normalize_answer(gold).split(), normalize_answer(pred).split()
    if not g or not p:
        return float(g == p)
    common = Counter(g) & Counter(p)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(p), same / len(g)
    return 2 * precision * recall / (precision + recall)


def score(item: SquadItem, prediction: str) -> tuple[float, float]:
    """(EM, F1) of one prediction; "" is an abstention (right on an unanswerable question)."""
    golds = item.answers or ("",)
    return max(exact(g, prediction) for g in golds), max(f1(g, prediction) for g in golds)


def prediction(answer: Answer) -> str:
    """What the reader says, as SQuAD scores it: the short span, else the sentence; "" when it abstains."""
    if answer.abstained:
        return ""
    return answer.short or answer.text


def summarize(rows: list[tuple[SquadItem, str]]) -> dict[str, Any]:
    """Official EM/F1 overall, F1 on answerable questions, abstention P/R, and the always-abstain floor."""
    n = len(rows)
    ems, f1s = zip(*(score(i, p) for i, p in rows), strict=True) if rows else ((), ())
    answerable = [k for k, (i, _) in enumerate(rows) if i.answerable]
    abstained = [k for k, (_, p) in enumerate(rows) if not p]
    right_abstain = [k for k in abstained if not rows[k][0].answerable]
    unanswerable = n - len(answerable)
    return {
        "questions": n,
        "unanswerable": unanswerable,
        "em": sum(ems) / n if n else 0.0,
        "f1": sum(f1s) / n if n else 0.0,
        "answerable_em": sum(ems[k] for k in answerable) / len(answerable) if answerable else 0.0,
        "answerable_f1": sum(f1s[k] for k in answerable) / len(answerable) if answerable else 0.0,
        "abstention_precision": len(right_abstain) / len(abstained) if abstained else None,
        "abstention_recall": len(right_abstain) / unanswerable if unanswerable else None,
        "abstention_rate": len(abstained) / n if n else 0.0,
        "always_abstain_f1": unanswerable / n if n else 0.0,
    }


def run_track(kb: KnowledgeBase, items: list[SquadItem]) -> dict[str, Any]:
    """Every question against the whole base; the two halves' figures, latencies and per-item rows."""
    rows: list[tuple[SquadItem, str]] = []
    latencies = []
    for item in items:
        t0 = time.perf_counter()
        answer = kb.answer(item.question)
        latencies.append((time.perf_counter() - t0) * 1000)
        rows.append((item, prediction(answer)))
    halves = {split: summarize([(i, p) for i, p in rows if i.split == split]) for split in ("report", "fit")}
    return {
        "report": halves["report"],
        "fit": halves["fit"],
        "p50_ms": float(np.percentile(latencies, 50)) if latencies else 0.0,
        "p95_ms": float(np.percentile(latencies, 95)) if latencies else 0.0,
        "rows": rows,
    }


#: the sample base's half that goes with each SQuAD half: FIT - calibration half, REPORT - held-apart half
SAMPLE_HALF = {"fit": "calibration", "report": "test"}


def _sample_rows(reader: str, split: str) -> list[dict[str, Any]]:
    """The sample base's rows of one half, answered by ``reader`` (a ``PERSONA_READER`` value; "0" is the
    sentence scorer, the default path) on its own instance of the base (the shared one answers with whatever
    path opened it)."""
    from evals import qa

    before = os.environ.get(READER_ENV)
    os.environ[READER_ENV] = reader
    try:
        shared = KnowledgeBase.open_sample()
        sample = KnowledgeBase.open(shared.directory, precision="fp32", read_only=True)
    finally:
        if before is None:
            del os.environ[READER_ENV]
        else:
            os.environ[READER_ENV] = before
    try:
        return list(qa.score_questions(sample, [i for i in qa.load_dev() if i.split == split])["rows"])
    finally:
        sample.close()


def neural_figures(halves: tuple[str, ...] = ("fit",), default: bool = True) -> dict[str, Any]:
    """The neural reader (opt-in, ``PERSONA_READER=neural``) on the SQuAD halves asked for and on the sample
    base's matching halves (FIT: the calibration half; REPORT: the held-apart half), with the always-abstain
    floor beside each and, with ``default``, the sentence scorer (the default path, ``PERSONA_READER=0``) on
    the same questions in the same run. A half not asked for is not read (``--halves fit`` reads no report
    part). Slow on 2 cores: minutes."""
    from evals import qa

    unknown = set(halves) - set(SAMPLE_HALF)
    if unknown:
        raise ValueError(f"unknown halves {sorted(unknown)}: use report, fit or both")
    out: dict[str, Any] = {}
    items = [i for i in load_questions() if i.split in halves]
    for name, reader in [("neural", "neural"), *([("default", "0")] if default else [])]:
        kb = open_base(reader=reader)
        got = run_track(kb, items)
        kb.close()
        for half in halves:
            out[f"{name}_squad_{half}"] = got[half]
        out[f"{name}_squad_p95_ms"] = got["p95_ms"]
        for half in halves:
            rows = _sample_rows(reader, SAMPLE_HALF[half])
            figures = qa.summarize(rows)
            figures["answer_p95_ms"] = float(np.percentile([r["ms"] for r in rows], 95))
            figures["always_abstain_abstention_recall"] = 1.0
            out[f"{name}_sample_{SAMPLE_HALF[half]}"] = figures
    return out


def short_accuracy(rows: list[dict[str, Any]]) -> float | None:
    """Of the answerable questions answered, the share whose ``short`` holds a gold answer or is held by one
    (normalised as ``evals.qa`` does); an empty ``short`` counts as wrong. None when none was answered."""
    from evals import qa

    answered = [r for r in rows if r["item"].answerable and not r["answer"].abstained]
    ok = [
        r
        for r in answered
        if (s := qa.norm(r["answer"].short))
        and any(qa.norm(a) in s or s in qa.norm(a) for a in r["item"].answers)
    ]
    return len(ok) / len(answered) if answered else None


def short_figures(halves: tuple[str, ...] = ("fit",), modes: tuple[str, ...] = SHORT_MODES) -> dict[str, Any]:
    """The default path (``PERSONA_READER`` unset) with each ``PERSONA_SHORT`` mode (where ``Answer.short``
    comes from: the rules, the neural reader's span inside the answer sentence, or that span only where the
    rules find none), on the SQuAD halves asked for and the sample base's matching halves, in one process.
    A half not asked for is not read."""
    from evals import qa

    unknown = set(halves) - set(SAMPLE_HALF)
    if unknown:
        raise ValueError(f"unknown halves {sorted(unknown)}: use report, fit or both")
    bad = set(modes) - set(SHORT_MODES)
    if bad:
        raise ValueError(f"unknown short modes {sorted(bad)}: use {', '.join(SHORT_MODES)}")
    out: dict[str, Any] = {}
    items = [i for i in load_questions() if i.split in halves]
    before = os.environ.get(SHORT_ENV)
    try:
        for mode in modes:
            os.environ[SHORT_ENV] = mode
            kb = open_base(reader="0")
            kb.warm()
            kb.answer("warm up the reader?")
            got = run_track(kb, items)
            kb.close()
            for half in halves:
                out[f"{mode}_squad_{half}"] = got[half]
            out[f"{mode}_squad_p50_ms"] = got["p50_ms"]
            out[f"{mode}_squad_p95_ms"] = got["p95_ms"]
            for half in halves:
                rows = _sample_rows("0", SAMPLE_HALF[half])
                figures = qa.summarize(rows)
                figures["short_accuracy_answered"] = short_accuracy(rows)
                figures["answer_p95_ms"] = float(np.percentile([r["ms"] for r in rows], 95))
                out[f"{mode}_sample_{SAMPLE_HALF[half]}"] = figures
    finally:
        if before is None:
            os.environ.pop(SHORT_ENV, None)
        else:
            os.environ[SHORT_ENV] = before
    return out


#: the halves the command scores unless told otherwise: the FIT half only (the REPORT half only when named)
DEFAULT_HALVES = "fit"


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description="SQuAD 2.0 open-book track")
    ap.add_argument(
        "--neural",
        action="store_true",
        help="the neural reader, with the default path beside it in the same run",
    )
    ap.add_argument(
        "--halves",
        default=DEFAULT_HALVES,
        help="fit (default), report or report,fit: the REPORT half is scored only when named here",
    )
    ap.add_argument("--no-default", action="store_true", help="with --neural: leave the default path out")
    ap.add_argument(
        "--short",
        default="",
        help="the default path alone with these PERSONA_SHORT modes (comma-separated: rules, neural, fill, "
        "typed; typed is the default path's), on --halves (e.g. --short typed)",
    )
    return ap


def main(argv: list[str] | None = None) -> None:
    reason = available()
    if reason:
        print(reason)
        return
    ap = parser()
    args = ap.parse_args(argv)
    halves = tuple(h for h in args.halves.split(",") if h)
    unknown = set(halves) - set(SAMPLE_HALF)
    if unknown or not halves:
        ap.error(f"--halves: unknown halves {sorted(unknown)}: use fit, report or report,fit")
    if args.short:
        got = short_figures(halves, tuple(args.short.split(",")))
        print(json.dumps(got, indent=2, default=str))
        return
    if args.neural:
        got = neural_figures(halves, default=not args.no_default)
        print(json.dumps(got, indent=2, default=str))
        return
    items = [i for i in load_questions() if i.split in halves]  # a half not asked for is not read
    for reader in (False, True):
        kb = open_base(reader=reader)
        kb.warm()
        got = run_track(kb, items)
        got.pop("rows")
        for half in set(SAMPLE_HALF) - set(halves):
            got.pop(half)
        print("span reader" if reader else "sentence scorer (default)", json.dumps(got, indent=2))


if __name__ == "__main__":
    main()
