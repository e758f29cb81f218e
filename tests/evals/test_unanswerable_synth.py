"""Same-paragraph unanswerable questions for the neural reader's training (evals/unanswerable_synth.py)."""

from __future__ import annotations

import copy
import re
from typing import Any

from evals import unanswerable_synth as us


def _qa(question: str, ctx: str, answer: str) -> dict[str, Any]:
    return {
        "id": question,
        "question": question,
        "answers": [{"text": answer, "answer_start": ctx.index(answer)}],
    }


def _article(title: str, ctx: str, qas: list[tuple[str, str]]) -> dict[str, Any]:
    return {"title": title, "paragraphs": [{"context": ctx, "qas": [_qa(q, ctx, a) for q, a in qas]}]}


def _data() -> dict[str, Any]:
    a = "In 1901 Ada Lovelace opened the first library of Dover. It held 3,500 books before the war."
    b = "In 1877 Isaac Newton Brown founded the Seaport Museum in Leeds. It held 2,100 ships after 1950."
    c = "The Normans came from Normandy in 911 under Rollo Magnusson. Paris Hilton was their duke."
    d = "The largest lake of Wessex is Lake Tarn, which Mary Shelley visited in 1820 with 4,200 guests."
    return {
        "data": [
            _article(
                "Dover_Library",
                a,
                [
                    ("When did Ada Lovelace open the library?", "1901"),
                    ("Who opened the first library of Dover?", "Ada Lovelace"),
                    ("What was the first library opened in 1901?", "library of Dover"),
                    ("How many books did the library of Dover hold before the war?", "3,500"),
                    ("What is the library of Dover?", "the first library"),
                ],
            ),
            _article(
                "Seaport_Museum",
                b,
                [
                    ("Who founded the Seaport Museum in Leeds?", "Isaac Newton Brown"),
                    ("When did Isaac Newton Brown found the museum in 1877?", "1877"),
                    ("How many ships did the Seaport Museum hold after 1950?", "2,100"),
                ],
            ),
            _article(
                "Normans",  # an eval article: never read, its names never put in a question
                c,
                [
                    ("Who led the Normans from Normandy in 911?", "Rollo Magnusson"),
                    ("Who was duke?", "Paris Hilton"),
                ],
            ),
            _article(
                "Wessex_Lakes",
                d,
                [
                    ("Who visited Lake Tarn in 1820?", "Mary Shelley"),
                    ("What is the largest lake of Wessex?", "Lake Tarn"),
                    ("How many guests came to Lake Tarn with Mary Shelley?", "4,200"),
                ],
            ),
        ]
    }


def _has(text: str, word: str) -> bool:
    return re.search(r"(?<![\w])" + re.escape(word) + r"(?![\w])", text, re.IGNORECASE) is not None


def test_swapped_entity_is_absent_from_its_paragraph_and_of_the_same_kind() -> None:
    data = _data()
    made = us.candidates(data, 13, {"normans"})
    assert made, "the rules apply to this data"
    by_title = {a["title"]: a for a in data["data"]}
    for s in made:
        ctx = by_title[s.title]["paragraphs"][s.paragraph]["context"]
        assert s.question != s.source
        if s.kind in ("year", "number", "name"):
            assert _has(ctx, s.old) and _has(s.source, s.old)  # the question shared it with its paragraph
            assert not _has(ctx, s.new) and _has(
                s.question, s.new
            )  # and the paragraph does not hold the new one
            assert not _has(s.question, s.old) or s.old in s.new
        if s.kind == "year":
            assert re.fullmatch(r"1\d{3}|20\d{2}", s.new)
        if s.kind == "number":
            assert len(re.sub(r"\D", "", s.new)) == len(re.sub(r"\D", "", s.old))
        if s.kind == "antonym":
            assert us.ANTONYMS[s.old] == s.new and not _has(ctx, s.new)
        if s.kind == "negation":
            assert " not " in s.question and " not " not in s.source
    persons = [s for s in made if s.kind == "name" and s.old in ("Ada Lovelace", "Mary Shelley")]
    # a person is swapped for a person of another article with as many words (never the eval article's)
    assert all(s.new in ("Ada Lovelace", "Mary Shelley") and s.new != s.old for s in persons)


def test_eval_articles_are_skipped_and_nothing_of_them_is_used() -> None:
    data = _data()
    made = us.candidates(data, 13, {"normans"})
    assert all(s.title != "Normans" for s in made)
    normans = {"Rollo Magnusson", "Paris Hilton", "Normandy", "911"}
    assert not any(s.new in normans for s in made)
    # without the eval filter the Normans article does give questions: the skip is what keeps them out
    assert any(s.title == "Normans" for s in us.candidates(_data(), 13, set()))


def test_generation_is_deterministic_and_balanced_by_rule() -> None:
    first = us.generate(_data(), 4, 7, {"normans"})
    assert first == us.generate(_data(), 4, 7, {"normans"})
    assert len(first) == 4
    every = us.generate(_data(), 1000, 7, {"normans"})
    assert len(every) == len(us.candidates(_data(), 7, {"normans"}))
    assert len({s.kind for s in every}) >= 3


def test_added_questions_are_unanswerable_on_every_window_of_their_paragraph() -> None:
    from transformers import AutoTokenizer

    from evals import train_neural_reader as trainer
    from knowledge.neural_reader import base_model_dir

    data = _data()
    del data["data"][2]  # the eval article: the trainer refuses it
    before = copy.deepcopy(data)
    made = us.generate(data, 3, 13, {"normans"})
    assert us.add_to(data, made) == 3
    added = [qa for a in data["data"] for p in a["paragraphs"] for qa in p["qas"] if qa.get("is_impossible")]
    assert [qa["question"] for qa in added] == [s.question for s in made] and all(
        not qa["answers"] for qa in added
    )
    tok = AutoTokenizer.from_pretrained(str(base_model_dir()))
    with_synth = trainer._examples(data, tok, 13, set(), 64)
    without = trainer._examples(before, tok, 13, set(), 64)
    no_answer = sum(1 for e in with_synth if e[2] == 0) - sum(1 for e in without if e[2] == 0)
    # each generated question's paragraph is one 64-token window or more, all of them no-answer
    assert no_answer >= 3 and len(with_synth) - len(without) == no_answer
