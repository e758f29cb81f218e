"""The fit pool the calibration and the gate may be refitted on (session 21, brief A2): every calibration part
but the check part's, plus the test parts declared fit data - never the check part, never another test split;
and the declared abstention-precision floors tried in turn."""

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import evals.qa_calibration as qa
from evals import gate_fit
from evals.qa import CHECK_PART, DEV_PART, FITTED_TEST_PARTS, calibration_items, load_all
from knowledge.answer import FEATURES, Calibration


def test_the_pool_is_the_calibration_parts_and_the_declared_test_parts() -> None:
    items = load_all()
    got = qa.fit_pool(items)
    assert got, "the pool is empty"
    assert not any(i.part == CHECK_PART for i in got)
    assert all(i.split == "calibration" or i.part in FITTED_TEST_PARTS for i in got)
    calibration = [i for i in calibration_items(items) if i.part != CHECK_PART]
    test = [i for i in items if i.split == "test" and i.part in FITTED_TEST_PARTS]
    assert sorted(i.id for i in got) == sorted(i.id for i in calibration + test)
    # a test split read by nobody but the lead (not declared fit data) is never in it
    unseen = {i.id for i in items if i.split == "test" and i.part not in FITTED_TEST_PARTS}
    assert unseen and not unseen & {i.id for i in got}


def test_the_pool_refuses_the_check_part() -> None:
    with pytest.raises(ValueError, match="never fit data"):
        qa.fit_pool(load_all(), check="fresh19", fit_test=FITTED_TEST_PARTS)
    with pytest.raises(ValueError, match="fresh9"):
        qa.fit_pool(load_all(), check="fresh9", fit_test=("fresh9",))


def test_leave_out_drops_a_file_from_the_pool() -> None:
    items = load_all()
    every = qa.fit_pool(items)
    got = qa.fit_pool(items, leave_out=("fresh5", DEV_PART))
    assert got == [i for i in every if i.part not in ("fresh5", "")]
    assert len(got) < len(every)


def test_the_gate_pool_is_the_same_pool_and_the_default_the_old_one() -> None:
    pool = gate_fit.sample_items(pool=True)
    assert [i.id for i in pool] == [i.id for i in qa.fit_pool(load_all())]
    old = gate_fit.sample_items()
    held = (*gate_fit.SESSION14_HELD, CHECK_PART)
    assert old and all(i.split == "calibration" and i.part not in held for i in old)
    # the session-14 pool keeps its rows as each session's check part joins the held parts (fresh4 ..
    # fresh19 held, no check part: session 30)
    assert len(old) == 301


def test_floors_are_tried_in_turn() -> None:
    """The first floor some threshold keeps is used; none kept is an error, not an arbitrary threshold."""
    # 10 questions: 8 answerable (right), 2 not; the path abstains on the second whatever the threshold, so
    # the best abstention precision any threshold reaches is 2 of 3
    p = np.linspace(0.1, 1.0, 10)
    answerable = np.array([False, True, False, True, True, True, True, True, True, True])
    right = answerable.copy()
    forced = np.zeros(10, dtype=bool)
    forced[1] = True
    with pytest.raises(ValueError):
        qa.choose_threshold(p, right, answerable, min_precision=0.9, forced=forced)
    t, floor = qa.choose_threshold_floors(p, right, answerable, (0.9, 0.6, 0.5), forced=forced)
    assert floor == 0.6
    assert t == qa.choose_threshold(p, right, answerable, min_precision=0.6, forced=forced)
    with pytest.raises(ValueError, match="no floor"):
        qa.choose_threshold_floors(p, right, answerable, (0.99, 0.95), forced=forced)


def test_calibrate_with_pool_fits_on_the_pool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--pool``: the fit reads the pool's questions, the floors in turn, and says so in the note."""
    seen: list[Any] = []
    rows: dict[str, np.ndarray] = {}

    def features(kb: object, items: list[qa.Item]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        seen.extend(items)
        y = np.array([float(i.answerable) for i in items])
        x = np.zeros((len(items), len(FEATURES)))
        x[:, 0] = y + np.linspace(0.0, 0.5, len(items))
        rows.update(x=x, y=y)
        return x, y, np.zeros(len(items), dtype=bool)

    def decisions(kb: object, items: list[qa.Item], cal: Calibration) -> qa.PathDecisions:
        p = np.array([cal.probability(dict(zip(FEATURES, r, strict=True))) for r in rows["x"]])
        return qa.PathDecisions(p, np.ones(len(p), bool), np.zeros(len(p), bool), rows["y"].astype(bool))

    monkeypatch.setattr(qa, "_features", features)
    monkeypatch.setattr(qa, "path_decisions", decisions)
    monkeypatch.setattr(qa.KnowledgeBase, "open_sample", classmethod(lambda cls: None))
    cal = qa.calibrate(tmp_path / "c.json", pool=True, floors=qa.FLOORS)
    assert [i.id for i in seen] == [i.id for i in qa.fit_pool(load_all())]
    assert "fit pool" in cal.note and f"({len(seen)} questions" in cal.note
    assert Calibration.load(tmp_path / "c.json") == cal
