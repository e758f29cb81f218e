"""The reporter assistant: cited answers or abstention, and briefings of cited bullet facts.

``Reporter.ask(question)`` -> ``ReporterAnswer(answer, citations, confidence, abstained)``;
``Reporter.brief(topic)`` -> ``Briefing(topic, bullets[Bullet(text, citation)])``. Both are blocking (the
knowledge base embeds and searches): async callers use ``asyncio.to_thread``.

The rule is *cite or abstain*, enforced here whatever the knowledge backend does:
- an answer is given only when the knowledge base did not abstain, its confidence reaches
  ``min_confidence``, it carries at least one citation, the answer's content words are found in the
  cited quotes (``support`` >= ``min_support``), and the question's content words are found in the answer
  or its quotes (``relevance`` >= ``min_relevance``: a well-cited sentence about something else is not an
  answer); otherwise the reporter says it has no sourced answer;
- a briefing bullet is a sentence quoted from a retrieved source, with that source as its citation, so every
  bullet is its own evidence; a topic with no relevant source gets no bullets and ``abstained=True``.
The voice is the calm reporter persona's: no exclamation marks, no emoji, plain statements.

The Protocol ``KnowledgeSource`` below is the slice of ``knowledge.KnowledgeBase`` the connectors use.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from agent.decide import FixedActDecider
from agent.dialogue.host_answers import host_line
from agent.dialogue.host_questions import host_question
from agent.events import Citation, InputEvent, Question, User
from agent.grounding import Lookup
from agent.persona import Persona
from agent.runtime import TextReply
from agent.stages import Composer, Decider
from knowledge.types import Answer, Hit
from knowledge.types import Citation as KnowledgeCitation

# --------------------------------------------------------------------------- the knowledge seam


class KnowledgeSource(Protocol):
    """``answer`` returns ``Answer(text, abstained, confidence, citations[Citation(source, span, quote)])``;
    ``search`` / ``search_image`` return hits with ``text``, ``source``, ``span``, ``score``."""

    def answer(self, question: str, image: bytes | None = None) -> Answer: ...

    def search(self, text: str, k: int = 5) -> Sequence[Hit]: ...

    def search_image(self, image: bytes, k: int = 5) -> Sequence[Any]: ...


class TextTurn(Protocol):
    """The agent's text turn, called from a connector's worker thread (``PersonaAgent.respond_from_thread``):
    the chat bot and the reporter phrase their replies through it."""

    def respond_from_thread(
        self,
        event: InputEvent,
        *,
        decider: Decider | None = None,
        composer: Composer | None = None,
        answer: Answer | Lookup | None = None,
        timeout_s: float = 30.0,
    ) -> TextReply: ...


def to_citation(c: KnowledgeCitation) -> Citation:
    """A knowledge citation as a protocol ``Citation``."""
    return Citation(source=str(c.source), span=str(c.span or ""), quote=str(c.quote or ""))


# --------------------------------------------------------------------------- text helpers

_WORD = re.compile(r"[\w\u4e00-\u9fff]+", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s+|\n+")
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf]")
STOPWORDS = frozenset(
    "a an the of to in on at for and or but is are was were be been it its this that these those with by "
    "from as what who when where which how why do does did will would can could should about into than then "
    "there their they he she his her i you we our your me my us them not no yes so if".split()
)


def content_words(text: str) -> set[str]:
    return {w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOPWORDS}


def support(claim: str, quotes: Sequence[str]) -> float:
    """Share of the claim's content words found in the cited quotes (1.0 for a claim with none)."""
    words = content_words(claim)
    if not words:
        return 1.0
    evidence: set[str] = set()
    for q in quotes:
        evidence |= content_words(q)
    return len(words & evidence) / len(words)


_CAPWORD = re.compile(r"\b[A-Z][\w'-]*")


def states_facts(sentence: str, allowed: Sequence[str] = ()) -> bool:
    """Whether a sentence names things or numbers (a digit, or a capitalized word after the first, other
    than ``allowed`` names and "I"). Framing lines ("Here is what the sources say, Ana.") do not."""
    if any(ch.isdigit() for ch in sentence):
        return True
    words = _CAPWORD.findall(sentence)
    return any(w not in allowed and w != "I" for w in words[1:])


_QUESTION_FILLER = frozenset(
    "much many long old time happen happened happens tell know about please me exactly".split()
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def relevance(question: str, answer: str, quotes: Sequence[str]) -> float:
    """Share of the question's content words (lightly stemmed) found in the answer or its quotes: an
    answer about "the Capital Indoor Stadium" does not answer "what is the capital of Mars?" (0.5)."""
    wanted = {_stem(w) for w in content_words(question) - _QUESTION_FILLER if len(w) > 1}
    if not wanted:
        return 1.0
    found: set[str] = {_stem(w) for w in content_words(answer)}
    for q in quotes:
        found |= {_stem(w) for w in content_words(q)}
    return len(wanted & found) / len(wanted)


def calm(text: str) -> str:
    """The reporter's register: no exclamation marks or emoji, single spaces."""
    text = _EMOJI.sub("", text).replace("!", ".")
    text = re.sub(r"\.{2,}", ".", text)
    return " ".join(text.split())


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class ReporterAnswer:
    answer: str
    citations: tuple[Citation, ...]
    confidence: float
    abstained: bool
    reason: str = ""  # why it abstained: kb_abstained, low_confidence, no_citation, unsupported, off_topic,
    # moderated, about_self (a question about the assistant itself, and no persona card to answer it)

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "citations": [c.model_dump() for c in self.citations],
            "confidence": round(self.confidence, 4),
            "abstained": self.abstained,
        }


@dataclass(frozen=True)
class Bullet:
    text: str
    citation: Citation

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citation": self.citation.model_dump()}


@dataclass(frozen=True)
class Briefing:
    topic: str
    bullets: tuple[Bullet, ...] = field(default_factory=tuple)

    @property
    def abstained(self) -> bool:
        return not self.bullets

    def to_dict(self) -> dict[str, Any]:
        return {
            "topic": self.topic,
            "bullets": [b.to_dict() for b in self.bullets],
            "abstained": self.abstained,
            "text": "\n".join(f"- {b.text} [{b.citation.source}]" for b in self.bullets)
            or f"I have no sourced facts on {self.topic}.",
        }


_DESK = User(id="reporter-desk", name="")  # a question from the API or a reporter: no viewer to address
ABSTAIN_TEXT = "I don't have a sourced answer to that, so I won't guess."


class Reporter:
    def __init__(
        self,
        kb: KnowledgeSource,
        *,
        min_confidence: float = 0.3,
        min_support: float = 0.6,
        min_relevance: float = 0.6,
        moderate: Callable[[str], str | None] | None = None,
        persona: Any | None = None,
        turn: TextTurn | None = None,
    ) -> None:
        """``moderate(text)`` (e.g. ``agent.dialogue.safety.Moderator(persona).clean``) returns the text if
        it may be said, else None; a moderated answer becomes an abstention. With ``turn`` (the agent's text
        turn) and ``persona`` (``agent.persona.Persona.load("reporter")``) the answer is phrased by the
        agent's turn with that persona's composer, and kept only if every sentence that states a fact
        carries a supporting citation (else the knowledge answer's own sentence is used). Without a turn
        the reply is the knowledge answer's own sentence, in the calm register."""
        self.kb = kb
        self.persona = persona
        # With the agent's turn (and a persona): the answer is understood and phrased by the same turn code as
        # a livestream comment, in this persona's voice (its own composer: the reporter profile).
        self.turn = turn
        self._composer: Composer | None = None
        if turn is not None and persona is not None:
            from agent.dialogue.composer import DialogueComposer

            self._composer = DialogueComposer(persona)  # the evidence: the turn's own answer (percept.answer)
        self.min_confidence = min_confidence
        self.min_support = min_support
        self.min_relevance = min_relevance
        self.moderate = moderate

    def ask(self, question: str) -> ReporterAnswer:
        question = " ".join(question.split())
        if not question:
            return ReporterAnswer(ABSTAIN_TEXT, (), 0.0, True, "empty")
        about_self = host_question(question, str(getattr(self.persona, "name", "")))
        if about_self is not None:  # about the assistant itself: its card answers, no knowledge fact is cited
            if isinstance(self.persona, Persona):
                return ReporterAnswer(host_line(about_self, self.persona), (), 1.0, False)
            return ReporterAnswer(ABSTAIN_TEXT, (), 0.0, True, "about_self")
        # The base alone, not the turn's lookup (``Grounding.look_up``, as the chat bot asks): the reporter's
        # composer has no base, so it never reads the shop's catalogue entry, and the base reads it only
        # where it abstains - once in all. Handing it a ``Lookup`` would read the entry for every shop
        # question and make that composer say the entry's line (26 of 266 pool6 replies changed; session 20)
        ans = self.kb.answer(question)
        confidence = float(ans.confidence or 0.0)
        citations = tuple(to_citation(c) for c in ans.citations or [])
        text = calm(str(ans.text or ""))
        reason = ""
        if ans.abstained:
            reason = "kb_abstained"
        elif confidence < self.min_confidence:
            reason = "low_confidence"
        elif not citations or not text:
            reason = "no_citation"
        elif support(text, [c.quote for c in citations]) < self.min_support:
            reason = "unsupported"
        elif relevance(question, text, [c.quote for c in citations]) < self.min_relevance:
            reason = "off_topic"
        elif self.moderate is not None and self.moderate(text) is None:
            reason = "moderated"
        if reason:
            return ReporterAnswer(ABSTAIN_TEXT, (), confidence, True, reason)
        if self.turn is not None and self.persona is not None:
            text = self._in_voice(question, ans, text, citations)
        return ReporterAnswer(text, citations, confidence, False)

    def _in_voice(self, question: str, ans: Any, plain: str, citations: tuple[Citation, ...]) -> str:
        if self.turn is None or self._composer is None:
            return plain
        reply = self.turn.respond_from_thread(
            Question(user=_DESK, text=question),
            decider=FixedActDecider("answer"),
            composer=self._composer,
            answer=ans,  # asked once, in ``ask``: the turn carries it (percept.answer)
        )
        sentences = [(s.text, tuple(s.citations)) for s in reply.sentences]
        if not sentences:
            return plain
        quotes = [c.quote for c in citations]
        for sentence, cites in sentences:
            if cites and support(sentence, [c.quote for c in cites]) >= self.min_support:
                continue
            if not cites and not states_facts(sentence):
                continue
            if support(sentence, quotes) >= 0.999:
                continue  # an uncited restatement of the cited quote itself
            return plain  # a sentence states something its citations do not: say the sourced sentence only
        return calm(" ".join(s for s, _ in sentences))

    def brief(self, topic: str, *, k: int = 8, max_bullets: int = 5) -> Briefing:
        topic = " ".join(topic.split())
        wanted = content_words(topic)
        if not wanted:
            return Briefing(topic)
        bullets: list[Bullet] = []
        seen: list[set[str]] = []
        for hit in self.kb.search(topic, k):
            text = str(hit.text or "")
            sentence = _best_sentence(text, wanted)
            if sentence is None:
                continue  # a hit that shares no content word with the topic is not about it
            sentence = calm(sentence)
            words = content_words(sentence)
            if any(len(words & s) / max(1, len(words | s)) > 0.7 for s in seen):
                continue  # the same fact from another chunk
            if self.moderate is not None and self.moderate(sentence) is None:
                continue
            seen.append(words)
            citation = Citation(
                source=str(hit.source),
                span=str(hit.span or ""),
                quote=sentence,
            )
            bullets.append(Bullet(sentence, citation))
            if len(bullets) >= max_bullets:
                break
        return Briefing(topic, tuple(bullets))


def _best_sentence(text: str, wanted: set[str]) -> str | None:
    """The sentence of a chunk sharing the most content words with the topic (None if none shares any)."""
    best, best_n = None, 0
    for sentence in _SENTENCE.split(text):
        sentence = sentence.strip(" -*•\t")
        if len(sentence) < 12:
            continue
        n = len(content_words(sentence) & wanted)
        if n > best_n:
            best, best_n = sentence, n
    return best
