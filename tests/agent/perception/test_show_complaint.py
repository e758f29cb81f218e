"""A complaint is apologized for only where it is about the show (C2: s26, brief C; docs/perception.md).
On 61c936f the host said "My bad, that's on us!" to "ugh my team lost again" and "i hate when it rains": the
classifier reads such statements as complaints. The stream's, the host's and the shop's faults keep the
apology, and so does a complaint about what is here and now ("this music is awful"). The lines are ours,
written in chat's shapes; none is taken from a fit part or a qa part."""

from __future__ import annotations

import pytest

from agent.assemble import AgentOptions, assemble_agent, load_persona
from agent.decide import ConversationDecider
from agent.events import Comment, User
from agent.perception import Mood
from agent.perception.show_complaint import about_the_show, heard_complaint
from agent.runtime import AgentConfig

KINDS = frozenset({"mug", "mugs", "hoodie", "hoodies", "beanie", "beanies"})


@pytest.mark.parametrize(
    "text",
    [
        "the sound keeps cutting out",
        "your camera is so dark",
        "why do the mods let bots spam",
        "frosty you were wrong about that",
        "my mug came chipped",
        "the package was left in the rain",
        "i want a refund for my order",
        "ugh this music again",
        "these songs are painful",
        "this is so slow",
        "the overlay thing doesn't work",
        "the background track is way too loud",
    ],
)
def test_a_complaint_about_the_show(text: str) -> None:
    assert about_the_show(text, "Frosty", KINDS)
    assert heard_complaint("complaint", text, "Frosty", KINDS) == "complaint"


@pytest.mark.parametrize(
    "text",
    [
        "ugh the rain ruined my whole weekend",
        "my landlord is the worst",
        "the train was cancelled again",
        "our goalie had a shocker",
        "ugh mondays",
        "this morning was awful",
        "this cold is killing my sister",
    ],
)
def test_a_complaint_about_the_viewers_world(text: str) -> None:
    assert not about_the_show(text, "Frosty", KINDS)
    assert heard_complaint("complaint", text, "Frosty", KINDS) == "chit-chat"
    assert heard_complaint("praise", text, "Frosty", KINDS) == "praise"


async def test_the_world_is_not_apologized_for_and_the_show_still_is() -> None:
    agent = assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))
    persona = load_persona(None)

    async def turn(text: str, who: str) -> object:  # each line its own conversation, as in `persona chat`
        decider = ConversationDecider(Mood(persona))
        return await agent.respond(Comment(user=User(id=who, name=who), text=text), decider=decider)

    for n, text in enumerate(
        ["my landlord is the worst", "the train was cancelled again", "i hate my commute"]
    ):
        reply = await turn(text, f"u-world{n}")
        assert reply.plan.act != "apologize", (text, reply.percept, reply.text)  # type: ignore[attr-defined]
    for n, text in enumerate(
        ["the stream is lagging again", "the mic is awful", "the mug i ordered came broken"]
    ):
        reply = await turn(text, f"u-show{n}")
        assert reply.percept.intent == "complaint", (text, reply.percept)  # type: ignore[attr-defined]
        assert reply.plan.act == "apologize", (text, reply.text)  # type: ignore[attr-defined]
