"""The question's scope (knowledge/constraints.py rules 6-11, session 10): the year or Games, the event, the
relation "born", a colour, the thing priced and the entity the question names must be named by the evidence
(its sentence, the sentence before it, its headings; a name: its passage)."""

import pytest

from knowledge import KnowledgeBase, nlp
from knowledge.constraints import names_in, scope_miss


def _rare(stem: str) -> float:
    return 0.2 if stem in ("olympic", "game") else 0.9  # "Olympic", "Games": the base's generic names


RESULTS = "Beijing 2022: results by sport > Ski jumping"


@pytest.mark.parametrize(
    ("question", "sentence", "context", "reason"),
    [
        # the year and the Games
        ("who won the downhill at pyeongchang 2018?", "Beat Feuz won the men's downhill.", RESULTS, "year"),
        ("who won the downhill in 2022?", "Beat Feuz won the men's downhill.", RESULTS, ""),
        ("how many golds did china win at the paralympics?", "China won 9 golds.", "Olympics", "paralympic"),
        ("how many golds did china win at the paralympics?", "China won 18 golds.", "Paralympic Games", ""),
        ("who won the para ice hockey?", "The United States won para ice hockey.", "Paralympics", ""),
        # the event
        ("who won the women's large hill?", "Marius Lindvik won the men's large hill.", RESULTS, "event"),
        ("who won the men's large hill?", "Marius Lindvik won the men's large hill.", RESULTS, ""),
        ("who won the two-woman bobsleigh?", "Friedrich won the two-man bobsleigh.", "Bobsleigh", "event"),
        ("who won the four-man bobsleigh?", "Friedrich won the two-man and four-man bob.", "Bobsleigh", ""),
        ("who won the men's team ski jumping?", "Kobayashi won the men's normal hill.", "Jumps", "event"),
        ("who won the mixed team event?", "Slovenia won the first mixed team event.", RESULTS, ""),
        ("who won the pairs?", "Anna Shcherbakova won the women's singles.", "Figure skating", "event"),
        ("who won the pairs?", "Sui Wenjing and Han Cong won the pairs event.", "Figure skating", ""),
        ("who won the women's halfpipe?", "Chloe Kim won the halfpipe again.", "Halfpipe > Women", ""),
        # the relation "born"
        ("where was bo born?", "Johannes Thingnes Bø is a Norwegian biathlete.", "Athletes > Bø", "born"),
        ("where was nathan chen born?", "Nathan Chen was born in Salt Lake City.", "Athletes > Chen", ""),
        # a colour
        ("what colours does the bottle come in?", "It is a 750 ml steel bottle.", "Shop > Bottle", "colour"),
        ("what colours does the hoodie come in?", "In midnight navy or glacier white.", "Shop > Hoodie", ""),
    ],
)
def test_scope_miss(question: str, sentence: str, context: str, reason: str) -> None:
    assert scope_miss(question, "who", sentence, context, _rare) == reason


def test_the_paragraph_goes_on_about_the_sentence_before() -> None:
    question = "who took silver in the men's downhill"
    silver = "Johan Clarey of France took silver at 41."
    assert scope_miss(question, "who", silver, "Alpine skiing", _rare) == "event"
    before = "Beat Feuz of Switzerland won the men's downhill."
    assert scope_miss(question, "who", silver, "Alpine skiing", _rare, before=before) == ""


def test_the_thing_priced_is_named() -> None:
    mug = "Shop > Ice Crystal Mug"
    asked = ["penguin", "mug"]
    said = "The Ice Crystal Mug costs $16."
    assert scope_miss("how much does the penguin mug cost?", "price", said, mug, _rare, asked) == "priced"
    assert scope_miss("how much is the mug?", "price", said, mug, _rare, ["mug"]) == ""
    # the words that ask for the price are not what is priced
    assert scope_miss("how much does the mug cost?", "price", said, mug, _rare, ["mug", "cost"]) == ""


def test_names_are_what_the_passages_capitalize_inside_a_sentence() -> None:
    passages = [
        "Sara Hector of Sweden won the giant slalom. Sweden won the men's curling.",
        'The "Ice Cube" hosted curling on the ice. Both ice hockey arenas.',
        "Beijing 2022 was the first Winter Games on artificial snow, said the Olympic body.",
    ]
    got = names_in("how many medals did sweden win on the ice at the olympic games?", passages)
    assert sorted(got) == ["game", "olympic", "sweden"]  # "ice" is mostly lower case: not a name
    assert names_in("who won?", passages) == []


def test_an_absent_entity_is_a_miss_a_generic_name_is_not() -> None:
    said = "Johannes Thingnes Bø of Norway won four gold medals."
    passage = f"{said} Quentin Fillon Maillet of France won five medals."
    question = "how many medals did sweden win at the olympic games?"
    got = scope_miss(question, "count", said, RESULTS, _rare, passage=passage, names=["sweden"])
    assert got == "entity"
    for ok in (["olympic", "game"], nlp.tokenize("France")):
        assert scope_miss(question, "count", said, RESULTS, _rare, passage=passage, names=ok) == ""


def test_sample_base_abstains_when_the_scope_differs(sample_kb: KnowledgeBase) -> None:
    for question in (
        "how many gold medals did the united states win at the paralympics?",
        "who won the women's large hill in ski jumping?",
        "how many medals did sweden win at beijing 2022?",
        "where was johannes thingnes bo born?",
    ):
        answer = sample_kb.answer(question)
        assert answer.abstained and not answer.citations, question


def test_sample_base_answers_within_the_scope(sample_kb: KnowledgeBase) -> None:
    for question, expected in [
        ("how many gold medals did china win at the paralympics?", "18"),
        ("who won the men's large hill in ski jumping?", "Marius Lindvik"),
        ("who took silver in the men's downhill?", "Johan Clarey"),
        ("how many gold medals did germany win at beijing 2022?", "12"),
        ("where was nathan chen born?", "Salt Lake City"),
    ]:
        answer = sample_kb.answer(question)
        assert not answer.abstained and expected in answer.text, question


def test_a_gendered_pronoun_names_the_side_session_11() -> None:
    """Session 11 (from the calibration parts): "she" / "her" name the women's side, "he" / "his" the
    men's; a pronoun of the other side does not."""
    chloe = "Chloe Kim is an American snowboarder. She won the halfpipe at PyeongChang 2018 at 17."
    assert scope_miss("who won the women's halfpipe?", "", chloe, "Athletes > Chloe Kim", _rare) == ""
    assert scope_miss("who won the men's halfpipe?", "", chloe, "Athletes > Chloe Kim", _rare) == "event"
    hirano = "Ayumu Hirano won the halfpipe. He landed a triple cork in his final run."
    assert scope_miss("who won the men's halfpipe?", "", hirano, "Snowboard", _rare) == ""
    assert scope_miss("who won the women's halfpipe?", "", hirano, "Snowboard", _rare) == "event"
