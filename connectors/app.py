"""Wiring: build a PersonaAgent and its gateway, start them together, stop them together."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.runtime import AgentConfig, PersonaAgent
from connectors.gateway import Gateway, GatewayConfig

log = logging.getLogger(__name__)


@dataclass
class AppOptions:
    """How to build the persona. ``stages="basic"`` uses the model-free stages (instant start)."""

    persona: Path | None = None
    stages: str = "basic"
    voice: str = "espeak"
    agent: AgentConfig = field(default_factory=AgentConfig)


def build_agent(options: AppOptions) -> PersonaAgent:
    from agent.basic import FixedDecider, KeywordPerceiver, TemplateComposer
    from agent.expression import Expresser, make_voice

    return PersonaAgent(
        perceiver=KeywordPerceiver(),
        decider=FixedDecider(),
        composer=TemplateComposer(),
        expresser=Expresser(voice=make_voice(options.voice)),
        persona_name="persona",
        config=options.agent,
    )


@dataclass
class App:
    agent: PersonaAgent
    gateway: Gateway

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
    options: AppOptions | None = None,
    gateway_config: GatewayConfig | None = None,
    **gateway_overrides: Any,
) -> AsyncIterator[App]:
    """Start an agent and its gateway; on exit cancel the current utterance and close clients with 1001."""
    options = options or AppOptions()
    agent = build_agent(options)
    config = gateway_config or GatewayConfig.from_env(host=host, port=port, **gateway_overrides)
    config.persona = agent.persona_name
    gateway = Gateway(agent, config)
    agent.start()
    await gateway.start()
    try:
        yield App(agent, gateway)
    finally:
        await agent.stop()
        await gateway.close()
