"""Rule 27 (session 18, brief A2): a question to the host about itself needs the relation it asks."""

import pytest

from knowledge import KnowledgeBase, host_relation
from knowledge.constraints import miss
from knowledge.question_words import question_terms


def _rare(stem: str) -> float:
    return 0.9


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("whats your favourite winter sport", "Our favourite moment was Italy's unbeaten run to the title."),
        ("what's ur fav sport to watch lol", "Our favourite moment was Italy's unbeaten run to the title."),
        ("which hockey team do u root for", "An ice hockey team has six players on the ice."),
        (
            "what games do you play off stream",
            "During the Olympic and Paralympic Games the show streams daily.",
        ),
    ],
)
def test_the_host_relation_asked_must_be_stated(question: str, sentence: str) -> None:
    # the question's own terms, as the path passes them (without them rule "you" would answer first)
    assert miss(question, "other", sentence, "", _rare, question_terms(question)) == "relation"


@pytest.mark.parametrize(
    ("question", "sentence"),
    [
        ("what was your favourite moment?", "Our favourite moment was Italy's unbeaten run to the title."),
        (
            "what date did you guys record the recap",
            "We recorded this recap in the studio on 21 February 2022.",
        ),
        ("how many countries do you ship to?", "We ship to more than 40 countries."),
        ("what do you do", "The show streams every Tuesday and Friday."),
    ],
)
def test_a_relation_stated_or_not_asked_is_met(question: str, sentence: str) -> None:
    assert not host_relation.miss(question, sentence)
    assert miss(question, "other", sentence, "", _rare, question_terms(question)) != "relation"


def test_the_favourite_is_the_head_of_the_phrase() -> None:
    assert host_relation.asked("whats your favourite winter sport to watch") == ("sport",)
    assert host_relation.asked("who won the mens big air") == ()


def test_sample_base_does_not_answer_the_hosts_favourite_from_another(sample_kb: KnowledgeBase) -> None:
    assert sample_kb.answer("what is your favourite winter sport?").abstained
    kept = sample_kb.answer("in the recap video what was your favourite moment?")
    assert not kept.abstained and "curling" in kept.text
