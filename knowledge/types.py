"""The small value types of ``knowledge``: what search and answer return, and what loaders produce."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Modality = Literal["text", "image", "audio", "video", "motion"]
MODALITIES: tuple[str, ...] = ("text", "image", "audio", "video", "motion")


@dataclass(frozen=True)
class Citation:
    """Where a claim comes from: a source (file), a span in it (heading, page, time range) and the quote."""

    source: str
    span: str = ""
    quote: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class Hit:
    """One retrieved chunk.

    ``score`` is the fused (reciprocal rank) score, comparable only within one result list; ``dense`` is the
    cosine similarity to the query (or the image-match similarity for image search) and ``lexical`` the BM25
    score, both 0 when that retriever did not return the chunk.
    """

    chunk_id: str
    text: str
    score: float
    modality: str
    source: str
    span: str
    metadata: dict[str, Any] = field(default_factory=dict)
    dense: float = 0.0
    lexical: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Answer:
    """A cited answer, or an abstention.

    ``text`` is one sentence taken from the evidence (or "I don't know" when abstained); ``short`` is the
    shortest span that answers a who/what/when/where/how-many question ("" when none applies);
    ``confidence`` is the calibrated probability that the answer is right.
    """

    text: str
    abstained: bool
    confidence: float
    citations: list[Citation] = field(default_factory=list)
    short: str = ""
    kind: str = ""  # the question type: who, when, where, count, price, what, yesno, other

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "abstained": self.abstained,
            "confidence": round(self.confidence, 4),
            "citations": [c.to_dict() for c in self.citations],
            "short": self.short,
            "kind": self.kind,
        }


@dataclass
class Chunk:
    """What a loader makes of one piece of a file, before it is embedded and stored."""

    text: str
    modality: str
    span: str = ""
    t_start: float | None = None
    t_end: float | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    context: str = ""  # heading path or title, embedded and indexed with the text but not quoted
    image_hashes: list[int] = field(default_factory=list)  # 64-bit perceptual hashes (crop variants)

    @property
    def embed_text(self) -> str:
        return f"{self.context}: {self.text}" if self.context else self.text


@dataclass(frozen=True)
class Skipped:
    path: str
    reason: str


@dataclass
class IngestReport:
    """What one ingest did. Paths are as given on the command line or found under a directory."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    chunks_added: int = 0
    chunks_removed: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0

    @property
    def chunks_per_s(self) -> float:
        return self.chunks_added / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["chunks_per_s"] = round(self.chunks_per_s, 1)
        return d
