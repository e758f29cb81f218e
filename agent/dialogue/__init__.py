"""Controllable dialogue: the embedded grounded realizer, LLM backends, style transfer, live scripts, safety.

The runtime builds ``DialogueComposer(persona, kb, backend=make_backend(name, config))`` and iterates
``compose(plan, percept, event)`` for each turn.
"""

from agent.dialogue.backends import ChatBackend, LangChainBackend, OpenAIBackend, make_backend
from agent.dialogue.composer import DialogueComposer
from agent.dialogue.realizer import Realizer
from agent.dialogue.safety import Moderator
from agent.dialogue.scripts import LiveScript, Segment, build_script
from agent.dialogue.style import StyleControls, restyle

__all__ = [
    "ChatBackend",
    "DialogueComposer",
    "LangChainBackend",
    "LiveScript",
    "Moderator",
    "OpenAIBackend",
    "Realizer",
    "Segment",
    "StyleControls",
    "build_script",
    "make_backend",
    "restyle",
]
