"""What the persona says of an answer (session 25, brief T; ``knowledge/spoken.py``): R1, a cited sentence
that says "he" with no name before it is said after the heading that names him; A1, an age asked is worked
out from the dates the answer cites, or not said at all. The lines are written here, not taken from an eval
part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.runtime import AgentConfig
from knowledge import KnowledgeBase
from knowledge.spoken import age_said, asks_age, named

ATHLETE = "Athletes to know from Beijing 2022 > Su Yiming"
VENUE = "Beijing 2022 venues > Zhangjiakou zone > National Ski Jumping Centre"


@pytest.mark.parametrize(
    ("text", "context", "said"),
    [
        ("As a child he acted in a film.", ATHLETE, "Su Yiming: As a child he acted in a film."),
        ("At Beijing 2022, aged 18, she won.", ATHLETE, "Su Yiming: At Beijing 2022, aged 18, she won."),
        ("It hosted ski jumping.", VENUE, "National Ski Jumping Centre: It hosted ski jumping."),
        # a name before the pronoun: it points back to that name
        ("Su Yiming won gold. He also won silver.", ATHLETE, "Su Yiming won gold. He also won silver."),
        ("Birk Ruud won, and he smiled.", ATHLETE, "Birk Ruud won, and he smiled."),
        ("Yiming won, and he smiled.", ATHLETE, "Yiming won, and he smiled."),  # a word of the heading
        # no heading of the pronoun's kind: a person's word under a venue, a thing's under an athlete, a sport
        ("He designed it.", VENUE, "He designed it."),
        ("It was his third medal.", ATHLETE, "It was his third medal."),
        ("In skeleton, they ride head first.", "Winter sports guide > Sliding > Skeleton", ""),
        ("The heading said already: Su Yiming. He won.", ATHLETE, ""),
        ("No pronoun at all.", ATHLETE, ""),
        ("As a child he acted.", "", ""),
    ],
)
def test_the_heading_that_names_the_referent_is_said_first(text: str, context: str, said: str) -> None:
    assert named(text, context) == (said or text)


def test_a_quoted_title_is_no_name_to_point_back_to() -> None:
    text = 'Nicknamed "Snow Ruyi" after an ornament. It hosted ski jumping.'
    assert named(text, VENUE) == f"National Ski Jumping Centre: {text}"


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("how old was she when she won", True),
        ("what age did he retire at", True),
        ("age of the youngest medallist", True),
        ("her age at the games?", True),
        ("who won gold at the age of 35", False),  # an age stated, not asked
        ("who got silver at age 41", False),
        ("how old is the tradition", True),
        ("who won the downhill", False),
    ],
)
def test_an_age_asked(question: str, asks: bool) -> None:
    assert asks_age(question) is asks


BORN = "Su Yiming is a snowboarder born on 18 February 2004."


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (f"{BORN} He won gold at Beijing 2022.", " That makes 17 or 18 in 2022 (born 18 February 2004)."),
        (f"{BORN} Won on 15 February 2022.", " That makes 17 on 15 February 2022 (born 18 February 2004)."),
        ("She was born in 2000. She won in 2018.", " That makes 17 or 18 in 2018 (born 2000)."),
        ("At Beijing 2022, aged 18, she won two golds.", ""),  # stated: said as it is
        ("She won the halfpipe at PyeongChang 2018 at 17 and again in 2022.", ""),
        ("Ireen Wust won the 1500 metres at the age of 35.", ""),
    ],
)
def test_an_age_asked_is_worked_out_from_the_dates_said(text: str, said: str) -> None:
    assert age_said("how old was she when she won", text) == text + said


@pytest.mark.parametrize(
    "text",
    [
        "He won gold in big air at Beijing 2022.",  # no birth date: the don't-know, not an age guessed
        BORN,  # a birth date and nothing after it
        "The stadium opened at 9 am in 2008.",  # a time is no age
    ],
)
def test_an_age_asked_that_the_text_cannot_give_is_not_said(text: str) -> None:
    assert age_said("how old was he when he won", text) is None


def test_a_question_that_asks_no_age_is_said_as_it_is() -> None:
    assert age_said("who won big air", BORN) == BORN


def test_the_spoken_answer_names_the_athlete_the_cited_sentence_calls_he(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("what film did su yiming act in as a child?")
    assert not answer.abstained, answer
    assert answer.text.startswith("Su Yiming: As a child he acted"), answer.text
    assert [c.quote for c in answer.citations][0].startswith("As a child he acted"), answer.citations


def test_an_age_asked_is_worked_out_from_the_cited_birth_date(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("how old was su yiming when he won")
    assert not answer.abstained, answer
    assert answer.text.endswith("That makes 17 or 18 in 2022 (born 18 February 2004)."), answer.text
    assert all("That makes" not in c.quote for c in answer.citations), answer.citations


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def test_a_viewer_is_told_who_he_is(agent: Any) -> None:
    turn = await agent.respond(
        Comment(user=User(id="u-mei", name="mei_l"), text="what film did su yiming act in as a child?")
    )
    answer = turn.percept.answer
    assert answer is not None and not answer.abstained, answer
    assert turn.plan.act == "answer", turn.plan
    assert "Su Yiming" in turn.text and "Tiger Mountain" in turn.text, turn.text
