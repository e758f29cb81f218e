"""The default path's short answer (session 11): the neural reader's span inside the answer sentence.

The default path still decides whether to answer and which sentence it cites; the reader only picks the span,
and only inside that sentence. Real base model, real committed weights, a real base in a temporary folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from knowledge import KnowledgeBase, neural_reader
from knowledge.answer import SHORT_ENV, reader_short
from knowledge.neural_reader import WEIGHTS_FILE, ReaderUnavailable

needs_weights = pytest.mark.skipif(not WEIGHTS_FILE.is_file(), reason=f"{WEIGHTS_FILE.name} is not built")

CEREMONIES = """# Ceremonies

## Opening ceremony

The opening ceremony took place on Friday 4 February 2022 at the Beijing National Stadium, known as the \
Bird's Nest. It was directed by film director Zhang Yimou, who also directed the opening ceremony of the \
2008 Summer Olympics.

## Closing ceremony

The closing ceremony took place on 20 February 2022 in the same stadium. The Olympic flag was handed to the \
mayors of Milan and Cortina d'Ampezzo, the hosts of 2026. The flame was put out inside a giant snowflake.
"""

#: question -> the rule span (wrong: another name of the pair, half the answer, none) and the right answer
CASES = {
    "Who directed the opening ceremony?": ("Bird's Nest", "Zhang Yimou"),
    "who got the olympic flag at the closing ceremony?": ("Cortina d'Ampezzo", "Milan and Cortina d'Ampezzo"),
    "where was the flame put out?": ("", "a giant snowflake"),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("short")
    (root / "docs").mkdir()
    (root / "docs" / "ceremonies.md").write_text(CEREMONIES, encoding="utf-8")
    with KnowledgeBase.open(root / "kb") as kb:
        kb.ingest([root / "docs"])
    return root / "kb"


@needs_weights
def test_spans_within_a_range_stay_inside_it() -> None:
    model = neural_reader.load()
    passage = (
        "Men's Downhill. The final was held on 7 February at Yanqing. "
        "The gold medal went to Beat Feuz of Switzerland, ahead of Johan Clarey of France."
    )
    question = "When was the men's downhill final held?"
    [free] = model.spans(question, [passage])
    assert "7 February" in free.text
    lo, hi = passage.index("The gold"), len(passage)
    [held] = model.spans(question, [passage], within=[(lo, hi)])
    assert lo <= held.start < held.end <= hi and held.text == passage[held.start : held.end]
    [whole] = model.spans(question, [passage], within=[(0, len(passage))])
    assert (whole.start, whole.end) == (free.start, free.end)
    with pytest.raises(ValueError, match="ranges"):
        model.spans(question, [passage, passage], within=[(0, 5)])


@needs_weights
def test_the_readers_span_replaces_a_wrong_rule_span_inside_the_cited_sentence(
    base: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SHORT_ENV, "neural")
    with KnowledgeBase.open(base, read_only=True) as kb:
        answerer = kb._answerer
        for question, (rule, right) in CASES.items():
            evidence = kb.evidence(question)
            assert evidence is not None and evidence.short == rule  # the rules alone get it wrong
            assert right in evidence.sentence
            assert answerer.short_span(question, evidence) == right
        got = kb.answer("Who directed the opening ceremony?")
    assert not got.abstained and got.short == "Zhang Yimou"
    assert got.short in got.text and got.citations and got.short in got.citations[0].quote


@needs_weights
def test_the_span_never_leaves_the_answer_sentence(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A question the chunk's other sentence answers: the reader may only pick inside the cited one."""
    monkeypatch.setenv(SHORT_ENV, "neural")
    with KnowledgeBase.open(base, read_only=True) as kb:
        evidence = kb.evidence("who got the olympic flag at the closing ceremony?")
        assert evidence is not None
        question = "when did the closing ceremony take place?"  # the date is in the chunk's first sentence
        span = reader_short(kb._answerer.short_reader(), question, evidence)  # type: ignore[arg-type]
    assert "20 February" not in span and (span == "" or span in evidence.sentence)


def test_rules_fill_fallback_and_a_bad_mode(base: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from knowledge.answer import Answerer

    directed, flame = "Who directed the opening ceremony?", "where was the flame put out?"
    monkeypatch.setenv(SHORT_ENV, "rules")
    with KnowledgeBase.open(base, read_only=True) as kb:
        assert kb.answer(directed).short == "Bird's Nest"
    if WEIGHTS_FILE.is_file():  # "fill": the reader only where the rules find nothing
        monkeypatch.setenv(SHORT_ENV, "fill")
        with KnowledgeBase.open(base, read_only=True) as kb:
            assert kb.answer(directed).short == "Bird's Nest"
            assert kb.answer(flame).short == "a giant snowflake"
        monkeypatch.setenv(SHORT_ENV, "typed")  # the reader's span, but a date question keeps the rule's date
        with KnowledgeBase.open(base, read_only=True) as kb:
            assert kb.answer(directed).short == "Zhang Yimou"
            when = kb.answer("when did the closing ceremony take place?")
            rule = kb.evidence("when did the closing ceremony take place?").short
            assert rule == "20 February 2022" and when.short == rule

    def absent() -> neural_reader.NeuralReader:
        return neural_reader.NeuralReader(base.parent / "none.safetensors")  # the real error, weights absent

    monkeypatch.setenv(SHORT_ENV, "neural")
    monkeypatch.setattr(neural_reader, "load", absent)
    with pytest.raises(ReaderUnavailable):
        absent()
    with KnowledgeBase.open(base, read_only=True) as kb:
        got = kb.answer(directed)
        assert kb._answerer.short_reader() is None
        monkeypatch.setenv(SHORT_ENV, "spans please")
        with pytest.raises(ValueError, match=SHORT_ENV):
            Answerer(kb._retriever)
    assert not got.abstained and got.short == "Bird's Nest"  # the rule span: nothing else to read it with


def test_short_accuracy_and_modes_of_the_squad_track() -> None:
    """``evals.qa_squad``: the sample base's short-span accuracy counts an empty ``short`` as wrong, and only
    the declared modes and halves are run."""
    from evals.qa import Item
    from evals.qa_squad import short_accuracy, short_figures
    from knowledge.types import Answer

    def row(
        short: str, answers: tuple[str, ...] = ("Zhang Yimou",), abstained: bool = False
    ) -> dict[str, Any]:
        item = Item("q", "who directed it?", bool(answers), answers)
        return {"item": item, "answer": Answer("Zhang Yimou directed it.", abstained, 1.0, short=short)}

    rows = [
        row("Zhang Yimou"),
        row("film director Zhang Yimou"),
        row(""),
        row("Beijing"),
        row("x", abstained=True),
    ]
    assert short_accuracy(rows) == 0.5
    assert short_accuracy([row("x", abstained=True), row("", answers=())]) is None
    with pytest.raises(ValueError, match="short modes"):
        short_figures(("fit",), ("neural", "spans"))
    with pytest.raises(ValueError, match="halves"):
        short_figures(("everything",), ("rules",))
