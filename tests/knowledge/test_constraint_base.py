"""Rule 24 (knowledge/constraint_base.py): the base's own names, read once per store generation, and a full
name the question writes that the base never writes, whose surname it writes with another first name."""

from pathlib import Path

from knowledge import KnowledgeBase
from knowledge.constraint_base import BaseNames, base_names, unheld_name
from knowledge.constraints import miss

_TEXTS = [
    "Eileen Gu, competing for China, won gold in the women's big air. Gu Ailing is her Chinese name.",
    "Anna Shcherbakova of the Russian Olympic Committee won the women's singles.",
    "Johannes Thingnes Bø of Norway won four gold medals. Mikaela Shiffrin and Petra Vlhova skied.",
    "The Beijing 2022 Winter Olympics were the Games of the XXIV Olympiad in the big air venue.",
]


def _rare(stem: str) -> float:
    return 0.2 if stem in {"olympic", "game", "winter"} else 0.8  # the base's every page: Olympic, Games


def test_the_base_names_are_runs_of_words_never_written_in_lower_case() -> None:
    names = BaseNames.from_texts(_TEXTS)
    assert {"eileen", "anna", "johanne", "mikaela"} <= names.firsts
    assert {"gu", "shcherbakova", "bo", "vlhova", "ail"} <= names.lasts
    assert "gu" not in names.firsts  # written after "Eileen": a surname, though it opens "Gu Ailing"
    assert ("johanne", "bo") in names.pairs  # one run: "Johannes Thingnes Bø", a middle name between
    assert not {"big", "air", "the"} & (names.firsts | names.lasts)  # written in lower case too
    assert BaseNames.from_texts([]) == BaseNames()


def test_a_full_name_the_base_never_writes() -> None:
    names = BaseNames.from_texts(_TEXTS)
    assert unheld_name("is anna gu competing", names, _rare)  # "Anna Shcherbakova", "Eileen Gu"
    assert unheld_name("did eileen shcherbakova win", names, _rare)
    assert not unheld_name("is eileen gu competing", names, _rare)
    assert not unheld_name("gu eileen results", names, _rare)  # the other order of a name it writes
    assert not unheld_name("how many medals did johannes bo win", names, _rare)  # middle name left out
    assert not unheld_name("shiffrin vlhova who won", names, _rare)  # "shiffrin" is no first name
    assert not unheld_name("when did anna's gu start", names, _rare)  # across a possessive
    assert not unheld_name("is anna the gu", names, _rare)  # a stopword between
    assert not unheld_name("is anna gasser competing", names, _rare)  # no surname of the base (rule 21's)
    assert not unheld_name("is anna gu competing", BaseNames(), _rare)  # no names read
    gu = "Eileen Gu, competing for China, won gold in the women's big air."
    assert (
        miss("is anna gu competing", "yesno", gu, "Freestyle", _rare, ["anna", "gu"], base=names) == "entity"
    )
    assert miss("is anna gu competing", "yesno", gu, "Freestyle", _rare, ["anna", "gu"]) == ""


def test_the_names_are_read_again_after_an_ingest_only(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(
        "# Skaters\n\nThe skater Anna Shcherbakova won the singles.\n", encoding="utf-8"
    )
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        kb.ingest([docs])
        first = base_names(kb.store)
        assert "shcherbakova" in first.lasts and "gu" not in first.lasts
        assert base_names(kb.store) is first  # one read per store generation, not one per question
        (docs / "b.md").write_text("# Skiers\n\nThe skier Eileen Gu won the big air.\n", encoding="utf-8")
        kb.ingest([docs])
        assert "gu" in base_names(kb.store).lasts


def test_sample_base_abstains_on_a_name_it_does_not_hold(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("is anna gu competing")
    assert answer.abstained and "Eileen" not in answer.text
    kept = sample_kb.answer("is eileen gu competing")
    assert not kept.abstained and "Eileen Gu" in kept.text
