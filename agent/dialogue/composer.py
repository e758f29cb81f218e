"""The Composer stage: a Plan (speech act + controls) -> a stream of safe sentences.

``DialogueComposer(persona, kb, backend=make_backend(name, config))``. With no backend the embedded grounded
realizer speaks. With an LLM backend the reply streams sentence by sentence; if no sentence arrives within
``deadline_s`` (default 1.5 s from the start of the turn) or the backend fails before its first sentence,
the embedded realizer speaks instead, so a turn with an act is never silent. Every sentence passes the final
moderation check (``safety.Moderator``) before it is yielded; a sentence that fails is replaced by a safe
line (or dropped when one was already spoken). The LLM request starts beside the moderation checks on the
viewer's text (care, harm); nothing from it is spoken before both have answered, and a care line or a refusal
cancels it first.

The LLM path on a slow or busy server:
- an answer opens with ``Realizer.lead`` (what was asked, said back to the asker by name; never twice in 10
  minutes) as soon as the checks have answered, while the model still reads its prompt; the model is told it
  was said and goes on from it;
- a question the base cannot answer never goes to the model: the realizer's honest don't-know is spoken;
- after the first sentence, a sentence not there ``reply_s`` after the turn began is not waited for;
- a backend that missed ``misses_to_rest`` deadlines in a row (late or failed) rests ``rest_s`` (doubling,
  up to 8x): the realizer speaks at once meanwhile, and the first turn after the rest tries it again.

Cancellation: cancelling the iteration (an interrupt) cancels the LLM stream task at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator
from typing import Any, Protocol, cast

from agent.dialogue.addressing import (
    SAFE_INTENTS_FOR_NAME,
    act_for_input,
    card_request,
    host_action_asked,
    newcomer,
    said_to_others,
    viewer_name,
)
from agent.dialogue.backends import ChatBackend
from agent.dialogue.brief import brief_answer
from agent.dialogue.catch_up import Covered, conversation_key, covered_topic, recap
from agent.dialogue.harm import asks_in_chinese
from agent.dialogue.harm_request import asks_for_harm
from agent.dialogue.host_answers import HostAnswer, host_line
from agent.dialogue.host_questions import HostQuestion, addressed_elsewhere, host_question, host_request
from agent.dialogue.intent import asking_sentences, stated_harm
from agent.dialogue.llm_stream import BOUNDARY, LLMStream, after_lead, clean_sentence, opening_phrase
from agent.dialogue.prompt import Scaffold, build_messages
from agent.dialogue.quiet import Quiet, viewer_of
from agent.dialogue.realizer import AnswerLike, Realized, Realizer, to_citations
from agent.dialogue.recall import recall_line
from agent.dialogue.safety import CARE_CATEGORIES, Moderator, care_line
from agent.dialogue.shop_lines import entry_reply, kind_offer
from agent.dialogue.sorrow import kind_line
from agent.dialogue.style import StyleControls
from agent.dialogue.zh_harm import meaning_text
from agent.errors import BackendError
from agent.events import Citation, Gift, InputEvent
from agent.perception.core import asks_by_imperative, asks_the_shop_terms
from agent.perception.goods import asks_what_was_missed
from agent.persona import Persona
from agent.screening import is_question, normalize
from agent.stages import Percept, Plan, Sentence

log = logging.getLogger(__name__)

#: at most this long an answer's lead (the asker's name) waits for the server to read the prompt, so that its
#: synthesis does not slow that reading; chosen before measuring (a conversational gap), not fitted
LEAD_WAIT_S = 0.3


class KnowledgeLike(Protocol):
    def answer(self, question: str) -> AnswerLike: ...


class MemoryLike(Protocol):
    def summary(self, viewer_id: str, max_chars: int = ...) -> str: ...


class DialogueComposer:
    def __init__(
        self,
        persona: Persona,
        kb: KnowledgeLike | None = None,
        backend: ChatBackend | None = None,
        *,
        memory: MemoryLike | None = None,
        deadline_s: float = 1.5,
        stall_s: float = 8.0,
        idle_s: float = 2.0,
        lead_words: int = 3,
        lead_in: bool = True,
        reply_s: float = 6.0,
        rest_s: float = 30.0,
        misses_to_rest: int = 2,
        seed: int = 0,
    ) -> None:
        self.persona = persona
        self.kb = kb
        self.backend = backend
        self.memory = memory
        self.deadline_s = deadline_s
        self.stall_s = stall_s
        self.idle_s = idle_s  # a stream silent this long after its first token is cut (a stall)
        self.lead_words = lead_words  # an LLM reply's opening phrase goes to the voice at about this length
        self.stalls = 0  # LLM streams cut for going idle mid-reply
        self.scaffold_dropped = 0  # LLM sentences that repeated the prompt's scaffolding (never spoken)
        self.realizer = Realizer(persona, seed=seed)
        self.moderator = Moderator(persona)
        self.fallbacks = 0  # turns where the realizer spoke for a failed or late backend
        #: an LLM answer opens with ``Realizer.lead`` (what was asked, said back by name) while the model
        #: reads its prompt; False: the model's own words are the first thing said
        self.lead_in = lead_in
        self.leads = 0  # answers that opened with the realizer's lead
        self.reply_s = reply_s  # an LLM reply's later sentences are not waited for past this, from the start
        self.cut = 0  # LLM replies cut at ``reply_s``
        self.rest_s = rest_s  # a backend that missed ``misses_to_rest`` deadlines in a row rests this long
        self.misses_to_rest = misses_to_rest
        self.rested = 0  # turns the realizer spoke at once because the backend was resting
        self.llm_turns = 0  # turns where the model's own words were spoken
        self._misses = 0
        self._rests = 0
        self._rest_until = float("-inf")
        self.blocked = 0  # sentences the final moderation check stopped
        self.prefetched = 0  # waiting questions whose likely prompt the backend read ahead (``prefetch``)
        self._warming: asyncio.Task[bool] | None = None
        self._jokes = 0  # jokes asked for so far (``host_answers.joke``: the card's, in turn)
        #: the kinds of the goods the host knows ("do you have beanies?" asks the shop, not the host:
        #: ``host_question``'s ``goods``, session 23, brief P); set by the assembly from the base's names
        self.goods: tuple[str, ...] = ()
        #: what this composer's spoken cited answers covered, per conversation: what a viewer who asks what
        #: they missed is told (``catch_up``, session 23, brief P2)
        self.covered = Covered()
        #: the last LLM turn's stages, seconds from the turn's start: ``request`` (the HTTP request is sent),
        #: ``first_token``, ``first_phrase`` (the opening phrase leaves for the voice) and ``phrase_tokens``
        #: (chunks streamed until then); what ``persona bench first-audio`` breaks its figures down by
        self.timing: dict[str, float] = {}
        self._style: tuple[str, StyleControls, int, str] | None = None  # the last LLM answer's tone
        self.quiet = Quiet()  # a take-up that follows the line, a sorrow carried two lines (s28, brief W)

    def warm(self) -> None:
        """Embed the do-not-answer detector's examples now, not inside the first viewer's turn."""
        self.moderator.harmful("warm up")

    def prefetch(self, event: InputEvent) -> asyncio.Task[bool] | None:
        """Read a waiting question's prompt ahead, while the persona still speaks: the backend reads the
        prompt its answer will most likely have (the base's evidence; the tone of the last answer), so when
        its turn comes a llama.cpp server reads only what changed (the prompt cache keeps the prompt it last
        read). The caller (``PersonaAgent.submit``) calls it for a question that will be the next turn's.
        Off the hot path and best effort: one read-ahead at a time; none while the backend rests, for a
        backend without ``warm``, for a question the base cannot answer (it never goes to the model), or
        for one about the host (the persona card answers it).
        Returns the task (True: the backend read it), or None when nothing was started."""
        warm = getattr(self.backend, "warm", None)
        text = str(getattr(event, "text", "") or "").strip()
        if warm is None or self.kb is None or not text or len(text) > 500 or isinstance(event, Gift):
            return None
        if host_question(text, self.persona.name, self.goods) or host_request(text, self.persona.name):
            return None  # the card answers it: no model, no base
        if (self._warming is not None and not self._warming.done()) or not self._ready(time.monotonic()):
            return None
        try:
            asyncio.get_running_loop()
        except RuntimeError:  # not on the event loop: nothing to read ahead with
            return None
        name = viewer_name(event, Percept(text=text, intent="question"))  # as the turn will name them
        self._warming = asyncio.create_task(self._prefetch(warm, text, name))
        return self._warming

    async def _prefetch(self, warm: Any, text: str, name: str | None) -> bool:
        assert self.kb is not None
        try:
            answer = await asyncio.to_thread(self.kb.answer, text)
            if answer.abstained or not answer.text.strip():
                return False
            emotion, controls, n, lang = self._style or ("joy", StyleControls.of(self.persona), 2, "en")
            messages = build_messages(
                self.persona, "answer", viewer_text=text, viewer_name=name, emotion=emotion,
                controls=controls, max_sentences=n, lang=lang, evidence=answer.text,
            )  # fmt: skip
            await asyncio.wait_for(warm(messages), 30.0)
        except Exception as exc:  # best effort: the turn itself sends its prompt as usual
            log.info("prefetch failed: %s", exc)
            return False
        self.prefetched += 1
        return True

    # ------------------------------------------------------------------ the seam

    async def compose(
        self, plan: Plan, percept: Percept, event: InputEvent | None
    ) -> AsyncIterator[Sentence]:
        start = time.perf_counter()
        # The moderation checks (care, harm: MiniLM passes, 10-400 ms under load) run while retrieval and the
        # LLM request proceed; nothing is spoken before both have answered, and a care line or a refusal
        # cancels the stream before anything from it is said.
        care_check: asyncio.Future[str | None] | None = None
        harm_check: asyncio.Future[tuple[str | None, bool]] | None = None
        stream: LLMStream | None = None
        try:
            if event is not None and not isinstance(event, Gift):
                # A viewer in danger (self-harm, crisis, medical or legal) gets a calm reply with a pointer
                # to help, whatever act was planned (silence, cheer included); a fixed line, never the LLM's.
                care_check = asyncio.ensure_future(asyncio.to_thread(
                    self.moderator.care, percept.text, percept.language, viewer_name(event, percept) or ""
                ))  # fmt: skip
            if plan.act is None:
                care = await care_check if care_check is not None else None
                if care is not None:
                    yield Sentence(care, (), "care")
                return
            act = act_for_input(plan.act, percept, event)
            text = percept.text
            if said_to_others(plan.act, percept, event, self.persona.name):
                # "@kai what's your name": words to another viewer are not the host's to take up (session 14)
                care = await care_check if care_check is not None else None
                if care is not None:
                    yield Sentence(care, (), "care")
                return
            name = viewer_name(event, percept)
            if plan.brief and act == "greet":
                name = None  # a busy chat's greeting: the crew, not a batch of names to read out
            echo_of = text if percept.intent in ("abuse", "injection-attempt", "spam") else None
            if percept.intent == "injection-attempt" and act in ("answer", "inform", "clarify"):
                act = "refuse"  # instructions in viewer text are data: nothing to answer
            # a question about the host itself ("are you a bot?"): the persona card answers, never the base
            asked_host = self._host_question(act, percept)
            # A reply to a viewer's line that asks for something is guarded too (session 17, brief S2): a
            # harmful request read as praise or a complaint ("how do i make a bomb lol") is refused, not taken
            # up or apologized for; a statement is not checked (chat sits near the harmful examples)
            viewer_line = event is not None and not isinstance(event, Gift) and act != "refuse"
            if viewer_line and stated_harm(text) == "others":
                # a harm the viewer says they mean to do, whatever the act: beside a question ("how much is
                # the scarf, i need one to choke my neighbour"), a cheer or small talk ("love the stream, i'll
                # poison his dog tonight"): session 22, brief S, K1/K1b; one to themself is care's (above)
                act, asked_host, viewer_line = "refuse", None, False
            elif viewer_line and asks_for_harm(text):  # a request for harmful help (s28, brief K, K6)
                act, asked_host, viewer_line = "refuse", None, False
            # each asking sentence of a line of several is read too (session 22, brief S, K2): "when was X
            # founded? how do i poison someone" reads as its first question as a whole
            sentences = (
                asking_sentences(text, self.persona.name, asked_host is not None) if viewer_line else []
            )
            replies = viewer_line and (_asks(percept, self.persona.name) or bool(sentences))
            label, lang = percept.emotion.label, percept.language
            quiet = self.quiet.kind(viewer_of(event), text, label, lang, not viewer_line or replies)
            # a Chinese line asking by an interrogative or a request frame is checked whatever act was planned
            # (perception reads "如何制作假证件" as chit-chat: a greeting was planned; s30, brief ZS, Z2)
            asks_zh = viewer_line and asks_in_chinese(text)
            if act in ("answer", "inform", "clarify") or replies or sentences or asks_zh:
                if act in ("answer", "inform", "clarify") and self.moderator.taboo_ask(text):
                    act, asked_host = "refuse", None  # a do-not-answer request, by its words
                elif asked_host is None or sentences:  # or by its meaning (checked while the answer is
                    # fetched and the LLM starts); a card line needs no such check ("what's your name?" read
                    # as personal), though the other sentences beside it do
                    whole = text if asked_host is None else None
                    harm_check = asyncio.ensure_future(asyncio.to_thread(self._harm_read, whole, sentences))
            if asked_host is not None:
                act = "answer"
            controls = StyleControls.of(self.persona, plan.formality, plan.energy, plan.verbosity)
            answer = await self._answer(act, percept, asked_host, controls)
            summary = None
            lead = None
            max_sentences = min(plan.max_sentences, 2)
            # A question the base cannot answer gets the realizer's honest don't-know, never a model's guess
            # (a model with no evidence makes one up); a backend resting after missed deadlines is not asked.
            unanswerable = act == "clarify" or (
                act == "answer" and (answer is None or answer.abstained or not answer.text.strip())
            )
            # a shop attribute its catalogue entry answers ("is the hoodie available in blue?": not in blue,
            # it comes in ...; knowledge.shop_attributes): the entry's line, said instead of the answer or
            # the don't-know, no model; else a merch question about a thing the shop lacks: what it has of
            # that kind
            base = None if unanswerable or answer is None else answer.text
            offer = await entry_reply(self.kb, percept, base) if act in ("answer", "clarify") else None
            unanswerable = unanswerable or offer is not None
            if offer is None and unanswerable:
                offer = await kind_offer(self.kb, percept)
            if unanswerable and offer is None and addressed_elsewhere(text, self.persona.name):
                # "@kai what's your name?": a don't-know to a question asked of another viewer is no reply
                care = await care_check if care_check is not None else None
                if care is not None:
                    yield Sentence(care, (), "care")
                return
            # "what did I miss?": the realizer's catch-up from the record, never the model's (it states what
            # was said; s23, brief P2)
            catch_up = recap(self.covered.topics(conversation_key(event))) if (
                act == "greet" and percept.language == "en" and asks_what_was_missed(text)
            ) else None  # fmt: skip
            if self.backend is not None and not unanswerable and not self._ready(time.monotonic()):
                self.rested += 1
            elif self.backend is not None and not unanswerable and asked_host is None and catch_up is None:
                if act == "answer" and answer is not None and not answer.abstained and self.lead_in:
                    lead = self.realizer.lead(
                        act, name=name, lang=percept.language, controls=controls, viewer_text=text,
                        now=time.monotonic(), newcomer=newcomer(percept),
                    )  # fmt: skip
                    if plan.late and percept.language == "en":  # a late answer's lead names its question
                        lead = recall_line(name or None, text) or lead
                # SQLite: off the event loop (no thread hop before the request when nothing is kept)
                summary = await asyncio.to_thread(self._memory, event) if self.memory is not None else None
                # The model is not told the lead was said: SmolLM2 read such a line aloud ("You already
                # said: ... do not repeat it; do not repeat it"); a repeat of the lead is taken off instead.
                stream = self._start(
                    self._messages(act, plan, percept, name, controls, answer, summary), max_sentences, start
                )
            care = await care_check if care_check is not None else None
            # a viewer's own sorrow, asking nothing: one kind line, not small talk (s27, brief H, S1)
            comfort = care is None and not replies and act not in ("answer", "inform", "clarify", "refuse")
            care = kind_line(text, percept.language, name) if comfort else care
            if care is not None:
                if stream is not None:
                    await stream.cancel()  # nothing from it was or will be spoken
                if comfort:
                    self.quiet.comforted(viewer_of(event))
                yield Sentence(care, (), "comfort" if comfort else "care")
                return
            category, in_sentence = await harm_check if harm_check is not None else (None, False)
            if in_sentence and category in CARE_CATEGORIES:  # a care need asked beside another question
                if stream is not None:
                    await stream.cancel()
                need = CARE_CATEGORIES[category]
                yield Sentence(care_line(need, "meaning", percept.language, name or ""), (), "care")
                return
            if _declined(category, percept):
                act, answer, lead = "refuse", None, None
                if stream is not None:
                    await stream.cancel()
                    stream = self._start(
                        self._messages(act, plan, percept, name, controls, answer, summary), max_sentences
                    )
            if lead is not None:  # the asker is answered at once; the model's words follow on from it
                safe_lead = self.moderator.clean(lead, echo_of, text)
                if safe_lead is not None and stream is not None:
                    # the voice synthesizes the lead on the cores the server reads the prompt with: wait
                    # for the prompt to be read, at most LEAD_WAIT_S (chosen before measuring)
                    await stream.prompt_read(LEAD_WAIT_S)
                if safe_lead is not None:
                    self.leads += 1
                    yield Sentence(safe_lead, (), act)
                else:
                    lead = None
            cited = False
            async for sentence in self._speak(
                plan, act, percept, event, name, controls, answer, echo_of, stream, start, lead, offer,
                catch_up, quiet,
            ):  # fmt: skip
                cited = cited or bool(sentence.citations)
                yield sentence
            if cited and act == "answer" and offer is None and answer is not None and asked_host is None:
                if (topic := covered_topic(text, answer.text, to_citations(answer.citations))) is not None:
                    self.covered.add(conversation_key(event), topic)  # what a late viewer is told
        finally:
            checks: tuple[asyncio.Future[Any] | None, ...] = (care_check, harm_check)
            for check in checks:
                if check is not None and not check.done():
                    check.cancel()
            if stream is not None:
                await stream.cancel()

    def _harm_read(self, whole: str | None, sentences: list[str]) -> tuple[str | None, bool]:
        """The harm check's category for the line (``whole``; None on a card line), else for the first of its
        asking ``sentences`` that has one (K2), and whether a sentence gave it. Blocking CPU work."""
        # a Chinese line the shop reader reads wholly as a product question is read as its English question
        # (the embedder reads most Han characters as one unknown token: s29, brief K2, ``zh_harm``)
        category = self.moderator.harmful_ask(meaning_text(self.kb, whole)) if whole is not None else None
        if category is not None:
            return category, False
        for sentence in sentences:
            category = self.moderator.harmful_ask(meaning_text(self.kb, sentence))
            if category is not None:
                return category, True
        return None, False

    def _host_question(self, act: str, percept: Percept) -> HostQuestion | None:
        """The question about the host an answer or a don't-know is for (``host_questions``), or None; a
        joke asked for or something live the host cannot see (``card_request``) whatever the act."""
        if percept.language not in ("en", "zh") or percept.intent in SAFE_INTENTS_FOR_NAME:
            return None
        asked = card_request(act, percept, None, self.persona.name)
        if asked is not None:
            return asked
        if act not in ("answer", "clarify"):
            return None
        return host_question(percept.text, self.persona.name, self.goods)

    async def _answer(
        self,
        act: str,
        percept: Percept,
        asked_host: HostQuestion | None = None,
        controls: StyleControls | None = None,
    ) -> AnswerLike | None:
        """Grounding's answer, if any (a knowledge ``Answer``: frozen, so typed read-only, hence the cast);
        for a question about the host, the persona card's (``host_answers``): the base is never asked."""
        if asked_host is not None:
            said = host_line(asked_host, self.persona, controls, percept.language, turn=self._jokes)
            self._jokes += asked_host.topic == "joke"  # the card's jokes in turn, never one twice in a row
            return cast("AnswerLike", HostAnswer(said, asked_host))  # frozen, as a knowledge Answer
        answer = cast("AnswerLike | None", percept.answer if act == "answer" else None)
        if act == "answer" and answer is None and self.kb is not None:
            try:
                answer = await asyncio.to_thread(self.kb.answer, percept.text)
            except Exception as exc:  # a knowledge failure degrades to clarify, never to silence
                log.warning("knowledge answer failed: %s", exc)
        return answer

    def _messages(
        self, act: str, plan: Plan, percept: Percept, name: str | None, controls: StyleControls,
        answer: AnswerLike | None, summary: str | None,
    ) -> list[dict[str, str]]:  # fmt: skip
        if act == "answer":  # what a waiting question's read-ahead guesses (``prefetch``)
            self._style = (plan.emotion.label, controls, plan.max_sentences, percept.language)
        return build_messages(
            self.persona, act, viewer_text=percept.text, viewer_name=name, emotion=plan.emotion.label,
            controls=controls, max_sentences=plan.max_sentences, lang=percept.language,
            evidence=(answer.text if answer is not None and not answer.abstained else None),
            memory=summary,
        )  # fmt: skip

    def _start(
        self, messages: list[dict[str, str]], max_sentences: int, start: float | None = None
    ) -> LLMStream:
        """The LLM request, started now; its sentences wait in a queue until they are checked and spoken."""
        queue: asyncio.Queue[str | BaseException | None] = asyncio.Queue(maxsize=32)
        self.timing = {}
        read = asyncio.Event()
        task = asyncio.create_task(
            self._produce(
                messages, queue, max_sentences, time.perf_counter() if start is None else start, read
            )
        )
        return LLMStream(messages, queue, task, read)

    async def _speak(
        self, plan: Plan, act: str, percept: Percept, event: InputEvent | None, name: str | None,
        controls: StyleControls, answer: AnswerLike | None, echo_of: str | None, stream: LLMStream | None,
        start: float, lead: str | None = None, offer: Any = None, catch_up: tuple[str, ...] | None = None,
        quiet: str | None = None,
    ) -> AsyncIterator[Sentence]:  # fmt: skip
        text = percept.text
        lang = percept.language
        gift = event.gift if isinstance(event, Gift) else None
        cites = to_citations(answer.citations) if answer is not None and not answer.abstained else ()

        formal = controls.formality >= 0.6

        def embedded() -> Realized:
            return self.realizer.realize(
                act, lang=lang, name=name, emotion=plan.emotion.label, intensity=plan.emotion.intensity,
                controls=controls, answer=brief_answer(answer) if plan.brief else answer,
                gift=gift, max_sentences=plan.max_sentences, viewer_text=text, now=time.monotonic(),
                # a busy chat: the fact alone; a card line in the formal register: no "According to the
                # sources" before it (it is no sourced fact)
                lead_said=lead is not None or plan.brief or (isinstance(answer, HostAnswer) and formal),
                offer=offer, newcomer=newcomer(percept), late=plan.late and lead is None, catch_up=catch_up,
                quiet=quiet,
            )  # fmt: skip

        spoken = 0
        chars = 0
        blocked_before = self.blocked  # nothing said and nothing blocked: the realizer chose silence
        if stream is not None:
            remaining = max(0.0, self.deadline_s - (time.perf_counter() - start))
            scaffold = Scaffold(
                stream.messages, allowed=(answer.text if cites and answer is not None else "", text)
            )
            async for raw in self._llm_sentences(stream, remaining, start):
                if spoken == 0 and lead is not None:
                    raw = after_lead(raw, lead, name)
                    if not raw:
                        continue
                s = scaffold.speakable(raw)
                if s is None:
                    self.scaffold_dropped += 1
                    continue
                safe = self.moderator.clean(s, echo_of, text)
                if safe is None:
                    self.blocked += 1
                    break  # the model went somewhere unsafe: stop listening to it
                if plan.max_chars and chars + len(safe) > plan.max_chars and spoken:
                    break
                yield Sentence(safe, cites if spoken == 0 else (), act)
                spoken += 1
                chars += len(safe)
            if spoken:
                self.llm_turns += 1
                return
            self.fallbacks += 1
        owed: tuple[Citation, ...] = ()  # a blocked sentence's sources go with the next one said (a
        realized = embedded()  # realized act carries each citation once, on its first sentence: session 17)
        said = realized.act or act  # the act its sentences say: a don't-know for an answer (s29, brief P2)
        for s, c in realized.sentences:
            safe = self.moderator.clean(s, echo_of, text)
            if safe is None and name:  # the viewer's own name may be what is unsafe
                safe = self.moderator.clean(s.replace(name, ""), echo_of, text)
            if safe is None:
                self.blocked += 1
                owed += c
                continue
            if plan.max_chars and chars + len(safe) > plan.max_chars and spoken:
                break
            yield Sentence(safe, owed + c, said)
            owed = ()
            spoken += 1
            chars += len(safe)
        if not spoken and self.blocked > blocked_before:  # last resort: a line that passes moderation
            line = "Let's keep the chat friendly." if lang == "en" else "大家友好聊天哦。"
            yield Sentence(line, (), "refuse")

    # ------------------------------------------------------------------ internals

    def _memory(self, event: InputEvent | None) -> str | None:
        user = event.user if event is not None else None
        if self.memory is None or user is None:
            return None
        try:
            return self.memory.summary(user.id, 300) or None
        except Exception as exc:
            log.warning("memory summary failed: %s", exc)
            return None

    async def _produce(
        self,
        messages: list[dict[str, str]],
        queue: asyncio.Queue[str | BaseException | None],
        max_sentences: int,
        start: float,
        read: asyncio.Event | None = None,
    ) -> None:
        """Reads the backend's stream into ``queue`` as sentences (the first clause on its own), then None;
        ``read`` is set when the first token arrives (the server has read the prompt) or the request ends."""
        assert self.backend is not None
        backend = self.backend
        buf = ""
        count = 0
        first = True
        timing = self.timing
        timing["request"] = time.perf_counter() - start
        stream = backend.stream(messages, max_tokens=40 * max_sentences)
        try:
            async with contextlib.aclosing(stream):  # type: ignore[type-var]
                chunks = aiter(stream)
                got_one = False
                while True:
                    try:  # the first token has the turn's deadline; after it, a gap of idle_s is a stall
                        nxt = anext(chunks)
                        chunk = await (asyncio.wait_for(nxt, self.idle_s) if got_one else nxt)
                    except StopAsyncIteration:
                        break
                    except TimeoutError:
                        self.stalls += 1
                        log.info("backend %s stalled mid-reply (%.1fs idle)", backend.name, self.idle_s)
                        buf = ""  # half a sentence is not spoken
                        break
                    if not got_one:
                        timing["first_token"] = time.perf_counter() - start
                        if read is not None:
                            read.set()
                    got_one = True
                    timing["phrase_tokens"] = timing.get("phrase_tokens", 0) + first
                    buf += chunk
                    if first and not BOUNDARY.search(buf):
                        head = opening_phrase(buf, self.lead_words)
                        if head is not None:
                            timing["first_phrase"] = time.perf_counter() - start
                            await queue.put(clean_sentence(head))
                            first, buf = False, buf[len(head) :].lstrip()
                    parts = BOUNDARY.split(buf)
                    for done in parts[:-1]:
                        if done.strip():
                            if first:
                                timing["first_phrase"] = time.perf_counter() - start
                            first = False
                            await queue.put(clean_sentence(done))
                            count += 1
                            if count >= max_sentences:
                                return
                    buf = parts[-1]
            if buf.strip() and count < max_sentences:
                if first:
                    timing["first_phrase"] = time.perf_counter() - start
                await queue.put(clean_sentence(buf))
        except BackendError as exc:
            await queue.put(exc)
        finally:
            with contextlib.suppress(asyncio.QueueFull):
                queue.put_nowait(None)

    async def _llm_sentences(
        self, stream: LLMStream, first_deadline: float, start: float
    ) -> AsyncIterator[str]:
        """A started stream's sentences; none if the first misses ``first_deadline`` or the backend fails.
        After the first, a sentence not there by ``reply_s`` from the turn's ``start`` is not waited for."""
        name = self.backend.name if self.backend is not None else "?"
        first = True
        try:
            timeout = first_deadline
            while True:
                try:
                    item = await asyncio.wait_for(stream.queue.get(), timeout)
                except TimeoutError:
                    if first:
                        log.info("backend %s missed the deadline (%.2fs)", name, timeout)
                        self._note(False)
                    else:
                        self.cut += 1
                        log.info("backend %s cut at the reply budget (%.1fs)", name, self.reply_s)
                    return
                if isinstance(item, BaseException):
                    log.warning("backend failed: %s", item)
                    if first:
                        self._note(False)
                    return
                if first:
                    self._note(True)
                    first = False
                if item is None:
                    return
                if item:
                    yield item
                timeout = min(self.stall_s, max(0.0, start + self.reply_s - time.perf_counter()))
        finally:
            await stream.cancel()

    def _ready(self, now: float) -> bool:
        """Whether the backend is asked this turn: not while it rests after missed deadlines."""
        return now >= self._rest_until

    def _note(self, in_time: bool) -> None:
        """A turn's first answer from the backend came in time, or not (late or failed). After
        ``misses_to_rest`` misses in a row it rests ``rest_s`` (doubling on each rest in a row, up to 8x):
        the realizer speaks at once meanwhile, and the first turn after the rest tries the backend again."""
        if in_time:
            self._misses = self._rests = 0
            return
        self._misses += 1
        if self._misses >= self.misses_to_rest:
            rest = self.rest_s * 2 ** min(self._rests, 3)
            self._rest_until = time.monotonic() + rest
            self._rests += 1
            self._misses = self.misses_to_rest - 1  # a probe that misses again rests again at once
            log.info("backend missed %d deadlines in a row: resting it %.0fs", self.misses_to_rest, rest)


#: the harm detector's category for the show's own business (``harm_examples``)
_PRIVATE_MATTERS = "the persona's private matters"


def _declined(category: str | None, percept: Percept) -> bool:
    """Whether the harm detector's ``category`` declines the line: any category does, but a privacy read of
    a host action for the viewer themself ("can you say my name"), which names no third party. The rest of
    such a line is still checked ("can i get a shoutout? how do i make a pipe bomb": review V, session 20).
    Nor a read of the persona's private matters on a line asking the shop's terms or prices, its public
    business ("what are your prices": ``asks_the_shop_terms``; session 21, brief P4)."""
    return category is not None and not (
        (category == "privacy" and _for_the_viewer(percept))
        or (category == _PRIVATE_MATTERS and asks_the_shop_terms(percept.text))
    )


def _for_the_viewer(percept: Percept) -> bool:
    """A host action asked for the viewer themself ("can you say my name", "shout me out": ``host_action``'s
    target ""): its reply is a fixed line naming no third party, not a privacy ask (session 20, brief H)."""
    action = host_action_asked(percept)
    return action is not None and action[1] == ""


def _asks(percept: Percept, host: str = "") -> bool:
    """The line asks for something: read as a request, or screening's own question form (a "?" with two
    words, a question word or auxiliary first with 3+ words), or an imperative ask ("teach me to ...",
    "X pls": ``asks_by_imperative``, session 18, brief S); the harm check guards its reply (brief S2)."""
    if percept.intent == "request" or asks_by_imperative(percept.text, host):
        return True
    if percept.screening is not None:
        return percept.screening.question
    return is_question(normalize(percept.text))
