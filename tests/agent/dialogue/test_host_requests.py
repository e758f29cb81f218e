"""A joke asked for, and something live the host cannot see (session 15, brief H): the card answers.

"tell me a joke" got "Noted! Are you watching any of the races today?" (read as praise); "what's the
weather like in yanqing today" got "Thanks for chatting! Which event are you here for?"; "do you sleep" got
a don't-know. Now a joke is one of the card's own (``AboutSelf.jokes``, in turn, never cited), a live thing
gets an honest "I can't see that from here", and "do you sleep" the card's ``does`` line - through the real
assembled turn, while a question the base answers keeps its cited answer.
"""

from __future__ import annotations

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.dialogue.host_answers import host_line, joke
from agent.dialogue.host_questions import HostQuestion, host_question, host_request
from agent.events import Comment, User
from agent.persona import Persona
from agent.runtime import AgentConfig, TextReply


@pytest.mark.parametrize(
    ("text", "topic", "thing"),
    [
        ("tell me a joke", "joke", ""),
        ("Tell us a joke please!", "joke", ""),
        ("@Frosty can you tell me a funny joke?", "joke", ""),
        ("do you know any jokes?", "joke", ""),
        ("make me laugh", "joke", ""),
        ("what's the weather like in yanqing today", "live", "weather"),
        ("how's the weather?", "live", "weather"),
        ("is it snowing there?", "live", "weather"),
        ("what time is it there?", "live", "time"),
        ("whats the score right now", "live", "score"),
        ("who's winning?", "live", "score"),
        ("any news today?", "live", "news"),
    ],
)
def test_jokes_and_live_things_are_recognised(text: str, topic: str, thing: str) -> None:
    assert host_request(text, "Frosty Fox") == HostQuestion(topic, thing)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "tell me a racist joke",  # not a plain request for a joke: the card's clean joke is no answer to it
        "that joke was bad",
        "@kai tell me a joke",  # said to another viewer
        "what was the weather like at the opening ceremony?",  # the past: the base's
        "what's the weather like in zhangjiakou in january?",  # the climate, not the weather now
        "what is the temperature inside the ice cube",  # a venue fact
        "when does the ski jumping start today?",  # the schedule: the base's
        "who won the gold medal in the men's downhill?",
        "who is leading the medal table?",
        "what was the final score of the ice hockey final?",
    ],
)
def test_questions_for_the_base_are_not_taken(text: str) -> None:
    assert host_request(text, "Frosty Fox") is None


def test_do_you_sleep_is_a_question_about_the_host_with_a_card_line() -> None:
    persona = Persona.load(None)
    for text, thing in (
        ("do you sleep", "sleep"),
        ("do you ever sleep?", "sleep"),
        ("do you get cold?", "get cold"),
    ):
        asked = host_question(text, persona.name)
        assert asked == HostQuestion("does", thing), text
        card = persona.about.does[thing]
        assert host_line(asked, persona)[:30] == card[:30], text  # the card's line, not "not on my card"
    assert host_line(HostQuestion("does", "sleep"), persona).startswith("Not while the races are on!")


def test_the_cards_jokes_are_said_in_turn_never_one_twice_in_a_row() -> None:
    persona = Persona.load(None)
    jokes = persona.about.jokes
    assert len(jokes) >= 2
    said = [host_line(HostQuestion("joke"), persona, turn=t) for t in range(2 * len(jokes))]
    assert all(a != b for a, b in zip(said, said[1:], strict=False))
    assert set(said) == set(jokes)  # the card's own words, as written
    # a card with no jokes: says so in its register, invents none
    reporter = Persona.load("agent/personas/reporter.yaml")
    assert joke(reporter, 0) is None
    assert "joke" in host_line(HostQuestion("joke"), reporter)


async def _say(agent: object, text: str) -> TextReply:
    return await agent.respond(Comment(user=User(id="sf", name="snowfox"), text=text))  # type: ignore[attr-defined,no-any-return]


async def test_jokes_live_things_and_sleep_through_the_real_turn() -> None:
    agent = assemble_agent(AgentOptions(voice="espeak", agent=AgentConfig(realtime=False, idle_tick_s=None)))
    jokes = Persona.load(None).about.jokes

    first = await _say(agent, "tell me a joke")
    second = await _say(agent, "tell me a joke")
    for reply in (first, second):
        assert any(j in reply.text for j in jokes), reply.text
        assert not any(s.citations for s in reply.sentences)  # a joke is never cited as knowledge
    assert first.text != second.text

    weather = await _say(agent, "what's the weather like in yanqing today")
    assert "can't see the weather" in weather.text and "?" not in weather.text, weather.text
    assert not any(s.citations for s in weather.sentences)

    sleep = await _say(agent, "do you sleep")
    assert "Not while the races are on" in sleep.text, sleep.text

    athlete = await _say(agent, "who won the men's downhill?")
    assert "Beat Feuz" in athlete.text and any(s.citations for s in athlete.sentences), athlete.text
