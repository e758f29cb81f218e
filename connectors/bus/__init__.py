"""The bus on Redis Streams: `persona gateway` and `persona worker` processes sharing one persona's streams.

The in-process bus (agent.bus.OutputBus, what `persona serve` runs) stays the default; see docs/scaling.md.
"""

from connectors.bus.edge import RedisEdge
from connectors.bus.keys import BusSettings, BusURLError, Keys, check_url, redact
from connectors.bus.redis_streams import BusUnavailable, connect
from connectors.bus.roaming import RoamingGateway
from connectors.bus.worker import AgentTurns, Turns, Worker

__all__ = [
    "AgentTurns",
    "BusSettings",
    "BusURLError",
    "BusUnavailable",
    "Keys",
    "RedisEdge",
    "RoamingGateway",
    "Turns",
    "Worker",
    "check_url",
    "connect",
    "redact",
]
