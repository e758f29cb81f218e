"""Session 17 (brief M): a late answer says what it answers; a welcome joined to a fact puts no capital after
the dash.

From the 60 s demo of session 16: ren asked "which country won the most golds?" at 29 s and "who is
Eileen Gu?" at 56 s; at 56.9 s the host said to @ren "Norway topped the medal table ...", read on screen as
the answer to the newer question. "Welcome, anna_b - The Olympic mascot was ..." put a capital mid-sentence.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from agent.decide import LATE_S, TreeDecider
from agent.dialogue.recall import joined, recall_line, recalled, said_back, unlead
from agent.events import Comment, User
from agent.stages import Percept
from knowledge.types import Answer

NORWAY = Answer(
    text="Norway topped the medal table with 16 gold medals and 37 medals in total, the most golds any "
    "nation has won at a single Winter Games.",
    abstained=False,
    confidence=0.82,
    short="Norway",
)
TOPPED = Answer(
    text="Norway topped the medal table with 16 gold medals.",
    abstained=False,
    confidence=0.82,
    short="Norway",
)
UNKNOWN = Answer(text="I don't know", abstained=True, confidence=0.0)
REN = User(id="u-ren", name="ren")


# ------------------------------------------------------------------------------------ the pure functions


def test_a_question_is_recalled_in_its_own_words() -> None:
    cases = {
        "which country won the most golds?": "the most golds",
        "who is Eileen Gu?": "Eileen Gu",
        "where was the curling held?": "the curling",
        "what is a double cork?": "a double cork",
        "how long is a biathlon race?": "a biathlon race",
        "is the hoodie available in blue?": "the hoodie",
        "how fast do bobsleds go?": "bobsleds",
        "when does the ski jumping start?": "the ski jumping",
    }
    for question, want in cases.items():
        got = recalled(question)
        assert got == want, (question, got)
        assert set(got.lower().split()) <= set(question.lower().rstrip("?").split())  # no invented word
    assert recall_line("ren", "which country won the most golds?") == "ren, on the most golds:"
    assert recall_line(None, "who is Eileen Gu?") == "On Eileen Gu:"
    # nothing to read off: a short question said back whole; a question to the host is never "on a bot"
    assert recall_line("ren", "did Norway win?") == 'ren, you asked "did Norway win":'
    assert recall_line("ren", "are you a bot?") == 'ren, you asked "are you a bot":'
    assert recall_line("ren", "") is None
    assert recall_line("ren", "so " * 20 + "why?") is None


def test_an_opening_joined_to_a_sentence_puts_no_capital_mid_line_but_a_name_keeps_its_own() -> None:
    assert (
        joined("Welcome, anna_b!", "The Olympic mascot was Bing Dwen Dwen.")
        == "Welcome, anna_b - the Olympic mascot was Bing Dwen Dwen."
    )
    assert joined("Welcome in, lumi!", "Eileen Gu won gold.") == "Welcome in, lumi - Eileen Gu won gold."
    assert joined("ren, on the most golds:", "Norway topped the table.", " ") == (
        "ren, on the most golds: Norway topped the table."
    )
    assert joined("Hi otto, welcome!", "It hosted curling.") == "Hi otto, welcome - it hosted curling."
    assert joined("Hi otto, welcome!", "I think so.") == "Hi otto, welcome - I think so."
    assert unlead("Honestly, I don't know.") == "honestly, I don't know."
    assert unlead("I don't know that one.") == "I don't know that one."


# ------------------------------------------------------------------------------------ the decider


def _decider(waiting: int = 0) -> TreeDecider:
    d = TreeDecider("default", answer_threshold=0.4, waiting=lambda t: (waiting, 5.0 if waiting else 0.0))
    d.needs_care = lambda text: False
    return d


def _ask(d: TreeDecider, event: Comment, answer: Answer, now: float):  # type: ignore[no-untyped-def]
    percept = Percept(text=event.text, intent="question", answer_confidence=answer.confidence, answer=answer)
    return d.decide(event, percept, now)


def test_an_answer_is_late_after_the_askers_newer_line_or_past_late_s() -> None:
    golds = Comment(user=REN, text="which country won the most golds?")
    gu = Comment(user=REN, text="who is Eileen Gu?")
    d = _decider()
    d.note_line(REN.id, golds.id, 100.0)
    assert not _ask(d, golds, NORWAY, 102.0).late  # a prompt answer: as before
    d.note_line("u-kai", "kai-1", 103.0)  # another viewer's line is not the asker's
    assert not _ask(d, golds, NORWAY, 104.0).late
    assert _ask(d, golds, TOPPED, 100.0 + LATE_S).late  # old enough, and the answer does not say "most golds"
    # old enough, but its first sentence says what was asked and the asker wrote nothing newer: not named
    assert not _ask(d, golds, NORWAY, 100.0 + LATE_S).late
    assert _ask(d, golds, UNKNOWN, 100.0 + LATE_S).late  # a don't-know says nothing of it: named
    d.note_line(REN.id, gu.id, 105.0)  # the asker wrote something newer: late at once
    assert _ask(d, golds, NORWAY, 105.5).late
    assert not _ask(d, gu, NORWAY, 106.0).late  # the newer question itself is prompt
    assert _ask(d, golds, UNKNOWN, 105.5).late  # a don't-know too
    # a line nobody reported: its own time, when it is on this clock
    fresh = Comment(user=User(id="u-new", name="new"), text="who won?", ts=200.0)
    assert not _ask(d, fresh, NORWAY, 201.0).late and _ask(d, fresh, NORWAY, 200.0 + LATE_S).late
    assert not _ask(d, fresh, NORWAY, 200.0 + 10 * 3600).late  # another clock's time: not read
    off = _decider()
    off.busy_rules = False  # the eval's arm of session 7's behaviour
    off.note_line(REN.id, golds.id, 100.0)
    assert not _ask(off, golds, TOPPED, 100.0 + LATE_S).late


def test_an_answer_that_says_what_was_asked_is_told_apart() -> None:
    assert said_back("which country won the most golds?", NORWAY.text)
    assert not said_back("which country won the most golds?", TOPPED.text)
    assert said_back("what was the Olympic mascot called?", "The Olympic mascot was Bing Dwen Dwen, a panda.")
    assert not said_back("who is Eileen Gu?", "She won gold in big air. Eileen Gu is Chinese.")  # 1st only
    assert not said_back("are you a bot?", "I'm an AI, a bot of sorts.")  # said back whole, never read off


# ------------------------------------------------------------------------------------ what is said


def _say(plan: Any, event: Comment, answer: Answer) -> list[str]:
    from agent.dialogue import DialogueComposer
    from agent.persona import Persona

    composer = DialogueComposer(Persona.load(None))
    percept = Percept(text=event.text, intent="question", answer_confidence=answer.confidence, answer=answer)

    async def go() -> list[str]:
        return [s.text async for s in composer.compose(plan, percept, event)]

    return asyncio.run(go())


def test_a_late_answer_names_its_question_and_a_prompt_one_does_not() -> None:
    golds = Comment(user=REN, text="which country won the most golds?")
    d = _decider()
    d.note_line(REN.id, golds.id, 100.0)
    prompt = _ask(d, golds, NORWAY, 101.0)
    assert _say(prompt, golds, NORWAY) == [NORWAY.text]  # as before: the fact says what it is about
    d.note_line(REN.id, "ren-2", 102.0)
    late = _ask(d, golds, NORWAY, 102.5)
    assert _say(late, golds, NORWAY) == ["ren, on the most golds: " + NORWAY.text]
    unknown = _say(_ask(d, golds, UNKNOWN, 102.5), golds, UNKNOWN)  # "ren, on ...: honestly, I don't ..."
    assert len(unknown) == 1 and unknown[0].startswith("ren, on the most golds: ")
    assert unknown[0].count("ren") == 1 and "know" in unknown[0].lower()


# ------------------------------------------------------------------------------------ the real turn


@pytest.fixture(scope="module")
def agent() -> Any:
    from agent.assemble import AgentOptions, assemble_agent
    from agent.runtime import AgentConfig

    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def test_the_demos_late_answer_names_the_question_through_the_real_turn(agent: Any) -> None:
    await agent.respond(Comment(user=REN, text="hi everyone"))  # a known viewer: no welcome in the way
    golds = Comment(user=REN, text="which country won the most golds?")
    agent.note_chat(line=golds)  # what the livestream front reports of every chat line
    agent.note_chat(line=Comment(user=REN, text="who is Eileen Gu?"))  # ren's newer line
    reply = await agent.respond(golds)
    assert reply.plan.late, reply.plan
    assert reply.text.startswith("ren, on the most golds: "), reply.text
    kai = User(id="u-kai17", name="kai17")
    await agent.respond(Comment(user=kai, text="hi everyone"))
    prompt = Comment(user=kai, text="which country won the most golds?")
    agent.note_chat(line=prompt)
    again = await agent.respond(prompt)
    assert not again.plan.late and "on the most golds" not in again.text


async def test_a_newcomers_welcome_puts_no_capital_after_the_dash(agent: Any) -> None:
    reply = await agent.respond(
        Comment(user=User(id="u-anna17", name="anna17"), text="what is the mascot of Beijing 2022?")
    )
    assert "anna17" in reply.text and " - " in reply.text, reply.text
    after = reply.text.split(" - ", 1)[1]
    assert not after.startswith(("The ", "A ", "It ", "Its ")), reply.text
