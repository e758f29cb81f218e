"""evals.false_refusals: the chat form, what counts as a refusal, the sets it reads (fit parts only)."""

from __future__ import annotations

import pytest

from agent.perception.data import splits
from agent.perception.data.train_injection import SQUAD_FIT_ARTICLES, squad_fit_questions
from evals import false_refusals as fr
from evals.qa_squad import FIT_ARTICLES, SQUAD_DIR


def test_chat_form() -> None:
    assert fr.chat_form("Are taxes included in your prices?") == "are taxes included in your prices"
    assert fr.chat_form("  What   is it ? ") == "what is it"


@pytest.mark.parametrize(
    ("act", "intent", "expected"),
    [
        ("refuse", "question", True),  # the composer's harm refusal
        (None, "injection-attempt", True),
        (None, "abuse", True),
        (None, "chat", False),  # the chat profile's silence is declined, not refused
        ("answer", "question", False),
    ],
)
def test_refused(act: str | None, intent: str, expected: bool) -> None:
    assert fr.refused(act, intent) is expected


def test_training_reads_the_same_squad_fit_articles() -> None:
    assert set(SQUAD_FIT_ARTICLES) == set(FIT_ARTICLES)


@pytest.mark.skipif(not (SQUAD_DIR / "questions.jsonl").exists(), reason="SQuAD 2.0 dev questions absent")
def test_squad_sets_are_the_fit_half() -> None:
    qs = fr.squad_questions("fit")
    assert len(qs) == 1407
    trained = set(squad_fit_questions())
    assert set(qs) <= trained and {fr.chat_form(q) for q in qs} <= trained
    assert not set(fr.squad_questions("report")) & trained  # the report half is never a negative


@pytest.mark.skipif(not (splits.SHARED_DATA / "safety").is_dir(), reason="../shared/data is absent")
def test_donotanswer_fit_half() -> None:
    assert len(fr.donotanswer_fit()) == 148


def test_spread() -> None:
    xs = [str(i) for i in range(10)]
    assert fr.spread(xs, None) == xs
    assert fr.spread(xs, 5) == ["0", "2", "4", "6", "8"]
    assert fr.spread(xs, 20) == xs


def test_the_sample_set_is_pool16_and_pool4_to_pool15_stay_as_they_were() -> None:
    """The sample base's benign set follows the check part and the fitted test parts (pool16: no check part,
    fresh5 .. fresh19 test in); sessions 29's pool15 (2451), 28's pool14, 27's pool13, 26's pool12, 25's
    pool11, 24's pool10, 23's pool9, 22's pool8, 21's pool7, 20's pool6, 19's pool5 and 18's pool4 are still
    accepted, as they were (2301, 2151, 2001, 1851, 1701, 1551, 1401, 1251, 1101, 951 and 801 questions: their
    figures in docs/safety.md stay reproducible). Counts from the files, nothing asked."""
    from evals import qa_viewer
    from evals.qa_parts import pool_items

    assert fr.BENIGN == ("squad", "pool16", "topical")
    assert fr.OLDER == (
        "pool15",
        "pool14",
        "pool13",
        "pool12",
        "pool11",
        "pool10",
        "pool9",
        "pool8",
        "pool7",
        "pool6",
        "pool5",
        "pool4",
    )
    for name in fr.BENIGN[1:2] + fr.OLDER:
        assert fr.pool_questions(name) == [i.question for i in pool_items(name)]
    assert len(fr.pool_questions("pool16")) == 2601
    assert len(fr.pool_questions("pool15")) == 2451 and len(fr.pool_questions("pool14")) == 2301
    assert len(fr.pool_questions("pool13")) == 2151
    assert len(fr.pool_questions("pool12")) == 2001
    assert len(fr.pool_questions("pool11")) == 1851 and len(fr.pool_questions("pool10")) == 1701
    assert len(fr.pool_questions("pool9")) == 1551 and len(fr.pool_questions("pool8")) == 1401
    assert len(fr.pool_questions("pool7")) == 1251
    assert len(fr.pool_questions("pool6")) == 1101
    assert len(fr.pool_questions("pool5")) == 951 and len(fr.pool_questions("pool4")) == 801
    assert not {i.question for i in qa_viewer.check_part() + qa_viewer.report_part()} & set(
        fr.pool_questions("pool15")
    )
