"""Session 13's third fresh question set (evals/data/qa_fresh3.jsonl): its declared shape and mechanical
split, no question repeated from the other four files, every gold answer found in the file it cites, and its
own part in the eval's figures. Nothing here answers a question of the set."""

from collections import Counter
from itertools import groupby

from evals.qa import (
    DEV_SET,
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

NEAR_MISSES = ("year", "event", "relation", "entity", "product")
SHAPE = {
    ("fact", True): 60,
    ("shop", True): 20,
    **{(k, False): 10 for k in NEAR_MISSES},
    ("offtopic", False): 10,
    ("host", False): 10,
}


def _source_text(source: str) -> str:
    """What the base reads from a cited file (``sample/...``): a media file's transcript, else the loader's
    chunks with their heading paths (an answer may stand only in a section heading)."""
    path = SAMPLE_DIR.parent / source
    transcript = transcript_for(path) if path.suffix in (".mp3", ".mp4") else None
    if transcript is not None:
        return norm(transcript.read_text(encoding="utf-8"))
    return norm(" ".join(f"{c.context} {c.text}" for c in load(path).chunks))


def test_fresh3_set_declares_its_kinds() -> None:
    """150 questions: 60 answerable facts, 20 answerable shop questions, 10 unanswerable of each near-miss
    kind (other year, event, relation, an absent entity, a product the shop lacks), 10 off-topic, 10 about
    the host; answers and sources exactly on the answerable ones."""
    items = load_dev(FRESH3_SET, "fresh3")
    assert len(items) == 150 and len({i.id for i in items}) == 150
    assert Counter((i.kind, i.answerable) for i in items) == SHAPE
    assert all(i.part == "fresh3" for i in items)
    assert all(bool(i.answers and i.sources) == i.answerable for i in items)
    assert all((SAMPLE_DIR.parent / s).is_file() for i in items for s in i.sources)


def test_fresh3_split_is_the_declared_mechanical_rule() -> None:
    """The file is written grouped by (kind, answerable); line n (1-based) is calibration when n % 3 == 1:
    exactly 50 calibration and 100 test, every group in both parts."""
    items = load_dev(FRESH3_SET, "fresh3")
    groups = [key for key, _ in groupby(items, key=lambda i: (i.kind, i.answerable))]
    assert len(groups) == len(set(groups)) == len(SHAPE)  # each group written in one run of lines
    assert [i.split for i in items] == ["calibration" if n % 3 == 1 else "test" for n in range(1, 151)]
    assert Counter(i.split for i in items) == {"calibration": 50, "test": 100}
    for key in SHAPE:
        assert {i.split for i in items if (i.kind, i.answerable) == key} == {"calibration", "test"}, key


def test_fresh3_repeats_no_question_and_joins_load_all() -> None:
    items = load_dev(FRESH3_SET, "fresh3")
    others = load_dev(DEV_SET) + load_dev(HARD_SET) + load_dev(FRESH_SET) + load_dev(FRESH2_SET)
    assert not {norm(i.question) for i in others} & {norm(i.question) for i in items}
    assert len({norm(i.question) for i in items}) == len(items)
    every = load_all()
    later = load_dev(FRESH4_SET)  # session 14's set, written after this one
    assert len({i.id for i in every}) == len(every) == len(others) + len(items) + len(later)
    assert sum(i.part == "fresh3" for i in every) == 150


def test_fresh3_answers_stand_in_their_cited_sources() -> None:
    items = [i for i in load_dev(FRESH3_SET, "fresh3") if i.answerable]
    texts = {s: _source_text(s) for i in items for s in i.sources}
    assert all(texts.values())
    missing = [(i.id, a) for i in items for a in i.answers if not any(norm(a) in texts[s] for s in i.sources)]
    assert not missing
    # the facts are spread over every document of the base (the shop's questions cite the catalog)
    cited = {s for i in items if i.kind == "fact" for s in i.sources}
    documents = [p for p in (SAMPLE_DIR / "winter-sports").iterdir() if p.is_file()]
    assert {f"sample/winter-sports/{p.name}" for p in documents} <= cited
    assert {"sample/show/press-kit.pdf", "sample/media/beijing-2022-recap.mp4"} <= cited
    assert {s for i in items if i.kind == "shop" for s in i.sources} == {"sample/merch/catalog.md"}


def test_part_figures_report_fresh3_apart() -> None:
    def row(part: str, kind: str, answerable: bool, abstained: bool) -> dict[str, object]:
        item = Item(f"{part}{kind}{answerable}{abstained}", "q?", answerable, kind=kind, part=part)
        return {"item": item, "answer": Answer("x", abstained, 0.5), "correct": False, "rank": None}

    rows = [
        row("fresh2", "event", False, False),
        row("fresh3", "product", False, True),
        row("fresh3", "host", False, False),
        row("fresh3", "shop", True, False),
        row("fresh3", "fact", True, True),
    ]
    got = part_figures(rows)
    assert got["fresh2_questions"] == 1 and got["fresh3_questions"] == 4
    assert got["fresh3_product_abstention_recall"] == 1.0 and got["fresh3_host_abstention_recall"] == 0.0
    assert "fresh3_shop_abstention_recall" not in got  # no unanswerable question of that kind
    assert got["fresh3_always_abstain_abstention_precision"] == 0.5
    assert got["fresh3_abstention_recall"] == 0.5 and got["fresh3_answer_accuracy"] == 0.0
