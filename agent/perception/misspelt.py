"""A misspelt question word read as the word (session 18, brief Q; declared in docs/perception.md).

Viewers misspell the question word itself ("wich country won the most medals", "waht time is it", "wen does
the final start", "wher was the race", "howmany medals"); perception's question reading keys on the spelled
word, so such a line was read as chit-chat. :func:`read_question_words` gives the line as perception should
read it: a word at a clause's opening (a line's first word after lead-in words and an opening @-address, or
the first word after "," ";" ":" " - " "...") is read as the question word w of ``QUESTION_WORDS`` when it is
no real word:

- its first letter is w's, and it is one edit from w (a letter dropped, added or changed, or two neighbouring
  letters swapped): "wich", "waht", "whn", "wen", "wher", "hw", "woh";
- it is not one of ``ENGLISH``, the English words one such edit from a question word ("were", "witch", "way",
  "hot", "whey", ...), nor a contraction typed without its apostrophe ("whats", "whos": read already);
- one edit from two question words, the one it is a letter short of wins ("wht": what, not who; "wher":
  where, not when); still two ("wh": who or why): not read.

"how" joined to its measure word ("howmany", "howlong") is read as the two words. Pure, no I/O; the word
lists are closed classes of English, not fitted.
"""

from __future__ import annotations

import re

from agent.perception.inversion import HOW_MEASURE, LEAD

QUESTION_WORDS = ("what", "when", "where", "which", "who", "why", "how")
#: English words one edit from a question word with its first letter (and contractions typed without the
#: apostrophe): never read as the question word.
ENGLISH = frozenset(
    "wheat whet whit wham whap whats wren whin whey whee whew were wheres whore whare whish "
    "wo woo whoa whom whoo whop whos way wry whys ho hew haw hot hop hog hoe hob hod hoy hon hoc hoo "
    "hoi hos howl howe hows".split()
)
_TOKEN = re.compile(r"[A-Za-z']+")
_CLAUSE = re.compile(r"[,;:]|\s-\s|\.\.\.")
_JOINED = {f"how{m}": f"how {m}" for m in HOW_MEASURE}


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` is one edit from ``b`` (a letter dropped, added, changed, or two neighbours swapped)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        i = diff[0]
        return len(diff) == 2 and diff[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def question_word(word: str) -> str | None:
    """The question word a misspelt ``word`` stands for (module docstring), or None."""
    low = word.lower()
    if low in _JOINED:
        return _JOINED[low]
    if len(low) < 2 or low in ENGLISH or low in QUESTION_WORDS or not low.isalpha():
        return None
    near = [w for w in QUESTION_WORDS if w[0] == low[0] and _one_edit(low, w)]
    if len(near) > 1:
        near = [w for w in near if len(w) == len(low) + 1]  # the one it is a letter short of
    return near[0] if len(near) == 1 else None


def _respelled(word: str, read: str) -> str:
    """``read`` in ``word``'s case: "WICH" -> "WHICH", "Wich" -> "Which"."""
    if word.isupper() and len(word) > 1:
        return read.upper()
    return read[0].upper() + read[1:] if word[0].isupper() else read


def read_question_words(text: str) -> str:
    """``text`` with each misspelt question word at a clause's opening spelled as the word (module docstring);
    ``text`` itself when there is none. Only those words change; everything else stays as typed."""
    out: list[str] = []
    last = 0
    for clause in _clause_spans(text):
        start = clause[0]
        if start == 0 and text.lstrip().startswith("@"):  # past an opening @-address
            start = len(text) - len(text.lstrip()) + len(text.split(maxsplit=1)[0])
        tokens = list(_TOKEN.finditer(text, start, clause[1]))
        i = 0
        while i < len(tokens) and tokens[i].group().lower() in LEAD:
            i += 1
        if i < len(tokens) and (read := question_word(tokens[i].group())) is not None:
            m = tokens[i]
            out += [text[last : m.start()], _respelled(m.group(), read)]
            last = m.end()
    return "".join(out) + text[last:] if out else text


def _clause_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _CLAUSE.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    return spans + [(start, len(text))]
