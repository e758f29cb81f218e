"""Persona profiles: one YAML file per character, validated by pydantic.

A profile says who the persona is (name, identity, backstory), how it speaks (formality, energy, verbosity,
catchphrases, words it never uses), how it feels (baseline emotion and temperament: how fast its mood moves
and settles), how it sounds (voice backend, voice, rate, pitch), what it will not discuss (taboo topics),
what it must never reveal (``private_instructions``), what it has to show and sell (show materials,
merchandise), and what it may say about itself when a viewer asks (``about``: what it is, its maker, home,
age, favourites, likes and doings; ``agent.dialogue.host_answers``). Every field but ``name`` and
``identity`` is optional, so older cards stay valid.

``Persona.load(None)`` loads the shipped default (``agent/personas/default.yaml``). Errors are
:class:`agent.errors.ProfileError` naming the field and the line of the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from agent.errors import ProfileError

PERSONA_DIR = Path(__file__).parent / "personas"
SHIPPED = {"default": PERSONA_DIR / "default.yaml", "reporter": PERSONA_DIR / "reporter.yaml"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Style(_Strict):
    """How the persona speaks. Scales are 0..1."""

    formality: float = Field(default=0.5, ge=0.0, le=1.0)
    energy: float = Field(default=0.5, ge=0.0, le=1.0)
    verbosity: float = Field(default=0.5, ge=0.0, le=1.0)
    catchphrases: list[str] = Field(default_factory=list)
    never_say: list[str] = Field(default_factory=list, description="words the persona never uses")
    emoji: bool = False
    address_viewers_as: str = "friend"


class Temperament(_Strict):
    """Baseline mood and how fast it moves (reactivity) and settles back (half-life in seconds)."""

    baseline_valence: float = Field(default=0.3, ge=-1.0, le=1.0)
    baseline_arousal: float = Field(default=0.4, ge=0.0, le=1.0)
    reactivity: float = Field(
        default=0.3, ge=0.0, le=1.0, description="share of an input's emotion taken at once"
    )
    half_life_s: float = Field(default=30.0, gt=0.0, description="time for the mood to settle halfway back")


class VoiceSpec(_Strict):
    backend: str = "espeak"
    voice: str = "en-us"
    rate: float = Field(default=1.0, gt=0.2, le=3.0)
    pitch: float = Field(default=1.0, gt=0.2, le=3.0)


class ShowMaterial(_Strict):
    title: str
    text: str
    topic: str = ""


class Merchandise(_Strict):
    name: str
    description: str
    price: str = ""


#: A disclosure must say the persona is an AI (one of these words) and never that it is a person.
_AI_WORDS = re.compile(r"\b(?:ai|a\.i\.|artificial|virtual|bot|robot|program|software|machine)\b", re.I)
_HUMAN_CLAIM = re.compile(r"(?<!not )(?<!no )\b(?:a\s+(?:real\s+)?(?:human|person)|human\s+being)\b", re.I)


class AboutSelf(_Strict):
    """What the persona may say about itself (``agent.dialogue.host_answers``); nothing else is said.

    ``disclosure`` is what it is, said whenever a viewer asks whether it is a bot, an AI or a person: it
    must name it an AI (or virtual, a bot, a program) and never claim to be human. An empty field is
    something the card does not say: the persona says so in character and makes nothing up."""

    disclosure: str = "a virtual host: an AI, not a person"
    made_by: str = ""
    home: str = ""
    age: str = ""
    favourites: dict[str, str] = Field(
        default_factory=dict, description='thing -> favourite, e.g. {"winter sport": "slalom"}'
    )
    likes: list[str] = Field(default_factory=list, description='things it likes ("do you like X?")')
    does: dict[str, str] = Field(
        default_factory=dict, description='activity -> what it says, e.g. {"ski": "..."} ("do you ski?")'
    )
    jokes: list[str] = Field(
        default_factory=list,
        description="the persona's own jokes, said in turn when a viewer asks for one; never a fact",
    )

    @field_validator("disclosure")
    @classmethod
    def _honest(cls, v: str) -> str:
        if not _AI_WORDS.search(v):
            raise ValueError("the disclosure must say the persona is an AI (ai, virtual, bot, program ...)")
        if _HUMAN_CLAIM.search(v):
            raise ValueError("the disclosure must never claim the persona is a person or a human")
        return v

    @field_validator("favourites")
    @classmethod
    def _keys(cls, v: dict[str, str]) -> dict[str, str]:
        return {" ".join(k.lower().split()): val for k, val in v.items() if k.strip() and val.strip()}


class Persona(_Strict):
    """A validated persona profile."""

    name: str = Field(min_length=1, max_length=64)
    identity: str = Field(min_length=1)
    backstory: str = ""
    role: Literal["host", "reporter", "chat"] = "host"
    languages: list[str] = Field(default_factory=lambda: ["en"])
    style: Style = Style()
    temperament: Temperament = Temperament()
    voice: VoiceSpec = VoiceSpec()
    taboo_topics: list[str] = Field(default_factory=list)
    private_instructions: str = ""
    show_materials: list[ShowMaterial] = Field(default_factory=list)
    merchandise: list[Merchandise] = Field(default_factory=list)
    about: AboutSelf = AboutSelf()

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, v: list[str]) -> list[str]:
        bad = [x for x in v if x not in ("en", "zh")]
        if bad:
            raise ValueError(f"unsupported language(s) {bad}; supported: en, zh")
        return v

    @classmethod
    def load(cls, path: str | Path | None = None) -> Persona:
        """Load a profile. ``None`` is the shipped default; a bare shipped name ("reporter") also works."""
        if path is None:
            path = SHIPPED["default"]
        elif isinstance(path, str) and path in SHIPPED:
            path = SHIPPED[path]
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise ProfileError(f"cannot read profile: {exc.strerror or exc}", path=str(p)) from exc
        return cls.from_yaml(text, source=str(p))

    @classmethod
    def from_yaml(cls, text: str, source: str = "<string>") -> Persona:
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
        except yaml.MarkedYAMLError as exc:  # a parse error with a position
            line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
            raise ProfileError(f"invalid YAML: {exc.problem or exc}", path=source, line=line) from exc
        except yaml.YAMLError as exc:
            raise ProfileError(f"invalid YAML: {exc}", path=source) from exc
        if not isinstance(data, dict):
            raise ProfileError("a profile must be a mapping of fields", path=source, line=1)
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            err = exc.errors()[0]
            loc = tuple(err["loc"])
            field = ".".join(str(x) for x in loc) or None
            line = _line_of(node, loc)
            more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
            raise ProfileError(f"{err['msg']}{more}", path=source, field=field, line=line) from exc

    # ------------------------------------------------------------------ helpers used by dialogue

    def never_said(self, text: str) -> bool:
        low = text.lower()
        return not any(w.lower() in low for w in self.style.never_say)

    def summary(self) -> str:
        """A short public description (never includes the private instructions)."""
        return f"{self.name}: {self.identity}"


def _line_of(node: Any, loc: tuple[Any, ...]) -> int | None:
    """1-based line of the YAML node at ``loc`` (the deepest ancestor that exists)."""
    if node is None:
        return None
    line: int = node.start_mark.line + 1
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == key:
                    line = k.start_mark.line + 1
                    node = v
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            line = node.start_mark.line + 1
        else:
            return line
    return line
