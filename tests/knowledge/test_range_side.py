"""R45b of session 22 (brief A, part of R46): a stretch's end or start asked is read from the range a sentence
states, and that sentence covers the words that ask it."""

from __future__ import annotations

from knowledge import KnowledgeBase, spans

HELD = "The festival was held from 4 to 13 March 2022 in the old town."


def test_the_side_asked() -> None:
    assert spans.range_end_asked("when did the festival end") == "end"
    assert spans.range_end_asked("last day of the festival?") == "end"
    assert spans.range_end_asked("when did the festival start") == "start"
    assert spans.range_end_asked("when was the festival") == ""


def test_the_range_s_side() -> None:
    assert spans.range_side(HELD, "end") == "13 March 2022"
    assert spans.range_side(HELD, "start") == "4 March 2022"
    assert spans.range_side("It ran March 3-9, 2021 downtown.", "end") == "March 9, 2021"
    assert spans.range_side("Canada won 3-2 in the final.", "end") == ""


def test_the_span_is_the_side_asked() -> None:
    assert spans.answer_span("when", HELD, "when did the festival end") == "13 March 2022"
    assert spans.answer_span("when", HELD, "when did the festival begin") == "4 March 2022"
    assert spans.strength("when", "13 March 2022", HELD, "when did the festival end") == 1.0
    # a date that is neither the range's side nor said with an end word is a weaker span for it
    other = "The tickets went on sale on 2 January 2022."
    assert spans.strength("when", "2 January 2022", other, "when did the festival end") < 1.0


def test_the_sample_base_answers_the_end_of_the_paralympics(sample_kb: KnowledgeBase) -> None:
    got = sample_kb.answer("final day of the beijing paralympics?")
    assert not got.abstained
    assert "13 March 2022" in got.text
