"""Nationality words asked of a base that writes the country, and the other way round (session 18, brief R2):
knowledge/nationality.py and its hook in ``Answerer.respelled``."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import KnowledgeBase, nlp
from knowledge import answer as answer_module
from knowledge.nationality import COUNTRIES, DEMONYMS, as_base, counterpart


def _base(text: str):  # type: ignore[no-untyped-def]
    vocab = set(nlp.tokenize(text, keep_stopwords=True))
    return vocab.__contains__


SAMPLE = _base("Kaori Sakamoto of Japan bronze. Birk Ruud of Norway. a Norwegian biathlete. Nadia of Italy.")


def test_the_form_the_base_holds() -> None:
    assert counterpart("japanese", SAMPLE) == "Japan"
    assert counterpart("Italian", SAMPLE) == "Italy"
    assert counterpart("norwegian", SAMPLE) is None  # the base holds the word itself: kept as written
    assert counterpart("swiss", SAMPLE) is None  # neither form in the base
    assert counterpart("skater", SAMPLE) is None  # no nationality word
    only_adjective = _base("Johannes Thingnes Bo is a Norwegian biathlete.")
    assert counterpart("Norway", only_adjective) == "norwegian"
    assert counterpart("south korean", _base("Hwang Dae-heon of South Korea")) == "South Korea"


def test_the_question_is_written_as_the_base_writes_it() -> None:
    assert as_base("which japanese skater got bronze", SAMPLE) == "which Japan skater got bronze"
    assert as_base("the norwegian guy who won big air", SAMPLE) == "the norwegian guy who won big air"
    assert as_base("who won for Norway", SAMPLE) == "who won for Norway"
    assert as_base("who won the pairs", SAMPLE) == "who won the pairs"
    korea = _base("Choi Min-jeong of South Korea won the 1500 metres.")
    assert as_base("which south korean won the 1500", korea) == "which South Korea won the 1500"


def test_every_nationality_word_names_one_country() -> None:
    assert len(DEMONYMS) == sum(len(names) for names in COUNTRIES.values())
    assert DEMONYMS["american"] == "United States" and DEMONYMS["dutch"] == "Netherlands"
    # ordinary words a viewer asks with are no nationality words here
    assert not {"polish", "pole", "english", "turkey", "chile"} & {*DEMONYMS, *(c.lower() for c in COUNTRIES)}


BOB = (
    "# Results\n\n## Bobsleigh\n\n"
    "Karl Ek of Finland won the two-man bobsleigh, ahead of Ole Dahl of Norway.\n\n"
    "## Luge\n\nAnna Berg of Sweden won the women's luge singles on 8 February.\n"
)


@pytest.fixture
def bob(kb: KnowledgeBase, tmp_path: Path) -> KnowledgeBase:
    docs = tmp_path / "results"
    docs.mkdir()
    (docs / "results.md").write_text(BOB, encoding="utf-8")
    kb.ingest(docs)
    return kb


def test_a_nationality_word_meets_the_country_the_base_names(
    bob: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    # measured and not kept (session 18, brief R2): off by default; this checks the hook where it is on
    monkeypatch.setattr(answer_module, "NATIONALITY_WORDS", True)
    answer = bob.answer("which norwegian was runner-up in the two-man bobsleigh")
    assert not answer.abstained and answer.short.startswith("Ole Dahl"), (answer.text, answer.short)


def test_the_hook_is_off_by_default() -> None:
    assert answer_module.NATIONALITY_WORDS is False
