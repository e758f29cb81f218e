"""The span reader: candidate spans and their features, the shipped model, and answers through it."""

from pathlib import Path

import pytest

from knowledge import KnowledgeBase
from knowledge.reader import (
    FEATURES,
    ReaderModel,
    Sentence,
    candidates,
    head_noun,
    read,
    wh_kind,
)


def _sentence(text: str, heading: str = "", rank: int = 0) -> Sentence:
    return Sentence(text, heading, rank, 1.0, {"coverage": 0.5, "dense": 0.6})


def test_question_types_and_head_nouns() -> None:
    assert wh_kind("Who won the Men's Downhill?") == "who"
    assert wh_kind("In what year did the war end?") == "when"
    assert wh_kind("How many people lived there?") == "howmany"
    assert head_noun("In what country is Normandy located?") == "country"
    assert head_noun("Who won?") == ""


def test_candidates_are_spans_of_the_evidence_without_the_question() -> None:
    s = _sentence("The gold medal went to Beat Feuz of Switzerland.", heading="Results > Men's Downhill")
    found = candidates("Who won the Men's Downhill?", "who", [s])
    texts = {c.text for c in found}
    assert "Beat Feuz" in texts and "Switzerland" in texts
    assert all(c.text in s.text for c in found)  # never invented
    assert not any(c.text.lower() in ("the", "of") for c in found)
    feuz = next(c for c in found if c.text == "Beat Feuz")
    assert feuz.features["who_x_cap"] == 1.0 and feuz.features["prev_to"] == 1.0
    assert set(feuz.features) <= set(FEATURES)


def test_the_shipped_model_prefers_the_typed_span() -> None:
    model = ReaderModel.load()
    assert model is not None and model.note and 0.0 < model.threshold < 1.0
    evidence = [_sentence("The final was held on 7 February 2022 at the Yanqing Alpine Skiing Centre.")]
    got = read(model, "When was the final held?", "when", evidence)
    assert got is not None and "February" in got.span and 0.0 <= got.confidence <= 1.0


def test_model_round_trip(tmp_path: Path) -> None:
    model = ReaderModel({"len": -0.5}, {"span_score": 1.0}, -1.0, 0.4, "a note")
    path = tmp_path / "reader.json"
    import json

    path.write_text(json.dumps(model.to_json()))
    assert ReaderModel.load(path) == model
    assert ReaderModel.load(tmp_path / "absent.json") is None


def test_answers_through_the_reader_cite_their_span(
    docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PERSONA_READER", "1")
    with KnowledgeBase.open(tmp_path / "kb-reader") as kb:
        kb.ingest([docs])
        for question in ("How much do curling stones weigh?", "What are curling stones made of?"):
            answer = kb.answer(question)
            if not answer.abstained:
                assert answer.short and answer.short in answer.citations[0].quote
        assert kb.answer("who painted the ceiling of the ice cube in 1850?").abstained
