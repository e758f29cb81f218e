"""One turn reads a shop question's catalogue entry once (session 19, brief R): grounding read it for the tree
(``Percept.shop``) and the base's answer read it again where its sentence path abstained
(``shop_answer.settle``, session 18), two searches of the same question. Grounding now reads it first and
hands it to the base (``KnowledgeBase.answer(..., shop=)``). Real turn: perception, grounding, the tree, the
composer, the sample base."""

from __future__ import annotations

from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.runtime import AgentConfig


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


@pytest.fixture
def calls(monkeypatch: Any) -> list[str]:
    """The questions the catalogue entry reader reads in a test (``shop_attributes.find_reply``)."""
    from knowledge import shop_attributes

    got: list[str] = []
    read = shop_attributes.find_reply
    monkeypatch.setattr(shop_attributes, "find_reply", lambda kb, q, k=10: got.append(q) or read(kb, q, k))
    return got


async def test_a_shop_question_the_base_abstains_on_reads_the_entry_once(
    agent: Any, calls: list[str]
) -> None:
    text = "can i get the big air tee in xxl"
    reply = await agent.respond(Comment(user=User(id="u-mika", name="mika_k"), text=text))
    assert reply.percept.answer is not None and reply.percept.answer.abstained  # the base's decline ("no")
    assert reply.percept.shop_looked and reply.percept.shop is not None
    assert "not in xxl" in reply.text.lower() and "S to XL" in reply.text  # what the viewer hears, as before
    assert calls == [text]  # before: two reads, grounding's and the base's


async def test_an_entry_fact_the_base_says_is_read_once_too(agent: Any, calls: list[str]) -> None:
    text = "how much does the summit bottle hold?"
    reply = await agent.respond(Comment(user=User(id="u-ana", name="ana"), text=text))
    answer = reply.percept.answer
    assert answer is not None and not answer.abstained and "750" in answer.text  # the entry's fact, cited
    assert calls == [text]
