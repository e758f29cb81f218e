"""Wiring: build a PersonaAgent and its gateway, start them together, stop them together."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from agent.assemble import AgentOptions, assemble_agent
from agent.runtime import PersonaAgent
from connectors.gateway import Gateway, GatewayConfig

AppOptions = AgentOptions  # what `persona serve/demo` and tests pass to build the persona


@dataclass
class App:
    agent: PersonaAgent
    gateway: Gateway
    front: Any = None  # the triage in front of the agent (livestream comments), when there is one

    @property
    def ws_url(self) -> str:
        return self.gateway.ws_url

    @property
    def http_url(self) -> str:
        return self.gateway.http_url


@contextlib.asynccontextmanager
async def running_app(
    host: str = "127.0.0.1",
    port: int = 0,
    options: AgentOptions | None = None,
    gateway_config: GatewayConfig | None = None,
    **gateway_overrides: Any,
) -> AsyncIterator[App]:
    """Start an agent and its gateway; on exit cancel the current utterance and close clients with 1001."""
    options = options or AgentOptions()
    agent = assemble_agent(options)
    front = _front(agent, options) if options.stages == "full" else None
    config = gateway_config or GatewayConfig.from_env(host=host, port=port, **gateway_overrides)
    config.persona = agent.persona_name
    gateway = Gateway(front or agent, config)
    await agent.warm_up()
    agent.start()
    if front is not None:
        front.start()
    await gateway.start()
    try:
        yield App(agent, gateway, front)
    finally:
        if front is not None:
            await front.stop()
        await agent.stop()
        await gateway.close()


def _front(agent: PersonaAgent, options: AgentOptions) -> Any:
    """Comment triage in front of the agent; direct messages to the chat bot, questions to the reporter."""
    from agent.assemble import load_persona, open_kb
    from connectors.chatbot import ChatBot
    from connectors.livestream import TriagedAgent
    from connectors.reporter import Reporter

    kb = open_kb(options.kb)
    if kb is None:
        return TriagedAgent(agent)
    return TriagedAgent(
        agent,
        chatbot=ChatBot(kb, memory=agent.memory, turn=agent),
        reporter=Reporter(kb, persona=load_persona("reporter"), turn=agent),
    )
