"""evals/qa_shop.py: shop questions as the viewer hears them - a question perception does not read as one is
not answered by the turn (session 14: "can i get the big air tee in xxl" was chit-chat), so it counts as
right only where nothing was owed (an unanswerable one claims nothing)."""

from __future__ import annotations

import json

import pytest

from evals.qa import Item
from evals.qa_shop import perceiver, score
from knowledge import KnowledgeBase

ITEMS = [
    Item("t1", "is the hoodie available in blue?", False),  # the entry's grounded no
    Item("t2", "can i get the big air tee in xxl", False),  # the entry's grounded no
    Item("t3", "how much is the hoodie?", True, ("$49",), ("sample/merch/catalog.md",)),
    Item("t4", "what sizes is the big air tee in", True, ("S to XL",), ("sample/merch/catalog.md",)),
]


def test_heard_counts_only_what_perception_reads_as_a_question() -> None:
    kb = KnowledgeBase.open_sample()
    every = score(kb, ITEMS)["all"]  # no perception: every line taken as a question (before session 14)
    assert every["heard_as_question"] == 1.0
    assert every["turn_accuracy_heard"] == every["turn_accuracy"] == 1.0
    deaf = score(kb, ITEMS, lambda text: "chit-chat")["all"]  # a perception that hears no question
    assert deaf["heard_as_question"] == 0.0 and deaf["turn_accuracy_heard"] == 0.0
    assert deaf["turn_declined_heard"] == 1.0  # nothing claimed where nothing was owed
    heard = score(kb, ITEMS, perceiver())["all"]  # the shipped perception hears all four
    assert heard["heard_as_question"] == 1.0 and heard["turn_accuracy_heard"] == 1.0
    assert heard["turn_declined_heard"] == 1.0


@pytest.mark.parametrize("check_part", ["fresh19", None])
def test_rows_leave_out_the_check_part(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], check_part: str | None
) -> None:
    """``--rows`` prints no row of the check part's calibration split (session 17: fresh7's, aggregates only)
    and says on stderr how many it left out; every other row and the aggregates print as before. The code
    before printed every row. With no check part (session 30: ``CHECK_PART`` is None) every row prints.
    Scoring is stubbed: nothing is answered here and no row reaches the output of the test run."""
    from evals import qa_shop
    from evals.qa import load_all

    monkeypatch.setattr(qa_shop, "CHECK_PART", check_part)
    calibration = [i for i in load_all() if i.split == "calibration"]
    check = {i.id for i in calibration if i.part == check_part}
    assert len(check) == (50 if check_part else 0)
    rows = [{"id": i.id} for i in calibration]
    aggregates = {"questions": len(rows)}
    monkeypatch.setattr(qa_shop, "perceiver", lambda: None)
    monkeypatch.setattr(qa_shop.KnowledgeBase, "open_sample", staticmethod(lambda: None))
    monkeypatch.setattr(qa_shop, "score", lambda kb, items, intent: {"all": aggregates, "rows": rows})
    monkeypatch.setattr("sys.argv", ["qa_shop", "--rows"])
    qa_shop.main()
    out, err = capsys.readouterr()
    printed = [json.loads(line) for line in out.splitlines()]
    assert printed[-1] == {"split": "calibration", **aggregates}
    assert [r["id"] for r in printed[:-1]] == [r["id"] for r in rows if r["id"] not in check]
    part = f"the check part ({check_part} calibration)" if check_part else "no check part"
    assert f"left out {len(check)} row(s) of {part}" in err


def test_split_cal_is_the_calibration_split() -> None:
    """`python -m evals.qa_shop --split cal` (docs/knowledge.md, the session briefs) was an argparse error."""
    from evals.qa_shop import build_parser

    assert build_parser().parse_args(["--split", "cal"]).split == "calibration"
    assert build_parser().parse_args([]).split == "calibration"
    assert build_parser().parse_args(["--split", "test"]).split == "test"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--split", "fit"])
