"""Names the host knows are kept out of what the English abuse model scores (session 15, brief S2).

"how old is shaun white" (Shaun White: a heading of the sample base) was flagged by the model (0.771 >= 0.44:
"hit" of "white", " ho" of "how") and the host stayed silent. The insults below were written for this check
(no train or report part); each names a known athlete and must still be flagged.
"""

from __future__ import annotations

import pytest

from agent.assemble import kb_names, open_kb
from agent.perception import Perception
from agent.perception.abuse import shared_abuse, without_names
from agent.perception.core import heading_names
from agent.persona import Persona

NAMES = ("shaun white", "chloe kim", "nathan chen", "eileen gu", "mikaela shiffrin", "erin jackson")
INSULTS = (
    "shaun white is a bitch",
    "shaun white is a fucking loser",
    "eileen gu is a stupid whore",
    "chloe kim is an ugly cunt",
    "nathan chen skates like a fag",
    "shaun white you retard",
    "mikaela shiffrin is a dumb slut",
    "shaun white is a washed up piece of shit",
    "erin jackson is a n1gger",
)


def test_names_are_removed_as_whole_words_in_any_case() -> None:
    assert without_names("how old is shaun white", NAMES) == "how old is"
    assert without_names("How old is  Shaun   White?", NAMES) == "How old is ?"
    assert without_names("shaun whiteboard", NAMES) == "shaun whiteboard"  # not a whole-word match
    assert without_names("how old is shaun white", ()) == "how old is shaun white"


def test_a_name_holding_a_slur_or_a_lexicon_word_is_never_removed() -> None:
    assert without_names("the retard cup is here", ("retard cup",)) == "the retard cup is here"
    assert without_names("you idiot king", ("idiot king",)) == "you idiot king"


def test_a_known_name_is_no_insult() -> None:
    model = shared_abuse()
    head = model.heads["en"]  # the previous rule, the bare model: the name's letters weigh
    assert head.proba(["how old is shaun white"], "en")[0] >= head.operating_threshold
    assert not model.is_abusive("how old is shaun white", NAMES)
    assert not model.is_abusive("@frosty how old is shaun white", NAMES)


def test_insults_naming_a_known_athlete_are_still_abuse() -> None:
    model = shared_abuse()
    assert all(model.is_abusive(t, NAMES) for t in INSULTS), [
        t for t in INSULTS if not model.is_abusive(t, NAMES)
    ]


def test_heading_names_are_title_case_headings_of_two_to_five_words() -> None:
    headings = [
        "Shaun White",
        "Medal table",
        "Opening ceremony",
        "Ice Crystal Mug",
        "Curling",
        "Snowline Shop: x",
    ]
    assert heading_names(headings) == ("Ice Crystal Mug", "Shaun White")


def test_the_sample_base_names_reach_perception() -> None:
    names = kb_names(open_kb("sample"))
    assert "Shaun White" in names and "Medal table" not in names
    assert kb_names(None) == ()


@pytest.fixture(scope="module")
def perception() -> Perception:
    return Perception(Persona.load(), kb_names=kb_names(open_kb("sample")))


def test_the_named_question_is_a_question_and_insults_are_abuse(perception: Perception) -> None:
    p = perception.perceive_texts(["how old is shaun white"])[0]
    assert p.intent == "question"
    assert p.entities == ()  # the base's names change nothing but what the abuse model scores
    assert [q.intent for q in perception.perceive_texts(list(INSULTS))] == ["abuse"] * len(INSULTS)
