"""Grounding: look questions up in the knowledge base before deciding, so the tree knows how sure we are.

The knowledge ``Answer`` itself goes on the ``Percept`` (``percept.answer``, with its confidence in
``answer_confidence``), so the composer realizes the reply from the very evidence the decision was taken
on, without asking the knowledge base again. Knowledge work (embedding, search) runs in a worker thread.

A question about the host itself ("are you a bot?", "what's your favourite winter sport?":
``agent.dialogue.host_questions``) is not looked up: the persona card answers it (the composer), so its
percept carries no knowledge answer, the confidence 1.0 (the tree answers it) and ``about_host``. Nor is a
joke asked for or a live thing the host cannot see ("tell me a joke", "what's the score right now?":
``host_questions.host_request``, session 15): the composer says the card's joke or its "I can't see that from
the studio" whatever the base would say, so its lookup was wasted work.

A question about a shop attribute ("can i get the big air tee in xxl?": ``knowledge.shop_attributes``) is
also looked up in the shop's catalogue entries, beside the knowledge lookup (``Percept.shop``): the tree
then knows that the entry answers what the base cannot (``Situation.shop_answers``), so its decision and its
``behavior`` event say what the viewer hears, and the composer says the entry's line without a second
search (session 15). Likewise, for a question neither the base nor an entry answers, what the shop has of the
kind asked (``Percept.offer``: "No team scarf in the shop, but the Slope Scarf is $28."; session 16), so the
tree logs the offer (``Situation.shop_offers``, ``rules/offer``) instead of an honest don't-know.

Each input's text is read once for a joke or a live thing asked of the host (``host_request``): the reading
rides on the percept (``Percept.request``), where the decider's busy rules and the composer read it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
from typing import TYPE_CHECKING, Protocol

from agent.dialogue.host_questions import HostQuestion, host_question, host_request
from agent.events import Comment, InputEvent, Message, Question
from agent.screening import Screening
from agent.stages import Percept

if TYPE_CHECKING:
    from knowledge import Answer
    from knowledge.shop_attributes import ShopReply

log = logging.getLogger(__name__)


class Answers(Protocol):
    """What grounding needs of a knowledge base."""

    def answer(self, question: str) -> Answer: ...


class Grounding:
    """Sets ``Percept.answer`` and ``Percept.answer_confidence`` for questions.

    ``start`` begins the lookup speculatively, in a worker thread, while perception runs in another: on two
    cores the answer is ready about when the intent is known. It starts only for inputs screened as
    questions (or ``question`` events); a lookup for an input perception does not read as a question is
    cancelled unused.
    """

    def __init__(self, kb: Answers, host: str = "") -> None:
        """``host``: the persona's name, for telling a question about the host ("@Frosty are you a bot?")
        from one to another viewer (``agent.dialogue.host_questions``)."""
        self.kb = kb
        self.host = host

    def about_host(self, text: str, language: str = "en") -> bool:
        """A question about the host itself, or a joke or a live thing asked of the host in English
        (``host_request``, session 15; the composer answers it in English only): the persona card answers
        it, the knowledge base is not asked."""
        question, request = _read(text, self.host)
        return question or (language == "en" and request is not None)

    def request(self, text: str, language: str = "en") -> HostQuestion | None:
        """``host_request``'s reading of ``text`` (English only; None otherwise), as the percept carries it
        (``Percept.request``)."""
        return _read(text, self.host)[1] if language == "en" else None

    def start(self, event: InputEvent, screening: Screening | None = None) -> asyncio.Task[Answer] | None:
        text = _text(event)
        if not text or len(text) > 500 or self.about_host(text):
            return None
        if not isinstance(event, Question) and not (screening is not None and screening.question):
            return None
        task = asyncio.create_task(asyncio.to_thread(self.kb.answer, text))
        task.add_done_callback(_consume)  # an unused lookup's failure is not an unhandled error
        return task

    async def enrich(
        self, event: InputEvent, percept: Percept, lookup: asyncio.Task[Answer] | None = None
    ) -> Percept:
        # a joke or a live thing asked (``host_request``): read once here, for every input (the composer
        # says the card's line for a chat reply too), and carried on the percept for the decider and composer
        percept = dataclasses.replace(
            percept, request=self.request(percept.text, percept.language), request_read=True
        )
        if percept.intent != "question" and not isinstance(event, Question):
            return percept
        if self.about_host(_text(event) or percept.text, percept.language):  # the card answers it (composer)
            return dataclasses.replace(percept, answer_confidence=1.0, answer=None, about_host=True)
        shop = self._shop(percept)
        try:
            try:
                if lookup is not None:
                    answer = await lookup
                else:
                    answer = await asyncio.to_thread(self.kb.answer, _text(event) or percept.text)
            except Exception as exc:  # a failure leaves the question unanswerable, not the turn broken
                log.warning("knowledge lookup failed: %s", exc)
                percept = dataclasses.replace(percept, answer_confidence=0.0)
            else:
                percept = grounded(percept, answer)
            if shop is not None:
                try:
                    found = await shop
                except Exception as exc:  # the knowledge answer or the honest don't-know is said instead
                    log.warning("shop lookup failed: %s", exc)
                    found = None
                percept = dataclasses.replace(percept, shop=found, shop_looked=True)
            return await self._offered(percept)
        finally:
            if shop is not None and not shop.done():
                shop.cancel()

    async def _offered(self, percept: Percept) -> Percept:
        """For a question the base cannot answer and no shop entry answers (``shop_answers``): what the shop
        has of the kind asked ("how much is the team scarf?": the Slope Scarf; ``knowledge.catalogue``), said
        in place of the plain don't-know (the composer's ``_offer``, which reads it here). Looked for before
        the tree decides (session 16), so that the tree logs the offer the viewer hears, not
        ``rules/abstain``; ``offer_looked`` also when none is said (no merch question, no search, nothing of
        that kind)."""
        answer = percept.answer
        if answer is None or not answer.abstained or shop_answers(percept):
            return percept
        offer = None
        searchable = getattr(self.kb, "search", None) is not None and percept.language == "en"
        if searchable and len(percept.text) <= 300:
            from knowledge import catalogue  # floor 1; here, so a base without a shop loads none

            if catalogue.asked_thing(percept.text) is not None:
                try:
                    offer = await asyncio.to_thread(catalogue.find_offer, self.kb, percept.text)
                except Exception as exc:  # the honest don't-know is said instead
                    log.warning("catalogue lookup failed: %s", exc)
        return dataclasses.replace(percept, offer=offer, offer_looked=True)

    def _shop(self, percept: Percept) -> asyncio.Task[ShopReply | None] | None:
        """The shop's catalogue lookup for a shop attribute question (``knowledge.shop_attributes``), in a
        worker thread; None for any other input, or a base with no search."""
        if getattr(self.kb, "search", None) is None or percept.language != "en" or len(percept.text) > 300:
            return None
        from knowledge import shop_attributes  # floor 1; here, so a base without a shop loads none

        if shop_attributes.attribute_asked(percept.text) is None:
            return None
        task = asyncio.create_task(asyncio.to_thread(shop_attributes.find_reply, self.kb, percept.text))
        task.add_done_callback(_consume)
        return task


def grounded(percept: Percept, answer: Answer) -> Percept:
    """The percept carrying ``answer`` (and its confidence, 0 when it abstained): grounding's own lookup,
    or the answer a channel already got for this input (the chat bot's, the reporter's), never asked again."""
    confidence = 0.0 if answer.abstained else float(answer.confidence)
    return dataclasses.replace(percept, answer_confidence=confidence, answer=answer)


def shop_answers(percept: Percept | None) -> bool:
    """Whether the shop's catalogue entry answers the percept's question where the base does not: the base
    abstained and the entry's line is said in place of the don't-know (``shop_attributes.overrides``, as the
    composer decides it). What the tree is told (``Situation.shop_answers``)."""
    if percept is None or percept.shop is None or percept.answer is None or not percept.answer.abstained:
        return False
    from knowledge import shop_attributes  # floor 1; loaded already by the lookup that found ``shop``

    return shop_attributes.overrides(percept.shop, None)


@functools.lru_cache(maxsize=256)
def _read(text: str, host: str) -> tuple[bool, HostQuestion | None]:
    """Whether ``text`` asks about the host itself (``host_question``), and the joke or live thing it asks
    for (``host_request``): pure, so ``start`` (before perception) and ``enrich`` (after it) share one
    reading of a turn's text instead of running the expressions twice."""
    return host_question(text, host) is not None, host_request(text, host)


def _consume(task: asyncio.Task[Answer] | asyncio.Task[ShopReply | None]) -> None:
    if not task.cancelled():
        task.exception()


def _text(event: InputEvent) -> str:
    return event.text if isinstance(event, Comment | Message | Question) else ""


__all__ = ["Answers", "Grounding", "grounded", "shop_answers"]
