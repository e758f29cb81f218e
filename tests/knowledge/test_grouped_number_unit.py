"""A comma-grouped number glued to its unit ("10,000m") is one number, as "10,000 metres" is (session 28,
brief N): the tokenizer dropped the grouping comma only when a word boundary followed the three digits, so
"10,000m" read as "10", "000" - a number pair no sentence holds - and a question naming the distance that way
was refused by the number clash against the very sentence that answers it."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeBase, nlp

GUIDE = (
    "# Long track\n\n## Distances\n\n"
    "Ada Lindqvist of Norway won the women's 3000 metres. "
    "Marta Koenen of the Netherlands won the women's 5000 metres.\n\n"
    "## Records\n\n"
    "Tomas Brandt of Germany set a track record of 13:01.20 in the men's 10,000 metres.\n"
)


@pytest.mark.parametrize(
    ("glued", "spaced"),
    [
        ("10,000m", "10,000 metres"),
        ("the 10,000m final", "the 10,000 metres final"),
        ("1,500m", "1500 m"),
        ("a 25,000km trip", "a 25000 km trip"),
        ("2,000,000kg", "2000000 kg"),
    ],
)
def test_a_grouped_number_glued_to_its_unit_reads_as_the_spaced_one(glued: str, spaced: str) -> None:
    assert nlp.tokenize(glued) == nlp.tokenize(spaced)


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("1,2345 entries", ["1", "2345", "entry"]),  # four digits after the comma: no grouping
        ("1,000,000 fans", ["1000000", "fan"]),
        ("pages 3,4", ["page", "3", "4"]),
    ],
)
def test_a_comma_that_groups_no_thousands_still_splits(text: str, tokens: list[str]) -> None:
    assert nlp.tokenize(text) == tokens


@pytest.fixture(scope="module")
def long_track(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    root: Path = tmp_path_factory.mktemp("long_track")
    (root / "docs").mkdir()
    (root / "docs" / "long_track.md").write_text(GUIDE, encoding="utf-8")
    kb = KnowledgeBase.open(root / "kb")
    kb.ingest([root / "docs"])
    return kb


@pytest.mark.parametrize(
    "question", ["who set a track record in the 10,000m?", "who set the 10,000m track record"]
)
def test_a_question_naming_the_glued_distance_is_answered(long_track: KnowledgeBase, question: str) -> None:
    answer = long_track.answer(question)
    assert not answer.abstained, answer
    assert "Tomas Brandt" in answer.text
