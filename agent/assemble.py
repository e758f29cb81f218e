"""Build a complete PersonaAgent from a persona profile: the one place the stages are chosen.

``stages="full"`` (the default) is the product: perception over MiniLM embeddings, the RL-tuned behavior
tree, grounded dialogue over the knowledge base (or an LLM backend), the persona's voice with lip sync,
face and gestures, and SQLite memory. ``stages="basic"`` is the model-free set (keyword perception, a fixed
decision table, templated replies) that starts instantly; protocol tests use it.
"""

from __future__ import annotations

import functools
import logging
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agent.events import Gift, InputEvent
from agent.memory import Memory
from agent.persona import Persona
from agent.runtime import AgentConfig, PersonaAgent, SpokenRecord
from agent.stages import Percept

log = logging.getLogger(__name__)


@dataclass
class AgentOptions:
    persona: Path | str | None = None  # a YAML file, a shipped persona name, or None for the default host
    stages: str = "full"  # full | basic
    voice: str | None = None  # espeak | piper | openai; None: the persona's own
    backend: str = "embedded"  # embedded | openai | langchain
    backend_config: dict[str, Any] = field(default_factory=dict)
    policy: str = "default"  # default (better of tuned/baseline) | tuned | baseline | handwritten | a file
    # knowledge: a question is answered exactly when the knowledge layer does not abstain (its threshold,
    # fitted on the QA calibration half, is the tree's); policy: the policy's own min_answer_confidence
    # (tuned on the behavior simulator's confidences), kept for comparison (`persona eval dialogue`).
    answer_gate: str = "knowledge"
    kb: Any = "sample"  # a KnowledgeBase, a directory, "sample", or None
    memory_path: Path | str | None = None  # SQLite file; None: in memory
    agent: AgentConfig = field(default_factory=AgentConfig)


def open_kb(kb: Any) -> Any:
    """A knowledge base: ``kb`` itself, or the one at a path ("sample": the shipped sample), opened once per
    process (every agent, chat bot and reporter of the process shares it; it is thread-safe)."""
    if kb is None or not isinstance(kb, str | Path):
        return kb
    return _open_kb(str(kb) if str(kb) == "sample" else str(Path(kb).resolve()))


def load_persona(spec: Path | str | None = None) -> Persona:
    """A persona profile (a YAML file, a shipped name, or None for the default), loaded once per process."""
    key = (
        None
        if spec is None
        else str(spec)
        if isinstance(spec, str) and "/" not in spec
        else str(Path(spec).resolve())
    )
    return _load_persona(key)


@functools.cache
def _load_persona(key: str | None) -> Persona:
    return Persona.load(key)


@functools.cache
def _open_kb(where: str) -> Any:
    from knowledge import KnowledgeBase

    if where == "sample":
        return KnowledgeBase.open_sample()
    return KnowledgeBase.open(Path(where), create=False)  # a missing base is an error, never an empty one


def assemble_agent(options: AgentOptions | None = None) -> PersonaAgent:
    options = options or AgentOptions()
    if options.stages == "basic":
        return _basic(options)
    if options.stages != "full":
        raise ValueError(f"unknown stages {options.stages!r}: choose full or basic")

    from agent.decide import TreeDecider
    from agent.dialogue import DialogueComposer, make_backend
    from agent.expression import Expresser, KnowledgeGestures, Prosody, make_voice
    from agent.grounding import Grounding
    from agent.perception import Mood, Perception
    from agent.perception.goods import goods_kinds

    persona = load_persona(options.persona)
    kb = open_kb(options.kb)
    memory = Memory(options.memory_path or ":memory:")
    if options.answer_gate not in ("knowledge", "policy"):
        raise ValueError(f"unknown answer_gate {options.answer_gate!r}: choose knowledge or policy")
    decider = TreeDecider(
        options.policy,
        reporter_mode=persona.role == "reporter",
        mood=Mood(persona),
        answer_threshold=knowledge_threshold(kb) if options.answer_gate == "knowledge" else None,
        host=persona.name,
    )
    voice = make_voice(options.voice or persona.voice.backend)
    names = kb_names(kb)
    goods = goods_kinds([*(m.name for m in persona.merchandise), *names])  # s23, brief P (P10)
    agent = PersonaAgent(
        perceiver=Perception(persona, kb=kb, kb_names=names),
        decider=decider,
        composer=DialogueComposer(
            persona, kb, backend=make_backend(options.backend, options.backend_config), memory=memory
        ),
        expresser=Expresser(
            voice=voice,
            gestures=KnowledgeGestures(kb) if kb is not None else None,
            base_prosody=Prosody(rate=persona.voice.rate, pitch=persona.voice.pitch),
        ),
        persona_name=persona.name,
        config=options.agent,
        grounding=Grounding(kb, host=persona.name, goods=goods) if kb is not None else None,
        memory=memory,
    )
    decider.waiting = agent.questions_waiting  # the real queue (the agent's own and triage's, when in front)
    composer = agent.composer
    assert isinstance(composer, DialogueComposer)
    composer.realizer.known_names = names  # a cheer asked for an athlete of the base says the name
    composer.goods = tuple(sorted(goods))
    decider.needs_care = lambda text: composer.moderator.care_need(text) is not None  # before a busy pass
    agent.spoken_hooks.append(_remember(memory))
    agent.input_hooks.append(_remember_input(memory))
    return agent


def kb_names(kb: Any) -> tuple[str, ...]:
    """The knowledge base's own names (``heading_names`` of its heading leaves: "Shaun White"), read once
    here, at assembly: the abuse model does not score them (session 15, brief S2). A base ingested into
    later keeps the names it had when the agent was assembled. () without a base or a store."""
    from agent.perception.core import heading_names
    from knowledge.gate import heading_leaf

    store = getattr(kb, "store", None)
    if store is None:
        return ()
    leaves = {heading_leaf(context) for context in store.contexts()}
    return heading_names(leaves)


def knowledge_threshold(kb: Any) -> float | None:
    """The confidence at and above which the knowledge layer answers rather than abstains: the fitted
    reader's threshold when the reader answers (``PERSONA_READER=1``), else the calibration's (both fitted
    on the QA calibration half). None when there is no base, or it does not say."""
    if kb is None:
        return None
    reader = getattr(getattr(kb, "_answerer", None), "reader", None)
    if reader is not None and hasattr(reader, "threshold"):
        return float(reader.threshold)
    calibration = getattr(kb, "calibration", None)
    threshold = getattr(calibration, "threshold", None)
    return float(threshold) if threshold is not None else None


def _basic(options: AgentOptions) -> PersonaAgent:
    from agent.basic import FixedDecider, KeywordPerceiver, TemplateComposer
    from agent.expression import Expresser, make_voice

    return PersonaAgent(
        perceiver=KeywordPerceiver(),
        decider=FixedDecider(),
        composer=TemplateComposer(),
        expresser=Expresser(voice=make_voice(options.voice or "espeak")),
        config=options.agent,
    )


def _remember(memory: Memory) -> Any:
    """What was spoken, written on the memory's writer thread (never on the event loop)."""

    def hook(record: SpokenRecord) -> None:
        viewer = record.event.user.id if record.event is not None else None
        memory.later(memory.record_spoken, viewer, record.text).add_done_callback(_log_failure)

    return hook


def _remember_input(memory: Memory) -> Any:
    """Each input (abuse withheld), written on the memory's writer thread."""

    def hook(event: InputEvent, percept: Percept | None) -> None:
        user = event.user
        gift = (event.gift, float(event.amount)) if isinstance(event, Gift) else None
        text = f"sent {event.gift}" if isinstance(event, Gift) else event.text
        if percept is not None and percept.intent in ("abuse", "injection-attempt", "spam"):
            text = f"[{percept.intent} withheld]"  # never stored, so never summarized into a prompt
        topics = tuple(percept.entities) if percept is not None else ()
        write = memory.later(memory.record_input, user.id, user.name, text, topics=topics, gift=gift)
        write.add_done_callback(_log_failure)

    return hook


def _log_failure(write: Future[None]) -> None:
    if write.exception() is not None:
        log.warning("memory write failed: %s", write.exception())
