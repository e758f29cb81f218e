"""Session 14's fourth fresh question set (evals/data/qa_fresh4.jsonl): its declared shape and mechanical
split, no question repeated from the other five files (not even with its words reordered), every gold answer
found in the file it cites, and its own part in the eval's figures. Nothing here answers a question of the
set."""

import re
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
from tests.evals.test_qa_fresh3 import SHAPE, _source_text

#: words that do not make two questions different (the check of the brief: no two questions with the same
#: lowercase content words)
FILLER = frozenset(
    "a an the of in on at to for is was were are did do does what who whats which how many much when where "
    "why u you your pls lol and or it its by with from be get got rn".split()
)


def _content_words(question: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", norm(question)) if w not in FILLER)


def test_fresh4_set_declares_its_kinds() -> None:
    """150 questions of qa_fresh3's shape: 60 answerable facts, 20 answerable shop questions, 10 unanswerable
    of each near-miss kind (year, event, relation, entity, product), 10 off-topic, 10 about the host."""
    items = load_dev(FRESH4_SET, "fresh4")
    assert len(items) == 150 and len({i.id for i in items}) == 150
    assert [i.id for i in items] == [f"q{n:03d}" for n in range(1, 151)]
    assert Counter((i.kind, i.answerable) for i in items) == SHAPE
    assert all(i.part == "fresh4" for i in items)
    assert all(bool(i.answers and i.sources) == i.answerable for i in items)
    assert all((SAMPLE_DIR.parent / s).is_file() for i in items for s in i.sources)


def test_fresh4_split_is_the_declared_mechanical_rule() -> None:
    """Written grouped by (kind, answerable) in the brief's order; line n (1-based) is calibration when
    n % 3 == 1: exactly 50 calibration and 100 test, every group in both parts."""
    items = load_dev(FRESH4_SET, "fresh4")
    groups = [key for key, _ in groupby(items, key=lambda i: (i.kind, i.answerable))]
    assert groups == list(SHAPE)  # each group in one run of lines, in the declared order
    assert [i.split for i in items] == ["calibration" if n % 3 == 1 else "test" for n in range(1, 151)]
    assert Counter(i.split for i in items) == {"calibration": 50, "test": 100}
    for key in SHAPE:
        assert {i.split for i in items if (i.kind, i.answerable) == key} == {"calibration", "test"}, key


def test_fresh4_repeats_no_question_and_joins_load_all() -> None:
    items = load_dev(FRESH4_SET, "fresh4")
    others = load_dev(DEV_SET) + load_dev(HARD_SET) + load_dev(FRESH_SET) + load_dev(FRESH2_SET)
    others += load_dev(FRESH3_SET)
    assert not {_content_words(i.question) for i in others} & {_content_words(i.question) for i in items}
    assert len({_content_words(i.question) for i in items}) == len(items)
    every = load_all()
    assert len({i.id for i in every}) == len(every) == len(others) + len(items)
    assert sum(i.part == "fresh4" for i in every) == 150
    assert sum(i.part == "fresh4" and i.split == "test" for i in every) == 100


def test_fresh4_answers_stand_in_their_cited_sources() -> None:
    items = [i for i in load_dev(FRESH4_SET, "fresh4") if i.answerable]
    texts = {s: _source_text(s) for i in items for s in i.sources}
    assert all(texts.values())
    missing = [(i.id, a) for i in items for a in i.answers if not any(norm(a) in texts[s] for s in i.sources)]
    assert not missing
    # the facts are spread over every winter-sports document (at least 7 each), the press kit and both media
    # transcripts; the shop's questions cite the catalog
    cited = Counter(s for i in items if i.kind == "fact" for s in i.sources)
    documents = [p for p in (SAMPLE_DIR / "winter-sports").iterdir() if p.is_file()]
    assert all(cited[f"sample/winter-sports/{p.name}"] >= 7 for p in documents)
    media = {"sample/show/press-kit.pdf", "sample/media/beijing-2022-recap.mp4"}
    assert media | {"sample/media/snowline-minute-curling.mp3"} <= set(cited)
    assert {s for i in items if i.kind == "shop" for s in i.sources} == {"sample/merch/catalog.md"}


def test_the_answer_check_can_fail() -> None:
    """The source check is not vacuous: an answer from another document is not found in the cited one."""
    assert norm("Ayumu Hirano") in _source_text("sample/winter-sports/beijing-2022-results.md")
    assert norm("Ayumu Hirano") not in _source_text("sample/winter-sports/paralympics-2022.txt")
    assert _content_words("whats the hoodie price pls") == _content_words("hoodie price?")


def test_part_figures_report_fresh4_apart() -> None:
    def row(part: str, kind: str, answerable: bool, abstained: bool) -> dict[str, object]:
        item = Item(f"{part}{kind}{answerable}{abstained}", "q?", answerable, kind=kind, part=part)
        return {"item": item, "answer": Answer("x", abstained, 0.5), "correct": False, "rank": None}

    rows = [
        row("fresh3", "event", False, False),
        row("fresh4", "product", False, True),
        row("fresh4", "host", False, False),
        row("fresh4", "shop", True, False),
        row("fresh4", "fact", True, True),
    ]
    got = part_figures(rows)
    assert got["fresh3_questions"] == 1 and got["fresh4_questions"] == 4
    assert got["always_abstain_abstention_precision"] == 0.6  # the headline share: 3 of the 5 unanswerable
    assert got["fresh4_product_abstention_recall"] == 1.0 and got["fresh4_host_abstention_recall"] == 0.0
    assert "fresh4_shop_abstention_recall" not in got  # no unanswerable question of that kind
    assert got["fresh4_always_abstain_abstention_precision"] == 0.5
    assert got["fresh4_abstention_recall"] == 0.5 and got["fresh4_answer_accuracy"] == 0.0
