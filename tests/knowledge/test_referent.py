"""Session 18, brief H (issue 14): the answer is the heading a sentence speaks of by "it", "she" or "the
venue" (knowledge/referent.py). Pure functions first, then the real sample base through the answer path."""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase
from knowledge.referent import answer_heading, asked_kind, heading_referent, is_name, kind_heading, refers

GUIDE = "A viewer's guide to winter sports > Nordic combined"
VENUES = "Beijing 2022 venues > Beijing zone > National Speed Skating Oval"
ATHLETE = "Athletes to know from Beijing 2022 > Su Yiming"
SHOP = "Snowline Shop: official merchandise of Snowline Live > Panda Beanie"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("which olympic sport had no womens event", "sport"),
        ("quentin fillon maillet won 5 medals in wich sport", "sport"),
        ("which venue hosted events", "venue"),  # the nearest noun decides
        ("what product is made from recycled ski goggle straps?", "product"),
        ("which athlete became the first freestyle skier to win three medals", "person"),
        ("who acted in the film the taking of tiger mountain", "person"),
        ("where were the moguls held", "venue"),
        ("only new competition venue in beijing city?", "venue"),  # a compound's head: "venue"
        ("worlds first permanent big air venue is which one", "venue"),
        ("nickname of the ski jump venue?", ""),  # asks for a nickname
        ("sliding centre nickname?", ""),
        ("when did the games open", ""),
    ],
)
def test_the_kind_a_question_asks_for(question: str, kind: str) -> None:
    assert asked_kind(question) == kind


def test_a_heading_of_the_kind() -> None:
    assert kind_heading("sport", GUIDE) == "Nordic combined"
    assert kind_heading("venue", VENUES) == "National Speed Skating Oval"  # a name under "venues"
    assert kind_heading("venue", "Beijing 2022 venues > Beijing zone") == ""  # a topic, not a name
    assert kind_heading("person", ATHLETE) == "Su Yiming"
    assert kind_heading("product", SHOP) == "Panda Beanie"
    assert (
        kind_heading("product", "Snowline Shop: official merchandise > Ordering, shipping and returns") == ""
    )
    assert kind_heading("person", VENUES) == ""
    assert is_name("Pip the Penguin Plush") and not is_name("Opening ceremony")


def test_a_sentence_refers_without_naming() -> None:
    assert refers("venue", "It hosted long track speed skating.")
    assert refers("venue", "The only new competition venue in Beijing, nicknamed the ...")  # a description
    assert refers("person", 'As a child he acted in the film "The Taking of Tiger Mountain".')
    assert refers("person", "At Beijing 2022, aged 18, she won two gold medals.")  # "At Beijing" is no name
    # a name stands before the pronoun: it points back to that
    assert not refers(
        "venue", "The Bird's Nest hosted the ceremonies, as it did in 2008. It has 80,000 seats."
    )
    assert not refers(
        "venue", 'The "Water Cube" of 2008 became the "Ice Cube". Its swimming pool was covered.'
    )
    assert not refers("person", "Lindsey Jacobellis won the snowboard cross. She also won the mixed team.")
    assert refers("product", "It is a one-size acrylic knit hat.")
    assert not refers("venue", "Hosted all biathlon events.")  # a fragment only when the path says so
    assert refers("venue", "Hosted all biathlon events.", fragment=True)
    assert refers("sport", "At Beijing 2022 it was the only Olympic sport with no women's event.")
    assert not refers("sport", "Nordic combined pairs ski jumping with cross-country skiing.")


def test_the_heading_answers_only_a_question_for_the_thing_itself() -> None:
    said = "At Beijing 2022 it was the only Olympic sport with no women's event."
    assert heading_referent("which olympic sport had no womens event", said, GUIDE) == "Nordic combined"
    assert heading_referent("when did nordic combined start", said, GUIDE) == ""  # no kind asked
    # the question names the heading already: it asks about it, not for it
    venue = "Beijing 2022 venues > Yanqing zone > National Sliding Centre"
    assert heading_referent("where is the national sliding centre", "Its track hosted luge.", venue) == ""
    # a person asked, the heading a thing: "It was directed by film director Zhang Yimou."
    overview = "Beijing 2022 Olympic Winter Games > Opening ceremony"
    assert (
        heading_referent("who directed the opening ceremony", "It was directed by Zhang Yimou.", overview)
        == ""
    )
    # the sentence said names the heading itself
    pair = "The Panda Beanie costs $22. It is a one-size acrylic knit hat with panda ears."
    assert heading_referent("which product has panda ears", pair, SHOP) == ""


def test_what_is_said_and_the_short_answer() -> None:
    said = "At Beijing 2022 it was the only Olympic sport with no women's event."
    assert answer_heading("which olympic sport had no womens event", said, GUIDE, said) == (
        f"Nordic combined: {said}",
        "Nordic combined",
    )
    park = "Beijing 2022 venues > Zhangjiakou zone > Genting Snow Park"
    fragment = "Genting Snow Park: Hosted snowboard and freestyle skiing events except big air."
    chunk = "Hosted snowboard and freestyle skiing events except big air."
    assert answer_heading("where were the moguls held", fragment, park, chunk) == (
        fragment,
        "Genting Snow Park",
    )
    assert answer_heading("when were the moguls held", fragment, park, chunk) == ("", "")


def test_the_viewers_question_is_answered_with_the_sport(sample_kb: KnowledgeBase) -> None:
    # session 17's report part: the sentence holds the fact, its subject "it" is the section's heading
    answer = sample_kb.answer("which olympic sport had no womens event")
    assert not answer.abstained
    assert answer.short == "Nordic combined"
    assert (
        answer.text == "Nordic combined: At Beijing 2022 it was the only Olympic sport with no women's event."
    )
    cited = answer.citations[0]
    assert cited.source.endswith("winter-sports-guide.md") and cited.span.endswith("> Nordic combined")
    assert "it was the only Olympic sport with no women's event" in cited.quote


def test_a_person_a_pronoun_speaks_of(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("who acted in the film the taking of tiger mountain as a child?")
    assert not answer.abstained and answer.short == "Su Yiming"
    assert answer.text.startswith("Su Yiming: As a child he acted")


def test_a_sentence_that_names_the_answer_is_left_alone(sample_kb: KnowledgeBase) -> None:
    directed = sample_kb.answer("who directed the beijing 2022 opening ceremony?")
    assert not directed.abstained and "Zhang Yimou" in directed.text
    assert not directed.text.startswith("Opening ceremony")
    beanie = sample_kb.answer("which product is a one-size acrylic knit hat with panda ears?")
    assert not beanie.abstained and beanie.text.startswith("The Panda Beanie costs")
