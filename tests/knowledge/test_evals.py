"""The QA eval's scoring rules and threshold choice, and the eval and bench harnesses themselves."""

from pathlib import Path

import numpy as np
import pytest

from evals.qa import Item, choose_threshold, correct, load_dev, norm
from evals.result import EvalOptions
from knowledge import Answer, Citation


def test_dev_set_shape() -> None:
    items = load_dev()
    assert len(items) >= 150 and sum(not i.answerable for i in items) >= 20
    assert len({i.id for i in items}) == len(items)
    assert all(i.answers and i.sources for i in items if i.answerable)
    splits = {i.split for i in items}
    assert splits == {"calibration", "test"}


def test_correct_needs_the_answer_and_a_gold_citation() -> None:
    item = Item("x", "who won?", True, ("Petra Vlhova",), ("a.md",))
    good = Answer("Petra Vlhová won the slalom.", False, 0.9, [Citation("a.md", "s", "q")])
    assert correct(good, item)
    assert not correct(Answer(good.text, False, 0.9, [Citation("b.md", "s", "q")]), item)
    assert not correct(Answer(good.text, True, 0.1, good.citations), item)
    assert norm("2–1 Clément") == "2-1 clement"


def test_threshold_keeps_abstention_precision() -> None:
    p = np.array([0.9, 0.8, 0.7, 0.3, 0.2, 0.25, 0.1])
    right = np.array([True, True, False, True, False, False, False])
    answerable = np.array([True, True, True, True, False, False, False])
    t = choose_threshold(p, right, answerable, min_precision=0.9)
    abstain = p < t
    assert (abstain & ~answerable).sum() / max(abstain.sum(), 1) >= 0.9
    assert abstain[4:].all() and not abstain[:2].any()


@pytest.mark.slow
def test_bench_smoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from evals import bench_knowledge

    monkeypatch.setattr(bench_knowledge, "BENCH_DIR", tmp_path / "bench-data")
    options = EvalOptions(
        quick=True,
        report_dir=tmp_path,
        extra={"sizes": [2_000], "ingest_chunks": 24, "ingest_repeats": 2},
    )
    result = bench_knowledge.run(options)
    m = result.metrics
    assert m["ingest_chunks"] > 0 and m["ingest_chunks_per_s"] > 0
    assert m["ingest_int8_chunks"] == m["ingest_chunks"] and m["ingest_int8_chunks_per_s"] > 0
    assert m["ingest_chunks_per_s_min"] <= m["ingest_chunks_per_s"] <= m["ingest_chunks_per_s_max"]
    assert [p.name for p in result.plots] == ["knowledge-latency-recall-ingest.png"]
    assert result.plots[0].read_bytes().startswith(b"\x89PNG")
    assert 0 < m["recall_at_5_2k"] <= 1 and 0 < m["baseline_recall_at_5_2k"] <= 1
    assert m["answer_p95_ms_2k"] > 0 and m["baseline_p95_ms_2k"] > 0 and m["index_mb_2k"] > 0
    cached = tmp_path / "bench-data" / f"kb-2000-v{bench_knowledge.BENCH_VERSION}"
    assert cached.is_dir()  # kept for the next run
