"""A colour asked of a kind the shop sells ("do you sell/carry/stock X in <colour>"), through the real turn
on the sample base (session 22, brief E4; the reviewer's V1): the entry's colours, a grounded no where the
colour is not among them, never the offer's "we do have that". On 82f7af7 "do you sell hoodies in red" got
"Yes, the Snowline Logo Hoodie is $49." (it comes in midnight navy or glacier white)."""

from __future__ import annotations

from typing import Any

import pytest

from agent.decide import ConversationDecider
from agent.events import Comment, User


async def _say(agent: Any, text: str) -> Any:
    event = Comment(user=User(id="u-juno", name="juno"), text=text)
    return await agent.respond(event, decider=ConversationDecider())


@pytest.mark.parametrize(
    ("line", "colour", "has"),
    [
        ("do you sell hoodies in red", "red", "midnight navy or glacier white"),
        ("do you sell hoodies in green", "green", "midnight navy or glacier white"),
        ("do you sell the hoodie in red", "red", "midnight navy or glacier white"),
        ("do you sell beanies in blue", "blue", "black and white"),
        ("do u carry beanies in green?", "green", "black and white"),
    ],
)
async def test_a_colour_the_entry_does_not_list_is_a_grounded_no(
    agent: Any, line: str, colour: str, has: str
) -> None:
    reply = await _say(agent, line)
    text = reply.text
    assert f"not in {colour}" in text.lower() and has in text, text
    assert "We do have that" not in text and not text.startswith("Yes"), text


@pytest.mark.parametrize(
    ("line", "colour", "has"),
    [
        ("do you sell scarves in green", "green", "red and white stripes"),
        ("do you stock scarves in blue", "blue", "red and white stripes"),
        ("do you sell mugs in black", "black", "blue snowflake print"),
    ],
)
async def test_a_colour_of_a_part_the_entry_does_not_say_is_not_had(
    agent: Any, line: str, colour: str, has: str
) -> None:
    reply = await _say(agent, line)
    text = reply.text
    assert f"doesn't mention {colour}" in text and has in text, text
    assert "We do have that" not in text and not text.startswith("Yes"), text


@pytest.mark.parametrize(
    ("line", "has"),
    [
        ("can i buy beanies in black from you", "black and white"),
        ("do you sell hoodies in white", "midnight navy or glacier white"),
    ],
)
async def test_a_listed_colour_is_a_yes_with_the_colours(agent: Any, line: str, has: str) -> None:
    reply = await _say(agent, line)
    text = reply.text
    assert has in text and "not in" not in text.lower() and "doesn't mention" not in text, text


async def test_a_colour_an_entry_states_nothing_of_is_not_said_as_had(agent: Any) -> None:
    # E4b: the tee's entry states no colour (the entry reader: unknown), so the offer speaks, with the colour
    reply = await _say(agent, "do u sell tees in pink")
    text = reply.text
    assert "the Big Air Tee is $29" in text.replace("The Big", "the Big") and "mention pink" in text, text
    assert "We do have that" not in text and not text.startswith("Yes"), text


async def test_a_colour_only_a_photo_caption_states_is_not_denied(agent: Any) -> None:
    # the reviewer's V5: the mittens' caption says orange, their text chunk no colour - the listing is silent,
    # which is no "the shop has none"
    text = (await _say(agent, "do you sell mittens in orange")).text
    assert "Warm Hands Mittens" in text and "mention orange" in text, text
    assert not any(
        no in text.lower() for no in ("no mittens", "don't carry", "don't see", "not in orange")
    ), text
