"""What the host says about itself, from its own card (issue 14, session 22, brief H).

"can u speak chinese" got a knowledge-base don't-know though the card says ``languages: [en, zh]``; "how old
is the host" went to the base (the host-question reader needed "you") and "does the host speak chinese" was
answered with a venue. Through the real turn: the languages are named from the card, the host named in the
third person is read as asked, and a question about anyone else is still the base's.
"""

from __future__ import annotations

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.dialogue.host_answers import host_line
from agent.dialogue.host_questions import HostQuestion, host_question
from agent.events import Comment, User
from agent.persona import Persona
from agent.runtime import AgentConfig, TextReply


async def _ask(agent: object, text: str) -> TextReply:
    event = Comment(user=User(id="sf", name="snowfox"), text=text)
    return await agent.respond(event)  # type: ignore[attr-defined,no-any-return]


def _cited(reply: TextReply) -> bool:
    return any(s.citations for s in reply.sentences)


async def test_the_host_names_its_card_languages_and_reads_itself_in_the_third_person() -> None:
    agent = assemble_agent(AgentOptions(voice="espeak", agent=AgentConfig(realtime=False, idle_tick_s=None)))

    for text in ("can u speak chinese", "what languages do you speak?", "does frosty speak chinese?"):
        reply = await _ask(agent, text)
        assert "English and Chinese" in reply.text and not _cited(reply), (text, reply.text)
        assert reply.percept.about_host and reply.percept.answer is None, text  # the base was not asked

    age = await _ask(agent, "how old is the host")
    assert "age" in age.text and age.percept.about_host and not _cited(age), age.text

    gu = await _ask(agent, "does eileen gu speak chinese?")
    assert not gu.percept.about_host and "English and Chinese" not in gu.text, gu.text


async def test_the_reporter_names_its_languages_in_its_register() -> None:
    options = AgentOptions(
        persona="reporter", voice="espeak", agent=AgentConfig(realtime=False, idle_tick_s=None)
    )
    reply = await _ask(assemble_agent(options), "do you speak mandarin?")
    assert reply.text.startswith("Yes, I work in English and Chinese"), reply.text


@pytest.mark.parametrize(
    ("text", "topic", "thing"),
    [
        ("can u speak chinese", "languages", "chinese"),
        ("do you speak french?", "languages", "french"),
        ("how many languages do you speak", "languages", ""),
        ("are you bilingual", "languages", ""),
        ("你会说中文吗", "languages", ""),
        ("does the host speak english", "languages", "english"),
        ("how old is the host", "age", ""),
        ("where is frosty from?", "home", ""),
        ("is the streamer a bot", "nature", ""),
        ("what's the host's name", "name", ""),
        ("what is frosty fox's favourite snack", "favourite", "snack"),
    ],
)
def test_the_host_is_asked(text: str, topic: str, thing: str) -> None:
    assert host_question(text, "Frosty Fox") == HostQuestion(topic, thing)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "does eileen gu speak chinese",
        "how old is chen",
        "how old is the host city",  # "the host" before a noun is no host
        "is the host nation china",
        "can you speak up",  # a request, no language
        "can you speak louder please",
        "watch your language",
        "can you talk about curling",
        "@kai do you speak chinese",  # said to another viewer
    ],
)
def test_others_and_requests_are_not_the_host(text: str) -> None:
    assert host_question(text, "Frosty Fox") is None


def test_only_the_card_languages_are_said() -> None:
    persona = Persona.load(None)
    assert host_line(HostQuestion("languages", "french"), persona).startswith("I speak English and Chinese")
    assert "French isn't one of mine" in host_line(HostQuestion("languages", "french"), persona)
    assert host_line(HostQuestion("languages"), persona, lang="zh") == "我会说英语和中文。"
    english_only = persona.model_copy(update={"languages": ["en"]})
    said = host_line(HostQuestion("languages", "chinese"), english_only)
    assert "I speak English" in said and "Chinese isn't one of mine" in said, said


# Asked to introduce itself, the host does, from its card (H3: session 24, brief P2; docs/perception.md). On
# f95f533 "tell me about yourself" and "introduce yourself" were declined or got a chat line, while "who are
# you" got the card's self-introduction. The lines are ours; none is taken from a fit part or a qa part.
@pytest.mark.parametrize(
    "text",
    [
        "tell me about yourself",
        "introduce yourself pls",
        "can you tell us a bit about yourself?",
        "describe urself",
    ],
)
def test_asked_to_introduce_itself_the_host_is_asked_its_name(text: str) -> None:
    assert host_question(text, "Frosty Fox") == HostQuestion("name")


@pytest.mark.parametrize(
    "text",
    ["tell me about you and your stream", "can you tell me about eileen gu", "tell me about the halfpipe"],
)
def test_anything_else_to_be_told_is_no_introduction(text: str) -> None:
    asked = host_question(text, "Frosty Fox")
    assert asked is None or asked.topic != "name", asked


async def test_the_host_introduces_itself_from_its_card() -> None:
    agent = assemble_agent(AgentOptions(voice="espeak", agent=AgentConfig(realtime=False, idle_tick_s=None)))

    card = await _ask(agent, "who are you")
    assert "Frosty Fox" in card.text, card.text
    for text in ("tell me about yourself", "introduce yourself"):
        reply = await _ask(agent, text)
        assert reply.percept.about_host and "Frosty Fox" in reply.text and not _cited(reply), (
            text,
            reply.text,
        )

    gu = await _ask(agent, "tell me about eileen gu")
    assert not gu.percept.about_host, gu.text
