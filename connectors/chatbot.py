"""The social-media chat bot: one conversation per user, multi-turn memory, images, per-user rate limits.

``ChatBot.reply(message, now)`` takes a protocol-v1 ``message`` (a DM or a mention, possibly with image
attachments) and returns a ``ChatReply``. It is synchronous and blocking (the knowledge base embeds and
searches): async callers use ``await asyncio.to_thread(bot.reply, message, now)``; the HTTP webhook does.

- Conversations: one per user id, the last ``history_turns`` turns kept, at most ``max_conversations``
  (the least recently active forgotten first).
- Memory: the user's name when they say it ("my name is Ana", "call me Ana"), and the last question, so a
  follow-up ("and how much is it?", "what about tomorrow?") is asked again in the context of the previous
  one; a follow-up that still finds nothing is retried on its own.
- Images: attachments with ``data_b64`` are decoded and passed to ``kb.answer(question, image=...)`` (the
  knowledge base matches them by perceptual hash); text in the picture is read with Tesseract OCR and added
  to the question. URL attachments are not fetched (no network from here): the reply says so.
- Rate limits: a token bucket per user (``rate_per_min``, ``burst``); a limited message gets
  ``rate_limited=True`` and changes nothing in the conversation.
- Replies carry the knowledge answer's citations; when the knowledge base abstains, so does the bot.
- "what did I miss?" (perception's ``asks_what_was_missed``) is no knowledge question: with the turn, the
  catch-up of this conversation (a greeting turn); without, the catch-up line that claims nothing (s24, W4).
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
import shutil
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from agent.decide import FixedActDecider
from agent.dialogue.catch_up import catch_up_line
from agent.dialogue.host_questions import host_question
from agent.dialogue.recall import joined
from agent.events import Citation, Emotion, Message, SpeechAct, SpeechActName, said_act
from agent.grounding import Grounding, Lookup
from agent.memory import Memory
from agent.perception.goods import asks_what_was_missed
from connectors.reporter import KnowledgeSource, TextTurn, to_citation

log = logging.getLogger(__name__)

_NAME = re.compile(
    r"\b(?:my name is|my name's|call me|i am called|i'm called)\s+([A-Za-z][\w'-]{0,30})", re.I
)
_ASK_NAME = re.compile(
    r"\b(?:what(?:'s| is) my name|who am i|do you (?:know|remember) (?:me|my name))\b", re.I
)
_FOLLOW_UP = re.compile(
    r"^(?:and|also|so|what about|how about|and what about|what of)\b|\b(?:it|its|it's|that|this|they|them|"
    r"their|there|those|these|he|she|him|her)\b",
    re.I,
)
_WH = r"(?:when|where|how much|how many|how long|how old|what time|what|who|whom|which|why|how)"
_WH_AUX_VERB = re.compile(rf"^{_WH}\s+(?:does|do|did|will|would|can|could|should)\s+(.+?)\s+\w+$", re.I)
_WH_BE = re.compile(rf"^{_WH}\s+(?:is|are|was|were)\s+(.+)$", re.I)
_WH_VERB = re.compile(r"^(?:who|what)\s+\w+\s+(.+)$", re.I)
_WHAT_ABOUT = re.compile(r"^(?:and |so |also )?(?:what|how) about (.+?)[?.!]*$", re.I)
_PRONOUN = re.compile(r"\b(?:it|that|this|they|them|he|she|him|her)\b", re.I)
_LEADING = re.compile(r"^(?:and|so|also|ok|okay)[,\s]+", re.I)


def question_topic(question: str) -> str:
    """What a question is about: "when does the slalom final start?" -> "the slalom final"."""
    s = question.strip().rstrip("?!. ")
    for pattern in (_WH_AUX_VERB, _WH_BE, _WH_VERB):
        m = pattern.match(s)
        if m:
            return m.group(1).strip()
    return s


def resolve_follow_up(previous: str, message: str) -> str:
    """A follow-up asked again in full, from the previous question.

    "and where is it?" after "when does the slalom final start?" -> "where is the slalom final?";
    "what about the scarf?" after "how much is the beanie?" -> "how much is the scarf?".
    """
    topic = question_topic(previous)
    m = _WHAT_ABOUT.match(message.strip())
    if m:
        subject = m.group(1)
        if topic and topic.lower() in previous.lower():
            start = previous.lower().index(topic.lower())
            return previous[:start] + subject + previous[start + len(topic) :]
        return f"{previous} {subject}"
    rest = _LEADING.sub("", message.strip())
    if _PRONOUN.search(rest):
        return _PRONOUN.sub(lambda _: topic, rest, count=1)
    return f"{topic} {rest}"


_GREETING = re.compile(
    r"^(?:hi|hello|hey|yo|hiya|good (?:morning|evening|afternoon)|你好|嗨)\b[\s!.,]*$", re.I
)
_THANKS = re.compile(r"^(?:thanks|thank you|thx|ty|cheers|谢谢)\b", re.I)
_DONT_KNOW = "I don't know that one, and I'd rather not guess."


@dataclass(frozen=True)
class ChatBotConfig:
    rate_per_min: float = 10.0
    burst: float = 5.0
    history_turns: int = 20
    max_conversations: int = 10_000
    follow_up_max_words: int = 8  # a longer message stands on its own
    ocr: bool = True


@dataclass(frozen=True)
class Turn:
    role: str  # "user" | "bot"
    text: str
    ts: float


@dataclass
class Conversation:
    user_id: str
    name: str = ""
    turns: deque[Turn] = field(default_factory=deque)
    last_question: str = ""
    tokens: float = 0.0
    refilled_at: float = 0.0


@dataclass(frozen=True)
class ChatReply:
    user_id: str
    text: str
    citations: tuple[Citation, ...] = ()
    abstained: bool = False
    confidence: float = 0.0
    rate_limited: bool = False
    asked: str = ""  # the question actually sent to the knowledge base (after follow-up resolution)
    ocr_text: str = ""
    turns: int = 0  # turns in this conversation after this reply
    refused: str = ""  # the stable code of an attachment refused unopened (image_too_large, image_unreadable)
    #: the act said, where the turn phrased the reply (``TextReply.act``: e.g. ``refuse`` for a do-not-answer
    #: question, ``care`` for a viewer in danger) or a greeting was said; None: an answer or a don't-know
    act: str | None = None

    def to_speech_act(self, in_reply_to: str | None = None) -> SpeechAct:
        plain = "clarify" if self.abstained else "answer"
        return SpeechAct(
            seq=0,
            act="apologize" if self.rate_limited else said_act(self.act, plain),  # what was said (s28)
            text=self.text,
            emotion=Emotion(
                label="calm" if self.abstained else "happy", intensity=0.3, valence=0.3, arousal=0.3
            ),
            addressee=self.user_id,
            in_reply_to=in_reply_to,
            citations=list(self.citations),
        )


def tesseract_ocr(image: bytes) -> str:
    """Text in an image, via the tesseract binary ("" when it is missing or the image is unreadable)."""
    if shutil.which("tesseract") is None:
        return ""
    import pytesseract

    from knowledge import imaging
    from knowledge.errors import MediaRefused

    try:
        img = imaging.open_image(image)  # within the image budget, scaled to its working side
        return " ".join(pytesseract.image_to_string(img.convert("L"), timeout=10).split())
    except (MediaRefused, RuntimeError, pytesseract.TesseractError) as exc:
        log.info("OCR failed: %s", exc)
        return ""


class ChatBot:
    def __init__(
        self,
        kb: KnowledgeSource,
        config: ChatBotConfig | None = None,
        *,
        ocr: Callable[[bytes], str] | None = tesseract_ocr,
        memory: Memory | None = None,
        turn: TextTurn | None = None,
    ) -> None:
        """With ``turn`` (the agent's text turn) replies are phrased by the agent's composer in its persona's
        voice (moderated, the knowledge answer as evidence); without, the knowledge answer's own sentence
        is the reply."""
        self.kb = kb
        # The process's viewer memory (SQLite, shared with the livestream): a user's name outlives a restart.
        # ``reply`` runs on a worker thread, so its reads and writes never block the event loop.
        self.memory = memory
        # The agent's turn (``PersonaAgent``): with it, a reply is understood and phrased by the same turn
        # code as a livestream comment (perception, grounding, the composer), the act being the bot's own
        # cite-or-abstain choice; without it, the answer's own sentence is the reply.
        self.turn = turn
        # The turn's own lookup (``Grounding.look_up``): a shop question's catalogue entry is read once,
        # before the answer, and rides to the turn with it (the composer does not read it again; session 20)
        self._grounding = Grounding(kb)
        self.config = config or ChatBotConfig()
        self._ocr = ocr if self.config.ocr else None
        self._conversations: OrderedDict[str, Conversation] = OrderedDict()

    # ------------------------------------------------------------------ state

    def conversation(self, user_id: str) -> Conversation | None:
        return self._conversations.get(user_id)

    def _conversation(self, user_id: str, now: float) -> Conversation:
        conv = self._conversations.get(user_id)
        if conv is None:
            conv = Conversation(user_id, tokens=self.config.burst, refilled_at=now)
            known = self.memory.viewer(user_id) if self.memory is not None else None
            if known is not None:
                conv.name = known.name
            self._conversations[user_id] = conv
            while len(self._conversations) > self.config.max_conversations:
                self._conversations.popitem(last=False)
        else:
            self._conversations.move_to_end(user_id)
        return conv

    def allow(self, user_id: str, now: float) -> bool:
        """Take one token from the user's bucket (pure: ``now`` is passed in)."""
        conv = self._conversation(user_id, now)
        cfg = self.config
        conv.tokens = min(cfg.burst, conv.tokens + (now - conv.refilled_at) * cfg.rate_per_min / 60.0)
        conv.refilled_at = now
        if conv.tokens < 1.0:
            return False
        conv.tokens -= 1.0
        return True

    # ------------------------------------------------------------------ one message

    def reply(self, message: Message, now: float) -> ChatReply:
        user_id = message.user.id
        if not self.allow(user_id, now):
            return ChatReply(
                user_id,
                "You're writing faster than I can answer; give me a moment and ask again.",
                rate_limited=True,
            )
        conv = self._conversation(user_id, now)
        if message.user.name and not conv.name:
            conv.name = message.user.name
        text = " ".join(message.text.split())
        image, notes = self._image(message)
        refused = ""
        if image is not None:  # the header only: nothing above the image budget is ever decoded
            from knowledge import imaging
            from knowledge.errors import MediaRefused

            try:
                imaging.check_image(image)
            except MediaRefused as exc:
                image, refused = None, exc.code
                notes = (
                    "that picture is too large for me to open"
                    if exc.code == "image_too_large"
                    else "that attachment is not a picture I can read"
                )
        ocr_text = self._ocr(image) if (image is not None and self._ocr is not None) else ""
        self._remember(conv, Turn("user", text or "[image]", now))
        reply = self._answer(conv, text, image, ocr_text, notes, message)
        self._remember(conv, Turn("bot", reply.text, now))
        if self.memory is not None:
            self.memory.record_input(user_id, conv.name, text or "[image]", now=now)
            self.memory.record_spoken(user_id, reply.text, now=now)
        return ChatReply(
            user_id=user_id,
            text=reply.text,
            citations=reply.citations,
            abstained=reply.abstained,
            confidence=reply.confidence,
            asked=reply.asked,
            ocr_text=ocr_text,
            turns=len(conv.turns),
            refused=refused,
            act=reply.act,
        )

    def _answer(
        self, conv: Conversation, text: str, image: bytes | None, ocr_text: str, notes: str, message: Message
    ) -> ChatReply:
        uid = conv.user_id
        said = _NAME.search(text)
        if said:
            conv.name = said.group(1)
            if len(text.split()) <= 6:
                return ChatReply(uid, f"Nice to meet you, {conv.name}!", act="greet")
        if _ASK_NAME.search(text):
            if conv.name:
                return ChatReply(uid, f"You're {conv.name}, of course.")
            return ChatReply(uid, "You haven't told me your name yet.", abstained=True)
        if image is None and _GREETING.match(text):
            who = f", {conv.name}" if conv.name else ""
            return ChatReply(uid, f"Hi{who}! What would you like to know?", act="greet")
        if image is None and _THANKS.match(text) and len(text.split()) <= 4:
            return ChatReply(uid, "You're welcome!")
        if image is None and asks_what_was_missed(text):  # no knowledge question (W4, s24): the catch-up
            user = message.user.model_copy(update={"name": conv.name})
            missed = message.model_copy(update={"text": text[:4000], "user": user})
            turn = self.turn
            reply = turn.respond_from_thread(missed, decider=FixedActDecider("greet")) if turn else None
            return ChatReply(
                uid,
                reply.text if reply is not None and reply.sentences else catch_up_line(conv.name, ()),
                act="greet",
            )
        if image is None and host_question(text, str(getattr(self.turn, "persona_name", ""))):
            # a question about the host itself: the persona card answers it in the turn (its composer);
            # the knowledge base is not asked and nothing is cited (no turn, no card: an honest don't-know)
            user = message.user.model_copy(update={"name": conv.name})
            asked_host = message.model_copy(update={"text": text[:4000], "user": user})
            turn = self.turn
            reply = turn.respond_from_thread(asked_host, decider=FixedActDecider("answer")) if turn else None
            if reply is not None and reply.sentences:
                return ChatReply(uid, reply.text, (), False, 1.0, asked=text, act=reply.act)
            return ChatReply(uid, _DONT_KNOW, (), True, 0.0, asked=text)
        question = text or (ocr_text if ocr_text else "What is in this picture?")
        if text and ocr_text:
            question = f"{text} {ocr_text}"
        asked = question
        looked = None
        if image is None and conv.last_question and self._is_follow_up(text):
            asked = resolve_follow_up(conv.last_question, text)
            looked = self._look_up(asked)
            if looked.answer.abstained:
                asked, looked = question, None
        if looked is None:
            looked = (
                Lookup(question, self.kb.answer(question, image=image))
                if image is not None
                else self._look_up(question)
            )
        answer = looked.answer
        abstained = bool(answer.abstained)
        citations = tuple(to_citation(c) for c in answer.citations or [])
        if not abstained and citations:
            conv.last_question = asked
            body = str(answer.text).strip()
            text_out = joined(f"{conv.name},", body, " ") if conv.name and body else body  # "sam, Eileen Gu"
        else:
            abstained, citations = True, ()
            text_out = _DONT_KNOW
        event = message.model_copy(update={"user": message.user.model_copy(update={"name": conv.name})})
        said_as: str | None = None  # the act the turn said (a refusal or a care line under a planned answer)
        if self.turn is not None and image is None:
            act: SpeechActName = "clarify" if abstained else "answer"
            reply = self.turn.respond_from_thread(  # the answer asked above is carried, not asked again
                event.model_copy(update={"text": asked[:4000]}), decider=FixedActDecider(act), answer=looked
            )
            if reply.sentences:
                text_out, said_as = reply.text, reply.act
                spoken = tuple(c for sentence in reply.sentences for c in sentence.citations)
                # a don't-know that names what the shop has cites where its price is from; a shop entry's
                # line said instead of the base's answer ("not in blue, ...") cites the entry's sentence
                if abstained or spoken:
                    citations = spoken
        if notes:
            text_out = f"{text_out} ({notes})"
        confidence = float(answer.confidence or 0.0)
        return ChatReply(uid, text_out, citations, abstained, confidence, asked=asked, act=said_as)

    def _look_up(self, text: str) -> Lookup:
        """The knowledge answer to a text question: with the turn to phrase it, the turn's own lookup (a shop
        question's entry read once, handed on with the answer); without, the base alone (it reads the entry
        itself only where it abstains)."""
        if self.turn is None:
            return Lookup(text, self.kb.answer(text))
        return self._grounding.look_up(text)

    def _is_follow_up(self, text: str) -> bool:
        words = text.split()
        return 0 < len(words) <= self.config.follow_up_max_words and bool(_FOLLOW_UP.search(text))

    def _remember(self, conv: Conversation, turn: Turn) -> None:
        conv.turns.append(turn)
        while len(conv.turns) > self.config.history_turns:
            conv.turns.popleft()

    @staticmethod
    def _image(message: Message) -> tuple[bytes | None, str]:
        notes = ""
        for att in message.attachments:
            if att.kind != "image":
                notes = f"I can't open {att.kind} attachments here"
                continue
            if att.data_b64 is None:
                notes = "I can't fetch linked images; please attach the picture itself"
                continue
            try:
                return base64.b64decode(att.data_b64, validate=True), ""
            except (binascii.Error, ValueError):
                notes = "that image attachment could not be decoded"
        return None, notes
