"""The CV harness of session 21's refits (``evals.calibration_cv``, brief A2) counts as ``qa_viewer``
counts, and keeps the rows it pickles per pool (review V, session 21: its cache was keyed by file name
alone, so a run with another ``--check`` / ``--fit-test`` read the rows pickled for other questions)."""

from pathlib import Path

import pytest

from evals import calibration_cv, qa_viewer
from evals.qa_parts import CHECK_PART, FITTED_TEST_PARTS, POOLS, Item, fit_pool, pool_items
from knowledge.types import Answer, Citation


def _items() -> list[Item]:
    return [
        Item("a", "who won", True, ("Chloe Kim",), ("sample/x.md",)),
        Item("b", "who lost", True, ("Ann",), ("sample/x.md",)),
        Item("c", "who came third", True, ("Bo",), ("sample/x.md",)),
        Item("d", "capital of mars", False),
        Item("e", "capital of venus", False),
    ]


def test_figures_are_the_viewers_counts() -> None:
    cite = [Citation("sample/x.md")]
    answers = [
        Answer("Chloe Kim won.", False, 0.9, cite),  # right
        Answer("", True, 0.1),  # answerable, abstained
        Answer("Cy came third.", False, 0.6, cite),  # wrong
        Answer("", True, 0.1),  # rightly abstained
        Answer("Olympus.", False, 0.5, cite),  # wrong
    ]
    got = calibration_cv.figures(_items(), answers)
    assert got == {
        "questions": 5,
        "utility": 1 + 1 - 2,
        "right": 1,
        "answerable_abstained": 1,
        "rightly_abstained": 1,
        "wrong": 2,
    }
    rows = [{"item": i, "answer": a, "correct": i.id == "a"} for i, a in zip(_items(), answers, strict=True)]
    assert got == qa_viewer.figures(rows)


def test_the_cache_is_kept_per_pool(tmp_path: Path) -> None:
    items = _items()
    assert calibration_cv.cache_dir(tmp_path, items) == calibration_cv.cache_dir(tmp_path, list(items))
    assert calibration_cv.cache_dir(tmp_path, items) != calibration_cv.cache_dir(tmp_path, items[:-1])
    assert calibration_cv.cache_dir(tmp_path, items).parent == tmp_path


def test_the_viewers_pool16_is_the_fit_pool() -> None:
    """One definition of the pool (``qa_parts.fit_pool``): the viewer's pool16 and the refits' rows agree."""
    assert [i.id for i in pool_items("pool16")] == [i.id for i in fit_pool(qa_viewer.load_all())]
    assert FITTED_TEST_PARTS


def test_no_check_part_in_session_30_and_check_fresh19_still_keeps_it_out() -> None:
    """Session 30 has no check part (the default ``--check``): fresh19, session 29's check part, is fit data
    whole, like fresh18; ``--check fresh19`` with session 29's fit test parts still keeps every fresh19 row
    out, and naming it among the fit test parts beside it is refused, not silently fitted on."""
    items = qa_viewer.load_all()
    assert CHECK_PART is None and "fresh18" in FITTED_TEST_PARTS and "fresh19" in FITTED_TEST_PARTS
    assert sum(i.part == "fresh19" for i in fit_pool(items)) == 150
    assert sum(i.part == "fresh18" for i in fit_pool(items)) == 150
    assert not any(
        i.part == "fresh19" for i in fit_pool(items, check="fresh19", fit_test=POOLS["pool15"].fit_test)
    )
    with pytest.raises(ValueError, match="never fit data"):
        fit_pool(items, check="fresh19", fit_test=FITTED_TEST_PARTS)
