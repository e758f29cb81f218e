"""A batch of newcomers never gets a don't-know (session 21, brief D).

Seen in session 20's Twitch fit replay: triage greets a newcomer's line it reads as no question, batching the
newcomers; perception read the batch's representative line as a question, the base could not answer, and the
host said "v577e949e39, vf97f1def19 and others, you asked "ChuSay": honestly, I don't know" (~21 s of air in
four minutes). Two readers disagreed:
- a "?": screening (triage) needs two words with letters, perception takes any "?" as a question's form
  ("Bruh ?", but also "shipping?"). Reading a "?" with screening's reader was tried and taken out after
  review V: one-word shop questions became complaints. The batch is kept from a don't-know by the decider;
- a line screening reads as no question that perception reads as one by its word order ("hi, is the race
  on"): for a newcomer, which triage greets, the tree chooses as for a line that asks nothing when the base
  cannot answer, so no don't-know goes to the batch's names (``agent.decide``).
"""

from __future__ import annotations

import asyncio

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.decide import TreeDecider
from agent.events import Behavior, Comment, SpeechAct, User
from agent.perception.core import has_question_form
from agent.runtime import AgentConfig
from agent.screening import screen
from agent.stages import Percept
from connectors.livestream.pump import TriagedAgent
from connectors.livestream.triage import TriageConfig


@pytest.mark.parametrize("line", ["shipping?", "returns?", "hoodie?", "sizes?", "link?"])
def test_a_one_word_question_keeps_its_question_form(line: str) -> None:
    """Review V (session 21): reading a "?" with screening's two-word reader made "shipping?" a complaint
    ("My bad, that's on us!" instead of the shipping sentence); that reading was taken out."""
    assert has_question_form(line, screen(line))


@pytest.mark.parametrize("line", ["song name?", "who won?", "@bob where is the race?", "该比赛在哪里？"])
def test_a_question_mark_on_a_question_is_still_a_question(line: str) -> None:
    screening = screen(line)
    assert screening.question and has_question_form(line, screening)


def _decide(text: str, newcomer: bool, name: str = "ana, ben and cy") -> str | None:
    decider = TreeDecider("default", answer_threshold=0.3336)
    percept = Percept(
        text=text, intent="question", answer_confidence=0.0, screening=screen(text, newcomer=newcomer)
    )
    return decider.decide(Comment(user=User(id="n", name=name), text=text), percept, 50.0).act


def test_a_newcomers_line_screening_reads_as_no_question_gets_no_dont_know() -> None:
    assert not screen("hi, is the race on").question  # perception reads it as a question (word order)
    assert _decide("hi, is the race on", newcomer=True) not in ("clarify", "answer")
    # a viewer seen before still hears the honest don't-know, and so does a newcomer who asked outright
    assert _decide("hi, is the race on", newcomer=False, name="ana") == "clarify"
    assert _decide("where is the race tonight?", newcomer=True, name="ana") == "clarify"


@pytest.mark.parametrize(
    "lines",
    [
        ("ChuSay???", "Bruh", "hey"),  # the Twitch fit hour's batch (a "?" reaction first)
        ("hi, is the race on", "hello all", "hey"),  # a question by word order, which triage greets
    ],
)
async def test_a_batch_of_newcomers_through_triage_is_greeted(lines: tuple[str, ...]) -> None:
    agent = assemble_agent(AgentOptions(voice="espeak", agent=AgentConfig(realtime=False, idle_tick_s=None)))
    front = TriagedAgent(agent, TriageConfig(greet_batch=len(lines)))
    heard: list[object] = []
    done = asyncio.Event()

    def hear(event: object) -> None:
        heard.append(event)
        if getattr(event, "type", "") == "utterance_finished":
            done.set()  # the batch's turn has spoken its first sentence

    front.bus.subscribe(hear)
    for i, text in enumerate(lines):
        assert front.submit(Comment(user=User(id=f"new{i}", name=f"new{i}"), text=text))
    front.start()
    try:
        await asyncio.wait_for(done.wait(), 120)
    finally:
        await front.stop()
        await agent.stop()
    behavior = next(e for e in heard if isinstance(e, Behavior))
    acts = [e for e in heard if isinstance(e, SpeechAct)]
    assert "abstain" not in behavior.branch, behavior
    assert acts and all(a.act == "greet" for a in acts), (behavior, [(a.act, a.text) for a in acts])
    assert "know" not in " ".join(a.text for a in acts).lower()
