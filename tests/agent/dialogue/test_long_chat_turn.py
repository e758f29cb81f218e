"""A long one-to-one chat never goes silent and never hears a take-up line twice within ten turns (session 27,
issue 14, brief C). At 8fc9b23 the realizer's take-up lines (the ``reply`` table, 5 casual lines) were each
said once in its 10-minute window and then nothing: ``persona chat``'s sixth small-talk comment got no reply.
Real turns: ``PersonaAgent.respond`` with the chat profile (``ConversationDecider``), perception, the sample
base, the composer and the realizer; the comments are written for this test."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent, load_persona
from agent.decide import ConversationDecider
from agent.dialogue.realizer import Realizer
from agent.dialogue.reuse import REUSE_TURNS, reusable
from agent.dialogue.style import StyleControls
from agent.events import Comment, User
from agent.perception import Mood
from agent.persona import Persona
from agent.runtime import AgentConfig

COMMENTS = """just got home from work
making some tea before the next event
the snow outside my window looks like the broadcast
my neighbour is watching too
this is my first time catching a stream like this
we had pizza for dinner
the fireplace is on and it is cozy in here
my little brother fell asleep on the couch
i have the day off tomorrow
it is raining where i live
i used to go sledding as a kid
my grandpa loved watching the winter games
the lights just flickered at my place
i bought new gloves last week
i should probably do the dishes
the kettle is whistling
my friends are coming over later
i watched the opening ceremony last night
the mountains near my town got fresh snow
i need a bigger screen for this
my coffee went cold
we are planning a trip to the alps next year
i am knitting a scarf while i watch
my sister thinks the costumes look great
the commentators sound excited today
the wind is howling outside
i have never been on skates
i made hot chocolate with marshmallows
my phone battery is almost dead
the cat keeps walking across the remote
i finally finished my homework
my dad is cooking soup
it is almost midnight here
i am wearing two pairs of socks
the neighbours are having a party
i left my umbrella on the bus
my dog wants to go for a walk
i just moved to a new apartment
the heating in my room is broken again
i am eating popcorn
i took a nap this afternoon
my mum says hello
the stream started right on time
i found my old snow boots in the attic
we got a new sofa
i am sitting by the window
my headphones are too tight
the train was late this morning
i like the music between events
i have been up since six
the snow plow just went past
i am drinking green tea tonight
my roommate is cooking pasta
i painted my room blue last weekend
the moon is really bright tonight
my laptop fan is loud
i am saving up for a new bike
we have a long weekend coming
the cookies are almost ready
i watched the replay of the last race
my cousin lives in norway
i am on my lunch break
the power came back on
i will stay until the end""".splitlines()

QUIET = {"spam", "abuse", "injection-attempt"}
TAKE_UP = {"ask", "cheer", "inform", "promote"}  # the acts a comment gets the realizer's take-up for


def _framing(reply: Any, name: str) -> str:
    """The reply's sentences without citations, lower-cased, the viewer's name taken out."""
    text = " ".join(s.text for s in reply.sentences if not s.citations).lower().replace(name, " ")
    return " ".join(re.findall(r"\w+", text))


@pytest.fixture(scope="module")
def chat() -> list[Any]:
    async def run() -> list[Any]:
        agent = assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))
        decider = ConversationDecider(Mood(load_persona(None)))
        user = User(id="cli:ren", name="ren")
        return [await agent.respond(Comment(user=user, text=c), decider=decider) for c in COMMENTS]

    return asyncio.run(run())


def test_a_long_chat_never_goes_silent(chat: list[Any]) -> None:
    assert len(COMMENTS) >= 60
    eligible = [(c, r) for c, r in zip(COMMENTS, chat, strict=True) if r.percept.intent not in QUIET]
    assert len(eligible) >= 55
    silent = [(i, c, r.plan.act) for i, (c, r) in enumerate(eligible) if not r.text.strip()]
    assert silent == []


def test_no_take_up_line_twice_within_ten_turns(chat: list[Any]) -> None:
    said: list[str] = []
    for comment, reply in zip(COMMENTS, chat, strict=True):
        framing = _framing(reply, "ren")
        if reply.plan.act in TAKE_UP and framing:
            assert framing not in said[-REUSE_TURNS:], (comment, reply.text)
        said.append(framing)


@pytest.mark.parametrize(("formality", "lang"), [(0.2, "en"), (0.9, "en"), (0.2, "zh"), (0.9, "zh")])
def test_the_realizer_takes_up_forty_comments_in_a_minute(formality: float, lang: str) -> None:
    """Every register and language: 40 take-ups 1.5 s apart, each with words, none within 10 turns."""
    persona = Persona.load(None)
    controls = StyleControls.of(persona, formality=formality)
    r = Realizer(persona, seed=3)
    seen: list[str] = []
    for i in range(40):
        now = 100.0 + 1.5 * i
        out = r.realize("reply", name="kai", lang=lang, controls=controls, viewer_text="ok", now=now)
        text = " ".join(s for s, _ in out.sentences)
        assert text, i
        assert text not in seen[-REUSE_TURNS:], (i, text)
        seen.append(text)


def test_reusable_picks_the_oldest_line_not_said_in_the_last_ten_turns() -> None:
    lines = [f"line {i}" for i in range(12)]
    template_of = {f: f for f in lines}
    said_turn = {f: i for i, f in enumerate(lines)}  # line i said at turn i
    said_at = {f: float(i) for i, f in enumerate(lines)}.__getitem__
    # turn 12: lines 2..11 are within 10 turns; of lines 0 and 1, line 0 was said longer ago
    assert reusable("reply:en:casual", lines, [], template_of, said_turn, said_at, 12) == ["line 0"]
    # turn 11: only line 0 is older than 10 turns
    assert reusable("reply:en:casual", lines, [], template_of, said_turn, said_at, 11) == ["line 0"]
    # turn 10: every line was said in the last 10 turns: nothing, as before
    assert reusable("reply:en:casual", lines, [], template_of, said_turn, said_at, 10) == []
    # a fresh line said within 10 turns (its window over) is not chosen; a fresh older one is
    assert reusable("reply:en:casual", lines, ["line 5", "line 0"], template_of, said_turn, said_at, 12) == [
        "line 0"
    ]
    # another act: unchanged
    assert reusable("greet:en:casual", lines, [], template_of, said_turn, said_at, 12) == []
