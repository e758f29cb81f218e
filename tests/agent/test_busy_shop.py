"""A busy chat does not drop a question only the shop answers (session 15, brief M2): with other questions
waiting in a busy chat, a question the base cannot answer is passed over silently (``busy/pass``), but one
whose catalogue entry answers it ("can i get the big air tee in xxl?" -> "Not in XXL: the Big Air Tee comes in
sizes S to XL.", ``Situation.shop_answers``) is an answered question: said, briefly, like a base answer. A
livestream that sells merchandise must not drop the shop question because the chat is busy. Real turn:
perception, grounding, the tree, the composer, the sample base; the busy chat is the decider's own clocks
(the whole chat's lines in the last minute, the questions waiting)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.decide import BUSY_PER_MIN
from agent.events import Comment, User
from agent.runtime import AgentConfig


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


def _busy(agent: Any, waiting: int) -> None:
    """The chat scrolls at 3x the busy rate and ``waiting`` other questions wait behind this one."""
    now = time.time()
    for i in range(int(BUSY_PER_MIN * 3)):
        agent.decider.note_chat(now - 59.0 + i * 59.0 / (BUSY_PER_MIN * 3))
    agent.decider.waiting = lambda t: (waiting, 5.0 if waiting else 0.0)


async def _say(agent: Any, text: str) -> Any:
    return await agent.respond(Comment(user=User(id="u-rin", name="rin_k"), text=text))


async def test_a_busy_chat_answers_the_shop_question_and_passes_over_the_unknown_one(agent: Any) -> None:
    _busy(agent, waiting=3)
    shop = await _say(agent, "can i get the big air tee in xxl")
    assert shop.percept.answer is not None and shop.percept.answer.abstained  # only the shop answers it
    assert (shop.plan.branch, shop.plan.act, shop.plan.brief) == ("rules/shop", "answer", True), shop.plan
    assert "not in xxl" in shop.text.lower() and "S to XL" in shop.text
    base = await _say(agent, "who won the men's halfpipe?")  # the base answers: brief, as before
    assert base.plan.act == "answer" and base.plan.brief and base.text
    unknown = await _say(agent, "who coached the chinese team?")  # nobody answers: passed over, as before
    assert unknown.percept.shop is None
    assert (unknown.plan.branch, unknown.plan.act, unknown.text) == ("busy/pass", None, "")


async def test_a_quiet_chat_says_the_same_shop_line_with_its_lead(agent: Any) -> None:
    _busy(agent, waiting=0)  # nothing else waits: no busy rule applies
    shop = await _say(agent, "can i get the big air tee in xxl")
    assert (shop.plan.branch, shop.plan.act, shop.plan.brief) == ("rules/shop", "answer", False)
    assert "not in xxl" in shop.text.lower() and "S to XL" in shop.text
