"""Common words of English, from the word lists Debian installs (session 19, brief T; docs/knowledge.md
"Session 19, brief T"): a word a viewer typed that is one of them is read as written, whatever question word
it is one edit from ("hot" is no "how").

The lists are SCOWL's (Kevin Atkinson's Spell Checker Oriented Word Lists, as Debian packages them; a
permissive licence: use, copy, modify, distribute and sell, the copyright notice kept, which the packages'
``/usr/share/doc/*/copyright`` carry; nothing of them is copied into this repository). ``make sysdeps``
installs them (``wamerican-small wbritish-small``, 2020.12.07-2 in Debian bookworm): SCOWL size 35, common
words only, American and British (``/usr/share/dict/american-english-small``, ``british-english-small``).
"wen" is a rare (size 50) word and not among them; "hot", "hoe", "were", "wot" are.

Only entries written in lower case are words here (a capitalized entry is a name; "'s" forms are left out).
Where the lists are not installed, :func:`common_words` returns None and the reader that needs them reads
nothing (the question is taken as written): the degraded behaviour is the behaviour before session 19.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

#: where Debian's word list packages put their lists
DICT_DIR = Path("/usr/share/dict")
#: SCOWL size 35 (``wamerican-small``, ``wbritish-small``)
COMMON_LISTS = ("american-english-small", "british-english-small")


def read_lists(paths: tuple[Path, ...]) -> frozenset[str] | None:
    """The lower-case entries of the word lists at ``paths`` (one a line); None when one is missing."""
    out: set[str] = set()
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
        out.update(w for w in text.split() if w.isalpha() and w.islower())
    return frozenset(out)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str] | None:
    """SCOWL size 35's lower-case words (American and British), or None when the lists are not installed."""
    return read_lists(tuple(DICT_DIR / n for n in COMMON_LISTS))
