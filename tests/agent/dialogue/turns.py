"""A viewer's line through a real agent turn, for the harm tests (one helper, not a copy per file)."""

from __future__ import annotations

from typing import Any

from agent.decide import ConversationDecider
from agent.events import Comment, User


async def say_as_ren(agent: Any, text: str) -> Any:
    """``text`` said by the viewer "ren" to ``agent``, answered with the conversation decider."""
    event = Comment(user=User(id="u-ren", name="ren"), text=text)
    return await agent.respond(event, decider=ConversationDecider())
