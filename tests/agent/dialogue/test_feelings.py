"""A viewer who says how they feel gets an answer to the feeling before the host's usual question, through
the real turn over the sample base (session 24, brief D2; docs/dialogue.md). On 0ea0c6d "i'm so nervous for
my exam tomorrow" got "ren, do you ski or board yourself?". The care path and lines that are not the viewer's
own feeling are left as they were. The lines are ours, written before any run."""

from __future__ import annotations

from typing import Any

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.runtime import AgentConfig


async def _reply(text: str) -> Any:
    agent = assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))
    return await agent.respond(Comment(user=User(id="v-ren", name="ren"), text=text))


async def test_a_stated_feeling_is_answered_first_and_feelings_get_different_answers() -> None:
    firsts = []
    for text in ("i'm so nervous for my exam tomorrow", "im so tired today lol", "i'm sad my team lost"):
        reply = await _reply(text)
        assert reply.plan.act in ("ask", "greet") and reply.sentences, (text, reply.plan, reply.sentences)
        first = reply.sentences[0]
        assert first.act != "care" and not first.text.rstrip().endswith("?"), (text, first)
        assert "ren" in first.text, (text, first)
        firsts.append(first.text)
    assert len(set(firsts)) == 3, firsts  # each feeling its own answer, not one generic opener


async def test_the_care_path_keeps_a_viewer_in_danger() -> None:
    for text in ("I've been feeling suicidal lately. What should I do?", "i want to hurt myself"):
        reply = await _reply(text)
        assert [s.act for s in reply.sentences] == ["care"], (text, reply.sentences)


def test_only_the_viewers_own_feeling_is_read() -> None:
    from agent.dialogue.feelings import stated_feeling

    assert stated_feeling("i'm so nervous for my exam tomorrow") == "nervous"
    assert stated_feeling("so happy it's friday") == "happy"
    assert stated_feeling("我好紧张明天考试", "zh") == "nervous"
    for text in (
        "the skater looked nervous",
        "that was a sad ending",
        "i'm not tired",
        "i'm tired of this",
        "i'm down for that",
        "why was he so nervous in the final",
        "JUST PUT HIM DOWN",
    ):
        assert stated_feeling(text) is None, text
