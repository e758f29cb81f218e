"""A viewer who tells their own feeling or bad news gets a short reply to it instead of the host's small talk,
and a complaint about the viewer's own world is not apologized for, through the real turn over the sample base
(session 25, brief D, E2 and A2; docs/dialogue.md). On 7af58a5 "i'm so nervous for my exam tomorrow" got
"ren, do you ski or board yourself?", "ugh my team lost again" an apology, and a first-time viewer's "my dog
passed away last month" "Welcome in, ren, you're right on time! Say hi to your dog for me.". The care path, a
greeting, a question and a complaint about the stream itself are left as they were. The lines are ours,
written before any run."""

from __future__ import annotations

from typing import Any

from agent.assemble import AgentOptions, assemble_agent, load_persona
from agent.decide import ConversationDecider
from agent.events import Comment, User
from agent.perception import Mood
from agent.runtime import AgentConfig


def _agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _reply(agent: Any, text: str, n: int, chat: bool = False) -> Any:
    """A first-time viewer's line: greeted by the agent's own decider, or, ``chat``, as ``persona chat``'s
    turn (a conversation's decider, no newcomer greeting)."""
    decider = ConversationDecider(Mood(load_persona(None))) if chat else None
    return await agent.respond(Comment(user=User(id=f"v-ren{n}", name="ren"), text=text), decider=decider)


_FEELINGS = (
    "i'm so nervous for my exam tomorrow",
    "my dog passed away last month",
    "ugh i'm so annoyed, my bus was late again",
    "i am so excited for the weekend",
)


async def test_a_feeling_or_bad_news_gets_a_reply_to_it_not_small_talk_or_a_welcome() -> None:
    agent = _agent()
    for chat in (False, True):
        said = []
        for n, text in enumerate(_FEELINGS):
            reply = await _reply(agent, text, n + 10 * chat, chat)
            assert reply.sentences, (text, reply.plan)
            assert reply.act not in ("greet", "apologize", "care", "refuse"), (text, chat, reply.sentences)
            assert "?" not in reply.text, (text, reply.text)  # an answer to the feeling, never a question
            assert reply.text.count("ren") == 1, (text, reply.text)  # the name said once
            said.append(reply.text)
        assert len(set(said)) == len(_FEELINGS), said  # each feeling its own answer, not one stock line


async def test_a_complaint_about_the_viewers_world_is_not_apologized_for() -> None:
    agent = _agent()
    for n, text in enumerate(("ugh my team lost again", "i hate when it rains all weekend")):
        reply = await _reply(agent, text, n, chat=True)
        assert reply.sentences and reply.act != "apologize", (text, reply.sentences)
    reply = await _reply(agent, "the stream keeps lagging, so annoying", 2, chat=True)
    assert reply.act == "apologize", reply.sentences  # the show's own fault is still the show's


async def test_the_care_path_and_a_greeting_and_a_question_are_left_alone() -> None:
    agent = _agent()
    reply = await _reply(agent, "i want to hurt myself", 0)
    assert [s.act for s in reply.sentences] == ["care"], reply.sentences
    reply = await _reply(agent, "hi everyone, so happy to be here!", 1)
    assert reply.act == "greet", reply.sentences  # a greeting is greeted, its feeling and all
    reply = await _reply(agent, "when were the beijing winter olympics held?", 2, chat=True)
    assert reply.act == "answer", reply.sentences


def test_only_the_viewers_own_feeling_is_read() -> None:
    from agent.dialogue.feelings import stated_feeling

    assert stated_feeling("i'm so nervous for my exam tomorrow") == "worry"
    assert stated_feeling("my grandmother passed away last week") == "news"
    assert stated_feeling("so happy it's friday") == "happy"
    assert stated_feeling("i'm not looking forward to the dentist") == "worry"
    assert stated_feeling("我好紧张明天考试", "zh") == "worry"
    for text in (
        "the skater looked nervous",
        "that was a sad ending",
        "i'm not sad at all",
        "i'm down for that",
        "i'm afraid i don't know",
        "why was he so nervous in the final",
        "i was so nervous but it went great",
        "i felt bad for her",
        "JUST PUT HIM DOWN",
    ):
        assert stated_feeling(text) is None, text
