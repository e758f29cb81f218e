"""The host says the heading a sentence speaks of by "he" or "it" (session 18, brief H;
knowledge/referent.py): asked "who acted in the film the taking of tiger mountain as a child?", the base's
sentence is "As a child he acted in the film "The Taking of Tiger Mountain"." under the athletes' heading "Su
Yiming"; asked "only new competition venue in beijing city?", it is "The only new competition venue in
Beijing, nicknamed the "Ice Ribbon" ..." under "National Speed Skating Oval". The spoken line must name the
heading, in a quiet chat and in a busy one (whose brief answer keeps only the sentence holding
``Answer.short``). Real turn: perception, the tree, the composer, the sample base. (The guide's "which
olympic sport had no womens event" is refused by the harm check, "hate and harassment", before and after
this change: docs in brief H's report.)"""

from __future__ import annotations

import time
from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.decide import BUSY_PER_MIN
from agent.events import Comment, User
from agent.runtime import AgentConfig

ASKED = [
    ("who acted in the film the taking of tiger mountain as a child?", "Su Yiming", "acted in the film"),
    ("only new competition venue in beijing city?", "National Speed Skating Oval", "Ice Ribbon"),
]


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


def _chat(agent: Any, waiting: int) -> None:
    """The chat scrolls at 3x the busy rate and ``waiting`` other questions wait behind this one."""
    now = time.time()
    for i in range(int(BUSY_PER_MIN * 3)):
        agent.decider.note_chat(now - 59.0 + i * 59.0 / (BUSY_PER_MIN * 3))
    agent.decider.waiting = lambda t: (waiting, 5.0 if waiting else 0.0)


@pytest.mark.parametrize("waiting", [0, 3])
@pytest.mark.parametrize(("question", "heading", "fact"), ASKED)
async def test_the_spoken_line_names_the_heading(
    agent: Any, waiting: int, question: str, heading: str, fact: str
) -> None:
    _chat(agent, waiting)
    turn = await agent.respond(Comment(user=User(id="u-ana", name="ana_b"), text=question))
    assert turn.plan.act == "answer", turn.plan
    assert turn.percept.answer is not None and turn.percept.answer.short == heading
    assert heading in turn.text and fact in turn.text, turn.text
