"""The question-intent eval (``evals/question_intent.py``): how lines are shown, labelled and counted."""

from __future__ import annotations

from evals.question_intent import Lines, label, main, score, shown, split_lines, wh_first


def test_a_line_is_shown_lower_cased_without_its_final_punctuation() -> None:
    assert shown("Do you like the Patriots?") == "do you like the patriots"
    assert shown("I love it!! ") == "i love it"
    assert shown("Wait... really?!") == "wait... really"
    assert shown("Is it A? or B?") is None  # a "?" left inside: the reader would see the writer's mark
    assert shown("?!") is None


def test_the_writers_punctuation_is_the_label() -> None:
    assert label("do you ski?") == "question"
    assert label("I ski.") == label("I ski!") == "statement"
    assert label("I ski") is None and label("hmm...)") is None


def test_a_shown_text_with_both_labels_is_left_out_and_parts_stay_apart() -> None:
    sentences = [
        ("Really?", "fit"),
        ("Really.", "fit"),
        ("Do you ski?", "fit"),
        ("do you ski?", "fit"),
        ("I ski.", "fit"),
        ("Are you there?", "report"),
    ]
    lines = split_lines(sentences, "fit")
    assert lines == Lines("fit", ("do you ski",), ("i ski",))
    assert split_lines(sentences, "report").questions == ("are you there",)


def test_scoring_counts_the_perception_and_the_baselines() -> None:
    lines = Lines("fit", ("what time is it", "do you ski"), ("i ski", "what a run", "it rained"))
    r = score(lines, ["question", "chit-chat"], ["chit-chat", "question", "praise"])
    assert r["question_recall"] == 0.5 and r["questions_heard"] == 1
    assert r["false_question_rate"] == round(1 / 3, 4)
    assert r["questions_instead"] == {"chit-chat": 1}
    assert r["statements_as"] == {"chit-chat": 1, "question": 1, "praise": 1}
    # the wh-first baseline hears "what time is it" and mishears "what a run"
    assert r["baseline_wh_first"] == {"question_recall": 0.5, "false_question_rate": round(1 / 3, 4)}
    assert wh_first("where was the race") and not wh_first("i wonder where") and not wh_first("")


def test_the_report_parts_rows_are_never_printed(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--part", "report", "--rows"]) == 2
    assert capsys.readouterr().out == ""


def test_chat_spelling_rewrites_whole_words_only() -> None:
    from evals.question_intent import chat_spelled

    assert chat_spelled("what are you doing") == "wat r u doing"
    assert chat_spelled("somewhat youthful") == "somewhat youthful"


def test_the_typo_rewrite_misspells_the_lines_first_question_word_from_the_table() -> None:
    from evals.question_intent import TYPO_SEED, typo_spelled

    table = {"which": ("whcih", "wich"), "is": ("si",)}
    got = typo_spelled("so which country won", table)
    assert got in ("so whcih country won", "so wich country won")
    assert typo_spelled("so which country won", table, TYPO_SEED) == got  # seeded: the same draw each run
    assert typo_spelled("which is it", table) in ("whcih is it", "wich is it")  # the first such word only
    assert typo_spelled("how is it", table) is None  # its question word ("how") has no misspelling
    assert typo_spelled("somewhat odd", table) is None  # whole words only
    assert typo_spelled("i ski", table) is None


def test_typo_lines_keeps_the_same_lines_as_written_beside() -> None:
    from evals.question_intent import typo_lines

    table = {"which": ("wich",), "what": ("waht",)}
    lines = Lines("fit", ("which one", "how so", "what time"), ("what a run", "which one", "i ski"))
    t = typo_lines(lines, table)
    # "which one" (in both classes) is typo'd the same way in each: left out of both
    assert t.typo == Lines("fit", ("waht time",), ("waht a run",))
    assert t.as_written == Lines("fit", ("what time",), ("what a run",))
    assert t.words == {"what": 2}
