"""The SQuAD retrieval-recall eval's own logic: which chunk holds an answer, and how recall is counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.qa_squad import SquadItem
from evals.retrieval_squad import Gold, gold_chunks, random_figures, recall_figures
from knowledge import KnowledgeBase

#: long enough that two paragraphs do not fit one chunk
FILLER = " ".join(["It has many bridges, quays, mills and islands; boats carried goods on it for ages."] * 2)


def _item(article: str, question: str, *answers: str) -> SquadItem:
    return SquadItem(id=question, article=article, question=question, answers=tuple(answers))


def test_recall_counts_the_first_gold_chunk_within_k() -> None:
    golds = [
        Gold(_item("A", "q1", "x"), frozenset({7})),
        Gold(_item("A", "q2", "x"), frozenset({3, 9})),
        Gold(_item("A", "q3", "x"), frozenset()),  # the answer is in no chunk: a miss everywhere
        Gold(_item("A", "q4", "x"), frozenset({1})),
    ]
    ranked = [[7, 1, 2], [1, 2, 4, 5, 9, 3], [1, 2, 3], list(range(20, 40)) + [1]]
    got = recall_figures(golds, ranked)
    assert got["recall@1"] == pytest.approx(1 / 4)
    assert got["recall@4"] == pytest.approx(1 / 4)
    assert got["recall@8"] == pytest.approx(2 / 4)  # q2's first gold chunk is 5th; q4's beyond the depth
    assert got["mrr@10"] == pytest.approx((1 + 1 / 5) / 4)


def test_random_floor_is_the_chance_of_drawing_a_gold_chunk() -> None:
    golds = [Gold(_item("A", "q", "x"), frozenset({1, 2})), Gold(_item("A", "r", "x"), frozenset())]
    got = random_figures(golds, 10)
    assert got["recall@1"] == pytest.approx((2 / 10) / 2)
    assert got["recall@4"] == pytest.approx((1 - (8 * 7 * 6 * 5) / (10 * 9 * 8 * 7)) / 2)


def test_gold_chunks_are_the_articles_chunks_that_hold_an_answer(tmp_path: Path) -> None:
    docs = tmp_path / "kb"
    docs.mkdir()
    (docs / "rivers.md").write_text(
        f"# Rivers\n\nThe Loire is the longest river in France. {FILLER}\n\n"
        f"The Seine flows through Paris. {FILLER}\n",
        encoding="utf-8",
    )
    (docs / "cities.md").write_text("# Cities\n\nParis is the capital of France.\n", encoding="utf-8")
    with KnowledgeBase.open(tmp_path / "base") as kb:
        kb.ingest([docs])
        items = [
            _item("Rivers", "Which river flows through the capital?", "the Seine"),  # article ignored
            _item("Rivers", "Which country?", "France"),  # in Rivers and in Cities: Rivers' chunk only
            _item("Cities", "What is the capital?", "Lyon"),  # in no chunk
            _item("Cities", "Unanswerable?"),  # dropped
        ]
        golds, n_chunks = gold_chunks(kb, items)
        texts = {r.vid: r.text for r in kb.store.rows(list(range(kb.store.ntotal)))}
    assert n_chunks == 3
    assert [g.item.question for g in golds] == [i.question for i in items[:3]]
    assert [sorted(texts[v] for v in g.vids) for g in golds] == [
        [f"The Seine flows through Paris. {FILLER}"],
        [f"The Loire is the longest river in France. {FILLER}"],
        [],
    ]
