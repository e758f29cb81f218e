"""A take-up that follows the line (issue 14, session 28, brief W): a quiet acknowledgement, not a stock
question.

Since brief C's R1 (s27) a comment with nothing specific to take up gets a line of the realizer's ``reply``
table, a question about the show, whatever was said: "i lost my job today" -> "have you ever tried curling?",
"you're a good host" -> a survey question, no thanks. ``quiet_kind`` reads a statement that asks nothing,
clause by clause, into a kind of quiet line the realizer says first (``LINES``; the stock question when all of
that kind were said within ``reuse.REUSE_TURNS`` turns):

- ``sorry`` first for sad news told, whoever it is about (``hurt.tells_hurt``: "too bad he passed away", "my
  grandma is in the hospital"; session 31, brief W, S1);
- ``thanks``: a compliment to the host (a second-person word and a positive evaluative adjective in a clause);
- a first-person statement of the viewer's own life: ``sorry`` (a negative evaluative adjective or a sad/fear
  word of ``data/sorrow.txt`` in a first-person clause, or perception's label sadness, anger or fear), else
  ``heard`` (the lead's mend W1W2n: a ``glad`` kind for a positive clause was measured and dropped - chat
  opinions open with "i think", and "Good for you!" to "I'm not a big fan of X" is worse than no line);
- ``fair``: an opinion (a negative evaluative adjective in a clause naming neither the viewer nor the host).

The adjectives are ``data/evaluative.txt`` (Open English WordNet, built by ``python -m
evals.build_evaluative_words``); a clause's negation ("not", "never", a "n't" word) cancels what follows it.
``Quiet`` carries a viewer's sorrow two lines on (W2): after the host's kind line (``sorrow.kind_line``), the
viewer's next two statements get ``still`` ("I'm here, ren. Take your time."), not small talk or a cheerful
line.
The lines are fixed; the viewer's words are never said back. Pure; English only.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from agent.dialogue.catch_up import conversation_key
from agent.dialogue.hurt import tells_hurt
from agent.dialogue.sorrow import sorrow_words

_DATA = Path(__file__).resolve().parent / "data"
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CLAUSE = re.compile(r"[.?!;,:]+")
_FIRST = frozenset({
    "i", "i'm", "im", "i've", "ive", "i'd", "i'll", "we", "we're", "we've", "we'd", "we'll", "my", "our",
})  # fmt: skip
_SECOND = frozenset({"you", "you're", "youre", "ur", "u", "your", "yours"})
_NEGATION = frozenset({"not", "no", "never", "nothing", "nobody", "hardly", "cant", "dont", "wont", "isnt"})
#: before an -ing word, the speaker's own be-form: "i'm trying", "we're cutting" are verbs, not judgements
_SPEAKER_BE = frozenset({"i'm", "im", "we're", "am"})
_NEGATIVE_LABELS = frozenset({"sadness", "anger", "fear"})
#: lines after a kind line (``sorrow.kind_line``) that are carried in the sorrow's context (W2)
CARRY = 2
_KEEP = 4096  # viewers remembered at most (a bounded memory: the oldest is forgotten first)

LINES: dict[str, dict[str, tuple[str, ...]]] = {
    "casual": {
        "thanks": (
            "Thanks, {name} - that's kind of you.",
            "Aw, thank you, {name}. That means a lot.",
            "That's lovely to hear, {name}. Thank you.",
        ),
        "sorry": (
            "Sorry to hear that, {name}.",
            "Oh no, that's rough, {name}.",
            "That's a tough one, {name}. I'm sorry.",
        ),
        "heard": ("Mm, I see, {name}.", "Thanks for telling me, {name}.", "Thanks for sharing that, {name}."),
        "fair": ("Fair point, {name}.", "I hear you, {name}.", "Noted, {name} - thanks for being honest."),
        "still": (
            "I'm here, {name}. Take your time.",
            "Thank you for telling me about it, {name}.",
            "I'm listening, {name}.",
        ),
    },
    "formal": {
        "thanks": ("Thank you, {name}; that is kind of you.", "That is generous of you, {name}. Thank you."),
        "sorry": ("I am sorry to hear that, {name}.", "That sounds difficult, {name}. I am sorry."),
        "heard": ("Thank you for telling me, {name}.", "I appreciate you sharing that, {name}."),
        "fair": ("That is a fair point, {name}.", "Understood, {name}. Thank you for the feedback."),
        "still": ("Take all the time you need, {name}.", "Thank you for sharing that with me, {name}."),
    },
}
#: kinds said calmly: an energetic register's "!" is taken off (as a don't-know's)
CALM = frozenset({"sorry", "heard", "fair", "still"})


@functools.lru_cache(maxsize=1)
def _words() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """``data/evaluative.txt`` as ``{word: sign}``, the head members, and OEWN's adverbs."""
    signs: dict[str, str] = {}
    heads: set[str] = set()
    for line in (_DATA / "evaluative.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            sign, word, *rest = line.split()
            signs[word] = sign
            if rest:
                heads.add(word)
    adverbs = {
        w.strip() for w in (_DATA / "adverbs.txt").read_text(encoding="utf-8").splitlines() if w[:1].isalpha()
    }
    return signs, frozenset(heads), frozenset(adverbs)


def _signs(words: list[str]) -> set[str]:
    """The signs ("pos", "neg") of the evaluative words of one clause: none after a negation; an adverb that
    is no head member only as the clause's last word ("super tired" is none); an -ing word after the
    speaker's be-form is a verb ("i'm trying")."""
    table, heads, adverbs = _words()
    sad = sorrow_words()["a"]
    out: set[str] = set()
    for k, word in enumerate(words):
        if word in _NEGATION or word.endswith("n't"):
            break
        sign = table.get(word) or ("neg" if sad.get(word) in ("sad", "fear") else None)
        if sign is None:
            continue
        if word in adverbs and word not in heads and k != len(words) - 1:
            continue
        if word.endswith("ing") and k > 0:
            before, subject = words[k - 1], words[k - 2 : k - 1]
            if before in _SPEAKER_BE or (before in ("are", "was", "were") and subject in (["i"], ["we"])):
                continue
        out.add(sign)
    return out


def quiet_kind(text: str, label: str = "neutral") -> str | None:
    """The kind of quiet line for a statement that asks nothing (English; the caller has read that it asks
    nothing), or None: the stock take-up as before. ``label``: perception's emotion label for the line."""
    clauses = [_TOKEN.findall(c) for c in _CLAUSE.split(text.lower().replace("’", "'"))]
    clauses = [c for c in clauses if c]
    if not clauses:
        return None
    if tells_hurt(text):  # sad news, whoever it is about: never "Thanks for telling me" (s31, brief W, S1)
        return "sorry"
    first_signs: set[str] = set()
    opinion: set[str] = set()
    first_person = False
    for words in clauses:
        signs = _signs(words)
        if _SECOND & set(words) and "pos" in signs:
            return "thanks"
        if _FIRST & set(words[:3]):
            first_person = True
            first_signs |= signs
        elif not _SECOND & set(words):
            opinion |= signs
    if first_person and sum(map(len, clauses)) >= 3:
        if "neg" in first_signs or label in _NEGATIVE_LABELS:
            return "sorry"
        return "heard"
    return "fair" if "neg" in opinion else None


def quiet_lines(kind: str, register: str) -> list[str]:
    """The fixed lines of ``kind`` in ``register`` ("casual" or "formal")."""
    return list(LINES["formal" if register == "formal" else "casual"].get(kind, ()))


def viewer_of(event: Any) -> str:
    """One viewer in one conversation (a channel's viewer, a direct message's user)."""
    return f"{conversation_key(event)}|{getattr(getattr(event, 'user', None), 'id', '') or ''}"


class Quiet:
    """A viewer's sorrow carried ``carry`` lines on (W2): ``comforted`` after the host's kind line to them;
    ``kind`` once a turn for each of their lines."""

    def __init__(self, carry: int = CARRY) -> None:
        self.carry = carry
        self._left: dict[str, int] = {}

    def comforted(self, viewer: str) -> None:
        if self.carry > 0:
            self._left.pop(viewer, None)
            self._left[viewer] = self.carry
            if len(self._left) > _KEEP:
                del self._left[next(iter(self._left))]

    def kind(self, viewer: str, text: str, label: str, lang: str, asks: bool) -> str | None:
        """The quiet kind for this line of ``viewer`` (None: the stock take-up); counts the carried lines."""
        left = self._left.pop(viewer, 0)
        if left > 1:
            self._left[viewer] = left - 1
        if lang != "en" or asks:
            return None
        return "still" if left else quiet_kind(text, label)


__all__ = ["CALM", "CARRY", "LINES", "Quiet", "quiet_kind", "quiet_lines", "viewer_of"]
