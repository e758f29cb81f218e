"""A viewer's line through a real agent turn, for the dialogue tests (one helper, not a copy per file)."""

from __future__ import annotations

from typing import Any

from agent.decide import ConversationDecider
from agent.events import Comment, User
from agent.runtime import PersonaAgent, TextReply


async def say_as_ren(agent: Any, text: str) -> Any:
    """``text`` said by the viewer "ren" to ``agent``, answered with the conversation decider."""
    event = Comment(user=User(id="u-ren", name="ren"), text=text)
    return await agent.respond(event, decider=ConversationDecider())


def chat_agent() -> PersonaAgent:
    """A new real agent with no knowledge base: real perception, the conversation decider, the default
    persona's composer; its espeak voice is constructed, never asked to speak."""
    from agent.dialogue import DialogueComposer
    from agent.expression import Expresser, make_voice
    from agent.perception import Perception
    from agent.persona import Persona
    from agent.runtime import AgentConfig

    persona = Persona.load(None)
    return PersonaAgent(
        perceiver=Perception(persona),
        decider=ConversationDecider(),
        composer=DialogueComposer(persona),
        expresser=Expresser(voice=make_voice("espeak")),
        config=AgentConfig(idle_tick_s=None),
    )


async def say_fresh(text: str) -> TextReply:
    """``text`` said by the viewer "Sam" to a new ``chat_agent`` (nothing said before carries over)."""
    return await chat_agent().respond(Comment(user=User(id="u", name="Sam"), text=text))
