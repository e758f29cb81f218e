"""A small real agent for the connector tests' text turns: keyword perception (no models), the persona's
real dialogue composer and grounding over the test's own knowledge base, never voiced."""

from __future__ import annotations

from typing import Any

from agent.assemble import load_persona
from agent.basic import FixedDecider, KeywordPerceiver
from agent.dialogue import DialogueComposer
from agent.expression import Expresser, make_voice
from agent.grounding import Grounding
from agent.runtime import AgentConfig, PersonaAgent


def text_agent(kb: Any, persona: str = "default") -> PersonaAgent:
    """``start()`` it on the test's loop; the chat bot and the reporter call it from worker threads."""
    return PersonaAgent(
        perceiver=KeywordPerceiver(),
        decider=FixedDecider(),
        composer=DialogueComposer(load_persona(persona), kb),
        expresser=Expresser(voice=make_voice("espeak")),
        grounding=Grounding(kb),
        config=AgentConfig(idle_tick_s=None),
    )
