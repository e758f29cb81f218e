"""Chat spelling read as written English before a question is answered (session 16, docs/knowledge.md
"Session 16, brief R").

Viewers type "whats", "u", "bday", "womens downhill pls". The lexical side mostly copes (stopwords, the
stemmer), but the neural reader, whose margin the gate weighs, reads the question as written: "who won the
womens downhill at beijing 2022?" reads a margin of -4.8 where "women's" reads -1.5, and the gate vetoes an
answer the base holds. :func:`standard` rewrites the question once, before retrieval, scoring, the gate and
the reader see it.

The word lists are general English chat spelling (texting abbreviations, contractions typed without their
apostrophe, interjections), written from the language, not from any question file: no entry names a thing
the base holds. A word is rewritten only where it stands alone, in any case; a rewrite keeps a leading
capital. Nothing here reads the base: folding a misspelling to the base's own words is
``answer.respell``'s job, after this.
"""

from __future__ import annotations

import re

#: chat abbreviations to the words they stand for
ABBREVIATIONS: dict[str, str] = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "bday": "birthday",
    "bdays": "birthdays",
    "b-day": "birthday",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "2moro": "tomorrow",
    "2day": "today",
    "tonite": "tonight",
    "thru": "through",
    "tho": "though",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "ppl": "people",
    "abt": "about",
    "pic": "picture",
    "pics": "pictures",
    "yr": "year",
    "yrs": "years",
    "wat": "what",
    "wut": "what",
    "wen": "when",
    "gonna": "going to",
    "wanna": "want to",
    "rn": "right now",
    "w/": "with",
    "w/o": "without",
    "&": "and",
}

#: contractions typed without their apostrophe (only forms that are no other English word: not "its",
#: "were", "well", "ill", "id", "hell", "lets", "shell")
CONTRACTIONS: dict[str, str] = {
    w.replace("'", ""): w
    for w in """don't doesn't didn't isn't aren't wasn't weren't can't couldn't wouldn't shouldn't haven't
    hasn't hadn't won't i'm i've you're they're what's who's where's when's how's why's that's there's
    he's she's""".split()
}

#: the possessive of a plural that does not end in "s", typed without its apostrophe ("mens downhill")
POSSESSIVES = {"mens": "men's", "womens": "women's", "childrens": "children's", "peoples": "people's"}

#: interjections and politeness that ask nothing (dropped): "who won the downhill pls", "lol when is it"
FILLERS = frozenset(
    "pls plz plss plz pleaseee please lol lmao lmfao rofl haha hahaha hehe omg btw tbh ngl imo thx thnx "
    "tysm".split()
)

_WORD = re.compile(r"(?<![\w'/&-])(?:w/o|w/|&|[A-Za-z0-9]+(?:-[A-Za-z]+)?)(?![\w'/&-])")


def _rewrite(m: re.Match[str]) -> str:
    word = m.group()
    low = word.lower()
    if low in FILLERS:
        return ""
    new = ABBREVIATIONS.get(low) or CONTRACTIONS.get(low) or POSSESSIVES.get(low)
    if new is None:
        return word
    if low == "r" and word == "R":
        return word  # "R" as a letter or a name
    return new[0].upper() + new[1:] if word[0].isupper() else new


def standard(question: str) -> str:
    """``question`` with chat spelling written out ("whats ur bday pls" -> "what's your birthday");
    unchanged when it holds none. Idempotent."""
    out = _WORD.sub(_rewrite, question)
    if out == question:
        return question
    out = re.sub(r"\s+([?!.,])", r"\1", re.sub(r"[ \t]{2,}", " ", out)).strip()
    out = re.sub(r"^[,.!]\s*", "", out)
    return out or question
