"""A viewer who asks what they missed is told what the host's cited answers covered, through the real turn
over the sample base (session 23, brief P2; docs/dialogue.md). On c7aafe2 "what did I miss?" was answered
with a biathlon fact from the base; on d49f60b it was greeted with "you're right on time!", naming nothing.
Only the agent's public pieces are imported: it runs on either tree. The lines are ours, written before any
run."""

from __future__ import annotations

from typing import Any

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, Message, User
from agent.runtime import AgentConfig


def _agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _turn(agent: Any, text: str, who: str, event: type = Comment) -> Any:
    return await agent.respond(event(user=User(id=who, name=who), text=text))


async def test_the_catch_up_names_what_was_answered_newest_first() -> None:
    agent = _agent()
    first = await _turn(agent, "who is eileen gu?", "u-a")
    second = await _turn(agent, "when was the opening ceremony?", "u-b")
    assert any(s.citations for s in first.sentences) and any(s.citations for s in second.sentences)
    late = await _turn(agent, "hi, what did I miss?", "sam")
    assert late.plan.act == "greet", late.plan
    assert not any(s.citations for s in late.sentences), late.sentences
    said = late.text
    assert "sam" in said and "right on time" not in said, said
    assert "opening ceremony" in said and "Eileen Gu" in said, said
    assert said.index("opening ceremony") < said.index("Eileen Gu"), said  # newest first


async def test_at_most_two_topics_and_never_a_card_line() -> None:
    agent = _agent()
    for text, who in [
        ("who is eileen gu?", "u-a"),
        ("are you a bot?", "u-b"),  # the card's line: no cited answer, nothing to recap
        ("how much is the panda beanie?", "u-c"),
        ("when was the opening ceremony?", "u-d"),
    ]:
        await _turn(agent, text, who)
    said = (await _turn(agent, "did i miss anything?", "kai")).text
    assert "opening ceremony" in said and "Panda Beanie" in said, said
    assert "Eileen Gu" not in said and "bot" not in said and "AI" not in said, said


async def test_with_nothing_answered_the_greeting_claims_nothing() -> None:
    agent = _agent()
    await _turn(agent, "who won the 1950 curling final?", "u-a")  # a don't-know: nothing answered
    late = await _turn(agent, "what did i miss so far", "sam")
    assert late.plan.act == "greet", late.plan
    assert "just in time" in late.text and "talked about" not in late.text, late.text


async def test_direct_messages_do_not_tell_one_user_what_another_was_told() -> None:
    agent = _agent()
    await _turn(agent, "who is eileen gu?", "u-dm", Message)
    said = (await _turn(agent, "what did i miss?", "sam")).text  # the livestream: its own channel
    assert "Eileen Gu" not in said, said
