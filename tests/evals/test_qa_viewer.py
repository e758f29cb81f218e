"""The calibration pool typed the way viewers type (session 16, brief R) and with real misspellings
(session 17, brief K): the rewrites and the pool."""

import pytest

from evals import qa_viewer
from evals.qa import Item, load_all
from evals.qa_parts import CURRENT_POOL, POOLS, pool_items


def test_rewrites_are_general_and_deterministic():
    q = "What is the score of the men's curling final?"
    assert qa_viewer.no_apostrophe(q) == "What is the score of the mens curling final?"
    assert qa_viewer.chat(q) == "whats the score of the mens curling final"
    assert qa_viewer.please(q) == "what is the score of the men's curling final pls"
    assert qa_viewer.no_article(q) == "What is score of men's curling final?"
    assert qa_viewer.typo("who won the downhill") == "who won the donwhill"
    assert qa_viewer.typo("Downhill winner?") == "Downhill winner?"  # no long lower-case word after the first
    assert qa_viewer.one_edit_share([Item("a", "who won the downhill", True)], qa_viewer.typo) == {
        "rewritten": 1,
        "one_edit": 1,
    }
    for rewrite in qa_viewer.REWRITES.values():
        assert rewrite(q) == rewrite(q)


def test_pool16_is_calibration_plus_the_fit_test_parts_and_session_30_has_no_check_part():
    items = pool_items("pool16")
    assert items == qa_viewer.pool() == qa_viewer.PARTS["pool16"]()
    assert all(i.split == "calibration" or i.part in qa_viewer.FIT_TEST_PARTS for i in items)
    assert {i.part for i in items if i.split == "test"} == set(qa_viewer.FIT_TEST_PARTS)
    assert set(qa_viewer.FIT_TEST_PARTS) == {
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
    }
    assert qa_viewer.CHECK_PART is None
    assert {i.part for i in items if i.split == "calibration"} == {i.part for i in load_all()}
    # fresh19 (session 29's check part): both splits in pool16, neither in pool15; another test part: never
    made = [
        Item("a", "q", True, declared="calibration", part="fresh19"),
        Item("b", "q", True, declared="test", part="fresh19"),
        Item("c", "q", True, declared="test", part="fresh4"),
        Item("d", "q", True, declared="test", part="fresh5"),
        Item("e", "q", True, declared="calibration", part="fresh4"),
        Item("f", "q", True, declared="test", part="fresh7"),
        Item("g", "q", True, declared="calibration", part="fresh7"),
        Item("h", "q", True, declared="test", part="fresh8"),
        Item("i", "q", True, declared="calibration", part="fresh8"),
        Item("j", "q", True, declared="test", part="fresh9"),
        Item("k", "q", True, declared="calibration", part="fresh9"),
        Item("l", "q", True, declared="test", part="fresh10"),
        Item("m", "q", True, declared="calibration", part="fresh10"),
        Item("n", "q", True, declared="test", part="fresh11"),
        Item("o", "q", True, declared="calibration", part="fresh11"),
        Item("p", "q", True, declared="test", part="fresh12"),
        Item("q", "q", True, declared="calibration", part="fresh12"),
        Item("r", "q", True, declared="test", part="fresh13"),
        Item("s", "q", True, declared="calibration", part="fresh13"),
        Item("t", "q", True, declared="test", part="fresh14"),
        Item("u", "q", True, declared="calibration", part="fresh14"),
        Item("v", "q", True, declared="test", part="fresh15"),
        Item("w", "q", True, declared="calibration", part="fresh15"),
        Item("x", "q", True, declared="test", part="fresh16"),
        Item("y", "q", True, declared="calibration", part="fresh16"),
        Item("z", "q", True, declared="test", part="fresh17"),
        Item("0", "q", True, declared="calibration", part="fresh17"),
        Item("1", "q", True, declared="test", part="fresh18"),
        Item("2", "q", True, declared="calibration", part="fresh18"),
    ]
    assert [i.id for i in pool_items("pool16", made)] == list("abdefghijklmnopqrstuvwxyz012")
    assert [i.id for i in pool_items("pool15", made)] == list("defghijklmnopqrstuvwxyz012")
    assert [i.id for i in pool_items("pool14", made)] == list("defghijklmnopqrstuvwxyz0")
    assert [i.id for i in pool_items("pool13", made)] == list("defghijklmnopqrstuvwxy")
    assert [i.id for i in pool_items("pool12", made)] == list("defghijklmnopqrstuvw")
    assert [i.id for i in pool_items("pool11", made)] == list("defghijklmnopqrstu")
    assert [i.id for i in pool_items("pool10", made)] == list("defghijklmnopqrs")
    assert [i.id for i in pool_items("pool9", made)] == list("defghijklmnopq")
    assert [i.id for i in pool_items("pool8", made)] == list("defghijklmno")
    assert [i.id for i in pool_items("pool7", made)] == ["d", "e", "f", "g", "h", "i", "j", "k", "l", "m"]
    assert [i.id for i in pool_items("pool6", made)] == ["d", "e", "f", "g", "h", "i", "j", "k"]
    assert [i.id for i in pool_items("pool5", made)] == ["d", "e", "f", "g", "h", "i"]
    assert [i.id for i in pool_items("pool4", made)] == ["d", "e", "f", "g"]
    assert [i.id for i in pool_items("pool3", made)] == ["d", "e"]
    assert [i.id for i in qa_viewer.check_part(made)] == ["a"]
    assert [i.id for i in qa_viewer.report_part(made)] == ["b"]


def test_pool3_to_pool15_are_kept_as_they_were_each_adding_one_part_whole():
    """pool3 (session 17's pool: every calibration part but fresh7's and the later check parts', plus fresh5
    and fresh6 test) .. pool15 (session 29's: every calibration part but fresh19's, plus fresh5 .. fresh18
    test) keep their counts (651, 801, ..., 2451) now that fresh19 is fit data; each pool is the one before
    it plus both splits of one part (pool4 pool3 plus fresh7's, ..., pool15 pool14 plus fresh18's, pool16
    pool15 plus fresh19's) and holds no row of a later part. Counts from the files."""
    every = load_all()
    later = tuple(f"fresh{k}" for k in range(7, 20))
    calibration = [i for i in every if i.split == "calibration" and i.part not in later]
    fitted = [i for i in every if i.split == "test" and i.part in ("fresh5", "fresh6")]
    assert len(pool_items("pool3")) == len(calibration) + len(fitted) == 651
    for k in range(4, 17):
        added = {i.id for i in every if i.part == f"fresh{k + 3}"}
        assert len(added) == 150
        before = {i.id for i in pool_items(f"pool{k - 1}")}
        assert {i.id for i in pool_items(f"pool{k}")} == before | added and not before & added
        assert len(pool_items(f"pool{k}")) == 651 + 150 * (k - 3)
        assert not any(i.part in later[k - 3 :] for i in pool_items(f"pool{k}"))
    assert tuple(POOLS) == tuple(f"pool{k}" for k in range(16, 2, -1)) and CURRENT_POOL == "pool16"
    assert qa_viewer.PARTS["check"]() == [
        i for i in every if i.part == "fresh19" and i.split == "calibration"
    ]
    assert qa_viewer.PARTS["report"]() == [i for i in every if i.part == "fresh19" and i.split == "test"]
    assert len(qa_viewer.PARTS["check"]()) == 50 and len(qa_viewer.PARTS["report"]()) == 100
    for name in POOLS:
        assert qa_viewer.PARTS[name]() == pool_items(name)


def test_pool16_is_pool15_and_every_fresh19_row():
    """pool16 (session 30, docs/knowledge.md "Session 30: a declared change of data use") is pool15 plus
    every row of qa_fresh19.jsonl, both splits, id for id and in order: 2,601 rows, no id twice."""
    fresh19 = [i.id for i in load_all() if i.part == "fresh19"]
    got = [i.id for i in pool_items("pool16")]
    assert got == [i.id for i in pool_items("pool15")] + fresh19
    assert len(fresh19) == 150 and len(got) == len(set(got)) == 2601


def test_the_misspellings_table_is_real_and_read_whole():
    table = qa_viewer.misspellings()
    assert len(table) > 10_000  # codespell's table, not a handful written here
    assert "wich" in table["which"]
    assert "cermony" in table["ceremony"]
    assert "site-packages" in str(qa_viewer.codespell_dictionary())  # read where the package is installed


def test_the_misspellings_rule_keeps_one_lower_case_correction(tmp_path):
    dictionary = tmp_path / "dictionary.txt"
    dictionary.write_text(
        "cermony->ceremony\nceromony->ceremony\nwich->which, with,\nteh->the\nAbout->about\n"
        "abotu->about, disabled because of a name\n",
        encoding="utf-8",
    )
    assert qa_viewer.misspellings.__wrapped__(dictionary) == {
        "ceremony": ("cermony", "ceromony"),
        "the": ("teh",),
    }


def test_real_typo_draws_a_listed_misspelling_of_one_word():
    table = {"ceremony": ("cermony", "ceromony"), "opening": ("openning",), "the": ("teh",)}
    q = "When was the opening ceremony?"
    got = qa_viewer.real_typo(q, table)
    assert got == qa_viewer.real_typo(q, table)  # seeded: the same draw every time
    changed = [(a, b) for a, b in zip(q.split(), got.split(), strict=True) if a != b]
    assert len(changed) == 1  # one word a question
    a, b = changed[0]
    assert b.rstrip("?") in table[a.rstrip("?").lower()]
    # other seeds reach every listed word and misspelling, and only those
    seen = {qa_viewer.real_typo(q, table, seed=s) for s in range(200)}
    assert seen == {
        "When was teh opening ceremony?",
        "When was the openning ceremony?",
        "When was the opening cermony?",
        "When was the opening ceromony?",
    }
    assert qa_viewer.real_typo("Opening times", table) == "Openning times"  # a capital is kept
    assert qa_viewer.real_typo("who won gold", table) == "who won gold"  # no word with an entry
    # words under three letters stay
    assert qa_viewer.real_typo("is it on tv", {"on": ("no",)}) == "is it on tv"


def test_figures_can_fail():
    class A:
        def __init__(self, abstained: bool) -> None:
            self.abstained = abstained

    class Q:
        def __init__(self, answerable: bool) -> None:
            self.answerable = answerable

    rows = [
        {"item": Q(True), "answer": A(False), "correct": True},
        {"item": Q(True), "answer": A(False), "correct": False},
        {"item": Q(True), "answer": A(True), "correct": False},
        {"item": Q(False), "answer": A(True), "correct": False},
        {"item": Q(False), "answer": A(False), "correct": False},
    ]
    got = qa_viewer.figures(rows)
    assert got == {
        "questions": 5,
        "utility": 1 + 1 - 2,
        "right": 1,
        "answerable_abstained": 1,
        "rightly_abstained": 1,
        "wrong": 2,
    }


def test_the_gb_to_us_table_is_codespells_and_read_whole():
    table = qa_viewer.gb_to_us()
    assert len(table) >= 500  # codespell 2.4.3 ships 535 lines, every one a lower-case pair
    assert table["metres"] == "meters" and table["centre"] == "center" and table["colour"] == "color"


def test_us_spelling_rewrites_every_british_word_and_keeps_case():
    table = {"metres": "meters", "centre": "center"}
    got = qa_viewer.us_spelling("How many metres from the Centre, in METRES?", table)
    assert got == "How many meters from the Center, in METERS?"
    assert qa_viewer.us_spelling("who won gold", table) == "who won gold"  # no British word: as written
    assert qa_viewer.us_spelling("centrepiece", table) == "centrepiece"  # whole words only
    assert "us_spelling" in qa_viewer.REWRITES


def test_a_new_sessions_pool_is_one_row_and_keeps_its_check_part_out_of_the_older_pools(monkeypatch):
    """One table (``evals.qa_parts.POOLS``): a next session adds one row (here a made-up pool17 whose check
    part is a made-up fresh20) and every older pool, pool16 included, keeps that check part's rows out while
    pool17 reads fresh20's test split only if declared; a name not in the table is an error."""
    from evals import qa_parts

    rows = {**qa_parts.POOLS}
    rows["pool16"] = qa_parts.Pool(30, None, qa_parts.FITTED_TEST_PARTS)
    monkeypatch.setattr(qa_parts, "POOLS", {"pool17": qa_parts.Pool(31, "fresh20", ()), **rows})
    made = [
        Item("a", "q", True, declared="calibration", part="fresh20"),
        Item("b", "q", True, declared="test", part="fresh20"),
        Item("c", "q", True, declared="calibration", part="fresh19"),
        Item("d", "q", True, declared="test", part="fresh19"),
    ]
    assert [i.id for i in pool_items("pool17", made)] == ["c"]
    assert [i.id for i in pool_items("pool16", made)] == ["c", "d"]
    assert [i.id for i in pool_items("pool15", made)] == []
    with pytest.raises(ValueError, match="no pool named 'pool99'"):
        pool_items("pool99")
