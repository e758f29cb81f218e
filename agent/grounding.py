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
search (session 15); the entry's reply is read once a turn, before the base's answer, which is handed it
(``KnowledgeBase.answer(..., shop=)``: the base says the entry's fact where its sentence path abstains) rather
than reading it again (session 19). Likewise, for a question neither the base nor an entry answers, what the
shop has of the kind asked (``Percept.offer``: "No team scarf in the shop, but the Slope Scarf is $28.";
session 16), so the tree logs the offer (``Situation.shop_offers``, ``rules/offer``) instead of an honest
don't-know.

A channel that asks its own question before the turn (the chat bot, which resolves a follow-up first) asks it
through :meth:`Grounding.look_up`, the same lookup, and hands the :class:`Lookup` to the turn
(``respond(answer=lookup)``): the entry's reply read there rides on the percept like grounding's own (session
20, brief C), so the composer does not read the shop a second time. (The reporter asks the base alone: its
composer has no base and reads no entry, so the base's own read, where it abstains, is the only one.)

Each input's text is read once for a joke or a live thing asked of the host (``host_request``): the reading
rides on the percept (``Percept.request``), where the decider's busy rules and the composer read it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import inspect
import logging
from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from agent.dialogue.host_questions import HostQuestion, host_question, host_request
from agent.dialogue.takeup import host_action
from agent.events import Comment, InputEvent, Message, Question
from agent.screening import Screening
from agent.stages import Percept

if TYPE_CHECKING:
    from knowledge import Answer
    from knowledge.shop_attributes import ShopReply

log = logging.getLogger(__name__)


#: the readings of a Chinese line that may be a shop question (session 29, brief Z): never abuse, spam, an
#: injection attempt, a gift or a farewell
_ZH_SHOP_INTENTS = frozenset(
    {"question", "request", "chit-chat", "greeting", "complaint", "praise", "thanks"}
)


class Answers(Protocol):
    """What grounding needs of a knowledge base."""

    def answer(self, question: str) -> Answer: ...


@dataclass(frozen=True)
class Lookup:
    """What grounding's worker thread read for a question's ``text``: the base's ``answer`` and, where
    ``shop_read``, the shop's catalogue entry reply (``shop``; None: no entry answers), read before the answer
    and handed to it, so one turn reads the entry once (session 19)."""

    text: str
    answer: Answer
    shop_read: bool = False
    shop: ShopReply | None = None


class Grounding:
    """Sets ``Percept.answer`` and ``Percept.answer_confidence`` for questions.

    ``start`` begins the lookup speculatively, in a worker thread, while perception runs in another: on two
    cores the answer is ready about when the intent is known. It starts only for inputs screened as
    questions (or ``question`` events); a lookup for an input perception does not read as a question is
    cancelled unused.
    """

    def __init__(self, kb: Answers, host: str = "", goods: Collection[str] = ()) -> None:
        """``host``: the persona's name, for telling a question about the host ("@Frosty are you a bot?")
        from one to another viewer (``agent.dialogue.host_questions``). ``goods``: the kinds of the goods
        the host knows ("do you have beanies?" asks the shop: ``host_question``'s, session 23, brief P)."""
        self.kb = kb
        self.host = host
        self.goods = tuple(sorted(goods))
        #: the base takes the entry's reply read here (``KnowledgeBase.answer``'s ``shop``); another base
        #: reads it again itself, as before
        self._hands_shop = "shop" in _parameters(getattr(kb, "answer", None))

    def about_host(self, text: str, language: str = "en") -> bool:
        """A question about the host itself, or a joke or a live thing asked of the host in English
        (``host_request``, session 15; the composer answers it in English only): the persona card answers
        it, the knowledge base is not asked. Nor is it for a shout-out or a hello asked of the host ("can i
        get a shoutout": ``takeup.host_action``, session 19): the composer says it."""
        question, request = _read(text, self.host, self.goods)
        asked = request is not None or host_action(text, self.host) is not None
        return question or (language == "en" and asked)

    def request(self, text: str, language: str = "en") -> HostQuestion | None:
        """``host_request``'s reading of ``text`` (English only; None otherwise), as the percept carries it
        (``Percept.request``)."""
        return _read(text, self.host, self.goods)[1] if language == "en" else None

    def look_up(self, text: str) -> Lookup:
        """(A worker thread, or a channel's own.) The lookup :meth:`start` begins for ``text``: the base's
        answer, with the shop's catalogue entry read once first where ``text`` asks a shop attribute. For a
        channel that needs the answer before the turn; it hands the :class:`Lookup` to the turn
        (``respond(answer=...)``, :func:`grounded`), which then reads neither the base nor the entry again."""
        return self._look_up(text, self._shop_asked(text))

    def start(self, event: InputEvent, screening: Screening | None = None) -> asyncio.Task[Lookup] | None:
        text = _text(event)
        if not text or len(text) > 500 or self.about_host(text):
            return None
        if not isinstance(event, Question) and not (screening is not None and screening.question):
            return None
        task = asyncio.create_task(asyncio.to_thread(self._look_up, text, self._shop_asked(text)))
        task.add_done_callback(_consume)  # an unused lookup's failure is not an unhandled error
        return task

    async def enrich(
        self, event: InputEvent, percept: Percept, lookup: asyncio.Task[Lookup] | None = None
    ) -> Percept:
        # a joke or a live thing asked (``host_request``): read once here, for every input (the composer
        # says the card's line for a chat reply too), and carried on the percept for the decider and composer
        percept = dataclasses.replace(
            percept, request=self.request(percept.text, percept.language), request_read=True
        )
        if (
            percept.language == "zh"
            and percept.intent in _ZH_SHOP_INTENTS
            and (_text(event) or percept.text) == percept.text
        ):
            said = await self._zh_shop(percept)
            if said is not None:
                return said
        if percept.intent != "question" and not isinstance(event, Question):
            return percept
        if self.about_host(_text(event) or percept.text, percept.language):  # the card answers it (composer)
            return dataclasses.replace(percept, answer_confidence=1.0, answer=None, about_host=True)
        wanted = self._shop_wanted(percept)
        shop = None
        try:
            looked = None
            try:
                if lookup is not None:
                    looked = await lookup
                else:
                    text = _text(event) or percept.text
                    looked = await asyncio.to_thread(self._look_up, text, wanted and text == percept.text)
            except Exception as exc:  # a failure leaves the question unanswerable, not the turn broken
                log.warning("knowledge lookup failed: %s", exc)
                percept = dataclasses.replace(percept, answer_confidence=0.0)
            else:
                percept = grounded(percept, looked.answer)
            if wanted and looked is not None and looked.shop_read and looked.text == percept.text:
                # the entry's reply, read once with the answer
                percept = dataclasses.replace(percept, shop=looked.shop, shop_looked=True)
            elif wanted:
                shop = self._shop(percept)
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

    async def _zh_shop(self, percept: Percept) -> Percept | None:
        """(Session 29, brief Z.) A Chinese line that asks the shop ("卫衣多少钱", "可以退货吗";
        ``knowledge.zh_shop``) is a question, looked up as the English shop question it reads as ("how much
        is the Snowline Logo Hoodie?"), with the entry's reply read once as for an English line: the composer
        says the catalogue's English fact in the Chinese frame. One that asks of nothing the catalogue holds
        gets an abstained answer (the honest don't-know). None: not a shop line (the turn goes on as before),
        no base to search, or the read failed."""
        if getattr(self.kb, "search", None) is None or len(percept.text) > 300:
            return None
        from knowledge import zh_shop  # floor 1; here, so a base without a shop loads none

        try:  # in a worker thread: the dictionary is read on the first Chinese line
            asked = await asyncio.to_thread(zh_shop.read, self.kb, percept.text)
            if asked is None:
                return None
            looked = None
            if asked.question is not None:
                text = asked.question
                looked = await asyncio.to_thread(self._look_up, text, self._shop_asked(text))
        except Exception as exc:  # the turn goes on as before
            log.warning("chinese shop lookup failed: %s", exc)
            return None
        percept = dataclasses.replace(percept, intent="question")
        if looked is None:
            from knowledge.answer import ABSTAIN_TEXT
            from knowledge.types import Answer

            return grounded(percept, Answer(ABSTAIN_TEXT, abstained=True, confidence=0.0))
        percept = grounded(percept, looked.answer)
        if looked.shop_read:
            shop = looked.shop
            if shop is not None and shop.asked and asked.said:  # the viewer's word: "没有红色的" (s30)
                shop = dataclasses.replace(shop, asked=asked.said)
            percept = dataclasses.replace(percept, shop=shop, shop_looked=True)
        return dataclasses.replace(percept, offer=None, offer_looked=True)

    def _shop_asked(self, text: str) -> bool:
        """Whether ``text`` asks a shop attribute (``knowledge.shop_attributes``) of a base with search."""
        if getattr(self.kb, "search", None) is None or len(text) > 300:
            return False
        from knowledge import shop_attributes  # floor 1; here, so a base without a shop loads none

        return shop_attributes.attribute_asked(text) is not None

    def _shop_wanted(self, percept: Percept) -> bool:
        """Whether the percept's question is looked up in the shop's catalogue entries (``Percept.shop``): a
        shop attribute question in English."""
        return percept.language == "en" and self._shop_asked(percept.text)

    def _look_up(self, text: str, shop: bool) -> Lookup:
        """(A worker thread.) The base's answer to ``text``; with ``shop`` (a shop attribute question) and a
        base that takes it, the catalogue entry's reply is read first and handed to the answer
        (``shop_answer.settle`` reads it where the sentence path abstains), so the turn reads it once."""
        if not (shop and self._hands_shop):
            return Lookup(text, self.kb.answer(text))
        from knowledge import shop_attributes  # floor 1; loaded by ``_shop_asked`` already

        try:
            found = shop_attributes.find_reply(self.kb, text)
        except Exception as exc:  # the base reads it itself; grounding looks again (``enrich``)
            log.warning("shop lookup failed: %s", exc)
            return Lookup(text, self.kb.answer(text))
        answer: Any = self.kb.answer  # ``Answers`` with ``KnowledgeBase.answer``'s ``shop`` (``_hands_shop``)
        return Lookup(text, answer(text, shop=found), True, found)

    def _shop(self, percept: Percept) -> asyncio.Task[ShopReply | None]:
        """The shop's catalogue lookup for a shop attribute question (``_shop_wanted``), in a worker
        thread."""
        from knowledge import shop_attributes  # floor 1; here, so a base without a shop loads none

        task = asyncio.create_task(asyncio.to_thread(shop_attributes.find_reply, self.kb, percept.text))
        task.add_done_callback(_consume)
        return task


def grounded(percept: Percept, answer: Answer | Lookup) -> Percept:
    """The percept carrying ``answer`` (and its confidence, 0 when it abstained): grounding's own lookup,
    or the answer a channel already got for this input (the chat bot's, the reporter's), never asked again.
    A :class:`Lookup` (:meth:`Grounding.look_up`) carries the shop's entry reply it read too, as
    :meth:`Grounding.enrich` does for its own: for the same text, an English shop attribute question."""
    if isinstance(answer, Lookup):
        looked = answer
        percept = grounded(percept, looked.answer)
        if looked.shop_read and looked.text == percept.text and percept.language == "en":
            percept = dataclasses.replace(percept, shop=looked.shop, shop_looked=True)
        return percept
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
def _read(text: str, host: str, goods: tuple[str, ...] = ()) -> tuple[bool, HostQuestion | None]:
    """Whether ``text`` asks about the host itself (``host_question``), and the joke or live thing it asks
    for (``host_request``): pure, so ``start`` (before perception) and ``enrich`` (after it) share one
    reading of a turn's text instead of running the expressions twice."""
    return host_question(text, host, goods) is not None, host_request(text, host)


def _consume(task: asyncio.Task[Lookup] | asyncio.Task[ShopReply | None]) -> None:
    if not task.cancelled():
        task.exception()


def _parameters(fn: Any) -> tuple[str, ...]:
    """The names of ``fn``'s parameters (none for what is no callable or has no signature)."""
    try:
        return tuple(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return ()


def _text(event: InputEvent) -> str:
    return event.text if isinstance(event, Comment | Message | Question) else ""


__all__ = ["Answers", "Grounding", "Lookup", "grounded", "shop_answers"]
