"""PersonaAgent: sequences one turn at a time, input event -> perceive -> decide -> compose -> express.

The stages are synchronous decisions (perceive, decide) and async streams (compose); expression is CPU work
run in a worker thread, so the event loop never blocks. Each sentence of a reply is one utterance, except
that the opening sentence may be voiced as a short lead phrase and the rest, two utterances, for a voice
that needs it (``Expresser.utterances``: piper, so the first audio waits for a few words only). Each
utterance: ``speech_act`` as soon as it is composed, then ``utterance_started``, ``voice`` chunks paced in
real time (``lead_ms`` ahead of playback) each with the ``animation`` of its window, and
``utterance_finished``. While one utterance is spoken, the next is composed and synthesized.

Input is a bounded queue (``submit`` returns False when full: the caller reports it). Control events
bypass it: ``interrupt`` cancels the current turn at once and reports ``utterance_cancelled`` with the
words spoken so far; ``pause``/``resume`` stop and restart taking turns; ``say`` speaks operator text next.
``finish_sentence`` (a large superchat barging in) ends the current turn at the end of the sentence being
spoken instead: the rest of the reply is dropped. A superchat's answer opens with its read-out
(``agent.paid.read_out``: who sent how much, and the message). Session 24 (brief D, L1): an answer whose cited
sentence has been spoken says no further sentence while a question waits (``rest_unsaid``; the span's sentence
is kept): the next asker is not kept waiting for a follow-up fact (``AgentConfig.brief_when_asked``).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import re
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agent.bus import OutputBus
from agent.events import (
    Animation,
    Behavior,
    Control,
    Error,
    GestureCue,
    InputEvent,
    ServerEventModel,
    SpeechAct,
    Superchat,
    UtteranceCancelled,
    Voice,
    new_id,
    said_act,
)
from agent.expression.timeline import timeline_events
from agent.expression.types import Timeline
from agent.grounding import Grounding, Lookup, grounded
from agent.memory import Memory
from agent.paid import read_out
from agent.screening import Screening, Viewers, screen_event
from agent.stages import Composer, Decider, Expresser, Perceiver, Percept, Plan, Sentence, TurnInput

if TYPE_CHECKING:
    from knowledge import Answer

log = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")


@dataclass(frozen=True)
class AgentConfig:
    queue_size: int = 64
    lead_ms: int = 250  # voice and animation leave this far ahead of their playback time
    idle_tick_s: float | None = 6.0  # consult the decider when no input came for this long (None: never)
    lookahead: int = 1  # sentences composed and synthesized ahead of the one being spoken
    # False: publish each utterance as soon as it is planned, unpaced (a `persona worker` commits a whole
    # turn to the Redis bus at once; renderers pace by t_ms). Interrupts then only cut what is not planned.
    realtime: bool = True
    # L1 (session 24, brief D): in an answer turn, once a cited sentence was spoken, a further sentence that
    # does not hold the answer's span is left unsaid if a question waits as it would start (``rest_unsaid``)
    brief_when_asked: bool = True


@dataclass(frozen=True)
class SpokenRecord:
    """What was actually spoken in reply to an input (for memory): all of it, or up to the interruption."""

    event: InputEvent | None
    utterance_id: str
    text: str
    interrupted: bool


@dataclass(frozen=True)
class TextReply:
    """One text turn's outcome (``PersonaAgent.respond``): what was understood, decided and said."""

    percept: Percept
    plan: Plan
    sentences: list[Sentence]

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def act(self) -> str | None:
        """What was said: the act the composer marked on its sentences (e.g. ``refuse`` under a planned
        ``answer``), else the plan's; None when nothing was said."""
        if not self.sentences:
            return None
        return next((s.act for s in self.sentences if s.act), self.plan.act)


SpokenHook = Callable[[SpokenRecord], None]
#: One planned utterance: its id, timeline, sentence part, and whether it ends its sentence.
_Planned = tuple[str, Timeline, Sentence, bool]
InputHook = Callable[[InputEvent, Percept], None]
#: A queue in front of the agent (triage's) reporting, at ``now``, how many questions wait in it and how long
#: the oldest of them has waited (seconds; 0.0 when none).
WaitingSource = Callable[[float], tuple[int, float]]


class PersonaAgent:
    def __init__(
        self,
        *,
        perceiver: Perceiver,
        decider: Decider,
        composer: Composer,
        expresser: Expresser,
        persona_name: str = "persona",
        config: AgentConfig | None = None,
        bus: OutputBus | None = None,
        session_id: str | None = None,
        grounding: Grounding | None = None,
        memory: Memory | None = None,
    ) -> None:
        self.perceiver = perceiver
        self.decider = decider
        self.composer = composer
        self.expresser = expresser
        self.grounding = grounding
        self.memory = memory  # the one viewer memory of the process's channels (None: none kept)
        self.persona_name = persona_name
        self.config = config or AgentConfig()
        self.bus = bus or OutputBus()
        self.session_id = session_id or new_id("s-")
        self._queue: asyncio.Queue[TurnInput] = asyncio.Queue(self.config.queue_size)
        self.viewers = Viewers()  # who is new, for inputs that come without triage's screening
        self._says: deque[Control] = deque(maxlen=16)
        self._wake = asyncio.Event()
        self._running = asyncio.Event()
        self._running.set()
        self._current: asyncio.Task[None] | None = None
        self._finish_sentence = False  # end the current turn at its next sentence end (finish_sentence)
        self._loop_task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the loop the agent runs on (set by start)
        self.spoken_hooks: list[SpokenHook] = []
        self.input_hooks: list[InputHook] = []
        self.state_hooks: list[Callable[[], None]] = []  # called when a turn starts or ends
        self.waiting_sources: list[WaitingSource] = []  # queues in front of the agent (triage) report theirs
        self._asked: deque[tuple[str, float]] = deque()  # (event id, arrival) of queued inputs that ask
        self.turns_done = 0

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> PersonaAgent:
        self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def warm_up(self) -> None:
        """Load models before the first viewer waits on them: one throwaway pass through every stage."""
        from agent.events import Comment, User

        probe = Comment(user=User(id="warm-up", name="warm-up"), text="Hello! Who won the big air?")
        percept = await asyncio.to_thread(self.perceiver.perceive, probe, time.time())
        if self.grounding is not None:
            await self.grounding.enrich(probe, percept)
        await asyncio.to_thread(self.expresser.plan, "Hello there, welcome!", percept.emotion, "greet")
        await asyncio.to_thread(self.composer.warm)

    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        if self._loop_task is None:
            self._loop_task = asyncio.create_task(self._run(), name="persona-agent")

    async def stop(self) -> None:
        """Cancel the current utterance (reported as cancelled) and the loop."""
        self.interrupt()
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
            self._loop_task = None

    # ------------------------------------------------------------------ input

    def note_chat(self, now: float | None = None, line: InputEvent | None = None) -> None:
        """Count one chat message toward the chat rate the decider sees (triage calls it for drops too).
        ``line``: the message itself, so a decider that keeps each viewer's latest line (``note_line``:
        the tree's, to tell a late answer; session 17) hears who wrote it and when."""
        at = time.time() if now is None else now
        self.decider.note_chat(at)
        note_line = getattr(self.decider, "note_line", None)
        user = getattr(line, "user", None) if line is not None else None
        if line is not None and note_line is not None and user is not None:
            note_line(user.id, line.id, at)

    def submit(self, event: InputEvent, *, counted: bool = False, screening: Screening | None = None) -> bool:
        """Queue an input event. Returns False when the queue is full (the caller reports ``busy``).

        ``counted``: the caller already reported it with ``note_chat``. ``screening``: triage's screening of
        it (moderation, question, newcomer); without one the input is screened here, once."""
        if not counted:
            self.note_chat(line=event)
        if self._queue.full():
            return False
        work = self._screened(event, screening)
        try:
            self._queue.put_nowait(work)
        except asyncio.QueueFull:
            return False
        if work.screening.question:
            self._asked.append((event.id, time.time()))
            prefetch = getattr(self.composer, "prefetch", None)
            if prefetch is not None and self.in_turn and self._queue.qsize() == 1:
                prefetch(event)  # the next turn's: its LLM prompt is read ahead while this one speaks
        self._wake.set()
        return True

    def questions_waiting(self, now: float) -> tuple[int, float]:
        """How many questions wait for a turn (in the agent's own queue and in ``waiting_sources``, not the
        one being answered) and how long the oldest has waited; what the decider's tree reads."""
        count = len(self._asked)
        oldest = now - self._asked[0][1] if self._asked else 0.0
        for source in self.waiting_sources:
            try:
                n, age = source(now)
            except Exception:
                log.exception("waiting source %r failed", source)
                continue
            count += max(0, n)
            oldest = max(oldest, age) if n > 0 else oldest
        return count, oldest

    def _screened(self, event: InputEvent, screening: Screening | None) -> TurnInput:
        """The turn's input value: the event with its screening (the caller's, e.g. triage's, else screened
        here, once); who is new comes from the agent's own viewer list when the caller did not track it."""
        if screening is None or screening.newcomer is None:
            own = screen_event(event, self.viewers)
            screening = own if screening is None else dataclasses.replace(screening, newcomer=own.newcomer)
        return TurnInput(event, screening)

    def control(self, event: Control) -> None:
        """Apply a control event now; it never waits behind the input queue."""
        if event.action == "interrupt":
            self.interrupt()
        elif event.action == "pause":
            self._running.clear()
        elif event.action == "resume":
            self._running.set()
        elif event.action == "say":
            self._says.append(event)
            self._wake.set()

    def interrupt(self) -> bool:
        """Cancel the current turn; returns whether something was cancelled."""
        if self._current is not None and not self._current.done():
            self._current.cancel()
            return True
        return False

    def finish_sentence(self) -> bool:
        """End the current turn at the end of the sentence being spoken (a large superchat barges in):
        that sentence is heard to its end, the reply's remaining sentences are dropped (each one already
        announced gets ``utterance_cancelled`` with nothing spoken) and the turn ends as usual. A turn that
        has not started speaking yet speaks its first sentence only. Returns whether a turn was running."""
        if self.in_turn:
            self._finish_sentence = True
            return True
        return False

    @property
    def in_turn(self) -> bool:
        """A turn is running: an input's, an operator ``say``'s or an idle tick's."""
        return self._current is not None and not self._current.done()

    @property
    def queue_depth(self) -> int:
        return self._queue.qsize()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    # ------------------------------------------------------------------ the loop

    async def _next(self) -> Control | TurnInput | None:
        """The next thing to do: an operator `say`, an input, or None for an idle tick."""
        timeout = self.config.idle_tick_s
        while True:
            if self._says:
                return self._says.popleft()
            if not self._queue.empty():
                work = self._queue.get_nowait()
                if self._asked and self._asked[0][0] == work.event.id:
                    self._asked.popleft()  # the queue is FIFO: questions leave it in the order they came
                return work
            self._wake.clear()
            try:
                if timeout is None:
                    await self._wake.wait()
                else:
                    async with asyncio.timeout(timeout):
                        await self._wake.wait()
            except TimeoutError:
                return None

    async def _run(self) -> None:
        while True:
            await self._running.wait()
            item = await self._next()
            await self._running.wait()
            self._finish_sentence = False
            self._current = asyncio.create_task(self._turn(item))
            self._state_changed()
            await asyncio.wait({self._current})
            task, self._current = self._current, None
            if not task.cancelled() and task.exception() is not None:
                exc = task.exception()
                log.error("turn failed", exc_info=exc)
                ref = (
                    (item.event.id if isinstance(item, TurnInput) else item.id) if item is not None else None
                )
                self._publish(Error(code="internal", message=f"the turn failed: {exc}", ref=ref))
            self.turns_done += 1
            self._state_changed()

    def respond_from_thread(
        self,
        event: InputEvent,
        *,
        decider: Decider | None = None,
        composer: Composer | None = None,
        answer: Answer | Lookup | None = None,
        timeout_s: float = 30.0,
    ) -> TextReply:
        """``respond`` for a caller on a worker thread (the chat bot's blocking ``reply``): the turn runs on
        the agent's own event loop and this thread waits for it. Never from the loop itself (await
        ``respond`` there): that raises at once rather than deadlocking or answering nothing."""
        loop = self._loop
        if loop is None or loop.is_closed():
            raise RuntimeError("the agent is not running: start() it on its event loop first")
        try:
            here: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            here = None
        if here is loop:
            raise RuntimeError("respond_from_thread on the agent's own event loop: await respond() instead")
        turn = self.respond(event, decider=decider, composer=composer, answer=answer)
        return asyncio.run_coroutine_threadsafe(turn, loop).result(timeout_s)

    # ------------------------------------------------------------------ one turn

    async def understand(self, work: TurnInput, now: float, answer: Answer | Lookup | None = None) -> Percept:
        """The first half of every turn, voiced or text: perception (reading the input's screening) with
        the speculative knowledge lookup beside it, then grounding; the input hooks (memory) see it.
        ``answer``: the knowledge answer the channel already got for this input (the chat bot, the
        reporter), carried on the percept instead of asking the knowledge base again; a ``Lookup``
        (``Grounding.look_up``) carries the shop's entry reply it read as well."""
        event, screening = work.event, work.screening
        ground = self.grounding if answer is None else None
        lookup = ground.start(event, screening) if ground is not None else None
        try:
            percept = await asyncio.to_thread(self.perceiver.perceive, event, now, screening)
            if answer is not None:
                percept = grounded(percept, answer)
            elif ground is not None:
                percept = await ground.enrich(event, percept, lookup)
        finally:
            if lookup is not None and not lookup.done():
                lookup.cancel()
        for hook in self.input_hooks:
            _call_safely(hook, event, percept)
        return percept

    async def respond(
        self,
        event: InputEvent,
        *,
        decider: Decider | None = None,
        composer: Composer | None = None,
        screening: Screening | None = None,
        answer: Answer | Lookup | None = None,
    ) -> TextReply:
        """One turn for a text channel (chat, the terminal): the same screening, perception, grounding and
        composer as a voiced turn, without voice, outside the voiced queue. ``decider``: the channel's
        profile (e.g. ``ConversationDecider``: every message answered); None: the agent's own tree.
        ``composer``: the profile's voice (the reporter's calm persona); None: the agent's own.
        ``answer``: the knowledge answer the channel already has for this input (asked once, carried)."""
        percept = await self.understand(self._screened(event, screening), time.time(), answer)
        plan = (decider or self.decider).decide(event, percept, time.time())
        sentences: list[Sentence] = []
        if plan.act is not None:
            sentences = [s async for s in (composer or self.composer).compose(plan, percept, event)]
            reply = TextReply(percept, plan, sentences)
            self._record(SpokenRecord(event, new_id("u-"), reply.text, interrupted=False))
        return TextReply(percept, plan, sentences)

    async def _turn(self, work: Control | TurnInput | None) -> None:
        turn_id = new_id("t-")
        now = time.time()
        event: InputEvent | None = None
        percept: Percept | None = None
        item = work.event if isinstance(work, TurnInput) else work
        if isinstance(work, Control):
            plan = Plan(
                branch="operator/say", reason="an operator asked the persona to say this", act="inform"
            )
        else:
            if work is not None:
                event = work.event
                percept = await self.understand(work, now)
            plan = self.decider.decide(event, percept, time.time())
            if event is None and plan.act is None:
                return  # an idle tick that chose to stay quiet is not news
        self._publish(Behavior(branch=plan.branch, reason=plan.reason, turn_id=turn_id))
        if plan.act is None:
            if plan.gesture_hint:  # a silent reaction: a gesture, no words
                cue = GestureCue(t_ms=0, name=plan.gesture_hint, duration_ms=1500)
                self._publish(Animation(gestures=[cue], turn_id=turn_id))
            return
        self.decider.spoke(time.time(), plan.act)
        queue: asyncio.Queue[_Planned | None] = asyncio.Queue(self.config.lookahead)
        announced: list[str] = []  # utterance ids whose speech_act went out
        producer = asyncio.create_task(self._produce(item, plan, percept, event, turn_id, queue, announced))
        spoken: set[str] = set()
        cited = False  # a sentence with citations was spoken whole (L1: what may follow it is optional)
        at_sentence_start = True
        short = _span(percept) if plan.act == "answer" and self.config.brief_when_asked else None
        try:
            while (entry := await queue.get()) is not None:
                utterance_id, timeline, part, ends_sentence = entry
                if (
                    cited
                    and at_sentence_start
                    and short is not None
                    and rest_unsaid(part.text, short, self.questions_waiting(time.time())[0])
                ):
                    return  # the fact was said and a question waits: the rest is left unsaid (as below)
                spoken.add(utterance_id)
                await self._speak(utterance_id, turn_id, timeline, event)
                cited = cited or bool(part.citations)
                at_sentence_start = ends_sentence
                if ends_sentence and self._finish_sentence:
                    return  # finish_sentence: the rest is dropped (the finally reports what was announced)
            await producer  # surfaces a producer failure
        finally:
            producer.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await producer
            for utterance_id in announced:
                if utterance_id not in spoken:  # composed but never started: cancelled with nothing spoken
                    self._publish(
                        UtteranceCancelled(utterance_id=utterance_id, spoken_text="", turn_id=turn_id)
                    )

    async def _produce(
        self,
        item: Control | InputEvent | None,
        plan: Plan,
        percept: Percept | None,
        event: InputEvent | None,
        turn_id: str,
        queue: asyncio.Queue[_Planned | None],
        announced: list[str],
    ) -> None:
        """Announce, plan and queue the turn's utterances, in order; ``None`` on the queue ends the turn.

        The turn's first sentence is split by ``Expresser.utterances(..., opening=True)`` (a lead phrase and
        the rest, for a voice that needs it; later sentences: ``opening=False``, whole). Each part is its own
        utterance: its own ``utterance_id`` and ``speech_act`` (the act said: the composer's mark on the
        sentence, else the plan's (``events.said_act``, session 28); the plan's emotion, addressee,
        ``in_reply_to`` and ``turn_id``), planned on its own, with that act (session 29: its default gesture
        and prosody are the said act's, not the plan's). The sentence's citations go with its first
        part only (the rest carries none): a renderer showing sources shows them once, as the sentence
        starts, and the parts' citations together are the sentence's.
        """
        in_reply_to = event.id if event is not None else (item.id if item is not None else None)
        opening = True
        async for sentence in self._sentences(item, plan, percept, event):
            parts = self.expresser.utterances(sentence.text, opening=opening) or [sentence.text]
            opening = False
            for index, text in enumerate(parts):
                part = Sentence(text, sentence.citations if index == 0 else (), sentence.act)
                utterance_id = new_id("u-")
                announced.append(utterance_id)
                act = said_act(part.act, plan.act)  # what is said (a comfort line under an "ask")
                self._publish(
                    SpeechAct(
                        act=act,
                        text=part.text,
                        emotion=plan.emotion,
                        addressee=plan.addressee,
                        in_reply_to=in_reply_to,
                        citations=list(part.citations),
                        utterance_id=utterance_id,
                        turn_id=turn_id,
                    )
                )
                # animated and voiced as what it says (s29): a comfort line is not a question's gesture
                timeline = await asyncio.to_thread(self.expresser.plan, part.text, plan.emotion, act)
                await queue.put((utterance_id, timeline, part, index == len(parts) - 1))
        await queue.put(None)

    async def _sentences(
        self, item: Control | InputEvent | None, plan: Plan, percept: Percept | None, event: InputEvent | None
    ) -> Any:
        if isinstance(item, Control):
            for text in _SENTENCE_END.split((item.text or "").strip()):
                if text:
                    yield Sentence(text=text)
            return
        if percept is None:
            percept = Percept(text="", intent="none")
        if isinstance(event, Superchat):  # a paid message is read aloud before it is answered
            yield Sentence(text=read_out(event))
        async for sentence in self.composer.compose(plan, percept, event):
            yield sentence

    async def _speak(self, utterance_id: str, turn_id: str, tl: Timeline, event: InputEvent | None) -> None:
        """Play one utterance in real time. Cancelled: reports ``utterance_cancelled`` and re-raises."""
        loop = asyncio.get_running_loop()
        start = loop.time()
        lead = self.config.lead_ms / 1000
        started, *body, finished = timeline_events(tl, utterance_id, turn_id)
        self._publish(started)
        try:
            for out in body:  # voice chunks, each followed by the animation of its window
                if isinstance(out, Voice) and self.config.realtime:
                    delay = start + out.t_ms / 1000 - lead - loop.time()
                    if delay > 0:
                        await asyncio.sleep(delay)
                self._publish(out)
            remaining = start + tl.duration_ms / 1000 - loop.time()
            if remaining > 0 and self.config.realtime:
                await asyncio.sleep(remaining)
        except asyncio.CancelledError:
            elapsed_ms = (loop.time() - start) * 1000
            spoken = tl.spoken_text(elapsed_ms)
            self._publish(UtteranceCancelled(utterance_id=utterance_id, spoken_text=spoken, turn_id=turn_id))
            self._record(SpokenRecord(event, utterance_id, spoken, interrupted=True))
            raise
        self._publish(finished)
        self._record(SpokenRecord(event, utterance_id, tl.text, interrupted=False))

    # ------------------------------------------------------------------ output

    def _publish(self, event: ServerEventModel) -> None:
        self.bus.publish(event.model_copy(update={"session_id": self.session_id}))

    def _state_changed(self) -> None:
        for hook in self.state_hooks:
            _call_safely(hook)

    def _record(self, record: SpokenRecord) -> None:
        for hook in self.spoken_hooks:
            _call_safely(hook, record)


def _span(percept: Percept | None) -> str | None:
    """The answer's span (``Answer.short``, "" when it has none) for L1; None when the turn has no answer."""
    answer = percept.answer if percept is not None else None
    if answer is None or getattr(answer, "abstained", True):
        return None
    return str(getattr(answer, "short", "") or "")


def rest_unsaid(sentence: str, short: str, waiting: int) -> bool:
    """L1 (session 24, brief D; docs/dialogue.md): a sentence of an answer, after one with citations was
    spoken, is left unsaid when a question waits (``waiting`` > 0) and it does not hold the answer's span
    ``short`` (a span said in a later sentence keeps that sentence). Pure."""
    if waiting <= 0:
        return False
    return not (short.strip() and short.strip().lower() in sentence.lower())


def _call_safely(hook: Callable[..., None], *args: Any) -> None:
    """Hooks (memory, logs) must never break a turn: their failures are logged."""
    try:
        hook(*args)
    except Exception:
        log.exception("hook %r failed", hook)
