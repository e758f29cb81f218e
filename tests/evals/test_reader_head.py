"""The neural reader's no-answer head (evals/reader_head.py): declared data only, eval articles never read,
and a fit that finds a signal the margin does not carry."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from evals import reader_head
from knowledge.neural_reader import SCALARS, NoAnswerHead, ReaderUnavailable


def _squad2(titles: list[str]) -> bytes:
    data = []
    for t in titles:
        ctx = f"{t} was founded in 1901 by Ada Lovelace in a small town."
        qas = [
            {
                "question": f"When was {t} founded?",
                "answers": [{"text": "1901", "answer_start": ctx.index("1901")}],
            },
            {"question": f"Who closed {t}?", "answers": [], "is_impossible": True},
        ]
        data.append({"title": t, "paragraphs": [{"context": ctx, "qas": qas}]})
    return json.dumps({"version": "v2.0", "data": data}).encode()


def test_eval_articles_are_skipped_and_undeclared_files_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = _squad2(["Normans", "Tiny_Topic", "Yuan_dynasty"])
    path = tmp_path / "part.json"
    path.write_bytes(raw)
    monkeypatch.setattr(reader_head, "SOURCES", {"part.json": hashlib.sha256(raw).hexdigest()})
    articles, questions, skipped = reader_head.load_data([path])
    assert list(articles) == ["Tiny Topic"] and skipped == ["Normans", "Yuan dynasty"]
    assert {q.article for q in questions} == {"Tiny Topic"} and [bool(q.answers) for q in questions] == [
        True,
        False,
    ]
    path.write_bytes(raw + b" ")  # same name, other bytes
    with pytest.raises(SystemExit, match="not a declared source"):
        reader_head.load_data([path])


def test_fit_finds_a_signal_the_margin_lacks_and_round_trips(tmp_path: Path) -> None:
    """Synthetic windows: the answering window of an answerable question stands out in one [CLS] dimension,
    the margin is noise. The head's cross-validated question-level AUC is high, the margin's about 0.5, and
    the head written as JSON loads back to the same logits."""
    rng = np.random.default_rng(0)
    width = 384 + len(SCALARS)
    x, y, margin, qid, answerable, groups = [], [], [], [], [], []
    for q in range(300):
        ans = q % 2 == 0
        answerable.append(ans)
        for w in range(3):
            right = ans and w == 0
            f = rng.normal(size=width)
            f[5] += 5.0 if right else 0.0
            x.append(f)
            y.append(float(right))
            margin.append(rng.normal())
            qid.append(q)
            groups.append(f"article {q % 6}")
    rows = {
        "x": np.array(x, dtype=np.float32),
        "y": np.array(y),
        "margin": np.array(margin),
        "qid": np.array(qid),
        "answerable": np.array(answerable),
    }
    head, cv = reader_head.fit(rows, np.array(groups))
    assert cv["cv_question_auc_head"] > 0.85 and abs(cv["cv_question_auc_margin"] - 0.5) < 0.1
    assert cv["C"] in reader_head.C_CHOICES and cv["windows"] == 900 and cv["right_windows"] == 150
    path = tmp_path / "head.json"
    path.write_text(json.dumps(head.to_json()), encoding="utf-8")
    back = NoAnswerHead.load(path)
    for f in x[:5]:
        assert back.logit(f) == pytest.approx(head.logit(f), abs=1e-3)
    assert head.logit(x[0]) > head.logit(x[1])  # the answering window scores higher

    bad = head.to_json() | {"std": [1.0, 1.0]}
    path.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ReaderUnavailable, match="not a no-answer head"):
        NoAnswerHead.load(path)
