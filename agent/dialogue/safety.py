"""Safety: the final moderation check every output passes, taboo topics, and input handling.

- ``Moderator.check(text)`` returns the reasons an output must not be spoken: abusive words (EN + ZH
  lexicon), words the persona never uses, any piece of ``private_instructions`` (its distinctive tokens,
  such as codes, and any run of 4 of its words), extra secrets registered with ``protect()`` (e.g. an
  access code), and echoes of the abusive input of this turn.
- ``Moderator.clean(text)`` is what the composer calls: the text if it is fine, else ``None`` (the composer
  then speaks a safe line instead).
- ``taboo_topic(text)`` names the persona's do-not-answer topic a question touches by its words;
  ``harmful(text)`` names a do-not-answer category a request falls in by its meaning (``harm.py``);
  ``do_not_answer(text)`` is either: a polite ``refuse`` follows.
- Viewer text is data: it is quoted into prompts inside a delimited block, never as instructions.
"""

from __future__ import annotations

import re
import unicodedata

from agent.dialogue.harm import shared_detector
from agent.perception.lexicon import ABUSE
from agent.persona import Persona

_WORD = re.compile(r"[\w'-]+|[\u4e00-\u9fff]", re.UNICODE)
_QUOTED = re.compile(r'"([^"\n]{3,40})"|\'([^\'\n]{3,40})\'|“([^”\n]{3,40})”')
_CODE = re.compile(r"\b(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{4,}\b|\b[A-Z]{4,}(?:-[A-Z0-9]+)*\b")

#: Words that tie a question to a taboo topic (the topic names themselves count too).
TABOO_HINTS: dict[str, tuple[str, ...]] = {
    "politics": ("election", "president", "vote", "party", "government", "政治", "选举", "总统", "政府"),
    "religion": ("god", "church", "religion", "pray", "宗教", "上帝", "信仰"),
    "gambling": ("bet", "betting", "odds", "casino", "wager", "赌", "下注", "赔率"),
    "medical advice": ("diagnose", "medicine", "dose", "symptom", "treatment", "药", "病", "症状", "治疗"),
    "personal address": (
        "where do you live",
        "your address",
        "home address",
        "phone number",
        "住哪",
        "地址",
        "电话",
    ),
    "violence": ("kill", "weapon", "bomb", "hurt someone", "杀", "炸弹", "武器"),
    "drugs": ("drugs", "cocaine", "weed", "毒品"),
    "illegal": ("hack", "steal", "illegal", "pirate", "fake id", "偷", "黑客", "违法"),
}
DEFAULT_TABOO = ("violence", "drugs", "illegal")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).lower()


def _words(text: str) -> list[str]:
    return _WORD.findall(_norm(text))


class Moderator:
    def __init__(self, persona: Persona, ngram: int = 4) -> None:
        self.persona = persona
        self.ngram = ngram
        self._secrets: set[str] = set()
        self._grams: set[tuple[str, ...]] = set()
        if persona.private_instructions:
            self.protect(persona.private_instructions)
        self._never = tuple(_norm(w) for w in persona.style.never_say)

    def protect(self, secret: str) -> None:
        """Register text that must never be spoken: its codes verbatim, and every run of ``ngram`` words."""
        for code in _CODE.findall(secret):
            self._secrets.add(_norm(code))
        for quoted in _QUOTED.findall(secret):  # a quoted literal in private instructions is a secret
            q = next(x for x in quoted if x).strip()
            if q and len(_words(q)) <= 3 and len(q) >= 3:
                self._secrets.add(_norm(q))
        stripped = secret.strip()
        if stripped and len(_words(stripped)) <= 3:
            self._secrets.add(_norm(stripped))
        w = _words(secret)
        self._grams.update(tuple(w[i : i + self.ngram]) for i in range(len(w) - self.ngram + 1))

    def check(self, text: str, echo_of: str | None = None) -> list[str]:
        low = _norm(text)
        squashed = re.sub(r"[\s\W_]+", "", low)
        reasons: list[str] = []
        if any(w in low for w in ABUSE):
            reasons.append("abusive word")
        if any(w in low for w in self._never):
            reasons.append("a word the persona never uses")
        if any(s in low or re.sub(r"[\s\W_]+", "", s) in squashed for s in self._secrets):
            reasons.append("secret")
        w = _words(text)
        if any(tuple(w[i : i + self.ngram]) in self._grams for i in range(len(w) - self.ngram + 1)):
            reasons.append("private instructions")
        if echo_of and _echoes(text, echo_of):
            reasons.append("echo of abusive input")
        return reasons

    def clean(self, text: str, echo_of: str | None = None) -> str | None:
        return None if self.check(text, echo_of) else text

    def taboo_topic(self, text: str) -> str | None:
        low = _norm(text)
        for topic in list(self.persona.taboo_topics) + list(DEFAULT_TABOO):
            hints = TABOO_HINTS.get(topic, ())
            if topic.lower() in low or any(
                re.search(rf"(?<![a-z]){re.escape(h)}(?![a-z])", low) for h in hints
            ):
                return topic
        return None

    def harmful(self, text: str) -> str | None:
        """The do-not-answer category ``text`` means (MiniLM similarity to written examples), or None.

        Blocking CPU work (one MiniLM pass): the composer runs it in a worker thread.
        """
        return shared_detector(tuple(self.persona.taboo_topics)).category(text)

    def do_not_answer(self, text: str) -> str | None:
        return self.taboo_topic(text) or self.harmful(text)


def _echoes(text: str, source: str, n: int = 3) -> bool:
    """True when ``text`` repeats a run of ``n`` words (or 4 Han characters) of ``source``."""
    a, b = _words(text), _words(source)
    k = n if not any("\u4e00" <= c <= "\u9fff" for c in source) else 4
    grams = {tuple(b[i : i + k]) for i in range(len(b) - k + 1)}
    return any(tuple(a[i : i + k]) in grams for i in range(len(a) - k + 1))


def quote_as_data(text: str, limit: int = 500) -> str:
    """Viewer text for a prompt: truncated, delimiters neutralised, so it reads as data to the model."""
    t = text[:limit].replace("<<<", "«").replace(">>>", "»")
    return f"<<<{t}>>>"
