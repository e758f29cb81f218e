"""A misspelt question word read as the word (session 18, brief Q; session 20, brief P; docs/perception.md).

Viewers misspell the question word itself ("wich country won the most medals", "waht time is it", "wen does
the final start", "wher was the race", "howmany medals"); perception's question reading keys on the spelled
word, so such a line was read as chit-chat. :func:`read_question_words` gives the line as perception should
read it: a word at a clause's opening (a line's first word after lead-in words and an opening @-address, or
the first word after "," ";" ":" " - " "...") is read as the question word the knowledge layer reads it as
(session 20, brief P: one reader for both floors, ``knowledge.question_words.misspelt_wh``):

- one edit from exactly one question word (a letter dropped, added or changed, or two neighbours swapped),
  else the one it is a letter short of ("wht": what, not who; "wher": where, not when); still two ("wh": who
  or why): not read;
- never a stopword nor a common word of English (SCOWL size 35, ``knowledge.word_lists.common_words()``:
  "were", "hot", "hoe", "wot"; and beside it, alone where the lists are not installed, the closed
  :data:`ENGLISH` list, the English words one such edit from a question word: "wo", "whoa");
- here, besides: the word keeps the question word's first letter ("ow", "hwat" are not read); a question
  word's own contraction typed without its apostrophe is read as typed where the product reads it already
  (:data:`READ_AS_TYPED`: "whats", "whos"), else as the contraction ("whens" -> "when's", "whys"; session 20,
  brief P1b), and a misspelt one with it ("wats" -> "what's"); not before a phrasal verb's particle
  (:data:`PARTICLES`: "hol up" is "hold up"; session 21, brief P3).

"how" joined to its measure word ("howmany", "howlong") is read as the two words, and "wut" (two edits from
"what", a chat spelling) as "what". Misspelt auxiliaries ("cna", "si") are not read (docs/perception.md,
session 20, brief P: in real chat the only such word before a subject is "im", I'm). Pure, no I/O (the
common-word lists are read once, as the Answerer reads them).
"""

from __future__ import annotations

import re

from agent.perception.inversion import HOW_MEASURE, LEAD
from knowledge import word_lists
from knowledge.question_words import misspelt_wh

QUESTION_WORDS = ("what", "when", "where", "which", "who", "whose", "why", "how")
#: English words one edit from a question word with its first letter (and contractions typed without the
#: apostrophe): the common words where SCOWL's lists are not installed (session 18's closed list).
ENGLISH = frozenset(
    "wheat whet whit wham whap whats wren whin whey whee whew were wheres whore whare whish "
    "wo woo whoa whom whoo whop whos way wry whys ho hew haw hot hop hog hoe hob hod hoy hon hoc hoo "
    "hoi hos howl howe hows".split()
)
#: a question word's contraction without its apostrophe that the product reads as typed (``inversion``'s, and
#: screening's); another ("whens", "whys") is read as the contraction (session 20, brief P1b)
READ_AS_TYPED = frozenset("whats whos wheres hows".split())
#: chat spellings more than one edit from their question word
CHAT = {"wut": "what", "wuts": "what's"}
_TOKEN = re.compile(r"[A-Za-z']+")
_CLAUSE = re.compile(r"[,;:]|\s-\s|\.\.\.")
_JOINED = {f"how{m}": f"how {m}" for m in HOW_MEASURE}
#: adverb particles of phrasal verbs (session 21, brief P3): a word before one is a verb ("hol up", "hol on":
#: "hold up"), never a question word, whose continuation is an auxiliary, a subject or a measure word
PARTICLES = frozenset("up down out off on over away back around".split())


def _common(word: str) -> bool:
    """Whether ``word`` is a common word of English: SCOWL 35's, or one of :data:`ENGLISH` (beside it, and
    alone where the lists are not installed)."""
    words = word_lists.common_words()
    return word in ENGLISH or (words is not None and word in words)


def question_word(word: str) -> str | None:
    """The question word a misspelt ``word`` stands for (module docstring), or None."""
    low = word.lower()
    if low in _JOINED:
        return _JOINED[low]
    if low in CHAT:
        return CHAT[low]
    if not low.isalpha():
        return None
    if low.endswith("s") and low[:-1] in QUESTION_WORDS:  # session 20, brief P1b
        return None if low in READ_AS_TYPED else f"{low[:-1]}'s"
    read = misspelt_wh(low, _common)
    return read if read is not None and read[0] == low[0] else None


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
        particle = i + 1 < len(tokens) and tokens[i + 1].group().lower() in PARTICLES
        if i < len(tokens) and not particle and (read := question_word(tokens[i].group())) is not None:
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
