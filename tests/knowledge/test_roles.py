"""Session 23, brief T, K1 (issue 14): a role the base never names ("great britains coach" answered with the
skip's sentence), or names of another holder ("who skipped japan" answered with Great Britain's skip)
(knowledge/roles.py, rule 35 of knowledge/constraints.py). A small base of made-up results, and the pure
functions on questions written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeBase, nlp
from knowledge.roles import other_holder, person_nouns, relational_roles, unwritten_role


def test_the_person_nouns_are_a_general_class() -> None:
    nouns = person_nouns()
    assert {"coach", "referee", "captain", "skier", "partner"} <= nouns
    assert "skip" not in nouns and "curling" not in nouns  # first senses that are no person


@pytest.mark.parametrize(
    ("question", "anchors", "roles"),
    [
        ("who was norways coach in mens curling", {"norway"}, ["coach"]),
        ("whats ola berg's trainer called", set(), ["trainer"]),
        ("who was team norways womens hockey coach", {"norway"}, ["coach"]),
        ("who was the referee of the hockey final", set(), ["referee"]),
        ("which skier won the downhill", set(), []),  # the type of the answer, not a relation
        ("who is the old guy that won silver", set(), []),
    ],
)
def test_a_person_noun_as_someones_relation(question: str, anchors: set[str], roles: list[str]) -> None:
    assert relational_roles(question, anchors) == roles


def test_a_bare_s_is_a_possessive_only_on_a_word_the_passage_never_writes() -> None:
    anchors = {nlp.stem("norway"), nlp.stem("jona"), nlp.stem("jonas")}
    assert relational_roles("who was norways coach", anchors, "Norway won the final.") == ["coach"]
    # "jonas" is a name the passage writes: "partner" after it is no relation of "Jona"
    assert relational_roles("who did tim jonas partner with", anchors, "Tim Jonas won the final.") == []


def test_a_role_is_unwritten_only_where_the_base_writes_neither_it_nor_its_root() -> None:
    written = {"medal", "coach"}

    def share(stem: str) -> float:
        return 0.2 if stem in written else 1.0

    assert unwritten_role("who was the referee of the final", set(), share) == "referee"
    assert unwritten_role("who was the medalist of the downhill", set(), share) == ""  # "medal" is written
    assert unwritten_role("who was norways coach", {"norway"}, share) == ""  # "coach" is written


def test_a_role_stated_of_another_side() -> None:
    sentence = "Norway, skipped by Ola Berg, won the men's curling, beating Canada 6-4 in the final."
    assert other_holder("who skipped canada in the mens curling final", sentence)
    assert other_holder("who skipped the canadian team", sentence)
    assert not other_holder("who skipped norway in mens curling", sentence)
    assert not other_holder("who won the mens curling", sentence)  # no participle clause of "won"


CURLING = (
    "# Winter results\n\n## Curling\n\n"
    "Norway, skipped by Ola Berg, won the men's curling, beating Canada 6-4 in the final on 19 February.\n"
    "Sweden won the women's curling, beating Denmark 8-5 in the final.\n"
    "Teams from Norway, Canada, Sweden and Denmark reached the finals.\n"
)


@pytest.fixture
def curling(kb: KnowledgeBase, tmp_path: Path) -> KnowledgeBase:
    docs = tmp_path / "results"
    docs.mkdir()
    (docs / "results.md").write_text(CURLING, encoding="utf-8")
    kb.ingest(docs)
    return kb


def test_a_role_the_base_never_names_is_not_answered(curling: KnowledgeBase) -> None:
    for question in (
        "who was norways coach in mens curling",
        "who was the referee of the mens curling final",
        "who skipped canada in the mens curling final",
    ):
        answer = curling.answer(question)
        assert answer.abstained, (question, answer.text)


def test_the_role_stated_of_the_side_asked_is_answered(curling: KnowledgeBase) -> None:
    answer = curling.answer("who skipped norway in mens curling")
    assert not answer.abstained and "Ola Berg" in answer.text, answer.text


def test_through_the_sample_base(sample_kb: KnowledgeBase) -> None:
    for question in (
        "who was great britains coach in womens curling",
        "who skipped japan in the womens curling final",
    ):
        assert sample_kb.answer(question).abstained, question
