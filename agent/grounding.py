"""Grounding: look questions up in the knowledge base before deciding, so the tree knows how sure we are.

The answer is computed once per question: ``CachedAnswers`` remembers the last answers, and the composer
gets the same wrapper, so the reply is realized from the very evidence the decision was taken on.
Knowledge work (embedding, search) runs in a worker thread.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
from collections import OrderedDict
from typing import Any

from agent.events import Comment, InputEvent, Message, Question
from agent.stages import Percept

log = logging.getLogger(__name__)


class CachedAnswers:
    """A knowledge base whose ``answer`` is memoized by question text (bounded, thread-safe)."""

    def __init__(self, kb: Any, size: int = 256) -> None:
        self.kb = kb
        self.size = size
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def answer(self, question: str, image: Any = None) -> Any:
        if image is not None:
            return self.kb.answer(question, image=image)
        key = " ".join(question.lower().split())
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        result = self.kb.answer(question)
        with self._lock:
            self._cache[key] = result
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return result

    def clear(self) -> None:
        with self._lock:
            self._cache.clear()

    def __getattr__(self, name: str) -> Any:  # search, search_image, ...: the knowledge base's own
        return getattr(self.kb, name)


class Grounding:
    """Sets ``Percept.answer_confidence`` for questions from the knowledge base's answer.

    ``start`` begins the lookup speculatively, in a worker thread, while perception runs in another: on two
    cores the answer is ready about when the intent is known. A lookup for an input that turns out not to
    be a question is simply not used (its result stays in the cache).
    """

    def __init__(self, kb: CachedAnswers) -> None:
        self.kb = kb

    def start(self, event: InputEvent) -> asyncio.Task[Any] | None:
        text = _text(event)
        if not text or len(text) > 500:
            return None
        task = asyncio.create_task(asyncio.to_thread(self.kb.answer, text))
        task.add_done_callback(_consume)  # an unused lookup's failure is not an unhandled error
        return task

    async def enrich(
        self, event: InputEvent, percept: Percept, lookup: asyncio.Task[Any] | None = None
    ) -> Percept:
        if percept.intent != "question" and not isinstance(event, Question):
            return percept
        try:
            if lookup is not None:
                answer = await lookup
            else:
                answer = await asyncio.to_thread(self.kb.answer, _text(event) or percept.text)
        except Exception as exc:  # a knowledge failure leaves the question unanswerable, not the turn broken
            log.warning("knowledge lookup failed: %s", exc)
            return dataclasses.replace(percept, answer_confidence=0.0)
        confidence = 0.0 if answer.abstained else float(answer.confidence)
        return dataclasses.replace(percept, answer_confidence=confidence)


def _consume(task: asyncio.Task[Any]) -> None:
    if not task.cancelled():
        task.exception()


def _text(event: InputEvent) -> str:
    return event.text if isinstance(event, Comment | Message | Question) else ""
