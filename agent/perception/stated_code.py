"""A question that names a code the base's own text states is no injection attempt by the word "code" alone
(session 26, brief J; issue 14; declared in docs/perception.md, "Session 26 (issue 14, brief J)", before
measuring).

The injection model (``injection.py``) was fitted on attacks that ask a defended prompt for its "access
code", so the word "code" weighs toward an injection: "which item has code SL-PC-14" scores 0.21 against a
threshold of 0.15 and the host refuses it ("I'm going to pass on that one"), while the base answers it (the
Ice Ribbon Phone Case, whose entry writes "Product code SL-PC-14."). ``core.asks_a_shop_code`` (session 14)
lets through only "product/item/discount ... code" side by side, so "which item has code ...", "code
SL-MG-03?" and "what has the code ..." stay refused.

J1: such a line is not read as an injection by the fitted model when all hold:

1. it names a **stated code**: a token of a code's shape (two or more capital letters, then one or more
   hyphen-joined parts of capital letters or digits, a digit among them: "SL-PC-14") that the base's own text
   writes (:func:`stated_codes`, read once when the Perception is built, at most ``text_names.MAX_CHUNKS``
   rows), matched in the line as a whole token whatever its case;
2. it has a question's form (``core.has_question_form``) and is at most :data:`MAX_CHARS` characters;
3. the hand-written ``injection.PATTERN`` does not fire (screening's own injection verdict is read before
   this and still wins);
4. the model does not flag the line once the word "code(s)" and the stated code are taken out: the flag came
   from the shop's words, not from the rest of the line.

Nothing changes for a base that writes no code, or a Perception built without a base.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from agent.perception.injection import PATTERN, InjectionModel, shared_injection
from agent.perception.question_forms import has_question_form
from agent.screening import Screening

#: the longest line read here (as ``core.asks_a_shop_code``)
MAX_CHARS = 120
#: a code as a catalogue writes one (case-sensitive in the base's text; a digit is required apart)
_CODE = re.compile(r"\b[A-Z]{2,}(?:-[A-Z0-9]+)+\b")
_CODE_WORD = re.compile(r"\bcodes?\b", re.I)


def codes_in(text: str) -> set[str]:
    """The code-shaped tokens ``text`` writes (lower-cased), each holding a digit."""
    return {c.lower() for c in _CODE.findall(text) if any(ch.isdigit() for ch in c)}


def stated_codes(kb: Any, limit: int | None = None) -> frozenset[str]:
    """The codes ``kb``'s text writes (:func:`codes_in` of its chunks but motion ones), lower-cased: at most
    ``limit`` rows (None: ``text_names.MAX_CHUNKS``), the lowest ids first; empty for a base without a
    store."""
    from agent.perception.text_names import MAX_CHUNKS, chunk_texts

    out: set[str] = set()
    for text in chunk_texts(kb, MAX_CHUNKS if limit is None else limit):
        out |= codes_in(text)
    return frozenset(out)


def _named(text: str, codes: Iterable[str]) -> list[str]:
    low = text.lower()
    return [c for c in codes if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", low)]


def asks_by_stated_code(
    text: str,
    screening: Screening,
    codes: frozenset[str],
    host: str = "",
    model: InjectionModel | None = None,
) -> bool:
    """J1 (module docstring): ``text`` is a short question naming a code of ``codes`` whose injection flag
    comes only from the code's words. ``host``: the persona's name (an @-address to it is no chat between
    viewers); ``model``: the injection model (None: the shipped one)."""
    if not codes or len(text) > MAX_CHARS or PATTERN.search(text):
        return False
    named = _named(text, codes)
    if not named or not has_question_form(text, screening, host):
        return False
    rest = text
    for code in named:
        rest = re.sub(rf"(?<![\w-]){re.escape(code)}(?![\w-])", " ", rest, flags=re.I)
    rest = " ".join(_CODE_WORD.sub(" ", rest).split())
    return not (model or shared_injection()).is_injection(rest)


__all__ = ["MAX_CHARS", "asks_by_stated_code", "codes_in", "stated_codes"]
