"""The standard form abbreviations of the date and place of birth and of birthday, read as written out
(session 26, brief T: C2; docs/knowledge.md, "Session 26, brief T", declared there before measuring).

"nathan chen dob" asks his date of birth; the base writes "born on 5 May 1999", and "dob" is no word of it, so
the answer path abstained, while "nathan chen date of birth" is answered. :func:`form_read` writes "dob" /
"d.o.b." as "date of birth", "pob" as "place of birth" and "bday" / "b-day" / "b'day" as "birthday", as whole
words; any other line comes back unchanged. Pure.
"""

from __future__ import annotations

import re

_FORMS = (
    (re.compile(r"(?<![\w.])(?:dob|d\.o\.b\.?)(?![\w.])", re.IGNORECASE), "date of birth"),
    (re.compile(r"(?<![\w.])pob(?![\w.])", re.IGNORECASE), "place of birth"),
    (re.compile(r"(?<![\w'-])b(?:-|')?day(?![\w'-])", re.IGNORECASE), "birthday"),
)


def form_read(question: str) -> str:
    """``question`` with the form abbreviations of birth written out (module docstring)."""
    for pattern, written in _FORMS:
        question = pattern.sub(written, question)
    return question


__all__ = ["form_read"]
