"""Session 12's second fresh question set (evals/data/qa_fresh2.jsonl): its declared shape and splits, no
question repeated from the other three files, every gold answer found in the file it cites, and its own part
in the eval's figures."""

from collections import Counter

from evals.qa import (
    FRESH2_SET,
    FRESH3_SET,
    FRESH4_SET,
    FRESH_SET,
    HARD_SET,
    Item,
    load_all,
    load_dev,
    norm,
    part_figures,
)
from knowledge import Answer
from knowledge.kb import SAMPLE_DIR
from knowledge.loaders import load, transcript_for

KINDS = ("year", "event", "relation", "entity", "offtopic")


def _source_text(source: str) -> str:
    """What the base reads from a cited file (``sample/...``): a media file's transcript, else the loader's
    chunks with their heading paths (an answer may stand only in a section heading)."""
    path = SAMPLE_DIR.parent / source
    transcript = transcript_for(path) if path.suffix in (".mp3", ".mp4") else None
    if transcript is not None:
        return norm(transcript.read_text(encoding="utf-8"))
    return norm(" ".join(f"{c.context} {c.text}" for c in load(path).chunks))


def test_fresh2_set_declares_its_kinds_and_splits() -> None:
    """120 questions, 12 answerable and 12 unanswerable of each kind; a third of each (kind, answerable) list
    calibration (positions 1, 4, 7, 10 in the order written), the rest test."""
    items = load_dev(FRESH2_SET, "fresh2")
    assert len(items) == 120 and len({i.id for i in items}) == 120
    assert Counter((i.kind, i.answerable) for i in items) == {
        (k, a): 12 for k in KINDS for a in (True, False)
    }
    assert all(i.part == "fresh2" for i in items)
    assert all(bool(i.answers and i.sources) == i.answerable for i in items)
    for kind in KINDS:
        for answerable in (True, False):
            part = [i for i in items if i.kind == kind and i.answerable == answerable]
            assert [i.split for i in part] == ["calibration" if k % 3 == 0 else "test" for k in range(12)]


def test_fresh2_repeats_no_question_and_joins_load_all() -> None:
    items = load_dev(FRESH2_SET, "fresh2")
    others = load_dev() + load_dev(HARD_SET) + load_dev(FRESH_SET)
    assert not {norm(i.question) for i in others} & {norm(i.question) for i in items}
    assert len({norm(i.question) for i in items}) == len(items)
    every = load_all()
    later = load_dev(FRESH3_SET) + load_dev(FRESH4_SET)  # sessions 13 and 14, written after this one
    assert len({i.id for i in every}) == len(every) == len(others) + len(items) + len(later)
    assert sum(i.part == "fresh2" for i in every) == 120


def test_fresh2_answers_stand_in_their_cited_sources() -> None:
    items = [i for i in load_dev(FRESH2_SET, "fresh2") if i.answerable]
    texts = {s: _source_text(s) for i in items for s in i.sources}
    assert all(texts.values())
    missing = [(i.id, a) for i in items for a in i.answers if not any(norm(a) in texts[s] for s in i.sources)]
    assert not missing


def test_part_figures_report_fresh2_apart() -> None:
    def row(part: str, kind: str, answerable: bool, abstained: bool) -> dict[str, object]:
        item = Item(f"{part}{kind}{answerable}{abstained}", "q?", answerable, kind=kind, part=part)
        return {"item": item, "answer": Answer("x", abstained, 0.5), "correct": False, "rank": None}

    rows = [
        row("fresh", "event", False, False),
        row("fresh2", "offtopic", False, True),
        row("fresh2", "event", False, False),
        row("fresh2", "event", True, False),
    ]
    got = part_figures(rows)
    assert got["fresh_questions"] == 1 and got["fresh2_questions"] == 3
    assert got["fresh2_offtopic_abstention_recall"] == 1.0 and got["fresh2_event_abstention_recall"] == 0.0
    assert got["fresh2_always_abstain_abstention_precision"] == round(2 / 3, 4)
