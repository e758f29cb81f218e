"""connectors: floor 3 of persona. The websocket gateway, sources, chat bot, reporter API, stage and CLI.

The public API: ``running_app(options=AppOptions(...))`` starts an agent behind its gateway (and the triage,
chat bot and reporter in front of it); ``Gateway`` takes any ``agent.AgentPort``; ``TriagedAgent`` puts
comment triage in front of a ``PersonaAgent``; ``ChatBot`` and ``Reporter`` are the text channels.
"""

from connectors.app import App, AppOptions, running_app
from connectors.chatbot import ChatBot, ChatBotConfig, ChatReply
from connectors.gateway import Gateway, GatewayConfig, running_gateway
from connectors.livestream.pump import TriagedAgent
from connectors.reporter import Briefing, Reporter, ReporterAnswer

__all__ = [
    "App",
    "AppOptions",
    "Briefing",
    "ChatBot",
    "ChatBotConfig",
    "ChatReply",
    "Gateway",
    "GatewayConfig",
    "Reporter",
    "ReporterAnswer",
    "TriagedAgent",
    "running_app",
    "running_gateway",
]
