"""A take-up that follows the line (issue 14, session 28, brief W): a statement of the viewer's own life, an
opinion or a compliment gets a quiet acknowledgement, not a stock question about the show; after the host's
kind line to a viewer's loss, their next lines get a quiet line too.

At eab62f7 each of these got a line of the realizer's ``reply`` table ("ren, have you ever tried curling?").
Real turns (``turns.chat_agent``: perception, the conversation decider, the composer, the realizer); the lines
are written for this test (no evaluation set's)."""

from __future__ import annotations

import re

import pytest

from agent.dialogue.style import split_sentences
from agent.dialogue.templates import TEMPLATES
from tests.agent.dialogue.turns import chat_agent, say_as_ren, say_fresh


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _stock(text: str, name: str) -> bool:
    """Whether ``text`` holds a stock question of the ``reply`` table said to ``name``."""
    table = TEMPLATES["reply"]
    asked = {
        _key(part)
        for register in table.values()
        for lines in register.values()
        for line in lines
        for part in split_sentences(line.format(name=name))
        if "?" in part
    }
    return any(_key(part) in asked for part in split_sentences(text))


def _quiet(kinds: tuple[str, ...], name: str) -> set[str]:
    from agent.dialogue.quiet import LINES

    return {line.format(name=name) for k in kinds for line in LINES["casual"][k]}


@pytest.mark.parametrize(
    "text,kinds",
    [
        ("i got laid off this morning", ("sorry", "heard")),
        ("i baked bread for the first time today", ("heard",)),
        ("we moved into a new flat over the weekend", ("heard",)),
        ("you're the best host on this site", ("thanks",)),
        ("your commentary is so funny", ("thanks",)),
        ("the traffic downtown was terrible today", ("fair",)),
        ("those judges were so unfair", ("fair",)),
    ],
)
async def test_a_statement_gets_a_quiet_line_not_a_stock_question(text: str, kinds: tuple[str, ...]) -> None:
    reply = await say_fresh(text)
    assert reply.text.strip(), "silent"
    assert not _stock(reply.text, "Sam"), reply.text
    assert reply.text.replace("!", ".") in {q.replace("!", ".") for q in _quiet(kinds, "Sam")}, reply.text


async def test_a_loss_is_carried_two_lines_then_the_chat_goes_on() -> None:
    agent = chat_agent()
    first = await say_as_ren(agent, "my aunt passed away last week")
    assert first.act == "comfort", first.text
    still = _quiet(("still",), "ren")
    for line in ("she taught me to bake bread", "it was always our thing on sundays"):
        reply = await say_as_ren(agent, line)
        assert reply.text in still, (line, reply.text)
    later = await say_as_ren(agent, "anyway the snow here is melting already")
    assert later.text.strip() and later.text not in still, later.text


async def test_a_long_chat_of_statements_is_never_silent_nor_only_quiet_lines() -> None:
    """Quiet lines follow the reuse guard: when a kind's lines were all said in the last ten turns, the stock
    question comes back (a chat is not a row of "mm"s), and no line goes silent."""
    agent = chat_agent()
    quiet = _quiet(("heard", "sorry"), "ren")
    said = []
    for n in range(12):
        reply = await say_as_ren(agent, f"i walked {n + 2} miles in the park today")
        assert reply.text.strip(), n
        said.append(reply.text)
    heard = [t for t in said if t in quiet]
    assert 2 <= len(heard) <= 8, said
    for i, text in enumerate(said):
        assert text not in said[max(0, i - 10) : i], (i, said)


def test_quiet_kind_reads_the_general_classes() -> None:
    from agent.dialogue.quiet import quiet_kind

    assert quiet_kind("you are such a kind host") == "thanks"
    assert quiet_kind("the weather here is awful") == "fair"
    assert quiet_kind("the weather here is not awful") is None
    assert quiet_kind("i'm super tired after work") == "heard"  # "super" says how tired: no judgement
    assert quiet_kind("i'm trying to watch the slalom") == "heard"  # "trying" is a verb here
    assert quiet_kind("i am so proud of my sister") == "heard"  # no "glad" kind (W1W2n)
    assert quiet_kind("i had a terrible day at school") == "sorry"
    assert quiet_kind("i had an awful day at school") == "heard"  # "awful" is an adverb too: last word only
    assert quiet_kind("i went to the shop", "sadness") == "sorry"
    assert quiet_kind("that jump was amazing") is None  # a positive opinion of the world: as before
    assert quiet_kind("lol ok") is None
