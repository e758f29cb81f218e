"""The fresh question sets of sessions 12-29 (evals/data/qa_fresh2..qa_fresh19.jsonl), one parametrised check
per part: its declared shape, its declared split, no question repeated from the other question files, every
gold answer found in the file it cites, and its own part in the eval's figures. Each part's counts are its own
(fresh2 has 120 questions in five kinds, fresh3-fresh19 150 in nine). Nothing here answers a question of a
set; no row of a test split is printed."""

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import groupby
from pathlib import Path
from typing import Any

import pytest

from evals.qa import (
    DEV_SET,
    FITTED_TEST_PARTS,
    FRESH2_SET,
    FRESH3_SET,
    FRESH4_SET,
    FRESH5_SET,
    FRESH6_SET,
    FRESH7_SET,
    FRESH8_SET,
    FRESH9_SET,
    FRESH10_SET,
    FRESH11_SET,
    FRESH12_SET,
    FRESH13_SET,
    FRESH14_SET,
    FRESH15_SET,
    FRESH16_SET,
    FRESH17_SET,
    FRESH18_SET,
    FRESH19_SET,
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
#: the shape of sessions 13-29's sets, in the order written (fresh4 .. fresh19 declare the order)
SHAPE = {
    ("fact", True): 60,
    ("shop", True): 20,
    **{(k, False): 10 for k in NEAR_MISSES},
    ("offtopic", False): 10,
    ("host", False): 10,
}
FRESH2_KINDS = ("year", "event", "relation", "entity", "offtopic")

#: words that do not make two questions different (the check of the briefs of sessions 14-16: no two
#: questions with the same lowercase content words)
FILLER = frozenset(
    "a an the of in on at to for is was were are did do does what who whats which how many much when where "
    "why u you your pls lol and or it its by with from be get got rn".split()
)

WINTER_SPORTS = [p for p in (SAMPLE_DIR / "winter-sports").iterdir() if p.is_file()]
MEDIA = {"sample/show/press-kit.pdf", "sample/media/beijing-2022-recap.mp4"}


def _content_words(question: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", norm(question)) if w not in FILLER)


#: units a near-repeat check ignores (session 17's stricter check, run on qa_fresh7 while writing it)
UNITS = frozenset("m km metres metre meters cm ml kg".split())


def _stems(question: str) -> frozenset[str]:
    """Content words with "'s", units and a plural s (words over 3 letters) stripped."""
    words = re.findall(r"[a-z0-9]+", norm(question).replace("'s", ""))
    return frozenset(
        w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w not in FILLER | UNITS
    )


def _near(a: str, b: str) -> bool:
    """Two questions are near repeats when their stems overlap by a Jaccard index of 0.66 or more."""
    x, y = _stems(a), _stems(b)
    return bool(x and y) and len(x & y) / len(x | y) >= 0.66


def _source_text(source: str) -> str:
    """What the base reads from a cited file (``sample/...``): a media file's transcript, else the loader's
    chunks with their heading paths (an answer may stand only in a section heading)."""
    path = SAMPLE_DIR.parent / source
    transcript = transcript_for(path) if path.suffix in (".mp3", ".mp4") else None
    if transcript is not None:
        return norm(transcript.read_text(encoding="utf-8"))
    return norm(" ".join(f"{c.context} {c.text}" for c in load(path).chunks))


def _fresh2_split(items: list[Item]) -> None:
    """A third of each (kind, answerable) list calibration (positions 1, 4, 7, 10 in the order written)."""
    for kind in FRESH2_KINDS:
        for answerable in (True, False):
            part = [i for i in items if i.kind == kind and i.answerable == answerable]
            assert [i.split for i in part] == ["calibration" if k % 3 == 0 else "test" for k in range(12)]


def _line_split(items: list[Item]) -> None:
    """Grouped by (kind, answerable), each group in one run of lines; line n (1-based) is calibration when
    n % 3 == 1: exactly 50 calibration and 100 test, every group in both parts."""
    groups = [key for key, _ in groupby(items, key=lambda i: (i.kind, i.answerable))]
    assert len(groups) == len(set(groups)) == len(SHAPE)
    assert [i.split for i in items] == ["calibration" if n % 3 == 1 else "test" for n in range(1, 151)]
    assert Counter(i.split for i in items) == {"calibration": 50, "test": 100}
    for key in SHAPE:
        assert {i.split for i in items if (i.kind, i.answerable) == key} == {"calibration", "test"}, key


def _ordered_line_split(items: list[Item]) -> None:
    """The line rule, the groups written in the brief's order, ids in line order with the file's own prefix
    (fresh4 q001..q150, fresh5 r001..r150, fresh6 s001..s150, fresh7 t001..t150, fresh8 v001..v150, fresh9
    w001..w150, fresh10 x001..x150, fresh11 y001..y150, fresh12 z001..z150, fresh13 b001..b150, fresh14
    c001..c150, fresh15 d001..d150, fresh16 e001..e150, fresh17 f001..f150, fresh18 i001..i150, fresh19
    j001..j150)."""
    _line_split(items)
    assert [key for key, _ in groupby(items, key=lambda i: (i.kind, i.answerable))] == list(SHAPE)
    prefix = items[0].id[0]
    assert [i.id for i in items] == [f"{prefix}{n:03d}" for n in range(1, 151)]


def _cites_nothing_more(cited: Counter[str]) -> None:
    """Session 12 declared no spread over the documents."""


def _cites_every_document(cited: Counter[str]) -> None:
    """Session 13: every winter-sports document, the press kit and the recap video."""
    assert {f"sample/winter-sports/{p.name}" for p in WINTER_SPORTS} | MEDIA <= set(cited)


def _cites_seven_each_and_media(cited: Counter[str]) -> None:
    """Session 14: at least 7 facts over each winter-sports document, the press kit and both transcripts."""
    assert all(cited[f"sample/winter-sports/{p.name}"] >= 7 for p in WINTER_SPORTS)
    assert MEDIA | {"sample/media/snowline-minute-curling.mp3"} <= set(cited)


def _cites_ten_each(cited: Counter[str]) -> None:
    """Sessions 15-19: the 60 facts spread evenly, 10 over each of the six winter-sports documents."""
    assert len(WINTER_SPORTS) == 6
    assert cited == Counter({f"sample/winter-sports/{p.name}": 10 for p in WINTER_SPORTS})


#: the question files written before qa_fresh8.jsonl (session 18)
FILES_BEFORE_FRESH8 = (
    DEV_SET,
    HARD_SET,
    FRESH_SET,
    FRESH2_SET,
    FRESH3_SET,
    FRESH4_SET,
    FRESH5_SET,
    FRESH6_SET,
    FRESH7_SET,
)
#: the question files written before qa_fresh9.jsonl (session 19)
FILES_BEFORE_FRESH9 = (*FILES_BEFORE_FRESH8, FRESH8_SET)
#: the question files written before qa_fresh10.jsonl (session 20)
FILES_BEFORE_FRESH10 = (*FILES_BEFORE_FRESH9, FRESH9_SET)
#: the question files written before qa_fresh11.jsonl (session 21)
FILES_BEFORE_FRESH11 = (*FILES_BEFORE_FRESH10, FRESH10_SET)
#: the question files written before qa_fresh12.jsonl (session 22)
FILES_BEFORE_FRESH12 = (*FILES_BEFORE_FRESH11, FRESH11_SET)
#: the question files written before qa_fresh13.jsonl (session 23)
FILES_BEFORE_FRESH13 = (*FILES_BEFORE_FRESH12, FRESH12_SET)
#: the question files written before qa_fresh14.jsonl (session 24)
FILES_BEFORE_FRESH14 = (*FILES_BEFORE_FRESH13, FRESH13_SET)
#: the question files written before qa_fresh15.jsonl (session 25)
FILES_BEFORE_FRESH15 = (*FILES_BEFORE_FRESH14, FRESH14_SET)
#: the question files written before qa_fresh16.jsonl (session 26)
FILES_BEFORE_FRESH16 = (*FILES_BEFORE_FRESH15, FRESH15_SET)
#: the question files written before qa_fresh17.jsonl (session 27)
FILES_BEFORE_FRESH17 = (*FILES_BEFORE_FRESH16, FRESH16_SET)
#: the question files written before qa_fresh18.jsonl (session 28)
FILES_BEFORE_FRESH18 = (*FILES_BEFORE_FRESH17, FRESH17_SET)
#: the question files written before qa_fresh19.jsonl (session 29)
FILES_BEFORE_FRESH19 = (*FILES_BEFORE_FRESH18, FRESH18_SET)


@dataclass(frozen=True)
class Part:
    name: str
    path: Path
    shape: dict[tuple[str, bool], int]
    #: the question files written before this one (a question of this part repeats none of theirs)
    earlier: tuple[Path, ...]
    #: what makes two questions the same: their normalised text, or (sessions 14-15) their content words
    key: Callable[[str], object]
    split: Callable[[list[Item]], None]
    cites: Callable[[Counter[str]], None]
    #: two kinds this part's figures are checked on (one unanswerable abstained, one answered)
    kinds: tuple[str, str] = ("product", "host")


PARTS = [
    Part(
        "fresh2",
        FRESH2_SET,
        {(k, a): 12 for k in FRESH2_KINDS for a in (True, False)},
        (DEV_SET, HARD_SET, FRESH_SET),
        norm,
        _fresh2_split,
        _cites_nothing_more,
        ("offtopic", "event"),
    ),
    Part(
        "fresh3",
        FRESH3_SET,
        SHAPE,
        (DEV_SET, HARD_SET, FRESH_SET, FRESH2_SET),
        norm,
        _line_split,
        _cites_every_document,
    ),
    Part(
        "fresh4",
        FRESH4_SET,
        SHAPE,
        (DEV_SET, HARD_SET, FRESH_SET, FRESH2_SET, FRESH3_SET),
        _content_words,
        _ordered_line_split,
        _cites_seven_each_and_media,
    ),
    Part(
        "fresh5",
        FRESH5_SET,
        SHAPE,
        (DEV_SET, HARD_SET, FRESH_SET, FRESH2_SET, FRESH3_SET, FRESH4_SET),
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh6",
        FRESH6_SET,
        SHAPE,
        (DEV_SET, HARD_SET, FRESH_SET, FRESH2_SET, FRESH3_SET, FRESH4_SET, FRESH5_SET),
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh7",
        FRESH7_SET,
        SHAPE,
        (DEV_SET, HARD_SET, FRESH_SET, FRESH2_SET, FRESH3_SET, FRESH4_SET, FRESH5_SET, FRESH6_SET),
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh8",
        FRESH8_SET,
        SHAPE,
        FILES_BEFORE_FRESH8,
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh9",
        FRESH9_SET,
        SHAPE,
        FILES_BEFORE_FRESH9,
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh10",
        FRESH10_SET,
        SHAPE,
        FILES_BEFORE_FRESH10,
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh11",
        FRESH11_SET,
        SHAPE,
        FILES_BEFORE_FRESH11,
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh12",
        FRESH12_SET,
        SHAPE,
        FILES_BEFORE_FRESH12,
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh13",
        FRESH13_SET,
        SHAPE,
        FILES_BEFORE_FRESH13,
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh14",
        FRESH14_SET,
        SHAPE,
        FILES_BEFORE_FRESH14,
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh15",
        FRESH15_SET,
        SHAPE,
        FILES_BEFORE_FRESH15,
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh16",
        FRESH16_SET,
        SHAPE,
        FILES_BEFORE_FRESH16,
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh17",
        FRESH17_SET,
        SHAPE,
        FILES_BEFORE_FRESH17,
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh18",
        FRESH18_SET,
        SHAPE,
        FILES_BEFORE_FRESH18,
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
    Part(
        "fresh19",
        FRESH19_SET,
        SHAPE,
        FILES_BEFORE_FRESH19,
        _content_words,
        _ordered_line_split,
        _cites_ten_each,
    ),
]
BY_NAME = pytest.mark.parametrize("part", PARTS, ids=[p.name for p in PARTS])


@BY_NAME
def test_part_declares_its_kinds(part: Part) -> None:
    """Each part's declared shape; answers and sources exactly on the answerable questions, and every cited
    file exists."""
    items = load_dev(part.path, part.name)
    total = sum(part.shape.values())
    assert len(items) == total and len({i.id for i in items}) == total
    assert Counter((i.kind, i.answerable) for i in items) == part.shape
    assert all(i.part == part.name for i in items)
    assert all(bool(i.answers and i.sources) == i.answerable for i in items)
    assert all((SAMPLE_DIR.parent / s).is_file() for i in items for s in i.sources)


@BY_NAME
def test_part_split_is_the_declared_rule(part: Part) -> None:
    part.split(load_dev(part.path, part.name))


@BY_NAME
def test_part_repeats_no_question_and_joins_load_all(part: Part) -> None:
    """No question repeats one of the files written before it, nor one of its own (by the part's key); the
    part stands in ``load_all()`` with its own counts."""
    items = load_dev(part.path, part.name)
    others = [i for path in part.earlier for i in load_dev(path)]
    assert not {part.key(i.question) for i in others} & {part.key(i.question) for i in items}
    assert len({part.key(i.question) for i in items}) == len(items)
    every = [i for i in load_all() if i.part == part.name]
    assert [(i.id, i.split) for i in every] == [(i.id, i.split) for i in items]


FILES = (*FILES_BEFORE_FRESH19, FRESH19_SET)
#: the parts of 150 questions split 50 calibration / 100 test by the line rule
LINE_RULE_PARTS = (
    "fresh5",
    "fresh6",
    "fresh7",
    "fresh8",
    "fresh9",
    "fresh10",
    "fresh11",
    "fresh12",
    "fresh13",
    "fresh14",
    "fresh15",
    "fresh16",
    "fresh17",
    "fresh18",
    "fresh19",
)


def test_load_all_is_every_file_once() -> None:
    files = FILES
    every = load_all()
    assert len({i.id for i in every}) == len(every) == sum(len(load_dev(f)) for f in files)
    assert all(sum(i.part == name for i in every) == 150 for name in LINE_RULE_PARTS)
    # no two files share an id prefix (qa_dev.jsonl has two, a and u), so an id names one file's question
    prefixes = [{i.id[0] for i in load_dev(f)} for f in files]
    assert sum(map(len, prefixes)) == len(set().union(*prefixes)) == len(files) + 1
    for name in LINE_RULE_PARTS:
        assert sum(i.part == name and i.split == "test" for i in every) == 100
        assert sum(i.part == name and i.split == "calibration" for i in every) == 50


@BY_NAME
def test_part_answers_stand_in_their_cited_sources(part: Part) -> None:
    items = [i for i in load_dev(part.path, part.name) if i.answerable]
    texts = {s: _source_text(s) for i in items for s in i.sources}
    assert all(texts.values())
    missing = [(i.id, a) for i in items for a in i.answers if not any(norm(a) in texts[s] for s in i.sources)]
    assert not missing
    # a fact counts for the file it was written over (its first source); a second source is a file that
    # states the same answer (qa_fresh14 c050, the lead)
    part.cites(Counter(i.sources[0] for i in items if i.kind == "fact"))
    if part.name != "fresh2":  # the shop's questions cite the catalog
        assert {s for i in items if i.kind == "shop" for s in i.sources} == {"sample/merch/catalog.md"}


@pytest.mark.parametrize(
    ("name", "path", "earlier"),
    [
        ("fresh8", FRESH8_SET, FILES_BEFORE_FRESH8),
        ("fresh9", FRESH9_SET, FILES_BEFORE_FRESH9),
        ("fresh10", FRESH10_SET, FILES_BEFORE_FRESH10),
        ("fresh11", FRESH11_SET, FILES_BEFORE_FRESH11),
        ("fresh12", FRESH12_SET, FILES_BEFORE_FRESH12),
        ("fresh13", FRESH13_SET, FILES_BEFORE_FRESH13),
        ("fresh14", FRESH14_SET, FILES_BEFORE_FRESH14),
        ("fresh15", FRESH15_SET, FILES_BEFORE_FRESH15),
        ("fresh16", FRESH16_SET, FILES_BEFORE_FRESH16),
        ("fresh17", FRESH17_SET, FILES_BEFORE_FRESH17),
        ("fresh18", FRESH18_SET, FILES_BEFORE_FRESH18),
        ("fresh19", FRESH19_SET, FILES_BEFORE_FRESH19),
    ],
    ids=[
        "fresh8",
        "fresh9",
        "fresh10",
        "fresh11",
        "fresh12",
        "fresh13",
        "fresh14",
        "fresh15",
        "fresh16",
        "fresh17",
        "fresh18",
        "fresh19",
    ],
)
def test_fresh_part_repeats_no_question_nearly(name: str, path: Path, earlier: tuple[Path, ...]) -> None:
    """Sessions 18-29: qa_fresh8 .. qa_fresh19 were also checked by session 17's stricter rule (no
    question's stems overlap an earlier question's, nor another of its own file's, by Jaccard 0.66 or more);
    nothing is printed but the ids of a failing pair."""
    items = load_dev(path, name)
    before = [i for p in earlier for i in load_dev(p)]
    near = [(i.id, o.id) for i in items for o in before if _near(i.question, o.question)]
    assert not near
    own = [(a.id, b.id) for n, a in enumerate(items) for b in items[n + 1 :] if _near(a.question, b.question)]
    assert not own
    assert _near("eileen gu birthday?", "eileen gu birthday, which day")  # the check can fail
    assert not _near("who won the mens slalom", "who won the womens giant slalom")


def test_the_checks_can_fail() -> None:
    """The source check is not vacuous: an answer from another document is not found in the cited one; the
    content-word key ignores filler and order but not a content word; the spread check rejects a part that
    leaves a document out."""
    assert norm("Ayumu Hirano") in _source_text("sample/winter-sports/beijing-2022-results.md")
    assert norm("Ayumu Hirano") not in _source_text("sample/winter-sports/paralympics-2022.txt")
    assert _content_words("whats the hoodie price pls") == _content_words("hoodie price?")
    assert _content_words("hoodie price?") != _content_words("beanie price?")
    lopsided = Counter({f"sample/winter-sports/{p.name}": 10 for p in WINTER_SPORTS[1:]})
    with pytest.raises(AssertionError):
        _cites_ten_each(lopsided)
    with pytest.raises(AssertionError):
        _cites_every_document(lopsided + Counter(dict.fromkeys(MEDIA, 1)))
    written = load_dev(FRESH5_SET, "fresh5")
    shifted = [replace(i, declared="calibration" if n % 3 == 2 else "test") for n, i in enumerate(written, 1)]
    with pytest.raises(AssertionError):
        _line_split(shifted)


@BY_NAME
def test_part_figures_report_the_part_apart(part: Part) -> None:
    def row(name: str, kind: str, answerable: bool, abstained: bool) -> dict[str, object]:
        item = Item(f"{name}{kind}{answerable}{abstained}", "q?", answerable, kind=kind, part=name)
        return {"item": item, "answer": Answer("x", abstained, 0.5), "correct": False, "rank": None}

    before = {
        "fresh2": "fresh",
        "fresh3": "fresh2",
        "fresh4": "fresh3",
        "fresh5": "fresh4",
        "fresh6": "fresh5",
        "fresh7": "fresh6",
        "fresh8": "fresh7",
        "fresh9": "fresh8",
        "fresh10": "fresh9",
        "fresh11": "fresh10",
        "fresh12": "fresh11",
        "fresh13": "fresh12",
        "fresh14": "fresh13",
        "fresh15": "fresh14",
        "fresh16": "fresh15",
        "fresh17": "fresh16",
        "fresh18": "fresh17",
        "fresh19": "fresh18",
    }[part.name]
    abstained_kind, answered_kind = part.kinds
    rows = [
        row(before, "event", False, False),
        row(part.name, abstained_kind, False, True),
        row(part.name, answered_kind, False, False),
        row(part.name, "shop", True, False),
        row(part.name, "fact", True, True),
    ]
    got = part_figures(rows)
    assert got[f"{before}_questions"] == 1 and got[f"{part.name}_questions"] == 4
    assert got["always_abstain_abstention_precision"] == 0.6  # the headline share: 3 of the 5 unanswerable
    assert got[f"{part.name}_{abstained_kind}_abstention_recall"] == 1.0
    assert got[f"{part.name}_{answered_kind}_abstention_recall"] == 0.0
    assert f"{part.name}_shop_abstention_recall" not in got  # no unanswerable question of that kind
    assert got[f"{part.name}_always_abstain_abstention_precision"] == 0.5
    assert got[f"{part.name}_abstention_recall"] == 0.5 and got[f"{part.name}_answer_accuracy"] == 0.0


def test_unfitted_figures_leave_out_the_fitted_test_parts() -> None:
    """``unfitted_*`` counts every held-apart row but those of the test parts declared fit data (fresh5 and
    fresh6, session 17; fresh7, session 18; fresh8, session 19; fresh9, session 20; fresh10, session 21;
    fresh11, session 22; fresh12, session 23; fresh13, session 24; fresh14, session 25; fresh15, session 26;
    fresh16, session 27; fresh17, session 28; fresh18, session 29; fresh19, session 30), the headline every
    held-apart row; the counts are the files' own (each file's test split, read here by its declared rule: no
    question is answered and no row printed)."""
    assert FITTED_TEST_PARTS == (
        "fresh5",
        "fresh6",
        "fresh7",
        "fresh8",
        "fresh9",
        "fresh10",
        "fresh11",
        "fresh12",
        "fresh13",
        "fresh14",
        "fresh15",
        "fresh16",
        "fresh17",
        "fresh18",
        "fresh19",
    )
    test = [i for f in FILES for i in load_dev(f) if i.split == "test"]
    # qa_fresh5's ids r001.., qa_fresh6's s001.., qa_fresh7's t001.., qa_fresh8's v001.., qa_fresh9's w001..,
    # qa_fresh10's x001.., qa_fresh11's y001.., qa_fresh12's z001.., qa_fresh13's b001.., qa_fresh14's c001..,
    # qa_fresh15's d001.., qa_fresh16's e001.., qa_fresh17's f001.., qa_fresh18's i001.., qa_fresh19's j001..
    fitted = [
        i
        for i in test
        if i.id[0] in ("r", "s", "t", "v", "w", "x", "y", "z", "b", "c", "d", "e", "f", "i", "j")
    ]
    assert len(fitted) == 1500 and len(test) == 2021
    rows: list[dict[str, Any]] = [
        {"item": i, "answer": Answer("x", not i.answerable, 0.5), "correct": i.answerable, "rank": None}
        for i in load_all()
        if i.split == "test"
    ]
    got = part_figures(rows)
    unfitted = [i for i in test if i not in fitted]
    assert got["unfitted_questions"] == len(unfitted) == 521
    assert got["unfitted_answerable"] == sum(i.answerable for i in unfitted)
    assert got["unfitted_answer_accuracy"] == got["unfitted_abstention_precision"] == 1.0
    assert got["fresh19_questions"] == got["fresh18_questions"] == got["fresh17_questions"] == 100
    assert got["fresh16_questions"] == got["fresh15_questions"] == 100
    assert got["fresh14_questions"] == got["fresh13_questions"] == 100
    assert got["fresh12_questions"] == got["fresh11_questions"] == 100
    assert got["fresh10_questions"] == 100
    assert got["fresh9_questions"] == got["fresh8_questions"] == 100
    assert got["fresh7_questions"] == 100
    assert got["fresh6_questions"] == got["fresh5_questions"] == 100
    share = sum(not i.answerable for i in unfitted) / len(unfitted)
    assert got["unfitted_always_abstain_abstention_precision"] == round(share, 4)
    # a wrong answer on a fitted part moves that part's figures, not unfitted_*; on an unfitted part (fresh4's
    # test split, its first row taken mechanically, never printed), both; session 30 has no report part
    unfitted_id = next(r["item"].id for r in rows if r["item"].part == "fresh4")
    for wrong_id, part, moves_unfitted in (
        ("s150", "fresh6", False),
        ("v150", "fresh8", False),
        ("w150", "fresh9", False),
        ("x150", "fresh10", False),
        ("y150", "fresh11", False),
        ("z150", "fresh12", False),
        ("b150", "fresh13", False),
        ("c150", "fresh14", False),
        ("d150", "fresh15", False),
        ("e150", "fresh16", False),
        ("f150", "fresh17", False),
        ("i150", "fresh18", False),
        ("j150", "fresh19", False),
        (unfitted_id, "fresh4", True),
    ):
        wrong = [
            dict(r, answer=Answer("x", False, 0.5), correct=False) if r["item"].id == wrong_id else r
            for r in rows
        ]
        moved = part_figures(wrong)
        assert got["unfitted_answered_wrong"] == 0
        assert moved["unfitted_answered_wrong"] == int(moves_unfitted)
        assert moved[f"{part}_answered_wrong"] == 1
