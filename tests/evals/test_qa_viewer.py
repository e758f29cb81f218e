"""The calibration pool typed the way viewers type (session 16, brief R) and with real misspellings
(session 17, brief K): the rewrites and the pool."""

from evals import qa_viewer
from evals.qa import Item, load_all


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
    items = qa_viewer.pool16()
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
    assert [i.id for i in qa_viewer.pool16(made)] == list("abdefghijklmnopqrstuvwxyz012")
    assert [i.id for i in qa_viewer.pool15(made)] == list("defghijklmnopqrstuvwxyz012")
    assert [i.id for i in qa_viewer.pool14(made)] == list("defghijklmnopqrstuvwxyz0")
    assert [i.id for i in qa_viewer.pool13(made)] == list("defghijklmnopqrstuvwxy")
    assert [i.id for i in qa_viewer.pool12(made)] == list("defghijklmnopqrstuvw")
    assert [i.id for i in qa_viewer.pool11(made)] == list("defghijklmnopqrstu")
    assert [i.id for i in qa_viewer.pool10(made)] == list("defghijklmnopqrs")
    assert [i.id for i in qa_viewer.pool9(made)] == list("defghijklmnopq")
    assert [i.id for i in qa_viewer.pool8(made)] == list("defghijklmno")
    assert [i.id for i in qa_viewer.pool7(made)] == ["d", "e", "f", "g", "h", "i", "j", "k", "l", "m"]
    assert [i.id for i in qa_viewer.pool6(made)] == ["d", "e", "f", "g", "h", "i", "j", "k"]
    assert [i.id for i in qa_viewer.pool5(made)] == ["d", "e", "f", "g", "h", "i"]
    assert [i.id for i in qa_viewer.pool4(made)] == ["d", "e", "f", "g"]
    assert [i.id for i in qa_viewer.pool3(made)] == ["d", "e"]
    assert [i.id for i in qa_viewer.check_part(made)] == ["a"]
    assert [i.id for i in qa_viewer.report_part(made)] == ["b"]


def test_pool3_to_pool14_are_kept_as_they_were_and_pool15_adds_fresh18_whole():
    """pool3 (session 17's pool: every calibration part but fresh7's, plus fresh5 and fresh6 test), pool4
    (session 18's: every calibration part but fresh8's, plus fresh5, fresh6 and fresh7 test), pool5 (session
    19's: every calibration part but fresh9's, plus fresh5 .. fresh8 test) and pool6 (session 20's: every
    calibration part but fresh10's, plus fresh5 .. fresh9 test), pool7 (session 21's: every calibration
    part but fresh11's, plus fresh5 .. fresh10 test), pool8 (session 22's: every calibration part but
    fresh12's, plus fresh5 .. fresh11 test), pool9 (session 23's: every calibration part but fresh13's,
    plus fresh5 .. fresh12 test), pool10 (session 24's: every calibration part but fresh14's, plus fresh5
    .. fresh13 test), pool11 (session 25's: every calibration part but fresh15's, plus fresh5 .. fresh14
    test), pool12 (session 26's: every calibration part but fresh16's, plus fresh5 .. fresh15 test), pool13
    (session 27's: every calibration part but fresh17's, plus fresh5 .. fresh16 test) and pool14 (session
    28's: every calibration part but fresh18's, plus fresh5 .. fresh17 test) keep their counts now that
    fresh19 has joined; pool4 is pool3 plus both of fresh7's splits, pool5 pool4 plus both of fresh8's, pool6
    pool5 plus both of fresh9's, pool7 pool6 plus both of fresh10's, pool8 pool7 plus both of fresh11's, pool9
    pool8 plus both of fresh12's, pool10 pool9 plus both of fresh13's, pool11 pool10 plus both of fresh14's,
    pool12 pool11 plus both of fresh15's, pool13 pool12 plus both of fresh16's, pool14 pool13 plus both of
    fresh17's, pool15 pool14 plus both of fresh18's. Counts from the files."""
    every = load_all()
    later = (
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
    calibration = [i for i in every if i.split == "calibration" and i.part not in later]
    fitted = [i for i in every if i.split == "test" and i.part in ("fresh5", "fresh6")]
    fresh7 = [i for i in every if i.part == "fresh7"]
    fresh8 = [i for i in every if i.part == "fresh8"]
    assert len(qa_viewer.pool3()) == len(calibration) + len(fitted) == 651
    assert {i.id for i in qa_viewer.pool4()} == {i.id for i in qa_viewer.pool3()} | {i.id for i in fresh7}
    assert len(qa_viewer.pool4()) == 651 + len(fresh7) == 801
    assert {i.id for i in qa_viewer.pool5()} == {i.id for i in qa_viewer.pool4()} | {i.id for i in fresh8}
    assert len(qa_viewer.pool5()) == 801 + len(fresh8) == 951
    fresh9 = [i for i in every if i.part == "fresh9"]
    assert {i.id for i in qa_viewer.pool6()} == {i.id for i in qa_viewer.pool5()} | {i.id for i in fresh9}
    assert len(qa_viewer.pool6()) == 951 + len(fresh9) == 1101
    fresh10 = [i for i in every if i.part == "fresh10"]
    assert {i.id for i in qa_viewer.pool7()} == {i.id for i in qa_viewer.pool6()} | {i.id for i in fresh10}
    assert len(qa_viewer.pool7()) == 1101 + len(fresh10) == 1251
    fresh11 = [i for i in every if i.part == "fresh11"]
    assert {i.id for i in qa_viewer.pool8()} == {i.id for i in qa_viewer.pool7()} | {i.id for i in fresh11}
    assert len(qa_viewer.pool8()) == 1251 + len(fresh11) == 1401
    fresh12 = [i for i in every if i.part == "fresh12"]
    assert {i.id for i in qa_viewer.pool9()} == {i.id for i in qa_viewer.pool8()} | {i.id for i in fresh12}
    assert len(qa_viewer.pool9()) == 1401 + len(fresh12) == 1551
    fresh13 = [i for i in every if i.part == "fresh13"]
    assert {i.id for i in qa_viewer.pool10()} == {i.id for i in qa_viewer.pool9()} | {i.id for i in fresh13}
    assert len(qa_viewer.pool10()) == 1551 + len(fresh13) == 1701
    fresh14 = [i for i in every if i.part == "fresh14"]
    assert {i.id for i in qa_viewer.pool11()} == {i.id for i in qa_viewer.pool10()} | {i.id for i in fresh14}
    assert len(qa_viewer.pool11()) == 1701 + len(fresh14) == 1851
    fresh15 = [i for i in every if i.part == "fresh15"]
    assert {i.id for i in qa_viewer.pool12()} == {i.id for i in qa_viewer.pool11()} | {i.id for i in fresh15}
    assert len(qa_viewer.pool12()) == 1851 + len(fresh15) == 2001
    fresh16 = [i for i in every if i.part == "fresh16"]
    assert {i.id for i in qa_viewer.pool13()} == {i.id for i in qa_viewer.pool12()} | {i.id for i in fresh16}
    assert len(qa_viewer.pool13()) == 2001 + len(fresh16) == 2151
    fresh17 = [i for i in every if i.part == "fresh17"]
    assert {i.id for i in qa_viewer.pool14()} == {i.id for i in qa_viewer.pool13()} | {i.id for i in fresh17}
    assert len(qa_viewer.pool14()) == 2151 + len(fresh17) == 2301
    fresh18 = [i for i in every if i.part == "fresh18"]
    assert {i.id for i in qa_viewer.pool15()} == {i.id for i in qa_viewer.pool14()} | {i.id for i in fresh18}
    assert len(qa_viewer.pool15()) == 2301 + len(fresh18) == 2451
    assert not any(i.part == "fresh8" for i in qa_viewer.pool3() + qa_viewer.pool4())
    assert not any(i.part == "fresh9" for i in qa_viewer.pool3() + qa_viewer.pool4() + qa_viewer.pool5())
    older = qa_viewer.pool3() + qa_viewer.pool4() + qa_viewer.pool5() + qa_viewer.pool6()
    assert not any(i.part == "fresh10" for i in older)
    assert not any(i.part == "fresh11" for i in older + qa_viewer.pool7())
    assert not any(i.part == "fresh12" for i in older + qa_viewer.pool7() + qa_viewer.pool8())
    newer = older + qa_viewer.pool7() + qa_viewer.pool8() + qa_viewer.pool9()
    assert not any(i.part == "fresh13" for i in newer)
    assert not any(i.part == "fresh14" for i in newer + qa_viewer.pool10())
    assert not any(i.part == "fresh15" for i in newer + qa_viewer.pool10() + qa_viewer.pool11())
    newest = newer + qa_viewer.pool10() + qa_viewer.pool11() + qa_viewer.pool12()
    assert not any(i.part == "fresh16" for i in newest)
    assert not any(i.part == "fresh17" for i in newest + qa_viewer.pool13())
    assert not any(i.part == "fresh18" for i in newest + qa_viewer.pool13() + qa_viewer.pool14())
    latest = newest + qa_viewer.pool13() + qa_viewer.pool14() + qa_viewer.pool15()
    assert not any(i.part == "fresh19" for i in latest)
    assert qa_viewer.PARTS["check"]() == [
        i for i in every if i.part == "fresh19" and i.split == "calibration"
    ]
    assert qa_viewer.PARTS["report"]() == [i for i in every if i.part == "fresh19" and i.split == "test"]
    assert len(qa_viewer.PARTS["check"]()) == 50 and len(qa_viewer.PARTS["report"]()) == 100


def test_pool16_is_pool15_and_every_fresh19_row():
    """pool16 (session 30, docs/knowledge.md "Session 30: a declared change of data use") is pool15 plus
    every row of qa_fresh19.jsonl, both splits, id for id and in order: 2,601 rows, no id twice."""
    fresh19 = [i.id for i in load_all() if i.part == "fresh19"]
    got = [i.id for i in qa_viewer.pool16()]
    assert got == [i.id for i in qa_viewer.pool15()] + fresh19
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
