"""``python -m evals.qa --calibrate --leave-out PART --out JSON``: a declared way to keep a question file's
calibration part out of the confidence model's fit (session 15, brief K), the default unchanged."""

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import evals.qa_calibration as qa  # the fit moved out of evals.qa (session 19); its names are patched there
from evals.qa import calibration_items, load_all
from knowledge.answer import CALIBRATION_FILE, FEATURES, Calibration


def _no_path(monkeypatch: pytest.MonkeyPatch, rows: dict[str, np.ndarray]) -> None:
    """The answer path's pass replaced by the features the fake evidence step made: every question answered
    above the threshold and none below it, the answer right where the label says."""

    def decisions(kb: object, items: list[qa.Item], cal: Calibration) -> qa.PathDecisions:
        x, y = rows["x"], rows["y"]
        p = np.array([cal.probability(dict(zip(FEATURES, r, strict=True))) for r in x])
        return qa.PathDecisions(p, np.ones(len(p), bool), np.zeros(len(p), bool), y.astype(bool))

    monkeypatch.setattr(qa, "path_decisions", decisions)


def test_no_leave_out_is_every_calibration_question() -> None:
    items = load_all()
    got = calibration_items(items)
    assert got == [i for i in items if i.split == "calibration"]


def test_leave_out_drops_that_part_alone() -> None:
    items = load_all()
    every = calibration_items(items)
    got = calibration_items(items, ("fresh5",))
    fresh5 = [i for i in every if i.part == "fresh5"]
    assert len(fresh5) == 50  # a third of qa_fresh5.jsonl's 150 (its declared split)
    assert got == [i for i in every if i.part != "fresh5"]
    assert len(got) == len(every) - 50
    # "dev" names qa_dev.jsonl, whose items carry no part
    no_dev = calibration_items(items, ("dev", "fresh5"))
    assert no_dev == [i for i in got if i.part]
    assert len(no_dev) < len(got)


def test_a_part_no_item_has_is_an_error() -> None:
    # a name no question file will ever have (session 19: "fresh9" became a part, qa_fresh9.jsonl)
    with pytest.raises(ValueError, match="fresh-none"):
        calibration_items(load_all(), ("fresh-none",))
    with pytest.raises(ValueError, match="shop"):
        calibration_items(load_all(), ("fresh5", "shop"))


def test_calibrate_fits_on_the_pool_and_writes_where_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fit sees the pool's questions only, and the file goes to ``path`` (the shipped one untouched).
    The evidence step is replaced by a feature that separates right from wrong, so the fit must find it."""
    seen: list[Any] = []
    rng = np.random.default_rng(3)

    def features(kb: object, items: list[qa.Item]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        seen.extend(items)
        y = np.array([float(i.answerable) for i in items])
        x = rng.normal(0.0, 0.3, size=(len(items), len(FEATURES)))
        x[:, 0] += 2 * y  # coverage says which are right
        rows.update(x=x, y=y)
        return x, y, np.zeros(len(items), dtype=bool)

    rows: dict[str, np.ndarray] = {}
    monkeypatch.setattr(qa, "_features", features)
    _no_path(monkeypatch, rows)
    monkeypatch.setattr(qa.KnowledgeBase, "open_sample", classmethod(lambda cls: None))
    shipped = CALIBRATION_FILE.read_text(encoding="utf-8")
    out = tmp_path / "cal.json"
    cal = qa.calibrate(out, ("fresh5",))
    assert seen == calibration_items(load_all(), ("fresh5",))
    assert not any(i.part == "fresh5" for i in seen)
    assert CALIBRATION_FILE.read_text(encoding="utf-8") == shipped
    written = Calibration.load(out)
    assert written == cal
    assert "but fresh5" in cal.note and f"({len(seen)} questions" in cal.note
    assert cal.weights["coverage"] > 1.0  # the separating feature carries the weight
    assert json.loads(out.read_text(encoding="utf-8"))["threshold"] == cal.threshold


def test_min_precision_reaches_the_threshold_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``--min-precision`` is the floor ``choose_threshold`` keeps; the default stays 0.9 (the note says so
    only when it is not the default)."""
    floors: list[float] = []
    choose = qa.choose_threshold

    def spy(p: np.ndarray, right: np.ndarray, answerable: np.ndarray, **kw: Any) -> float:
        floors.append(kw["min_precision"])
        return choose(p, right, answerable, **kw)

    def features(kb: object, items: list[qa.Item]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        y = np.array([float(i.answerable) for i in items])
        x = np.zeros((len(items), len(FEATURES)))
        x[:, 0] = y + np.linspace(0.0, 0.5, len(items))
        rows.update(x=x, y=y)
        return x, y, np.zeros(len(items), dtype=bool)

    rows: dict[str, np.ndarray] = {}
    monkeypatch.setattr(qa, "_features", features)
    _no_path(monkeypatch, rows)
    monkeypatch.setattr(qa, "choose_threshold", spy)
    monkeypatch.setattr(qa.KnowledgeBase, "open_sample", classmethod(lambda cls: None))
    default = qa.calibrate(tmp_path / "a.json", ("fresh5",))
    lower = qa.calibrate(tmp_path / "b.json", ("fresh5",), min_precision=0.85)
    assert floors == [0.9, 0.85]
    assert "floor" not in default.note and "abstention precision floor 0.85" in lower.note
