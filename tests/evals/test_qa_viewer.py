"""The calibration pool typed the way viewers type (session 16, brief R): the rewrites and the pool."""

from evals import qa_viewer


def test_rewrites_are_general_and_deterministic():
    q = "What is the score of the men's curling final?"
    assert qa_viewer.no_apostrophe(q) == "What is the score of the mens curling final?"
    assert qa_viewer.chat(q) == "whats the score of the mens curling final"
    assert qa_viewer.please(q) == "what is the score of the men's curling final pls"
    assert qa_viewer.no_article(q) == "What is score of men's curling final?"
    assert qa_viewer.typo("who won the downhill") == "who won the donwhill"
    assert qa_viewer.typo("Downhill winner?") == "Downhill winner?"  # no long lower-case word after the first
    for rewrite in qa_viewer.REWRITES.values():
        assert rewrite(q) == rewrite(q)


def test_pool_is_calibration_only_and_leaves_the_check_part_out():
    items = qa_viewer.pool()
    assert items
    assert all(i.split == "calibration" for i in items)
    assert not any(i.part in qa_viewer.CHECK_PARTS for i in items)


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
