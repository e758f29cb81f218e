"""R42 (session 21, brief A; R39 + R40 of session 20, brief A2). The answer type a question asks
(``spans.classify``): "take place" asks a venue, not a rank; a question with no question word takes its type
from its noun, as "what day" / "how fast" do. And the viewer's "para" is the base's "Paralympic" to the
sentence scorer, as it is to the constraints (rule 6)."""

import pytest

from knowledge import KnowledgeBase
from knowledge.spans import classify


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("where did the biathlon take place", "where"),
        ("where did short track take place", "where"),
        ("where does the luge takes place", "where"),
        ("paralympic closing day", "when"),
        ("last day of the beijing paralympics?", "when"),
        ("milano cortina opening ceremony date?", "when"),
        ("top speed of a bobsled?", "measure"),
        ("ice crystal mug capacity", "measure"),
        ("tote bag dimensions pls", "measure"),
    ],
)
def test_kind_read_from_the_noun(question: str, kind: str) -> None:
    assert classify(question) == kind


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("where did shaun white finish", "rank"),
        ("where did she place in the final", "rank"),
        ("womens team pursuit speed skating champion", "other"),  # the sport, not a speed
        ("van der poel 10000m record time pls", "other"),  # a duration, not a clock time
        ("biggest hoodie size", "other"),  # a garment's size is a letter
        ("what day is the final", "when"),
        ("how fast is a bobsled", "measure"),
    ],
)
def test_kinds_left_as_they_were(question: str, kind: str) -> None:
    assert classify(question) == kind


def test_a_venue_asked_with_take_place(sample_kb: KnowledgeBase) -> None:
    """Read as a rank asked, the question got "on their back" (a luge athlete's position)."""
    got = sample_kb.answer("where did the luge take place")
    assert not got.abstained
    assert "National Sliding Centre" in got.text


def test_para_is_paralympic_to_the_scorer(sample_kb: KnowledgeBase) -> None:
    """No question word, "para" for the heading's "Paralympic": the final's sentence is ranked first."""
    got = sample_kb.answer("para hockey final score usa canada")
    assert not got.abstained
    assert "beating Canada 5-0" in got.text
