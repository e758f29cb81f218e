"""Style transfer: neutral text -> the persona's register (formality, energy), by rules.

The rules are the embedded default; ``dialogue.scripts``/the composer use an LLM rewrite when a backend is
configured and fall back to these rules if it fails or changes a fact (a number or a name disappears).
The rules never touch the words inside a fact they are given as ``keep`` spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.persona import Persona

_EXPAND = {
    "it's": "it is",
    "that's": "that is",
    "don't": "do not",
    "can't": "cannot",
    "won't": "will not",
    "you're": "you are",
    "i'm": "I am",
    "let's": "let us",
    "we're": "we are",
    "they're": "they are",
    "isn't": "is not",
    "didn't": "did not",
    "here's": "here is",
    "what's": "what is",
    "there's": "there is",
    "gonna": "going to",
    "wanna": "want to",
    "yeah": "yes",
    "guys": "everyone",
    "awesome": "excellent",
    "super ": "very ",
    "huge": "significant",
    "kinda": "somewhat",
    "stuff": "material",
}
_CONTRACT = {
    "it is": "it's",
    "that is": "that's",
    "do not": "don't",
    "cannot": "can't",
    "will not": "won't",
    "you are": "you're",
    "I am": "I'm",
    "let us": "let's",
    "we are": "we're",
}
_SLANG = re.compile(r"\s*\b(lol|lmao|haha)\b", re.I)
_SYNONYMS = {
    "boring": "quiet",
    "whatever": "anyway",
    "awesome": "excellent",
    "insane": "remarkable",
    "definitely": "certainly",
    "lol": "",
    "shut up": "hold on",
}
_SENT_END = re.compile(r"(?<=[.!?。！？])\s+")


@dataclass(frozen=True)
class StyleControls:
    formality: float
    energy: float
    verbosity: float

    @classmethod
    def of(
        cls,
        persona: Persona,
        formality: float | None = None,
        energy: float | None = None,
        verbosity: float | None = None,
    ) -> StyleControls:
        s = persona.style
        return cls(
            s.formality if formality is None else formality,
            s.energy if energy is None else energy,
            s.verbosity if verbosity is None else verbosity,
        )


def _sub_words(text: str, table: dict[str, str]) -> str:
    def rep(m: re.Match[str]) -> str:
        word = m.group(0)
        out = table[word.lower()]
        return out[0].upper() + out[1:] if word[0].isupper() and out else out

    pattern = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.sub(rf"(?<![\w'])({pattern})(?![\w'])", rep, text, flags=re.I)


def split_sentences(text: str) -> list[str]:
    parts = re.split(r"(?<=[.!?])\s+|(?<=[。！？])", text.strip())
    return [p.strip() for p in parts if p.strip()]


def restyle(
    text: str, persona: Persona, controls: StyleControls, lang: str = "en", keep: tuple[str, ...] = ()
) -> str:
    """Rewrite ``text`` into the register ``controls`` ask for. Spans in ``keep`` are left verbatim."""
    holders = {f"\x00{i}\x00": k for i, k in enumerate(keep) if k and k in text}
    for h, k in holders.items():
        text = text.replace(k, h)
    if lang == "en":
        if controls.formality >= 0.6:
            text = _sub_words(text, _EXPAND)
            text = _SLANG.sub("", text)
        elif controls.formality <= 0.4:
            text = _sub_words(text, {k.lower(): v for k, v in _CONTRACT.items()})
    if persona.style.never_say:
        table = {w.lower(): _SYNONYMS.get(w.lower(), "") for w in persona.style.never_say}
        text = _sub_words(text, table)
    sentences = split_sentences(text)
    out = []
    for s in sentences:
        if controls.energy >= 0.65 and s[-1] in ".。" and "\x00" not in s[-3:]:
            s = s[:-1] + ("！" if s[-1] == "。" else "!")
        elif controls.energy <= 0.4:
            s = s.replace("!", ".").replace("！", "。")
            s = re.sub(r"\.{2,}", ".", s)
        out.append(s)
    text = " ".join(out) if lang == "en" else "".join(out)
    text = re.sub(r"\s{2,}", " ", text).strip()
    for h, k in holders.items():
        text = text.replace(h, k)
    return text
