"""Answers and hits for the small stand-in knowledge bases of the connector tests, built from the knowledge
package's own result types, so the connectors are tested against the shapes the real base returns."""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.types import Answer, Citation, Hit


def answer(text: str, abstained: bool, confidence: float, citations: Sequence[Citation] = ()) -> Answer:
    return Answer(text, abstained, confidence, list(citations))


def hit(text: str, source: str, span: str, score: float) -> Hit:
    return Hit(f"{source}#{abs(hash(text)) % 10**8}", text, score, "text", source, span)


__all__ = ["Answer", "Citation", "Hit", "answer", "hit"]
