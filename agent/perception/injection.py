"""Injection detection: does a viewer line try to make the persona reveal or drop its instructions?

A character n-gram logistic regression (the abuse model's features and scorer, ``abuse.py``), fitted by
``agent/perception/data/train_injection.py`` on the declared fit part of the Tensor Trust extraction attacks
(human-written attacks on a defended prompt, ~30% of them) and the project's own written injection examples,
against ordinary lines (the Twitch log's first hour, the Davidson train part, the perception set's other
training examples, questions to the other person and, since session 15, Topical-Chat's fit-part sentences:
ordinary conversation, so "system", "conversation" or "show the replay please" weigh less); its threshold
keeps false flags on the ordinary lines at or under ``FALSE_FLAG_BUDGET`` under cross-validation and, since
session 19, those on questions asked of a host (SQuAD's FIT questions, kept out of the fit) within twice it.
Since session 20 the ordinary side also holds questions written by others to a service about itself
(banking77, CLINC150: ``data/service_questions.py``), a group held within twice the budget too.
``PATTERN`` (hand-written, from the phrasing of well-known jailbreaks; English and Chinese) is checked beside
it: a line is flagged when either fires. Shipped as ``models/injection.npz``.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

import numpy as np

from agent.errors import PerceptionError
from agent.perception.abuse import _Head

MODEL_PATH = Path(__file__).parent / "models" / "injection.npz"
FALSE_FLAG_BUDGET = 0.005

PATTERN = re.compile(
    r"(ignore (all |the |your )?(previous|prior|above|other)|system prompt|your (instructions|rules|prompt)|"
    r"developer mode|disregard (all|the|your|previous)|jailbreak|"
    r"reveal .*(secret|prompt|instruction|password|code)|忽略.*(指令|设定|规则)|系统提示|无视上面|"
    r"(输出|重复|告诉我).{0,6}(提示词|指令|设定))",
    re.I,
)


class InjectionModel:
    def __init__(self, head: _Head) -> None:
        self.head = head

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> InjectionModel:
        try:
            with np.load(path, allow_pickle=False) as z:
                return cls(_Head.from_npz(z, "inj"))
        except (OSError, KeyError, ValueError) as exc:
            raise PerceptionError(f"cannot load injection model {path}: {exc}") from exc

    def proba(self, texts: list[str]) -> np.ndarray:
        return self.head.proba([t[:4000] for t in texts], "en")

    def flags(self, texts: list[str]) -> list[bool]:
        p = self.proba(texts)
        return [bool(p[i] >= self.head.threshold or PATTERN.search(t)) for i, t in enumerate(texts)]

    def is_injection(self, text: str) -> bool:
        return self.flags([text])[0]


_lock = threading.Lock()
_shared: InjectionModel | None = None


def shared_injection() -> InjectionModel:
    global _shared
    with _lock:
        if _shared is None:
            _shared = InjectionModel.load()
        return _shared
