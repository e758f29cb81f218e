"""Do-not-answer requests recognised by meaning, not by keywords.

A request is embedded with MiniLM (the contextual sentence embedding: nearest-neighbour meaning needs it;
the static token vectors blur it) and compared with two sets of anchors: the project's own written examples
of requests to decline (``harm_examples.HARM``, EN + ZH, one description and examples per category, plus the
persona's taboo topics) and ordinary viewer messages (``harm_examples.BENIGN`` and the training split of
the perception set, less its abuse, injection and spam). It is declined when its best harmful match
beats its best ordinary match by ``margin`` (0.05, chosen on the project's own examples: a held-out
half of them against the perception training split, leave-one-out). Anchors are embedded once, on first use.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from agent.dialogue.harm_examples import BENIGN, HARM

log = logging.getLogger(__name__)

Embed = Callable[[list[str]], np.ndarray]
MARGIN = 0.05


def _ordinary_messages() -> list[str]:
    from agent.perception.data.build import DATASET

    rows = [json.loads(x) for x in DATASET.read_text(encoding="utf-8").splitlines() if x.strip()]
    hostile = ("abuse", "injection-attempt", "spam")  # not ordinary: they have their own handling
    return [r["text"] for r in rows if r["split"] == "train" and r["intent"] not in hostile]


class HarmDetector:
    """``category(text)`` names the do-not-answer category a request falls in, or None."""

    def __init__(
        self, embed: Embed | None = None, taboo_topics: Sequence[str] = (), margin: float = MARGIN
    ) -> None:
        self._embed = embed
        self.margin = margin
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
                enc = self._encoder()
                self._harm = enc(self._harm_texts)
                self._benign = enc(list(BENIGN) + _ordinary_messages())
            return self._harm, self._benign

    def scores(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """Per text: the closest harmful category and its margin over the closest ordinary message."""
        if not texts:
            return []
        harm, benign = self._anchors()
        x = self._encoder()([t[:1000] for t in texts])
        h = x @ harm.T
        best = h.argmax(axis=1)
        margin = h.max(axis=1) - (x @ benign.T).max(axis=1)
        return [(self._harm_labels[int(b)], float(m)) for b, m in zip(best, margin, strict=True)]

    def categories(self, texts: Sequence[str]) -> list[str | None]:
        return [cat if m > self.margin else None for cat, m in self.scores(texts)]

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
