"""``TriagedAgent``: comment triage in front of a ``PersonaAgent``, as a drop-in for the gateway.

The gateway needs ``submit``, ``control`` and ``bus``; this wrapper has them. Comments and gifts go into a
``Triage`` (a counted decision, never "busy"). A websocket ``message`` goes to the ``ChatBot`` and a
``question`` to the ``Reporter`` when they are given (each reply is published on the bus as a ``speech_act``
with ``in_reply_to`` and its citations: text channels, no voice); without them, to the agent.

Paid messages (``superchat``) wait in their own ``PaidQueue`` (``connectors.livestream.paid``), ranked by
worth in US dollars and served before every triage item; one worth at least ``PaidConfig.barge_in_usd``
that arrives while the persona speaks a reply that is not itself a paid answer ends that reply at the end
of the sentence being spoken (``finish_sentence``: the rest is dropped) and is answered next.

A pump task hands the agent the best pending item only when it is free (its queue empty and no turn
running: not the previous item's, nor an operator's ``say`` or an idle tick), so priority, aging, batching
and shedding decide at the last moment rather than a FIFO queue deciding early. A batched item reaches the
agent as its first event with the viewers' names joined ("Ana, Ben and 3 others"), so the reply addresses
all of them.

    agent = PersonaAgent(...)              # or however the app assembles it
    front = TriagedAgent(agent, chatbot=bot, reporter=reporter)   # then Gateway(front, config)
    front.start()                          # starts the agent (if needed) and the pump
    ...
    await front.stop()

Cancellation: ``stop()`` cancels the pump; it does not stop the agent (its owner does).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, Literal

from agent.events import (
    Comment,
    Control,
    Emotion,
    Error,
    Gift,
    InputEvent,
    Message,
    Question,
    SpeechAct,
    Superchat,
    User,
    new_id,
)
from agent.screening import Screening
from agent.stages import TurnTaker
from connectors.livestream.audience import AudienceEvent
from connectors.livestream.paid import PaidConfig, PaidOffer, PaidQueue, paid_message
from connectors.livestream.triage import Admitted, Dropped, Outcome, Triage, TriageConfig, TriageItem

log = logging.getLogger(__name__)


def names_label(names: tuple[str, ...], shown: int = 3) -> str:
    """ "Ana", "Ana and Ben", "Ana, Ben and Cy", "Ana, Ben, Cy and 4 others"."""
    if len(names) <= 1:
        return names[0] if names else ""
    if len(names) <= shown:
        return ", ".join(names[:-1]) + " and " + names[-1]
    rest = len(names) - shown
    return ", ".join(names[:shown]) + f" and {rest} other{'s' if rest > 1 else ''}"


def event_text(event: InputEvent) -> str:
    return event.text if isinstance(event, Comment | Message | Question) else ""


def item_event(item: TriageItem) -> Comment | Gift | None:
    """The v1 input event the agent gets for a triage item (the names of a batch joined in ``user.name``)."""
    event = item.to_protocol()
    if event is None:
        return None
    if len(item.names) > 1:
        user = User(id=event.user.id, name=names_label(item.names)[:256])
        event = event.model_copy(update={"user": user})
    if isinstance(event, Comment) and not item.read_text:
        event = event.model_copy(update={"text": ""})
    return event


class TriagedAgent:
    def __init__(
        self,
        agent: TurnTaker,
        config: TriageConfig | None = None,
        *,
        clock: Callable[[], float] = time.time,
        poll_s: float = 0.02,
        on_item: Callable[[TriageItem], None] | None = None,
        chatbot: Any | None = None,
        reporter: Any | None = None,
        max_direct: int = 32,
        paid: PaidConfig | None = None,
    ) -> None:
        """``chatbot``: a ``connectors.chatbot.ChatBot``; ``reporter``: a ``connectors.reporter.Reporter``.
        At most ``max_direct`` of their replies are in progress at once (more: ``submit`` says busy).
        ``paid``: the paid-message queue's bounds and barge-in threshold (None: ``PaidConfig.from_env``)."""
        self.agent = agent
        self.chatbot = chatbot
        self.reporter = reporter
        self._max_direct = max_direct
        self._direct: set[asyncio.Task[None]] = set()
        # The chat bot's and the reporter's blocking replies wait on the agent's turn, whose own stages run in
        # the loop's default executor: on that same executor a burst of waiting replies would take every
        # thread the turns need and time out. They wait on threads of their own instead.
        self._direct_pool = ThreadPoolExecutor(max_workers=max_direct, thread_name_prefix="direct-reply")
        self.triage = Triage(config)
        self.paid = PaidQueue(paid or PaidConfig.from_env())
        self.last_paid: PaidOffer | None = None
        self.barge_ins = 0  # replies ended early for a large paid message
        self._paid_mark: int | None = None  # turns_done as a paid item was handed over (its turn runs)
        self.bus = agent.bus
        self._clock = clock
        self._poll_s = poll_s
        self._on_item = on_item
        self._task: asyncio.Task[None] | None = None
        self.last_outcome: Outcome | None = None
        self._wake = asyncio.Event()
        agent.state_hooks.append(self._wake.set)
        self._read_ahead_id: int | None = None  # the waiting question whose LLM prompt was read ahead
        self._offers = 0  # comments and gifts offered to triage (a read-ahead looks again only after one)
        self._read_ahead_key: tuple[int, int] | None = None
        sources = getattr(agent, "waiting_sources", None)  # the agent's tree counts the questions held here
        if sources is not None:
            sources.append(self.questions_waiting)

    @property
    def persona_name(self) -> str:
        return self.agent.persona_name

    @property
    def session_id(self) -> str:
        return self.agent.session_id

    @property
    def queue_depth(self) -> int:
        return self.agent.queue_depth

    def questions_waiting(self, now: float) -> tuple[int, float]:
        """The question items triage holds (viewers asking the same question are one item) and how long the
        oldest has waited: the agent's tree reads them (batch answers; no segment while a question waits)."""
        items = [it for it in self.triage.pending_items(self._clock()) if it.kind == "question"]
        return len(items), max((it.waited_s for it in items), default=0.0)

    # ------------------------------------------------------------------ what the gateway calls

    def submit(self, event: InputEvent) -> bool:
        if isinstance(event, Superchat):
            self._offer_paid(event)
            return True  # queued or shed, it is counted (PaidQueue.stats); never "busy"
        if isinstance(event, Comment | Gift):
            self.last_outcome = self.triage.offer(AudienceEvent.from_protocol(event), self._clock())
            self._offers += 1
            self.agent.note_chat(line=event)  # the whole chat's rate (answered or not) and who wrote last
            self._wake.set()
            return True  # triage decided (and counted); the gateway must not report "busy"
        if isinstance(event, Message) and self.chatbot is not None:
            return self._direct_reply(self._chat(event))
        if isinstance(event, Question) and self.reporter is not None:
            return self._direct_reply(self._ask(event))
        return bool(self.agent.submit(event))

    def _offer_paid(self, event: Superchat) -> PaidOffer:
        """Queue a paid message by its worth; a large one ends the current reply at its sentence's end."""
        self.last_paid = offer = self.paid.offer(event, self._clock())
        self.agent.note_chat()
        if offer.barge_in and offer.outcome == "queued" and not self._paid_turn_running():
            # never over another paid answer: whoever paid hears their answer to the end
            self.barge_ins += self.agent.finish_sentence()
        self._wake.set()
        return offer

    def _paid_turn_running(self) -> bool:
        return self._paid_mark is not None and self.agent.turns_done <= self._paid_mark

    def _direct_reply(self, coro: Any) -> bool:
        if len(self._direct) >= self._max_direct:
            coro.close()
            return False
        task = asyncio.create_task(coro)
        self._direct.add(task)
        task.add_done_callback(self._direct.discard)
        return True

    def _publish(self, act: SpeechAct) -> None:
        self.bus.publish(
            act.model_copy(update={"session_id": self.agent.session_id, "turn_id": new_id("t-")})
        )

    async def _off_loop(self, fn: Callable[[], Any], ref: str, what: str) -> Any:
        """``fn`` on a direct-reply thread; None (and an ``error`` for the asker) when it fails."""
        try:
            return await asyncio.get_running_loop().run_in_executor(self._direct_pool, fn)
        except TimeoutError:
            log.warning("the %s gave up on %s: its turn took too long", what, ref)
            self._error("busy", f"the {what} could not answer in time; please ask again", ref)
        except Exception:
            log.exception("the %s failed on %s", what, ref)
            self._error("internal", f"the {what} failed on this input", ref)
        return None

    def _error(self, code: Literal["busy", "internal"], message: str, ref: str) -> None:
        self.bus.publish(Error(code=code, message=message, ref=ref, session_id=self.agent.session_id))

    async def _chat(self, message: Message) -> None:
        chatbot = self.chatbot
        assert chatbot is not None  # submit routes messages here only with a chat bot
        reply = await self._off_loop(partial(chatbot.reply, message, self._clock()), message.id, "chat bot")
        if reply is not None:
            self._publish(reply.to_speech_act(in_reply_to=message.id))

    async def _ask(self, question: Question) -> None:
        reporter = self.reporter
        assert reporter is not None  # submit routes questions here only with a reporter
        ans = await self._off_loop(partial(reporter.ask, question.text), question.id, "reporter")
        if ans is None:
            return
        self._publish(
            SpeechAct(
                seq=0,
                act="clarify" if ans.abstained else "answer",
                text=ans.answer,
                emotion=Emotion(label="calm", intensity=0.2, valence=0.1, arousal=0.2),
                addressee=question.user.name or question.user.id,
                in_reply_to=question.id,
                citations=list(ans.citations),
            )
        )

    def offer(self, event: AudienceEvent) -> Outcome:
        """Platform events (superchats, subscriptions, entrances) from the livestream sources. A superchat
        joins the paid queue with its text (``Admitted`` with item id 0, or ``Dropped("shed")``)."""
        if event.kind == "superchat":
            paid = self._offer_paid(paid_message(event))
            return Dropped("shed") if paid.outcome == "shed" else Admitted(0, kind="superchat")
        self.last_outcome = self.triage.offer(event, self._clock())
        self._wake.set()
        return self.last_outcome

    def control(self, event: Control) -> None:
        self.agent.control(event)

    # ------------------------------------------------------------------ the pump

    def start(self) -> None:
        self.agent.start()
        if self._task is None:
            self._task = asyncio.create_task(self._pump(), name="triage-pump")

    async def stop(self) -> None:
        """Cancel the pump and the chat bot / reporter replies in progress (not the agent)."""
        sources = getattr(self.agent, "waiting_sources", None)
        if sources is not None and self.questions_waiting in sources:
            sources.remove(self.questions_waiting)  # a stopped front holds nothing for the agent any more
        for task in list(self._direct):
            task.cancel()
        self._direct_pool.shutdown(wait=False, cancel_futures=True)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _submit(self, event: InputEvent, screening: Screening | None) -> bool:
        """Hand the agent one item's event with triage's screening of it (not screened again)."""
        return bool(self.agent.submit(event, counted=True, screening=screening))

    def _read_ahead(self) -> None:
        """While a turn runs, the question triage would hand over next has its LLM prompt read ahead by the
        agent's composer (``DialogueComposer.prefetch``), so its answer's first words do not wait for the
        server to read that prompt. Once an item; best effort (a guess: triage may choose another later)."""
        prefetch = getattr(getattr(self.agent, "composer", None), "prefetch", None)
        key = (self._offers, self.agent.turns_done)  # nothing new offered, no turn ended: nothing to redo
        if prefetch is None or key == self._read_ahead_key:
            return
        self._read_ahead_key = key
        items = self.triage.pending_items(self._clock())
        if not items or items[0].kind != "question" or items[0].id == self._read_ahead_id:
            return
        event = item_event(items[0])
        if event is not None and prefetch(event) is not None:
            self._read_ahead_id = items[0].id

    async def _pump(self) -> None:
        waiting_pickup = False
        pickup_mark: int | None = None
        while True:
            # React at once to a new item or a change in the agent; poll as a fallback (aging, expiry).
            # asyncio.timeout, not wait_for: on Python 3.11 wait_for returns the inner result when a cancel
            # arrives as the event is set, so stop()'s cancel was lost and `await self._task` never returned
            # (a test's teardown hung 300 s in a loaded CI run)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._poll_s):
                    await self._wake.wait()
            self._wake.clear()
            depth = self.agent.queue_depth
            if self.agent.in_turn and not depth:
                self._read_ahead()
            if waiting_pickup:
                if depth == 0:
                    waiting_pickup, pickup_mark = False, self.agent.turns_done
                continue
            if pickup_mark is not None and self.agent.turns_done <= pickup_mark:
                continue  # the item the agent took is still being spoken
            if depth or self.agent.paused or self.agent.in_turn:
                continue  # free means free: not even an operator's `say` or an idle tick is running
            paid = self.paid.next_item(self._clock())
            if paid is not None:  # paid messages first, the largest first
                if self._submit(paid.event, paid.screening):
                    # no turn runs now (checked above), so the next one to run, while turns_done stays
                    # at this count, is this paid message's answer: no barge-in over it, from now on
                    self._paid_mark = self.agent.turns_done
                    waiting_pickup = True
                else:
                    log.warning("the agent refused paid message %s", paid.source.id)
                continue
            item = self.triage.next_item(self._clock())
            if item is None:
                continue
            event = item_event(item)
            if self._on_item is not None:
                self._on_item(item)
            # triage's screening is of the event's own text: a blanked (moderated) text is screened anew
            screening = item.screening if event is not None and event_text(event) == item.text else None
            if event is None or not self._submit(event, screening):
                log.warning("the agent refused triage item %s (%s)", item.id, item.kind)
                continue
            waiting_pickup, self._paid_mark = True, None
