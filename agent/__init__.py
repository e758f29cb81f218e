"""agent: floor 2 of persona. The event protocol, perception, dialogue, expression and the turn runtime.

The public API: build an agent with ``assemble_agent(AgentOptions(...))`` (the knowledge base and the persona
are opened once per process: ``open_kb``, ``load_persona``), drive it through its ``AgentPort`` (``submit``,
``control``, ``bus``), and read the stage seams in ``agent.stages``.
"""

from agent.assemble import AgentOptions, assemble_agent, load_persona, open_kb
from agent.runtime import AgentConfig, PersonaAgent, SpokenRecord
from agent.screening import Screening, screen
from agent.stages import AgentPort, Percept, Plan, Sentence, TurnInput, TurnTaker

__all__ = [
    "AgentConfig",
    "AgentOptions",
    "AgentPort",
    "Percept",
    "PersonaAgent",
    "Plan",
    "Screening",
    "Sentence",
    "SpokenRecord",
    "TurnInput",
    "TurnTaker",
    "assemble_agent",
    "load_persona",
    "open_kb",
    "screen",
]
