"""A viewer's own sorrow gets one short kind line, not small talk (issue 14, session 27, brief H, S1).

Session 26 (brief H) traced "my mother died, i am a mess." -> "ren, do you ski or board yourself?" once the
support-line check-in was taken from it. The lines below are written for this test (no evaluation set's)."""

from __future__ import annotations

import pytest

from agent.dialogue.safety import CARE_LINES
from tests.agent.dialogue.turns import say_fresh


def _kind_lines(kind: str) -> set[str]:
    from agent.dialogue.sorrow import LINES

    return {line.format(name=", Sam") for line in LINES[kind]}


@pytest.mark.parametrize(
    "text,kind",
    [
        ("my cat died this morning", "death"),
        ("my grandpa passed away on friday", "death"),
        ("we lost our old dog last night", "death"),
        ("so nervous for my driving test tomorrow", "fear"),
        ("i felt pretty gloomy all week at my new job", "sad"),
        ("i am so sad since my best friend moved away", "sad"),
    ],
)
async def test_a_viewers_sorrow_gets_a_kind_line(text: str, kind: str) -> None:
    reply = await say_fresh(text)
    assert reply.act == "comfort", (reply.act, reply.text)
    assert reply.text in _kind_lines(kind), reply.text


@pytest.mark.parametrize(
    "text",
    [
        "my phone died halfway through the race",
        "i almost died laughing at that replay",
        "i'm not sad at all, great run",
        "i'm afraid i can't stay for the final",
        "love the stream, the snow looks amazing",
        "my dog learned to catch a frisbee today",
    ],
)
async def test_an_ordinary_line_gets_no_kind_line(text: str) -> None:
    reply = await say_fresh(text)
    assert reply.act != "comfort", reply.text


async def test_a_crisis_keeps_its_care_line() -> None:
    reply = await say_fresh("i want to hurt myself tonight")
    assert reply.act == "care" and reply.text == CARE_LINES["self-harm"]["en"].format(name="Sam")


def test_sorrow_kind_reads_the_speakers_own_sorrow() -> None:
    from agent.dialogue.sorrow import kind_line, sorrow_kind

    assert sorrow_kind("my grandma's funeral was today") == "death"
    assert sorrow_kind("i was so scared when the storm hit my house") == "fear"
    assert sorrow_kind("i worry about wars in other countries") is None  # about the world
    assert sorrow_kind("sad that the old coach died last year") is None
    assert sorrow_kind("my brother is scared of the dark") is None  # not the speaker's feeling
    assert sorrow_kind("is it sad that my goldfish died?") is None  # a question is answered elsewhere
    assert sorrow_kind("i'm never worried about the weather") is None
    assert sorrow_kind("so nervous for my team in the final") is None  # a fan's nerves (s27 review)
    assert sorrow_kind("i'm so sad my team lost lol") is None
    line = kind_line("my hamster died", "en", "Sam")
    assert line is not None and "hamster" not in line and line == kind_line("my hamster died", "en", "Sam")
    assert kind_line("my hamster died", "zh", "Sam") is None


@pytest.mark.parametrize(
    "text",
    ["the dog next door died and it was so quiet all night", "grandma's old cat passed away, she loved him"],
)
async def test_a_death_is_never_met_with_the_pet_line(text: str) -> None:
    # session 27, P1: lines S1 does not read as the speaker's own loss, but that tell a death
    reply = await say_fresh(text)
    assert "say hi to your" not in reply.text.lower(), reply.text


async def test_a_living_pet_keeps_the_pet_line() -> None:
    reply = await say_fresh("my dog learned to catch a frisbee today")
    assert reply.text == "Say hi to your dog for me, Sam.", reply.text
