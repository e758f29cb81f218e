"""The gate's fit rows (``python -m evals.gate_fit collect``): each fit question run through the default
path's evidence step, with what the gate reads of it and its label.

A row keeps the calibration's probability, whether a hard gate abstains anyway, what the neural reader says
about the cited chunk (``gate.read_cited``) and over the top :data:`TOP_CHUNKS` chunks, what the lexical
signals are computed from (:func:`relex` computes them again), and the label. The questions are the declared
fit data only: the SQuAD FIT articles and the sample base's calibration parts (:func:`sample_items`); never a
report or held-apart question.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from knowledge import gate, neural_reader
from knowledge.answer import RULE_KINDS, _tidy, heading_answer, question_terms, typed_enough

#: the reader's chunks over which the "top 4" signal is taken (as the neural reader's own calibration reads)
TOP_CHUNKS = 4


def _short(evidence: Any, read: gate.CitedRead | None) -> str:
    """``Answer.short`` as the default path ("typed") gives it, from the read of the cited chunk."""
    if evidence.short and (evidence.kind in RULE_KINDS or evidence.from_heading):
        return str(evidence.short)
    text = _tidy(read.text) if read is not None and read.text else ""
    return text if text and text in evidence.sentence else str(evidence.short)


def question_row(
    kb: Any, model: neural_reader.NeuralReader, question: str, top: bool = True
) -> dict[str, Any]:
    """One question's gate inputs on ``kb``'s default path (no label)."""
    answerer = kb._answerer
    ev = kb.evidence(question)
    if ev is None:
        return {"evidence": False, "forced": True, "p": 0.0, "signals": {}, "prediction": ""}
    p = answerer.calibration.probability(ev.features)
    context = str(ev.hit.metadata.get("context", ""))
    leaf = gate.heading_leaf(context)
    lexical = answerer.retriever.store.lexical
    top_idf = lexical.idf("\x00") or 1.0
    terms = question_terms(question)
    idf = {t: lexical.idf(t) / top_idf for t in terms}
    # as Answerer.cited_read reads it, with the chunk's best span too
    read = gate.read_cited(
        model, question, ev.sentence, leaf, ev.hit.text, whole=True, terms=terms, context=context,
        idf=idf.__getitem__,
    )  # fmt: skip
    ev = heading_answer(question, ev)  # what the path says once it answers (session 13)
    row: dict[str, Any] = {
        "evidence": True,
        "forced": not typed_enough(ev),
        "p": p,
        "signals": dict(read.signals) if read is not None else {},
        "sentence": ev.sentence,
        "source": ev.hit.source,
        "span": ev.hit.span,
        "prediction": _short(ev, read) or ev.sentence,
        "kind": ev.kind,
        # what the lexical signals are computed from (``relex`` recomputes them from these)
        "lex": {
            "question": question, "terms": terms, "idf": idf, "sentence": ev.sentence,
            "chunk": ev.hit.text, "context": context or leaf, "span": read.text if read is not None else "",
        },
        "features": {k: float(v) for k, v in ev.features.items()},
    }  # fmt: skip
    if top:
        found = model.spans(question, [p_ for _, p_ in answerer.passages(question, k=TOP_CHUNKS)])
        row["top_score"] = max((s.score for s in found), default=-10.0)
        row["top_margin"] = max((s.margin for s in found), default=-20.0)
    return row


#: the sample base's parts kept out of the session-14 pool: fresh4's calibration part is the check the
#: gate's signals carry (session 14), fresh5's the check of session 15's rule changes, fresh6's session 16's,
#: fresh7's session 17's, fresh8's session 18's, fresh9's session 19's, fresh10's session 20's, fresh11's
#: session 21's, fresh12's session 22's, fresh13's session 23's, fresh14's session 24's, fresh15's session
#: 25's, fresh16's session 26's, fresh17's session 27's, fresh18's session 28's, fresh19's session 29's: never
#: fitted on there (the session's check part, if any, is held beside them as :data:`evals.qa.CHECK_PART`;
#: session 30 has none)
SESSION14_HELD = (
    "fresh4",
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
    "fresh16",
    "fresh17",
    "fresh18",
    "fresh19",
)


def sample_items(pool: bool = False) -> list[Any]:
    """The sample base's questions the gate is fitted on: the calibration parts but :data:`SESSION14_HELD`'s
    and the check part's (the pool of session 14), or with ``pool`` (session 21, brief A2) the fit pool
    (``qa_calibration.fit_pool``: every calibration part but the check part's, plus the test parts declared
    fit data)."""
    from evals import qa
    from evals.qa_calibration import fit_pool

    if pool:
        return fit_pool(qa.load_all())
    held = (*SESSION14_HELD, *((qa.CHECK_PART,) if qa.CHECK_PART is not None else ()))
    return [i for i in qa.load_all() if i.split == "calibration" and i.part not in held]


def sample_row(kb: Any, model: neural_reader.NeuralReader, it: Any, top: bool = True) -> dict[str, Any]:
    """One sample question's row, labelled (the evidence sentence holds a gold answer and cites a gold
    source), with its quarter by id hash: its parity is session 12's half (2-fold CV), the quarter the
    4-fold CV's."""
    from evals import qa

    row = question_row(kb, model, it.question, top=top)
    right = bool(
        row["evidence"]
        and it.answerable
        and qa.sentence_correct(row["sentence"], row["source"], row["span"], it)
    )
    fold = hashlib.sha1(it.id.encode()).digest()[1] % 4
    return {
        **row, "data": "sample", "id": it.id, "group": f"sample{fold}", "answerable": it.answerable,
        "f1": float(right), "right": float(right), "part": it.part or "dev",
    }  # fmt: skip


def squad_rows(model: neural_reader.NeuralReader, top: bool = True) -> list[dict[str, Any]]:
    """The SQuAD FIT half's rows (none, said on stderr, where the SQuAD data is absent)."""
    from evals import qa_squad

    rows: list[dict[str, Any]] = []
    if qa_squad.available():
        print(qa_squad.available(), file=sys.stderr)
        return rows
    kb = qa_squad.open_base(reader="0")
    for item in [i for i in qa_squad.load_questions() if i.split == "fit"]:
        row = question_row(kb, model, item.question, top=top)
        f1 = qa_squad.score(item, row["prediction"])[1] if item.answerable else 0.0
        rows.append(
            {**row, "data": "squad", "id": item.id, "group": item.article, "answerable": item.answerable,
             "f1": f1, "right": float(item.answerable and f1 >= 0.5)}
        )  # fmt: skip
    kb.close()
    return rows


def collect(out: Path, pool: bool = False, top: bool = True) -> list[dict[str, Any]]:
    """The fit rows (SQuAD FIT, then the sample's :func:`sample_items`), written to ``out``."""
    from knowledge.kb import KnowledgeBase

    model = neural_reader.load()
    rows = squad_rows(model, top)
    shared = KnowledgeBase.open_sample()
    sample = KnowledgeBase.open(shared.directory, precision="fp32", read_only=True)
    rows += [sample_row(sample, model, it, top) for it in sample_items(pool)]
    sample.close()
    out.write_text(json.dumps(rows) + "\n", encoding="utf-8")
    return rows


def relex(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with their lexical signals computed again from what ``collect`` kept (``gate.lexical_signals``
    as the answer path computes them), so that a change of those signals needs no second collect."""
    for r in rows:
        lex = r.get("lex")
        if lex and r["signals"]:
            idf: dict[str, float] = lex["idf"]
            r["signals"].update(
                gate.lexical_signals(
                    lex["question"], lex["terms"], lex["sentence"], lex["chunk"], lex["context"],
                    idf.__getitem__, lex["span"],
                )
            )  # fmt: skip
    return rows
