"""A factual question about a taboo subject is answered; an ask for the host's view on it is declined
(issue 14, session 19, brief S; ``agent/dialogue/taboo.py``). On 2b048a6 the composer refused every question
whose words touched politics or religion ("What religion were the Normans?"), whatever it asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.decide import ConversationDecider
from agent.dialogue.safety import Moderator
from agent.dialogue.taboo import asks_for_a_fact, declines
from agent.events import Comment, User
from agent.persona import Persona
from agent.runtime import AgentConfig

ASKS = Path(__file__).parent / "data" / "taboo_opinion_asks.txt"
#: My 40 asks for a view, advice, a prediction or a debate, written before candidate V was measured.
OPINION_ASKS = [
    line.strip() for line in ASKS.read_text(encoding="utf-8").splitlines() if line.strip() and line[0] != "#"
]
#: Factual questions on the subjects, written here (none from an evaluation set).
FACTUAL = [
    "What religion was the first king of Norway?",
    "which president signed the treaty in 1972",
    "In what year was the cathedral in Cologne finished?",
    "Who founded the Labour Party?",
    "The old church in the village was built when?",
    "how many people voted in the 1960 election",
    "whats the name of the church in the valley",
    "When did the government move the capital?",
]


def test_the_opinion_asks_are_not_asks_for_a_fact() -> None:
    assert len(OPINION_ASKS) == 40
    assert [q for q in OPINION_ASKS if asks_for_a_fact(q)] == []


def test_factual_questions_are_asks_for_a_fact() -> None:
    assert [q for q in FACTUAL if not asks_for_a_fact(q)] == []


def test_only_the_view_topics_are_let_through() -> None:
    q = "Who was killed in the bombing of the church?"
    assert asks_for_a_fact(q)
    assert not declines("religion", q) and not declines("politics and religion", q)
    for topic in ("violence", "gambling", "medical advice", "personal address", "hate and harassment"):
        assert declines(topic, q)  # a fact-shaped question is still declined on every other topic
    assert not declines(None, q)


def test_the_word_check_declines_an_ask_and_lets_a_fact_through() -> None:
    m = Moderator(Persona.load(None))
    assert m.taboo_ask("who should I vote for in the election?") == "politics"
    assert m.taboo_ask("is god real") == "religion"
    assert m.taboo_ask("What religion were the Normans?") is None
    assert m.taboo_topic("What religion were the Normans?") == "religion"  # the topic is still named
    # a second topic in the same line is not let through with the first
    assert m.taboo_ask("which president ordered the bomb to be dropped") == "violence"


DOC = (
    "# Normans\n\n"
    "The Normans were the people who gave their name to Normandy, a region in France. "
    "The Normans were Catholic Christians and built many churches across Normandy.\n"
)


@pytest.fixture(scope="module")
def agent(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from knowledge import KnowledgeBase

    docs = tmp_path_factory.mktemp("docs")
    (docs / "normans.md").write_text(DOC, encoding="utf-8")
    kb = KnowledgeBase.open(tmp_path_factory.mktemp("kb"))
    kb.ingest([docs])
    return assemble_agent(AgentOptions(voice="espeak", kb=kb, agent=AgentConfig(idle_tick_s=None)))


async def test_a_factual_religion_question_is_answered_with_its_citation(agent: Any) -> None:
    event = Comment(user=User(id="u-rey", name="rey"), text="What religion were the Normans?")
    reply = await agent.respond(event, decider=ConversationDecider())
    acts = {s.act for s in reply.sentences}
    assert "refuse" not in acts, reply.text
    assert "Catholic" in reply.text, reply.text
    cited = [c for s in reply.sentences for c in s.citations]
    assert cited and cited[0].source.endswith("normans.md"), cited


@pytest.mark.parametrize("text", ["who should i vote for", "which religion is the true one", "is god real"])
async def test_an_ask_for_a_view_is_still_refused(agent: Any, text: str) -> None:
    reply = await agent.respond(
        Comment(user=User(id="u-rey", name="rey"), text=text), decider=ConversationDecider()
    )
    assert "refuse" in {s.act for s in reply.sentences}, reply.text
