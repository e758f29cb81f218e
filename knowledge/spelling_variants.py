"""A word spelt the other side of the Atlantic read as the base spells it (session 18, brief F2;
docs/knowledge.md "Session 18, brief F2").

The sample base is written in British spelling ("centre", "metres", "honour"); many viewers type American
("center", "meters", "honor"), and a user's own base may be the other way round. :func:`base_spelling` reads a
question word that the base does not hold as its other spelling when the base holds that one: one table of
British and American spellings, both directions, so the same rule serves either base. The table is codespell's
(``spelling_gb_us.txt`` beside this module, a verbatim copy with its provenance and licence in its header),
written by people who know nothing of this project.

Not hooked into the answer path (session 18): hooked in ``question_words.respell`` it answered four of the
probe's American-spelt questions more, and one more wrong (a question the base answers wrong when asked in
British spelling too), which the declared rule does not allow; docs/knowledge.md gives the hook and figures.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from knowledge import nlp

#: codespell's British -> American table, shipped with the product (see its header)
TABLE_FILE = Path(__file__).with_name("spelling_gb_us.txt")


@lru_cache(maxsize=1)
def variants(path: Path = TABLE_FILE) -> dict[str, tuple[str, ...]]:
    """Each spelling of the table -> its other spellings (British to American and back; sorted)."""
    pairs: dict[str, set[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        gb, sep, us = line.strip().partition("->")
        if line.startswith("#") or not sep or not gb.isalpha() or not us.isalpha() or gb == us:
            continue
        pairs.setdefault(gb, set()).add(us)
        pairs.setdefault(us, set()).add(gb)
    return {word: tuple(sorted(other)) for word, other in pairs.items()}


def base_spelling(
    low: str, in_base: Callable[[str], bool], table: dict[str, tuple[str, ...]] | None = None
) -> str | None:
    """The other spelling of ``low`` (a lower-case word) that the base holds: the one spelling in ``table``
    (:func:`variants`) whose stem ``in_base`` holds, when the stem of ``low`` itself is not held ("center" ->
    "centre" on a British-spelt base). None when ``low`` has no other spelling, the base holds ``low``'s own
    stem or none of the others, or several."""
    others = (variants() if table is None else table).get(low)
    if not others or in_base(nlp.stem(low)):
        return None
    held = [w for w in others if in_base(nlp.stem(w))]
    return held[0] if len(held) == 1 else None
