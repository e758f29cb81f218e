"""`persona chat` (a terminal conversation, or a batch of messages to JSON) and `persona script`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from agent.stages import Sentence


def _add_persona_backend(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--persona", metavar="FILE", help="persona YAML (default: the shipped host; 'reporter' works)"
    )
    p.add_argument("--backend", default="embedded", choices=["embedded", "openai", "langchain"],
                   help="dialogue backend (default: embedded realizer)")  # fmt: skip
    p.add_argument("--base-url", help="OpenAI-compatible server URL (default: $OPENAI_BASE_URL)")
    p.add_argument("--model", help="model name (default: $PERSONA_LLM_MODEL or $OPENAI_MODEL)")
    p.add_argument(
        "--kb", metavar="PATH", help="knowledge base directory, or 'sample' for the bundled sample"
    )


def register_chat(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "chat",
        help="talk with the persona in the terminal (or --batch FILE --json)",
        description="A terminal conversation with the persona: each line you type is perceived (intent, "
        "emotion, language, entities), turned into a speech act and realized in the persona's style. "
        "With --batch FILE, reads one viewer message per line and prints one result per line.",
    )
    _add_persona_backend(p)
    p.add_argument("--batch", type=Path, metavar="FILE", help="one viewer message per line")
    p.add_argument("--json", action="store_true", help="print one JSON object per input line")
    p.add_argument("--name", default="", help="your viewer name (default: none; you are not called by one)")
    p.add_argument("--memory", type=Path, metavar="DB", help="SQLite memory file (default: in memory)")
    p.set_defaults(func=_chat)


def register_script(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "script",
        help="write a live script for a quiet stretch of the stream",
        description="Build a live script (gather, order, link, smooth, restyle) of about --minutes minutes: "
        "segments with speech act, text, emotion, gesture hints and duration.",
    )
    p.add_argument("--persona", metavar="FILE", help="persona YAML (default: the shipped host)")
    p.add_argument("--minutes", type=float, default=10.0, help="length of the script (default 10)")
    p.add_argument("--kb", metavar="PATH", help="knowledge base directory, or 'sample', for more material")
    p.add_argument("--lang", default="en", choices=["en", "zh"], help="language of the framing lines")
    p.add_argument("--json", action="store_true", help="print the script as JSON")
    p.set_defaults(func=_script)


def _open_kb(spec: str | None) -> Any:
    if not spec:
        return None
    from knowledge import KnowledgeBase, KnowledgeError

    try:  # a read: a missing or damaged base is an error, never a new empty one
        return KnowledgeBase.open_sample() if spec == "sample" else KnowledgeBase.open(spec, create=False)
    except KnowledgeError as exc:
        print(f"persona: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


def _chat(args: argparse.Namespace) -> int:
    import asyncio

    return asyncio.run(_chat_async(args))


async def _chat_async(args: argparse.Namespace) -> int:
    """A thin caller of the turn: the agent ``persona serve`` builds (the same defaults: the sample
    knowledge base, memory), each line one text turn (``PersonaAgent.respond``) in the chat profile."""
    from agent.assemble import AgentOptions, assemble_agent, load_persona
    from agent.decide import ConversationDecider
    from agent.errors import PersonaError
    from agent.events import Comment, User
    from agent.perception import Mood
    from agent.runtime import AgentConfig

    config = {k: v for k, v in (("base_url", args.base_url), ("model", args.model)) if v}
    options = AgentOptions(
        persona=args.persona, voice="espeak", backend=args.backend, backend_config=config,
        kb=_open_kb(args.kb or "sample"), memory_path=args.memory,
        agent=AgentConfig(idle_tick_s=None),
    )  # fmt: skip
    try:
        persona = load_persona(args.persona)
        agent = assemble_agent(options)
    except PersonaError as exc:
        print(f"persona chat: {exc}", file=sys.stderr)
        return 2
    chat = ConversationDecider(Mood(persona))
    user = User(id=f"cli:{args.name or 'viewer'}", name=args.name)  # no name: the lines leave the address out
    lines: Any = args.batch.read_text(encoding="utf-8").splitlines() if args.batch else None
    interactive = lines is None
    if interactive:
        print(f"{persona.name} is listening (Ctrl-D to end).", file=sys.stderr)
        lines = sys.stdin
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        reply = await agent.respond(Comment(user=user, text=text[:4000]), decider=chat)
        percept, plan, spoken = reply.percept, reply.plan, reply.text
        quiet = plan.act is None or not spoken.strip()  # "@kai you're wrong": an act that says nothing
        # what is said, as a renderer's speech_act events name it (s29): the act of each run of sentences
        # (a care line under a planned answer: care) and the emotion they carry (the plan's: a text turn has
        # no expresser, and the expresser gives none of its own)
        runs = [] if quiet else said_runs(reply.sentences, plan.act)
        if args.json:
            print(json.dumps({
                "text": text,
                "perception": {"intent": percept.intent, "confidence": percept.confidence,
                               "emotion": percept.emotion.model_dump(), "language": percept.language,
                               "entities": list(percept.entities)},
                "mood": plan.emotion.model_dump(),
                "acts": [{
                    "act": act, "text": " ".join(s.text for s in said),
                    "emotion": plan.emotion.model_dump(),
                    "citations": [c.model_dump() for s in said for c in s.citations]} for act, said in runs],
            }, ensure_ascii=False), flush=True)  # fmt: skip
        else:
            tag = f"[{percept.intent} {percept.emotion.label} {percept.language}]"
            said = "(stays quiet)" if quiet else spoken
            acts = "+".join(act for act, _ in runs) or "-"
            print(f"{tag} {persona.name} ({acts}, {plan.emotion.label}): {said}", flush=True)
    if agent.memory is not None:
        agent.memory.flush()
    return 0


def said_runs(sentences: Sequence[Sentence], planned: str | None) -> list[tuple[str, list[Sentence]]]:
    """A reply's sentences grouped by the act each says (``events.said_act``: the composer's mark, else the
    plan's), in order: one run when the whole reply says one act (a greeting and its take-up: two)."""
    from agent.events import said_act

    runs: list[tuple[str, list[Sentence]]] = []
    for sentence in sentences:
        act = said_act(sentence.act, planned)
        if runs and runs[-1][0] == act:
            runs[-1][1].append(sentence)
        else:
            runs.append((act, [sentence]))
    return runs


def _script(args: argparse.Namespace) -> int:
    from agent.dialogue import build_script
    from agent.errors import PersonaError
    from agent.persona import Persona

    try:
        persona = Persona.load(args.persona)
    except PersonaError as exc:
        print(f"persona script: {exc}", file=sys.stderr)
        return 2
    script = build_script(persona, minutes=args.minutes, kb=_open_kb(args.kb), lang=args.lang)
    if args.json:
        print(json.dumps(script.to_dict(), ensure_ascii=False, indent=2))
        return 0
    t = 0.0
    for seg in script.segments:
        print(
            f"{int(t // 60):02d}:{int(t % 60):02d}  {seg.act:<8} "
            f"[{seg.emotion.label}, {', '.join(seg.gestures)}] {seg.text}"
        )
        t += seg.duration_s
    print(f"-- {len(script.segments)} segments, {script.duration_s / 60:.1f} min", file=sys.stderr)
    return 0
