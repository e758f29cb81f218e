"""The neural reader's no-answer head, fitted on SQuAD 2.0 questions, people-written unanswerable ones too.

    python -m evals.reader_head --data FILE [FILE ...]   # writes knowledge/neural_reader_head.json

Why: the reader was trained on SQuAD 1.1, which has no unanswerable questions, and its margin (best span over
[CLS]) tells answerable from unanswerable FIT questions with AUC 0.58 only (session 9). The head is a logistic
regression over what the reader computes for each window it reads (the final layer's [CLS] vector, the margin,
the [CLS] and span scores, the largest start and end logits, the span's length; ``neural_reader.SCALARS``),
labelled 1 when the window's best span is a right answer (SQuAD F1 >= 0.5 against a gold answer) and 0
otherwise: every window of an unanswerable question, and every window that retrieval brought but that does not
answer (the open-book hard case: other paragraphs of the same article and of other articles). The questions
are read the way the product reads them: all articles in one base, the retriever's top 4 chunks,
each alone (``Answerer.passages``); every unanswerable question and as many answerable ones (4,000 in all).
The regularisation is chosen by 5-fold cross-validation grouped by article (log loss); then the head is fitted
on all rows. ``--calibrate`` then chooses the head's logit or the margin to rank spans and maps it to
P(right), and reports the FIT articles' AUC of each.

Data (SQuAD 2.0 format, CC BY-SA 4.0), declared before any figure of the head; an article that is one of the
8 eval articles of ``evals/qa_squad.py`` is skipped, never read:
- github PhongNTDo/guide_train_MRC_transformers ``train-v2.0.json``: a 10-article part of SQuAD 2.0 train
  (4,719 questions, 348 unanswerable); sha256 of each file in ``SOURCES``;
- github chrischute/squad ``data/dev-v2.0.json`` (the half of the official dev set that the eval's 8 articles
  were drawn from): its 8 OTHER articles (3,250 questions, 1,609 unanswerable); the eval articles in it are
  skipped by title, never read.
SQuAD 2.0's full train file (40 MB) is not reachable here (mirrors drop files over ~40 MB).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

#: the data the head may be fitted on (file name -> sha256); another file is refused
SOURCES = {
    "PhongNTDo+guide_train_MRC_transformers.json": (
        "53e67dd96e8597a8ef600e795d54d3fdef18486d42721884d38d652e2a2638cb"
    ),
    "chrischute+squad-dev-v2.0.json": "e67e5969b6dc6c1642154740806b79263b77fc048c7c11ee60d534eb48ef81e8",
}
#: the reads each question gets, as (chunks, expand) pairs: the top 4 retrieved chunks, each alone
READS = ((4, 0),)
MAX_QUESTIONS = 4000
RIGHT_F1 = 0.5
C_CHOICES = (0.003, 0.01, 0.03)


@dataclass(frozen=True)
class Question:
    article: str
    question: str
    answers: tuple[str, ...]  # empty: unanswerable


def _title(raw: str) -> str:
    return raw.replace("_", " ").strip()


def load_data(paths: list[Path]) -> tuple[dict[str, list[str]], list[Question], list[str]]:
    """Articles (title -> paragraphs) and questions of SQuAD 2.0 files, the 8 eval articles skipped by title;
    and the titles skipped. A file that is not one of :data:`SOURCES` (by name and sha256) is refused."""
    from evals.qa_squad import FIT_ARTICLES, REPORT_ARTICLES

    held = {t.lower() for t in FIT_ARTICLES + REPORT_ARTICLES}
    articles: dict[str, list[str]] = {}
    questions: list[Question] = []
    skipped: list[str] = []
    for path in paths:
        raw = path.read_bytes()
        if SOURCES.get(path.name) != hashlib.sha256(raw).hexdigest():
            raise SystemExit(f"{path} is not a declared source of the no-answer head (name and sha256)")
        for article in json.loads(raw)["data"]:
            title = _title(article["title"])
            if title.lower() in held:
                skipped.append(title)
                continue
            if title in articles:
                raise SystemExit(f"article {title} is in two files")
            articles[title] = [p["context"] for p in article["paragraphs"]]
            for p in article["paragraphs"]:
                for qa in p["qas"]:
                    answers = () if qa.get("is_impossible") else tuple(a["text"] for a in qa["answers"])
                    questions.append(Question(title, qa["question"], answers))
    return articles, questions, skipped


def open_base(articles: dict[str, list[str]]) -> Any:
    """All the head's articles in one base, as the eval's SQuAD base is built (one markdown file an article,
    its title as heading), cached by content and code."""
    from knowledge import KnowledgeBase
    from knowledge.cache import cache_root
    from knowledge.kb import sample_digest

    h = hashlib.sha256(json.dumps(articles, sort_keys=True).encode()).hexdigest()[:16]
    kb_dir = cache_root() / f"reader-head-kb-{h}"
    if not kb_dir.is_dir():
        tmp = Path(tempfile.mkdtemp(prefix=".reader-head-kb-", dir=cache_root()))
        for i, (title, paragraphs) in enumerate(sorted(articles.items())):
            text = f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"
            (tmp / f"{i:03d}.md").write_text(text, encoding="utf-8")
        tmp.rename(kb_dir)
    target = cache_root() / f"reader-head-base-{sample_digest(kb_dir)}"
    if not (target / "ingested.ok").exists():
        tmp = Path(tempfile.mkdtemp(prefix=".reader-head-build-", dir=cache_root()))
        try:
            with KnowledgeBase.open(tmp, precision="fp32") as kb:
                report = kb.ingest([kb_dir])
                if report.skipped:
                    raise RuntimeError(f"the head's base did not build cleanly: {report.skipped}")
            (tmp / "ingested.ok").write_text("ok\n", encoding="utf-8")
            shutil.rmtree(target, ignore_errors=True)
            tmp.rename(target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    return KnowledgeBase.open(target, precision="fp32", read_only=True)


def span_right(answers: tuple[str, ...], text: str) -> bool:
    from evals.qa_squad import f1

    return bool(answers) and bool(text.strip()) and max(f1(g, text) for g in answers) >= RIGHT_F1


def choose(questions: list[Question], seed: int = 13) -> list[Question]:
    """The questions the head is fitted on: every unanswerable one, and as many answerable ones drawn at
    random (seeded), at most :data:`MAX_QUESTIONS` in all (the eval's own mix is about half and half)."""
    import random

    unans = [q for q in questions if not q.answers]
    ans = [q for q in questions if q.answers]
    keep = min(len(unans), MAX_QUESTIONS // 2)
    rng = random.Random(seed)
    return rng.sample(unans, keep) + rng.sample(ans, min(len(ans), MAX_QUESTIONS - keep))


def cached_passages(kb: Any, questions: list[str], k: int, expand: int) -> list[list[str]]:
    """The passages (as the reader reads them) of each question's top ``k`` chunks; they do not depend on
    the reader's weights, so they are cached by the base, the questions, the read and the retrieval code."""
    from knowledge.cache import cache_root

    code = Path(__file__).resolve().parents[1] / "knowledge"
    h = hashlib.sha256(f"{kb.directory}|{k}|{expand}".encode())
    for q in questions:
        h.update(q.encode() + b"\x00")
    names = ("retrieve.py", "answer.py", "lexical.py", "embed.py", "ingest.py")
    for f in [*(code / name for name in names), *sorted(code.glob("store/*.py"))]:
        h.update(f.read_bytes())
    cache = cache_root() / f"reader-passages-{h.hexdigest()[:16]}.json"
    if cache.is_file():
        return list(json.loads(cache.read_text(encoding="utf-8")))
    answerer = kb._answerer
    out = [[p for _, p in answerer.passages(q, "", k, expand)] for q in questions]
    cache.write_text(json.dumps(out), encoding="utf-8")
    return out


def read(kb: Any, questions: list[Question], reads: tuple[tuple[int, int], ...] = READS) -> dict[str, Any]:
    """Every window the reader keeps for each question and read (its features, margin, label), with the
    question's index and whether the question is answerable."""
    from knowledge import neural_reader

    model = neural_reader.load()
    x, y, margin, qid = [], [], [], []
    texts = [q.question for q in questions]
    got = [cached_passages(kb, texts, k, e) for k, e in reads]
    for n, q in enumerate(questions):
        for passages in got:
            for s in model.spans(q.question, passages[n]):
                x.append(s.features)
                y.append(float(span_right(q.answers, s.text)))
                margin.append(s.margin)
                qid.append(n)
    return {
        "x": np.array(x, dtype=np.float32),
        "y": np.array(y),
        "margin": np.array(margin),
        "qid": np.array(qid),
        "answerable": np.array([bool(q.answers) for q in questions]),
    }


def _question_auc(scores: np.ndarray, qid: np.ndarray, answerable: np.ndarray) -> float:
    """AUC of each question's best window score for answerable (positive) against unanswerable."""
    from sklearn.metrics import roc_auc_score

    best = np.full(len(answerable), -np.inf)
    np.maximum.at(best, qid, scores)
    seen = np.isfinite(best)
    return float(roc_auc_score(answerable[seen], best[seen]))


def fit(rows: dict[str, Any], groups: np.ndarray) -> tuple[Any, dict[str, Any]]:
    """The head: C by grouped 5-fold cross-validation (log loss), then fitted on all rows. Also the
    cross-validated question-level AUCs (answerable vs unanswerable) of the margin and of the head."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import log_loss
    from sklearn.model_selection import GroupKFold

    from knowledge.neural_reader import NoAnswerHead

    x, y = rows["x"].astype(np.float64), rows["y"]
    mean, std = x.mean(axis=0), np.maximum(x.std(axis=0), 1e-6)
    z = (x - mean) / std
    folds = list(GroupKFold(n_splits=5).split(z, y, groups))
    losses: dict[float, float] = {}
    oof: dict[float, np.ndarray] = {}
    for c in C_CHOICES:
        pred = np.zeros(len(y))
        for train, test in folds:
            lr = LogisticRegression(C=c, max_iter=3000).fit(z[train], y[train])
            pred[test] = lr.decision_function(z[test])
        oof[c] = pred
        losses[c] = float(log_loss(y, 1 / (1 + np.exp(-pred))))
    c = min(losses, key=lambda k: losses[k])
    lr = LogisticRegression(C=c, max_iter=3000).fit(z, y)
    head = NoAnswerHead(lr.coef_[0].astype(np.float64), float(lr.intercept_[0]), mean, std)
    cv = {
        "C": c,
        "log_loss_by_C": losses,
        "cv_question_auc_margin": _question_auc(rows["margin"], rows["qid"], rows["answerable"]),
        "cv_question_auc_head": _question_auc(oof[c], rows["qid"], rows["answerable"]),
        "windows": len(y),
        "right_windows": int(y.sum()),
    }
    return head, cv


def fit_head(paths: list[Path]) -> dict[str, Any]:
    from knowledge import neural_reader

    t0 = time.time()
    articles, everything, skipped = load_data(paths)
    questions = choose(everything)
    kb = open_base(articles)
    try:
        rows = read(kb, questions)
    finally:
        kb.close()
    groups = np.array([questions[i].article for i in rows["qid"]])
    head, cv = fit(rows, groups)
    unanswerable = sum(1 for q in questions if not q.answers)
    note = (
        f"fitted on {len(articles)} SQuAD 2.0 articles ({len(questions)} questions, {unanswerable} "
        f"unanswerable; files {', '.join(p.name for p in paths)}; "
        f"eval articles skipped: {', '.join(skipped)}); "
        f"reads {READS}; C {cv['C']}"
    )
    head = neural_reader.NoAnswerHead(head.weights, head.bias, head.mean, head.std, note)
    neural_reader.HEAD_FILE.write_text(json.dumps(head.to_json()) + "\n", encoding="utf-8")
    getattr(neural_reader.load, "cache_clear", lambda: None)()  # the next load() reads the new head
    return {**cv, "note": note, "seconds": round(time.time() - t0)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, nargs="+", required=True, help="SQuAD 2.0 files (in SOURCES)")
    args = ap.parse_args(argv)
    print(json.dumps(fit_head(args.data), indent=2), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
