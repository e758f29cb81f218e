"""The reporter assistant: it always cites or abstains, and briefings are cited bullet facts.

Most tests use ``CorpusKB``, a small word-overlap stand-in for the knowledge seam (the Protocol in
connectors/reporter.py); the last ones run on the real ``KnowledgeBase.open_sample()`` when it is available.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.reporter import ABSTAIN_TEXT, Reporter, calm, support
from tests.connectors.kb_doubles import Citation, Hit, answer, hit

DOCS = {
    "results.md": "Beat Feuz of Switzerland won the men's downhill at Yanqing. "
    "The slalom final starts at 10:15. Mikaela Shiffrin entered six events but won no medal.",
    "venues.md": "The Yanqing National Alpine Skiing Centre hosted the alpine events! "
    "It has a vertical drop of 900 metres.",
    "merch.md": "The Panda Beanie costs 25 dollars. The Snow Scarf costs 30 dollars.",
}
_W = re.compile(r"\w+")
_STOP = {"the", "of", "a", "is", "at", "what", "when", "who", "does", "did", "how", "much", "it", "and", "in"}


def _words(t: str) -> set[str]:
    return {w.lower() for w in _W.findall(t)} - _STOP


class CorpusKB:
    """Sentences ranked by shared content words. ``lie`` makes answer() return an uncited or unsupported
    claim, to show the reporter refuses it."""

    def __init__(self, lie: str = "") -> None:
        self.sentences = [
            (src, s.strip()) for src, doc in DOCS.items() for s in re.split(r"(?<=[.!])\s+", doc)
        ]
        self.lie = lie
        self.questions: list[str] = []

    def search(self, text: str, k: int = 5) -> list[Hit]:
        q = _words(text)
        scored = sorted(((len(q & _words(s)), src, s) for src, s in self.sentences), key=lambda x: -x[0])
        return [hit(s, src, "body", float(n)) for n, src, s in scored[:k] if n > 0]

    def search_image(self, image: bytes, k: int = 5) -> list[Hit]:
        return []

    def answer(self, question: str, image: bytes | None = None) -> Any:
        self.questions.append(question)
        if self.lie == "uncited":
            return answer("The downhill was won by someone famous.", False, 0.9, [])
        if self.lie == "off_topic":  # well cited, about something else
            s = "The Yanqing National Alpine Skiing Centre hosted the alpine events!"
            return answer(s, False, 0.9, [Citation("venues.md", "", s)])
        if self.lie == "unsupported":
            return answer(
                "Feuz won three gold medals in slalom.", False, 0.9, [Citation("results.md", "", "Feuz won.")]
            )
        hits = self.search(question, 1)
        if not hits or hits[0].score < 2:
            return answer("I don't know.", True, 0.1)
        h = hits[0]
        return answer(h.text, False, 0.85, [Citation(h.source, h.span, h.text)])


def test_ask_cites_its_source() -> None:
    r = Reporter(CorpusKB()).ask("Who won the men's downhill?")
    assert not r.abstained and "Feuz" in r.answer
    assert r.citations and r.citations[0].source == "results.md" and "Feuz" in r.citations[0].quote
    d = r.to_dict()
    assert set(d) == {"answer", "citations", "confidence", "abstained"}


def test_ask_abstains_without_evidence() -> None:
    r = Reporter(CorpusKB()).ask("What is the capital of Mars?")
    assert r.abstained and r.answer == ABSTAIN_TEXT and not r.citations and r.reason == "kb_abstained"


@pytest.mark.parametrize(
    "lie,reason", [("uncited", "no_citation"), ("unsupported", "unsupported"), ("off_topic", "off_topic")]
)
def test_never_states_an_uncited_or_unsupported_fact(lie: str, reason: str) -> None:
    r = Reporter(CorpusKB(lie=lie)).ask("Who won the downhill?")
    assert r.abstained and r.reason == reason and r.citations == ()


def test_low_confidence_and_moderation_abstain() -> None:
    assert (
        Reporter(CorpusKB(), min_confidence=0.9).ask("Who won the men's downhill?").reason == "low_confidence"
    )
    r = Reporter(CorpusKB(), moderate=lambda t: None if "Feuz" in t else t).ask("Who won the men's downhill?")
    assert r.abstained and r.reason == "moderated"


def test_calm_register() -> None:
    r = Reporter(CorpusKB()).ask("Which centre hosted the alpine events?")
    assert not r.abstained and "!" not in r.answer
    assert calm("Wow!! Great 🎉 result!") == "Wow. Great result."


def test_brief_bullets_are_quotes_with_citations() -> None:
    b = Reporter(CorpusKB()).brief("Yanqing alpine skiing")
    assert b.bullets and not b.abstained
    for bullet in b.bullets:
        assert bullet.citation.source in DOCS and bullet.text == bullet.citation.quote
        assert bullet.text.replace(".", "").replace("!", "") in DOCS[bullet.citation.source].replace(
            "!", ""
        ).replace(".", "")
    d = b.to_dict()
    assert d["bullets"][0]["citation"]["source"] in DOCS and d["text"].startswith("- ")
    empty = Reporter(CorpusKB()).brief("quantum chromodynamics")
    assert empty.abstained and empty.to_dict()["bullets"] == []


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80), st.sampled_from(["", "uncited", "unsupported", "off_topic"]))
def test_always_cites_or_abstains(question: str, lie: str) -> None:
    r = Reporter(CorpusKB(lie=lie)).ask(question)
    if r.abstained:
        assert r.citations == () and r.answer == ABSTAIN_TEXT
    else:
        assert r.citations and support(r.answer, [c.quote for c in r.citations]) >= 0.6


# --------------------------------------------------------------------------- the real knowledge base


@pytest.fixture(scope="module")
def sample_kb() -> Any:
    kb_module = pytest.importorskip("knowledge.kb", reason="knowledge.KnowledgeBase has not landed")
    return kb_module.KnowledgeBase.open_sample()


@pytest.mark.slow
def test_reporter_on_the_sample_knowledge_base(sample_kb: Any) -> None:
    reporter = Reporter(sample_kb)
    r = reporter.ask("Who won the men's downhill?")
    assert not r.abstained and r.citations and all(c.source for c in r.citations)
    assert reporter.ask("What is the capital of Mars?").abstained
    b = reporter.brief("alpine skiing results")
    assert b.bullets and all(x.citation.source and x.citation.quote == x.text for x in b.bullets)


async def test_answer_in_the_reporter_persona_voice() -> None:
    """With the agent's turn, the answer is phrased by the reporter persona's composer through the turn."""
    import asyncio

    from agent.persona import Persona
    from connectors.reporter import states_facts
    from tests.connectors.text_agent import text_agent

    kb = CorpusKB()
    agent = text_agent(kb)
    reporter = Reporter(kb, persona=Persona.load("reporter"), turn=agent)
    agent.start()
    try:
        r = await asyncio.to_thread(reporter.ask, "Who won the men's downhill?")
        mars = await asyncio.to_thread(reporter.ask, "What is the capital of Mars?")
    finally:
        await agent.stop()
    assert not r.abstained and "Beat Feuz of Switzerland won the men's downhill at Yanqing." in r.answer
    assert r.answer != r.citations[0].quote  # phrased by the composer, not only the quote
    assert "!" not in r.answer and r.citations[0].source == "results.md"
    assert not states_facts("Here is what the sources say, Ana.", ["Ana"])
    assert states_facts("Feuz won in 2022.") and states_facts("The winner was Beat Feuz.")
    assert mars.abstained
    # asked once per question: the turn carries the reporter's answer instead of grounding asking again
    assert kb.questions == ["Who won the men's downhill?", "What is the capital of Mars?"]
    plain = Reporter(kb, persona=Persona.load("reporter")).ask("Who won the men's downhill?")
    assert plain.answer == r.citations[0].quote  # without a turn: the sourced sentence itself
