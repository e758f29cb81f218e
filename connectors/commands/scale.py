"""`persona gateway` and `persona worker`: the two processes of a persona scaled out on Redis Streams.

``persona gateway --bus redis://HOST:PORT/DB`` is the websocket edge (auth, protocol sessions, fan-out) with
no agent: input goes to Redis, output comes from Redis. ``persona worker --bus ... --persona FILE`` runs turns
for one persona as a member of its consumer group. Any number of each; ``persona serve`` is unchanged (both
in one process, the in-process bus). See docs/scaling.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

EXIT_BUS = 3  # Redis unreachable at start (or a bad --bus URL)


def _bus_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--bus",
        required=True,
        metavar="URL",
        help="redis://[:PASSWORD@]HOST:PORT/DB or rediss://... (TLS); AUTH and DB come from the URL",
    )
    p.add_argument(
        "--persona",
        metavar="FILE",
        help="persona profile (YAML) or shipped name; its name picks the streams (default: the shipped host)",
    )
    p.add_argument("--name", help="the persona's name on the bus, instead of the profile's")


def _persona_name(args: argparse.Namespace) -> str:
    if args.name:
        return str(args.name)
    from agent.persona import Persona

    return Persona.load(args.persona).name


def _settings(args: argparse.Namespace, **extra: Any) -> Any:
    from connectors.bus.keys import BusSettings

    return BusSettings(**extra)


def register_gateway(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "gateway",
        help="websocket edge on a Redis bus (no agent): input to Redis, output from Redis",
        description="Serve the websocket protocol and the web stage like `persona serve`, with input put on "
        "the persona's Redis input streams and output read from its output stream; `persona worker` runs "
        "the turns. Tokens per role from PERSONA_TOKEN_RENDERER/_SOURCE/_OPERATOR (they stay here: nothing "
        "secret goes to Redis).",
    )
    _bus_options(p)
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 = any free)")
    p.add_argument("--rate", type=float, default=20.0, help="client messages per second per connection (20)")
    p.add_argument("--burst", type=float, default=40.0, help="token bucket burst per connection (40)")
    p.add_argument(
        "--input-bound", type=int, default=10_000, help="inputs waiting per channel before shedding (10000)"
    )
    p.add_argument(
        "--triage-window",
        type=int,
        default=16,
        help="comments and gifts go through triage; at most this many unanswered at a time (16; 0: no "
        "triage, straight to Redis)",
    )
    p.set_defaults(func=_gateway)


def _gateway(args: argparse.Namespace) -> int:
    from connectors.bus.edge import RedisEdge
    from connectors.bus.keys import BusURLError, redact
    from connectors.bus.redis_streams import BusUnavailable
    from connectors.bus.roaming import RoamingGateway
    from connectors.gateway import GatewayConfig

    async def main() -> None:
        name = _persona_name(args)
        edge = RedisEdge(
            args.bus,
            name,
            _settings(args, input_bound=args.input_bound),
            triage_window=args.triage_window or None,
        )
        await edge.start()
        config = GatewayConfig.from_env(
            host=args.host, port=args.port, rate_per_s=args.rate, burst=args.burst, persona=name
        )
        gateway = RoamingGateway(edge, config)
        await gateway.start()
        print(
            f"persona gateway: protocol {gateway.ws_url}  bus {redact(args.bus)}  persona {name}", flush=True
        )
        try:
            await asyncio.Event().wait()
        finally:
            await gateway.close()
            await edge.close()

    try:
        asyncio.run(main())
    except (BusUnavailable, BusURLError) as exc:
        print(f"persona gateway: {exc}", file=sys.stderr)
        return EXIT_BUS
    except KeyboardInterrupt:
        print("\nstopped")
    return 0


def register_worker(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "worker",
        help="run a persona's turns from a Redis bus (one consumer of its group)",
        description="Join the persona's consumer group on its input streams, run each input through the "
        "agent's turn and stream the turn's output to the output stream as it is produced (the last "
        "output and the input's acknowledgement in one step). Inputs left pending by a dead worker are "
        "claimed after --claim-idle-ms.",
    )
    _bus_options(p)
    p.add_argument("--basic", action="store_true", help="model-free stages (keyword perception, templates)")
    p.add_argument("--voice", help="voice backend: espeak, piper or openai; default: the persona's")
    p.add_argument("--backend", default="embedded", help="dialogue backend: embedded, openai or langchain")
    p.add_argument(
        "--policy", default="default", help="behavior policy: default, tuned, baseline, handwritten or a file"
    )
    p.add_argument("--kb", default="sample", help="knowledge base directory (default: the shipped sample)")
    p.add_argument("--memory", type=Path, metavar="FILE", help="SQLite file for viewer memory")
    p.add_argument(
        "--claim-idle-ms",
        type=int,
        default=30_000,
        help="claim inputs another worker left pending this long (30000; keep it above the longest turn)",
    )
    p.add_argument(
        "--consumer-idle-ms",
        type=int,
        default=600_000,
        help="remove consumers (dead workers) with nothing pending that have not read this long (600000)",
    )
    p.add_argument(
        "--paced",
        action="store_true",
        help="pace each turn in real time as `persona serve` does (output is streamed as it is produced)",
    )
    p.set_defaults(func=_worker)


def _worker(args: argparse.Namespace) -> int:
    from agent.assemble import AgentOptions, assemble_agent
    from agent.runtime import AgentConfig
    from connectors.bus.keys import BusURLError, check_url, redact
    from connectors.bus.redis_streams import BusUnavailable
    from connectors.bus.worker import AgentTurns, Worker

    async def main() -> None:
        check_url(args.bus)
        name = _persona_name(args)
        options = AgentOptions(
            persona=args.persona,
            stages="basic" if args.basic else "full",
            voice=args.voice,
            backend=args.backend,
            policy=args.policy,
            kb=args.kb,
            memory_path=args.memory,
            agent=AgentConfig(idle_tick_s=None, realtime=args.paced),
        )
        agent = assemble_agent(options)
        await agent.warm_up()
        worker = Worker(
            args.bus,
            name,
            AgentTurns(agent),
            _settings(args, claim_idle_ms=args.claim_idle_ms, consumer_idle_ms=args.consumer_idle_ms),
            on_control=agent.control,
        )
        agent.start()
        print(f"persona worker {worker.name}: bus {redact(args.bus)}  persona {name}", flush=True)
        try:
            await worker.run()
        finally:
            await agent.stop()

    try:
        asyncio.run(main())
    except (BusUnavailable, BusURLError) as exc:
        print(f"persona worker: {exc}", file=sys.stderr)
        return EXIT_BUS
    except KeyboardInterrupt:
        print("\nstopped")
    return 0
