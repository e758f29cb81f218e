"""The answer is the heading: a sentence that speaks of its section's subject by "it", "she" or "the venue"
(session 18, brief H; the figures are in the commit that hooked it into ``heading_answer``).

"which olympic sport had no womens event" was answered with "At Beijing 2022 it was the only Olympic sport
with no women's event." (the guide's section "Nordic combined"): the sentence holds the fact, but its subject
is "it", the section's heading, so the short answer a viewer needs is only in the heading. The documents
write so in every kind of section: a venue ("Nicknamed the "Snow Dragon", its 1,975-metre track ... hosted
bobsleigh"), an athlete ("As a child he acted in the film ..."), a product ("It is made from recycled ski
goggle straps.").

The rule, for a question that asks for the thing itself (:func:`asked_kind`: which/what + a kind noun -
sport, event, venue, product, athlete -, "who" for a person, "where" for a venue), answered by a sentence
under a heading path:

1. the nearest heading of the path that names a thing of the asked kind (:func:`kind_heading`: a sport or an
   event by the event lexicon, ``knowledge.events``; a venue, product or person by a name - every word
   capitalized - under a heading that names the kind: "Beijing 2022 venues", "official merchandise",
   "Athletes to know"; a venue also by its noun: "... Stadium", "... Centre") and that the question does not
   name already ("where is the national sliding centre" asks where it is, not which it is);
2. the sentence refers to it without naming it (:func:`refers`): for a sport or event, the sentence names no
   sport (event) at all, as session 13's rule read it; for the others, the sentence holds a referring word
   of the kind ("it"/"its"/"they" for a thing, "he"/"she"/"his"/"her" for a person, or "the ... venue") and no
   name (two capitalized words, quotes left out) stands before that word for it to point back to, or it is a
   fragment the path already put its heading before ("Hosted all biathlon events.").

Then the heading is the short answer and is said before the sentence ("Nordic combined: At Beijing 2022 it
was ..."), as session 13 did for a sport. A sentence that names the answer itself is left alone: "The Panda
Beanie costs $22. It is a one-size acrylic knit hat..." names a product before "It". Pure functions.
"""

from __future__ import annotations

import re

from knowledge import events, nlp

#: kind -> the nouns a question asks for it with (singular; a plural "s" is read too)
KIND_NOUNS: dict[str, tuple[str, ...]] = {
    "sport": ("sport", "discipline"),
    "event": ("event", "race", "competition"),
    "venue": ("venue", "arena", "stadium", "centre", "center", "building", "site"),
    "product": ("product", "item", "merch", "merchandise", "gift"),
    "person": ("athlete", "skier", "skater", "snowboarder", "biathlete", "player", "person", "competitor"),
}
#: kind -> words of an ancestor heading saying its sections are things of that kind (a name under it is one)
KIND_PARENTS: dict[str, tuple[str, ...]] = {
    "venue": ("venue", "venues", "arenas", "stadiums"),
    "product": ("merchandise", "merch", "shop", "products", "catalog", "catalogue"),
    "person": ("athletes", "people", "skiers", "skaters", "players", "competitors"),
}
#: the last word of a venue's name
VENUE_HEADS = frozenset({"stadium", "centre", "center", "arena", "oval", "park", "hall", "rink", "cube"})
#: the words that refer back to a thing or to a person
_THING_WORDS = frozenset({"it", "its", "they", "their", "them"})
_PERSON_WORDS = frozenset({"he", "she", "his", "her", "him", "hers"})
#: lower-case words a name may hold ("Pip the Penguin Plush", "National Indoor Stadium and Wukesong ...")
_NAME_LINKS = frozenset({"the", "of", "and", "de", "van", "der", "von", "du", "la", "le"})
_WH = re.compile(r"\b(?:what|which|wich|wat|whats|what's|who|whom|whose|where|when|why|how)\b")
_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][\w'\u2019-]*")
_PREPOSITIONS = frozenset({"of", "in", "at", "for", "from", "on", "by", "with", "to", "about", "into"})
_QUOTED = re.compile(r"[\"\u201c][^\"\u201d]*[\"\u201d]")


_KIND_OF = {n + plural: kind for kind, nouns in KIND_NOUNS.items() for n in nouns for plural in ("", "s")}
_NOUN = "(?P<noun>" + "|".join(sorted(_KIND_OF, key=len, reverse=True)) + ")"
_ASKED = re.compile(rf"\b(?:what|which|wich|wat|whats|what's)\s+(?:[\w'-]+\s+){{0,2}}?{_NOUN}\b")
_WHICH_ONE = re.compile(rf"\b{_NOUN}\b.*\b(?:which|what)(?:\s+ones?)?\s*\??\s*$")
_BARE = re.compile(rf"\b{_NOUN}\b")


def asked_kind(question: str) -> str:
    """The kind of thing a question asks for as its answer ("" when none): which/what + at most two words +
    a kind noun, the nearest noun deciding ("which olympic sport", "what venue", "which venue hosted
    events" asks for a venue); else a kind noun that heads the question's first phrase (no preposition
    before it, none but a stopword after it: "only new competition venue in beijing city?", not "nickname of
    the ski jump venue?" nor "sliding centre nickname?") in a question with no question word or ending
    "which one" ("... big air venue is which one"); else "who" asks for a person and "where" for a venue."""
    q = nlp.fold(question).lower()
    found = _ASKED.search(q)
    if found is not None:
        return _KIND_OF[_head(q, found)[0]]
    bare = _WHICH_ONE.search(q) or (None if _WH.search(q) else _BARE.search(q))
    if bare is not None:
        noun, end = _head(q, bare)
        after = re.findall(r"[a-z'-]+|[^\sa-z'-]", q[end:])[:1]
        if not set(q[: bare.start()].split()) & _PREPOSITIONS and (
            not after or after[0] in nlp.STOPWORDS or not after[0][0].isalpha()
        ):
            return _KIND_OF[noun]
    if re.search(r"\bwho\b", q):
        return "person"
    if re.search(r"\bwhere\b", q):
        return "venue"
    return ""


def _head(q: str, found: re.Match[str]) -> tuple[str, int]:
    """The matched kind noun, or the last of the kind nouns right after it (a compound's head: "competition
    venue"), and where it ends."""
    noun, end = found.group("noun"), found.end("noun")
    for m in re.finditer(r"\s*([a-z'-]+)", q[end:]):
        if m.group(1) not in _KIND_OF:
            break
        noun, end = m.group(1), end + m.end()
    return noun, end


def is_name(text: str) -> bool:
    """Every word of ``text`` is capitalized (or a digit, or a linking word of a name, not the first): a
    name ("Big Air Shougang", "Pip the Penguin Plush"), not a topic ("Ordering, shipping and returns")."""
    words = _WORD.findall(text)
    if not words or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or w.lower() in _NAME_LINKS for w in words)


def kind_heading(kind: str, context: str) -> str:
    """The nearest heading of a heading path ("A > B > C") that names a thing of ``kind`` ("" when none)."""
    path = [h.strip() for h in context.split(" > ")]
    for i in range(len(path) - 1, -1, -1):
        if path[i] and _of_kind(kind, path[i], path[:i]):
            return path[i]
    return ""


def _of_kind(kind: str, heading: str, above: list[str]) -> bool:
    if kind in ("sport", "event"):
        return bool(events.mentions(heading)[kind])
    if not is_name(heading):
        return False
    if kind == "venue" and nlp.fold(heading).lower().split()[-1] in VENUE_HEADS:
        return True
    parents = KIND_PARENTS.get(kind, ())
    return any(w in parents for h in above for w in re.findall(r"[a-z]+", nlp.fold(h).lower()))


def names_heading(question: str, heading: str) -> bool:
    """The question names the heading already: every content word of it (stemmed)."""
    wanted = set(nlp.tokenize(heading))
    return bool(wanted) and wanted <= set(nlp.tokenize(question))


def refers(kind: str, sentence: str, fragment: bool = False) -> bool:
    """``sentence`` speaks of a thing of ``kind`` without naming one (module docstring, 2): a sport or an
    event when it names none; else when it is a ``fragment`` (its subject left out) or holds a referring word
    of the kind with no name before it."""
    if kind in ("sport", "event"):
        return not events.mentions(sentence)[kind]
    if fragment:
        return True
    refer = _PERSON_WORDS if kind == "person" else _THING_WORDS
    nouns = {n + plural for n in KIND_NOUNS[kind] for plural in ("", "s")}
    text = _QUOTED.sub(lambda m: " " * len(m.group()), sentence)  # a quoted title refers to nothing
    words = list(_WORD.finditer(text))
    for i, m in enumerate(words):
        w = m.group().lower()
        if w in refer:
            return not _has_name(sentence[: m.start()])
        the = [x for x in words[max(0, i - 4) : i] if x.group().lower() in ("the", "this", "that")]
        if w in nouns and the:  # "the only new competition venue": a definite description of the kind
            return not _has_name(sentence[: the[0].start()])
    return False


def _has_name(text: str) -> bool:
    """Two capitalized words in a row (a sentence's first word counts unless it is a stopword): "At Beijing
    2022 it" names no one; "The Bird's Nest hosted ..., as it", "Su Yiming" and a nickname ("the "Water
    Cube" ... Its") do."""
    run = 0
    for m in _WORD.finditer(text):
        w = m.group()
        opener = not text[: m.start()].strip() or text[: m.start()].rstrip()[-1] in ".!?:"
        if w[:1].isupper() and not (opener and w.lower() in nlp.STOPWORDS):
            run += 1
            if run >= 2:
                return True
        else:
            run = 0
    return False


def heading_referent(question: str, sentence: str, context: str, fragment: bool = False) -> str:
    """The heading that answers ``question`` for ``sentence`` under ``context`` (module docstring), "" when
    the rule does not apply. ``fragment``: the sentence is a subjectless fragment the path put its heading
    leaf before ("Genting Snow Park: Hosted ...")."""
    kind = asked_kind(question)
    if not kind:
        return ""
    heading = kind_heading(kind, context)
    if not heading or names_heading(question, heading):
        return ""
    if fragment and heading != context.split(" > ")[-1].strip():
        return ""  # a fragment's subject is its own section's heading, no other
    if kind not in ("sport", "event") and heading.lower() in sentence.lower() and not fragment:
        return ""  # the sentence (or the one before it, said with it) names the heading itself
    return heading if refers(kind, sentence, fragment) else ""


def answer_heading(question: str, sentence: str, context: str, chunk: str) -> tuple[str, str]:
    """The sentence to say and the short answer when the heading answers (:func:`heading_referent`):
    ("Nordic combined: At Beijing 2022 it was ...", "Nordic combined"); a fragment the answer path already
    put its heading leaf before ("Genting Snow Park: Hosted ...", not so in ``chunk``) is said as it is.
    ("", "") when the rule does not apply."""
    leaf = context.split(" > ")[-1].strip()
    fragment = bool(leaf) and sentence.startswith(f"{leaf}: ") and f"{leaf}: " not in chunk
    own = sentence[len(leaf) + 2 :] if fragment else sentence
    heading = heading_referent(question, own, context, fragment)
    if not heading:
        return "", ""
    return (sentence if fragment else f"{heading}: {sentence}"), heading
