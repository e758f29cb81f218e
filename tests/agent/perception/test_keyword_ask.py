"""A line that asks by keywords - a thing the base holds, then what is asked of it - is put to the base
(session 26, brief T: C2, ``agent/perception/keyword_ask.py`` and ``knowledge/form_words.py``). On 61c936f
"nathan chen dob" was read as a request and the host asked back "What brings you to the stream tonight?",
though the base gives his birth date; "dob" was no word of the base either. The lines are written here, not
taken from any eval part."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.perception.keyword_ask import asks_by_keywords
from agent.runtime import AgentConfig
from knowledge.form_words import form_read
from tests.agent.dialogue.turns import say_as_ren

_KNOWN = ("eileen gu", "curling", "big air shougang")


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("eileen gu dob", True),
        ("eileen gu's height?", True),
        ("@ren eileen gu b-day", True),
        ("mixed doubles curling winner", True),
        ("big air shougang capacity", True),
        ("eileen gu winner!", False),  # praise's mark
        ("my age", False),
        ("eileen gu's coach is great", False),  # the last word is no attribute
        ("whats your favourite sport", False),
        ("the pizza price", False),  # names nothing the base holds
        ("age", False),
    ],
)
def test_a_line_that_asks_by_keywords(text: str, asks: bool) -> None:
    assert asks_by_keywords(text, "Ren", _KNOWN) is asks


@pytest.mark.parametrize(
    ("line", "read"),
    [
        ("nathan chen dob", "nathan chen date of birth"),
        ("D.O.B. of nathan chen?", "date of birth of nathan chen?"),
        ("su yiming bday", "su yiming birthday"),
        ("su yiming b-day", "su yiming birthday"),
        ("eileen gu pob", "eileen gu place of birth"),
        ("the doberman today", "the doberman today"),
    ],
)
def test_the_form_abbreviations_of_birth_are_read_written_out(line: str, read: str) -> None:
    assert form_read(line) == read


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("nathan chen dob", "5 May 1999"),
        ("eileen gu birthday", "3 September 2003"),
    ],
)
async def test_a_keyword_ask_is_answered_from_the_base(agent: Any, text: str, said: str) -> None:
    turn = await say_as_ren(agent, text)
    assert turn.percept.intent == "question", turn.percept
    assert turn.plan.act == "answer", turn.plan
    answer = turn.percept.answer
    assert answer is not None and not answer.abstained, answer
    assert said in turn.text, turn.text
    assert any("athletes.md" in c.source for s in turn.sentences for c in s.citations), turn.text


async def test_a_keyword_line_about_the_viewer_is_not_put_to_the_base(agent: Any) -> None:
    turn = await say_as_ren(agent, "my birthday")
    assert turn.percept.answer is None, turn.percept
