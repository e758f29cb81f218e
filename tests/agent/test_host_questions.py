"""Questions about the host itself, answered in character from the persona card (session 13, brief H).

Through the real turn (the assembled agent: perception models, the behavior tree, grounding over the sample
base, the composer): "are you a bot?" gets a disclosure naming the persona, "what's your favourite winter
sport?" the card's favourite, "how old are you?" (no age on the card) a line that says so; the knowledge
base is never asked these and no knowledge fact is cited for them, while a question about an athlete still
gets its cited answer.
"""

from __future__ import annotations

import re

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.dialogue import takeup
from agent.dialogue.host_answers import favourite, host_reply
from agent.dialogue.host_questions import HostQuestion, addressed_elsewhere, host_question
from agent.errors import ProfileError
from agent.events import Comment, User
from agent.persona import Persona
from agent.runtime import AgentConfig, TextReply
from agent.stages import Percept


async def _ask(agent: object, text: str) -> TextReply:
    event = Comment(user=User(id="sf", name="snowfox"), text=text)
    return await agent.respond(event)  # type: ignore[attr-defined,no-any-return]


def _cited(reply: TextReply) -> bool:
    return any(s.citations for s in reply.sentences)


async def test_the_host_answers_about_itself_from_its_card_through_the_real_turn() -> None:
    agent = assemble_agent(AgentOptions(voice="espeak", agent=AgentConfig(realtime=False, idle_tick_s=None)))

    bot = await _ask(agent, "are you a bot?")
    assert bot.act == "answer" and "Frosty Fox" in bot.text and "AI" in bot.text, bot.text
    assert "not a person" in bot.text and not _cited(bot)
    assert bot.percept.answer is None and bot.percept.answer_confidence == 1.0  # the base was not asked
    assert bot.percept.about_host

    sport = await _ask(agent, "what's your favourite winter sport?")
    assert "Slalom" in sport.text and not _cited(sport), sport.text

    age = await _ask(agent, "how old are you?")
    assert "age" in age.text and not re.search(r"\d", age.text) and not _cited(age), age.text

    ski = await _ask(agent, "do you ski?")
    assert "slalom as a junior" in ski.text and not _cited(ski), ski.text

    athlete = await _ask(agent, "who won the men's downhill?")
    assert "Beat Feuz" in athlete.text and _cited(athlete), athlete.text
    assert athlete.percept.answer is not None


async def test_the_reporter_discloses_in_its_own_register() -> None:
    options = AgentOptions(
        persona="reporter", voice="espeak", agent=AgentConfig(realtime=False, idle_tick_s=None)
    )
    agent = assemble_agent(options)
    reply = await _ask(agent, "are you a real person or a bot?")
    assert "Ada Ledger" in reply.text and "AI" in reply.text and not _cited(reply), reply.text
    assert reply.text.startswith("To be clear: I am Ada Ledger")  # formal: no contraction, no "According
    # to the sources" before a card line
    zh = await _ask(agent, "你是机器人吗？")
    assert "Ada Ledger" in zh.text and "AI" in zh.text and "不是真人" in zh.text, zh.text


@pytest.mark.parametrize(
    ("text", "topic", "thing"),
    [
        ("are you a bot?", "nature", ""),
        ("r u even real lol", "nature", ""),
        ("@Frosty are you an AI", "nature", ""),
        ("@Frosty what's your name", "name", ""),  # a viewer calls the host by its first name
        ("@frosty_fox are you a bot", "nature", ""),  # the full name as a handle
        ("@Frosty.Fox: where are you from?", "home", ""),
        ("@host how old are you", "age", ""),
        ("what's your name", "name", ""),
        ("how old are you?", "age", ""),
        ("where are you from?", "home", ""),
        ("who made you?", "maker", ""),
        ("what is your favorite winter sport?", "favourite", "winter sport"),
        ("do you like curling?", "likes", "curling"),
        ("DO YOU SKI YOURSELF", "does", "ski"),
        ("how are you?", "state", ""),
        ("你是机器人吗？", "nature", ""),
        ("你叫什么名字", "name", ""),
        ("what are your plans for tonight?", "other", ""),
    ],
)
def test_questions_about_the_host_are_recognised(text: str, topic: str, thing: str) -> None:
    assert host_question(text, "Frosty Fox") == HostQuestion(topic, thing)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "who won the men's downhill?",
        "did you know Beat Feuz won the downhill?",
        "do you know who won the big air?",
        "what do you think of the halfpipe judging?",
        "can you tell me when the slalom starts?",
        "how much is the Frosty beanie?",
        "do you ship to canada?",
        "@kai are you a bot?",  # to another viewer
        "@Foxy_Frosty what's your name",  # not the host's name
        "are you sure?",
        "谁赢了男子滑降？",  # Chinese: only what it is, its name, its age are recognised
        "你最喜欢什么冬季运动？",
    ],
)
def test_other_questions_are_not_about_the_host(text: str) -> None:
    assert host_question(text, "Frosty Fox") is None


def test_answers_come_from_the_card_and_say_so_when_it_is_silent() -> None:
    card = Persona.from_yaml(
        "name: Pip\nidentity: a test host\nabout:\n  favourites: {winter sport: curling}\n  likes: [skiing]\n"
    )
    assert favourite(card, "sport") == ("winter sport", "curling")
    assert (
        host_reply(HostQuestion("favourite", "winter sport"), card) == "My favourite winter sport? Curling."
    )
    assert host_reply(HostQuestion("likes", "skiing"), card) == "Yes! I love skiing."
    nature = host_reply(HostQuestion("nature"), card)
    assert "Pip" in nature and "AI" in nature  # the default disclosure
    # where the card is silent: said as a live host would (session 14) - what it is, nothing invented, and
    # where to go instead (a favourite the card does hold, the question handed back); one sentence each
    # (the realizer opens it with the asker's name), no backstage "character card"
    snack = host_reply(HostQuestion("favourite", "snack"), card)
    assert snack == "I'm an AI, so there's no favourite snack I could honestly name - what's yours?"
    age = host_reply(HostQuestion("age"), card)
    assert "AI" in age and "made up" in age and not re.search(r"\d", age)
    other = host_reply(HostQuestion("other"), card)
    assert (
        other == "I'm an AI, so that one's not part of my story - ask me my favourite winter sport instead."
    )
    hockey = host_reply(HostQuestion("likes", "hockey"), card)
    assert hockey == "Skiing is more my thing than hockey, honestly - are you a hockey fan?"
    home = host_reply(HostQuestion("home"), card)
    assert "AI" in home and "hometown" in home
    said = [snack, age, other, hockey, home, host_reply(HostQuestion("maker"), card)]
    for line in said:
        assert "card" not in line and len(re.findall(r"[.!?](?:\s|$)", line)) == 1, line
    bare = Persona.from_yaml("name: Pip\nidentity: a test host\n")  # no favourite to point to
    assert (
        host_reply(HostQuestion("other"), bare)
        == "I'm an AI, so that one's not part of my story, and I won't make it up."
    )
    # the reporter's register keeps its plain lines
    assert host_reply(HostQuestion("age"), card, formal=True) == (
        "My profile gives me no age, and as an AI I will not invent one."
    )


def test_a_card_cannot_claim_to_be_human_and_old_cards_stay_valid() -> None:
    with pytest.raises(ProfileError, match="AI"):
        Persona.from_yaml("name: Pip\nidentity: a host\nabout:\n  disclosure: a friendly streamer\n")
    with pytest.raises(ProfileError, match="never claim"):
        Persona.from_yaml("name: Pip\nidentity: a host\nabout:\n  disclosure: a human being, not a bot\n")
    old = Persona.from_yaml("name: Pip\nidentity: a host\n")
    assert old.about.favourites == {} and "AI" in old.about.disclosure
    for shipped in ("default", "reporter"):
        assert Persona.load(shipped).about.made_by


def test_a_busy_chat_never_passes_over_a_question_about_the_host() -> None:
    from agent.decide import BUSY_PER_MIN
    from tests.agent.test_busy_rules import _decider

    busy = _decider(BUSY_PER_MIN * 5, waiting=2)
    text = "are you a bot?"
    event = Comment(user=User(id="k", name="kestrel"), text=text)
    asked = Percept(text=text, intent="question", answer_confidence=1.0, about_host=True)
    plan = busy.decide(event, asked, 100.0)
    assert plan.act == "answer" and plan.branch != "busy/pass"
    unknown = Percept(text="how tall is the Eiffel Tower?", intent="question", answer_confidence=0.0)
    assert busy.decide(event, unknown, 101.0).branch == "busy/pass"  # a don't-know still is


async def test_a_model_backend_is_neither_asked_nor_warmed_for_a_question_about_the_host() -> None:
    from agent.dialogue import DialogueComposer
    from tests.agent.dialogue.test_prefetch import HalfpipeKB, Warmable, _event, _turn

    backend = Warmable()
    composer = DialogueComposer(Persona.load(None), HalfpipeKB(), backend=backend, deadline_s=60.0)
    assert composer.prefetch(_event("are you a bot?")) is None
    said = await _turn(composer, _event("are you a bot?"))
    assert "Frosty Fox" in " ".join(said) and "AI" in " ".join(said)
    assert backend.sent == [] and backend.warmed == []  # the card line, as written


@pytest.mark.parametrize(
    ("text", "elsewhere"),
    [
        ("@Frosty what's your name", False),
        ("@frosty, you are wrong about that", False),
        ("@FrostyFox you are wrong", False),
        ("@frosty_fox you are wrong", False),
        ("@Frosty.Fox you are wrong", False),
        ("@streamer are you a bot", False),
        ("@主播 你是机器人吗", False),
        ("@Hannabis you are wrong about that", True),
        ("@kai what's your name", True),
        ("@fo are you a bot", True),  # a word of the name needs 3 letters: "@fo" is someone else
        ("@ hello", False),  # no handle: no address
        ("you are wrong @Hannabis", False),  # only an opening @-address addresses
    ],
)
def test_one_rule_says_whom_an_at_address_is_to_for_every_caller(text: str, elsewhere: bool) -> None:
    """ "@Frosty what's your name" is said TO the host: the recogniser, the realizer's take-up and
    perception's question form read an @-address by the same rule (``host_questions.addresses_host``)."""
    from agent.perception.core import has_question_form
    from agent.screening import screen

    assert addressed_elsewhere(text, "Frosty Fox") is elsewhere
    assert takeup.addressed_elsewhere(text, "Frosty Fox") is elsewhere
    if elsewhere and "?" not in text:  # perception: words to another viewer have no question's form
        assert not has_question_form(text, screen(text), "Frosty Fox")
    if text == "@Frosty what's your name":
        assert has_question_form(text, screen(text), "Frosty Fox")
