"""A base's own gate (issue 14, session 19; docs/knowledge.md "Session 19, brief Q"): a base directory may
hold the gate fitted on questions asked of that base, read instead of the package's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from knowledge import KnowledgeBase, gate
from knowledge.answer import Answerer, Calibration
from knowledge.neural_reader import WEIGHTS_FILE

needs_weights = pytest.mark.skipif(not WEIGHTS_FILE.is_file(), reason=f"{WEIGHTS_FILE.name} is not built")

SHOW = """# About the show

## The stream

The show went live for the first time on 1 December 2021, ahead of the Beijing 2022 Winter Games. It streams \
every weekday at 18:00 from a small studio in Oslo.
"""
QUESTION = "When did the show first go live?"


@pytest.fixture()
def base(tmp_path: Path) -> Any:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "show.md").write_text(SHOW, encoding="utf-8")
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        kb.ingest([tmp_path / "docs"])
    return tmp_path / "kb"


def _refuse_all(directory: Path) -> None:
    # the file name is the contract: a base directory's "gate.json"
    (directory / "gate.json").write_text(json.dumps({"signal": "margin_in", "tau": 1e9}), encoding="utf-8")


def test_a_base_directory_with_its_own_gate_is_read_instead_of_the_package_s(tmp_path: Path) -> None:
    assert gate.load_gate_for(tmp_path) == gate.load_gate()  # none of its own: the package's
    assert gate.load_gate_for(None) == gate.load_gate()
    _refuse_all(tmp_path)
    own = gate.load_gate_for(tmp_path)
    assert own is not None and own.tau == 1e9 and own != gate.load_gate()


@needs_weights
def test_the_answer_path_uses_the_base_s_own_gate(base: Path) -> None:
    always = Calibration({}, bias=5.0, threshold=0.5)  # p = 0.993: the calibration always answers
    with KnowledgeBase.open(base, read_only=True) as kb:
        before = Answerer(kb._retriever, always).answer(QUESTION)
    assert not before.abstained and before.short == "1 December 2021"
    _refuse_all(base)
    with KnowledgeBase.open(base, read_only=True) as kb:
        answerer = Answerer(kb._retriever, always)
        assert answerer.gate is not None and answerer.gate.tau == 1e9
        got = answerer.answer(QUESTION)
    assert got.abstained and not got.citations  # the base's own veto, not the package's
