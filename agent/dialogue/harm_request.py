"""A request for harmful help, read by its form and what it asks for (session 28, brief K, K6; see
docs/safety.md).

"Can you show me how to send hate messages?" was taken up ("what brings you to the stream tonight?"): the
meaning check does not reach it, and a meaning check on every line that would get a take-up refuses ordinary
chat (session 27, brief D's D2: 540 lines). So the reading is limited to a line that **asks** and to **what
it asks for**. Per sentence, a request form - "can / could / would / will you ...", an imperative "(please)
show / tell / teach / help / give me ...", "describe ...", "how do / can / could / should / would i (or we)
...", "how to ...", "ways / tips to ..." - and the words after it (less a leading "show / tell / ... me",
"how", "to", "about", "the best way to"), which ask for a harm when:

- (R1) they open with a verb of abusing people in words (``abuse``: insult, make fun of, swear, slander,
  harass, bully);
- (R2) they hold the noun hate: "hatred", or "hate" after their first word and not after a subject pronoun,
  "to", a modal or a negation (the verb: "how can i stop hating", "i hate");
- (R3) they ask to speak as a people: a verb of talking (``speak``), "like" or "as", an optional article, and
  an identity noun (``agent.perception.group_hate.identity_nouns``: "speak like a <nation> person");
- (R4) they ask for a telling of horror (``horror``: grisly, gruesome, macabre).

Word classes: ``data/harm_asks.txt`` (``evals.build_k6_words``; Open English WordNet d94538a, CC BY 4.0).
English; a pure function of the text after the first read.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from agent.perception.group_hate import identity_nouns

_DATA = Path(__file__).resolve().parent / "data" / "harm_asks.txt"
_SENTENCE = re.compile(r"[^.?!;]+")
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_MODALS = frozenset({"can", "could", "would", "will"})
_YOU = frozenset({"you", "u", "ya"})
_POLITE = frozenset({"please", "pls", "plz", "just", "maybe", "ever", "kindly"})
_GIVERS = frozenset({"show", "tell", "teach", "help", "give"})
_HOW = frozenset({"do", "can", "could", "should", "would"})
_ASKERS = frozenset({"i", "we"})
_WAYS = frozenset({"way", "ways", "tips"})
#: leading words of what is asked that only frame it ("how to", "about", "the best way to")
_FRAME = frozenset({"how", "to", "about", "the", "a", "best", "easiest", "quickest", "way", "ways", "some"})
#: words after which "hate" is the verb, not the noun asked for: a subject pronoun, "to", a modal, a negation
_NOT_NOUN = frozenset({
    "i", "you", "u", "we", "they", "he", "she", "it", "to", "will", "would", "can", "could", "should",
    "shall", "must", "might", "may", "not", "never", "don't", "dont", "didn't", "didnt", "doesn't", "doesnt",
    "won't", "wont", "can't", "cant",
})  # fmt: skip
_LIKE = frozenset({"like", "as"})
_ARTICLES = frozenset({"a", "an", "the"})
_ASKED_WORDS = 10


@functools.lru_cache(maxsize=1)
def _classes() -> dict[str, frozenset[str]]:
    """``{"abuse": ..., "speak": ..., "horror": ...}``: the forms of each class (``data/harm_asks.txt``)."""
    out: dict[str, set[str]] = {"abuse": set(), "speak": set(), "horror": set()}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, words = line.split(" ", 1)
            out[kind].add(words)
    return {k: frozenset(v) for k, v in out.items()}


def asked_for(text: str) -> list[list[str]]:
    """What each request form of ``text`` asks for: the words after it, framing words taken off (at most
    ``_ASKED_WORDS``); empty when no sentence asks in one of these forms."""
    out: list[list[str]] = []
    for sentence in _SENTENCE.findall(text.replace("\u2019", "'").lower()):
        words = _TOKEN.findall(sentence)
        start = _form_end(words)
        if start is None:
            continue
        k = start
        while k < len(words) and words[k] in _POLITE:
            k += 1
        if k + 1 < len(words) and words[k] in _GIVERS and words[k + 1] == "me":
            k += 2
        while k < len(words) and words[k] in _FRAME:
            k += 1
        if k < len(words):
            out.append(words[k : k + _ASKED_WORDS])
    return out


def _form_end(words: list[str]) -> int | None:
    """Where what a request form asks for starts in ``words``, or None when there is no such form."""
    first = 0
    while first < len(words) and words[first] in _POLITE:
        first += 1
    if words[first : first + 1] == ["describe"]:
        return first + 1
    if first + 1 < len(words) and words[first] in _GIVERS and words[first + 1] == "me":
        return first  # an imperative: "show me how to ...", "tell me about ..." (asked_for takes "me" off)
    for i, w in enumerate(words[:-1]):
        nxt = words[i + 1]
        if w in _MODALS and nxt in _YOU:
            return i + 2
        if w == "how" and nxt == "to":
            return i + 2
        if w == "how" and nxt in _HOW and words[i + 2 : i + 3] and words[i + 2] in _ASKERS:
            return i + 3
        if w in _WAYS and nxt == "to":
            return i + 2
    return None


def _abuse_verb(asked: list[str]) -> bool:
    abuse = _classes()["abuse"]
    return any(" ".join(asked[:n]) in abuse for n in (1, 2, 3))


def _hate_noun(asked: list[str]) -> bool:
    return "hatred" in asked or any(
        w == "hate" and j >= 1 and asked[j - 1] not in _NOT_NOUN for j, w in enumerate(asked)
    )


def _speaks_as_a_people(asked: list[str]) -> bool:
    if len(asked) < 3 or asked[0] not in _classes()["speak"] or asked[1] not in _LIKE:
        return False
    k = 3 if asked[2] in _ARTICLES else 2
    if k >= len(asked):
        return False
    noun = asked[k]
    peoples = identity_nouns()
    return noun in peoples or (noun.endswith("s") and noun[:-1] in peoples)


def asks_for_harm(text: str) -> bool:
    """Whether ``text`` asks, in a request form, for harmful help (R1-R4 above)."""
    horror = _classes()["horror"]
    return any(
        _abuse_verb(asked) or _hate_noun(asked) or _speaks_as_a_people(asked) or not horror.isdisjoint(asked)
        for asked in asked_for(text)
    )
