"""Rule 24 (knowledge/constraint_base.py): the base's own names, read once per store generation, and a full
name the question writes that the base never writes, whose surname it writes with another first name."""

from pathlib import Path

from knowledge import KnowledgeBase
from knowledge.constraint_base import NAME_CHUNKS, BaseNames, NameUse, base_names, unheld_name
from knowledge.constraints import miss

_TEXTS = [
    "Eileen Gu, competing for China, won gold in the women's big air. Gu Ailing is her Chinese name.",
    "Anna Shcherbakova of the Russian Olympic Committee won the women's singles.",
    "Johannes Thingnes Bø of Norway won four gold medals. Mikaela Shiffrin and Petra Vlhova skied.",
    "The Beijing 2022 Winter Olympics were the Games of the XXIV Olympiad in the big air venue.",
]


def _rare(stem: str) -> float:
    return 0.2 if stem in {"olympic", "game", "winter"} else 0.8  # the base's every page: Olympic, Games


def test_how_the_base_writes_a_word() -> None:
    names = BaseNames.from_texts(_TEXTS)
    gu, anna, bo = names.use("gu"), names.use("anna"), names.use("bo")
    assert gu is not None and gu.later and gu.first and not gu.lower  # "Eileen Gu", "Gu Ailing"
    assert anna is not None and anna.first and not anna.later and ("anna", "shcherbakova") in anna.pairs
    assert bo is not None and ("johanne", "bo") in bo.pairs  # one run, a middle name between
    big = names.use("big")
    assert big is not None and big.lower  # "the big air venue"
    unknown = names.use("gasser")
    assert unknown is not None and not (unknown.first or unknown.later)
    crowded = BaseNames.from_texts([f"Eileen Gu won run {i}." for i in range(NAME_CHUNKS + 1)])
    assert crowded.use("gu") is None  # more chunks hold it than a name is read from


def test_a_full_name_the_base_never_writes() -> None:
    names = BaseNames.from_texts(_TEXTS)
    passages = ["gu", "eileen", "anna", "shcherbakova", "shiffrin", "vlhova", "bo", "johanne", "olympic"]

    def unheld(question: str) -> bool:
        return unheld_name(question, names, _rare, [n for n in passages if n in question])

    assert unheld("is anna gu competing")  # "Anna Shcherbakova", "Eileen Gu"
    assert unheld("did eileen shcherbakova win")
    assert not unheld("is eileen gu competing")
    assert not unheld("gu eileen results")  # the other order of a name it writes
    assert not unheld("how many medals did johannes bo win")  # a middle name left out
    assert not unheld("shiffrin vlhova who won")  # "shiffrin" is no first name: written after "Mikaela"
    assert not unheld("when did anna's gu start")  # across a possessive
    assert not unheld("is anna the gu")  # a stopword between
    assert not unheld("is anna gasser competing")  # no surname of the base (rule 21's case)
    assert not unheld_name("is anna gu competing", names, _rare, ["anna"])  # "gu": no name of the passages
    assert not unheld_name("is anna gu competing", BaseNames(lambda s: []), _rare, ["anna", "gu"])
    gu = "Eileen Gu, competing for China, won gold in the women's big air."
    asked = ("is anna gu competing", "yesno", gu, "Freestyle", _rare, ["anna", "gu"], gu, ["gu"])
    assert miss(*asked, base=names) == "entity"
    assert miss(*asked) == ""  # the rule is off without the base's names


def test_the_names_are_read_again_after_an_ingest_only(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(
        "# Skaters\n\nThe skater Anna Shcherbakova won the singles.\n", encoding="utf-8"
    )
    with KnowledgeBase.open(tmp_path / "kb") as kb:
        kb.ingest([docs])
        first = base_names(kb.store)
        skater = first.use("shcherbakova")
        assert skater is not None and skater.later and first.use("gu") == NameUse()
        assert base_names(kb.store) is first  # the same store generation: each word read once
        (docs / "b.md").write_text("# Skiers\n\nThe skier Eileen Gu won the big air.\n", encoding="utf-8")
        kb.ingest([docs])
        skier = base_names(kb.store).use("gu")
        assert skier is not None and skier.later and ("eileen", "gu") in skier.pairs


def test_sample_base_abstains_on_a_name_it_does_not_hold(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("is anna gu competing")
    assert answer.abstained and "Eileen" not in answer.text
    kept = sample_kb.answer("is eileen gu competing")
    assert not kept.abstained and "Eileen Gu" in kept.text
