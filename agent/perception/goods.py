"""Goods asked for, and what a newcomer missed (session 23, brief P; docs/perception.md, "Session 23 (issue
14, brief P)", declared there before measuring).

P10. "do you have beanies?" and "do u have hoodies in kids sizes" were read as questions to the host about
itself (``host_questions``' "do you have ..." doing) and got the card's "I'm an AI, so that one's not part of
my story". :func:`asks_for_goods` reads such a line as a question to the shop: the catalogue's shop-question
reading finds a thing asked (``knowledge.catalogue.asked_thing``, "do you have/sell X"), and either a shop
attribute is asked of it (``knowledge.shop_attributes.attribute_asked``: "in kids sizes", "in red") or one of
its words is a kind of the goods the host knows (:func:`goods_kinds`: the last word of each name of the
persona's merchandise and of the base's heading names, singular and plural). "do you have siblings", "do u
have a boyfriend" name no such kind and stay the host's.

P11. "hi hi, what did I miss?" was put to the base and answered with an unrelated fact.
:func:`asks_what_was_missed` reads a line that asks what its writer missed of the stream ("what did i miss",
"did i miss anything", "what have i missed", "catch me up") - the object a wh-word or an indefinite, never a
thing named ("did i miss the downhill final?" asks the base) - so that perception reads it as a greeting (a
viewer arriving).

P14 and P15 (session 24, brief P; docs/perception.md, "Session 24 (issue 14, brief P)"). "do you have a
white cat" got a don't-know: a colour is a shop attribute, and "white" (the base's "Shaun White") a goods
kind. A kind is now a thing a shop could sell (:func:`goods_kinds`: no colour word, nothing of a person's
name), and where the goods are known a shop question names one (:func:`asks_for_goods`). "do you have a
white hoodie" was read as abuse (the model's "white"): :func:`abuse_names` leaves the colour words out of
what the abuse model scores in a line that names a goods kind.

P17 (session 25, brief P; docs/perception.md, "Session 25 (issue 14, brief P)"). "this mug is for white folks
only" got "Oops, sorry! Let me fix that!": P15's mute hid the colour the line says of people. A colour word
followed by a word that names people (:func:`said_of_people`) stays in what the abuse model scores, unless a
goods kind follows that word ("do you have a white kids hoodie": the colour is the hoodie's; reviewer V5).

Pure, no I/O.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable

#: Endings whose plural takes "-es" ("glass" -> "glasses"), for ``merchandise_kinds``.
_SIBILANT_END = re.compile(r"(?:s|x|z|ch|sh)$")


def merchandise_kinds(merchandise: Iterable[str]) -> tuple[str, ...]:
    """The kind word of each merchandise name (its last word, lower-cased: "Powder hoodie" -> "hoodie"), in
    its singular and plural spellings ("hoodie", "hoodies"; "mittens", "mitten"). The abuse model scores a
    line less these (session 21, brief P2, docs/perception.md): the n-grams inside "hoodies" (" ho", "dies")
    read "how much are your hoodies" as abuse."""
    out: set[str] = set()
    for name in merchandise:
        words = re.findall(r"[a-z]+", name.lower())
        if not words or len(w := words[-1]) < 3:
            continue
        out.add(w)
        if w.endswith("s") and not w.endswith("ss"):
            out.add(w[:-1])
        elif w.endswith("y") and w[-2] not in "aeiou":
            out.add(w[:-1] + "ies")
        else:
            out.add(w + ("es" if _SIBILANT_END.search(w) else "s"))
    return tuple(sorted(out))


def _a_person(name: str) -> bool:
    """``name`` is a person's name by its form: its first word a census first name and its last a census
    surname (``abuse.person_names``: "Shaun White"; not "Panda Beanie")."""
    from agent.perception.abuse import person_names  # the abuse model's list; here: loaded only when asked

    words = re.findall(r"[a-z]+", name.lower())
    first, last = person_names()
    return len(words) >= 2 and words[0] in first and words[-1] in last


def goods_kinds(names: Iterable[str]) -> frozenset[str]:
    """The kind words of ``names`` (the persona's merchandise and the base's heading names): each name's
    last word, singular and plural (:func:`merchandise_kinds`: "Panda Beanie" -> "beanie", "beanies"). P14
    (s24, brief P): a kind is a thing a shop could sell, so no colour word (``shop_readers.COLOURS``) and
    nothing of a person's name by its form ("Shaun White" gives no "white"); a name ending in a container
    noun gives the word before it too, as the catalogue reads it ("Podium Pin Set": set, pin)."""
    from knowledge.catalogue import _CONTAINERS  # the catalogue's own reading of a product's name
    from knowledge.shop_readers import COLOURS  # floor 1, pure

    things = [n for n in names if not _a_person(n)]
    held = [" ".join(w[:-1]) for n in things if len(w := n.lower().split()) >= 2 and w[-1] in _CONTAINERS]
    kinds = merchandise_kinds([*things, *held])
    return frozenset(k for k in kinds if k not in COLOURS and k.removesuffix("s") not in COLOURS)


def names_goods(text: str, kinds: Collection[str]) -> bool:
    """A word of ``text`` is a goods kind (``kinds``: :func:`goods_kinds`), as written or through one of
    the catalogue's noun stems of it ("scarves" -> "scarf"; s23, brief P2, P13)."""
    from knowledge.catalogue import noun_stems  # floor 1, pure; here: loaded only when asked

    return any(w in kinds or not noun_stems(w).isdisjoint(kinds) for w in re.findall(r"[a-z][a-z'-]*", text))


def asks_for_goods(text: str, kinds: Collection[str]) -> bool:
    """P10 (module docstring): ``text`` asks the shop for a thing ("do you have X"), with a shop attribute
    asked ("in kids sizes", "in blue") or a word of X a kind of the goods the host knows (``kinds``:
    :func:`goods_kinds`). P14's second half (s24, brief P: where the goods are known, an attribute alone no
    longer made a shop question) was taken back by the lead after the reviewer's V1: "do you have socks in
    blue" and "do you have t-shirts in xl" (the catalogue's "tee") got the card's "I'm an AI" line, and the
    latter lost its right answer; "do you have a white cat" gets the don't-know of 20b3e3a again."""
    from knowledge.catalogue import asked_thing  # floor 1, pure; here: loaded only when asked
    from knowledge.shop_attributes import attribute_asked

    asked = asked_thing(text)
    if asked is None or not asked[1]:
        return False
    if GIFT_NOUN.search(asked[0]) is not None:
        return True  # s30, brief G2: "do you have gift cards" - a thing given is bought, never the host's
    return attribute_asked(text) is not None or names_goods(asked[0], kinds) or _gift_request(text)


def asks_shop_for_goods(text: str, kinds: Collection[str]) -> bool:
    """P16 (s24, brief P3): ``text`` is a shop ask (``knowledge.catalogue.asked_thing``: "do you have X", and
    the elliptical "got any X", "u got X", "any X left", "X in stock", "selling X", "where can i buy X") whose
    thing names a goods kind (``kinds``: :func:`goods_kinds`): perception reads it as a question ("got any
    mugs" was praise). "got any tips for skiing" names none and is read as before. Session 30 (brief G2,
    G2a): a gift or what-to-buy request (``knowledge.shop_gift.asked``: a clause that asks - "recommend a
    gift", "what should i get my sister", "gift ideas pls" - and a gift, recipient, occasion or budget said)
    asks the shop too; a statement ("the mug was a gift from my mom") is read as before."""
    from knowledge.catalogue import asked_thing  # floor 1, pure; here: loaded only when asked

    if not kinds:
        return False
    asked = asked_thing(text)
    if asked is not None and asked[1] and names_goods(asked[0], kinds):
        return True
    return _gift_request(text)  # s30, brief G2 (G2a): "can you recommend a gift for my dad"


#: the everyday nouns of a thing given (``knowledge.shop_gift``'s class; s30, brief G2)
GIFT_NOUN = re.compile(r"\b(?:gifts?|presents?)\b")


def _gift_request(text: str) -> bool:
    """Whether ``text`` asks the shop to suggest something to buy (``knowledge.shop_gift.asked``, s30 G2a)."""
    from knowledge.shop_gift import asked as gift_asked  # floor 1, pure; here: loaded only when asked

    return gift_asked(text) is not None


def abuse_names(text: str, names: tuple[str, ...], kinds: Collection[str]) -> tuple[str, ...]:
    """P15 (s24, brief P): what the abuse model leaves out of ``text``: ``names`` (the host's names and
    goods kinds), and the colour words too where ``text`` names a goods kind ("do you have a white hoodie":
    the model read the colour as hate speech), less those said of people (P17). One of a few tuples per
    Perception: the pattern stays cached."""
    from knowledge.shop_readers import COLOURS  # floor 1, pure

    low = text.lower()
    words = re.findall(r"[a-z]+", low)
    if not kinds or COLOURS.isdisjoint(words):  # no colour said: nothing to leave out
        return names
    if not names_goods(low, kinds):
        return names
    of_people = frozenset(
        c
        for i, (c, w) in enumerate(zip(words, words[1:], strict=False))
        if c in COLOURS and said_of_people(w) and not names_goods(" ".join(words[i + 2 : i + 3]), kinds)
    )  # "white kids hoodie": the people word names whom the goods are for, the colour is the goods'
    return _with_colours(names, of_people)  # P17 (s25, brief P): a colour said of people stays scored


@functools.lru_cache(maxsize=16)
def _with_colours(names: tuple[str, ...], kept: frozenset[str] = frozenset()) -> tuple[str, ...]:
    from knowledge.shop_readers import COLOURS  # floor 1, pure

    return tuple(sorted({*names, *(COLOURS - kept)}))


#: P17 (s25, brief P): Open English WordNet's synsets of persons in general, whose members are no noun.person
#: word: person%1:03:00 (noun.Tops), people%1:14:00 and folk%1:14:00 (noun.group)
_PERSONS = frozenset(
    {"person", "individual", "someone", "somebody", "mortal", "soul", "people", "folk", "folks"}
)


def said_of_people(word: str) -> bool:
    """P17 (s25, brief P): ``word`` (lower case) names people: a member of WordNet's person, people or folk
    synsets (:data:`_PERSONS`), or a noun.person word (``knowledge.roles.person_nouns``) or its plural ("-s",
    "-es", "men" of "man", "children" of "child"), so a colour before it is said of them ("white folks")."""
    from knowledge.roles import person_nouns  # floor 1, pure; read once a process

    nouns = person_nouns()
    return (
        word in _PERSONS
        or word in nouns
        or (word.endswith("s") and word[:-1] in nouns)
        or (word.endswith("es") and word[:-2] in nouns)
        or (word.endswith("men") and word[:-3] + "man" in nouns)
        or (word.endswith("dren") and word[:-3] in nouns)
    )


#: P11: what the writer missed of the stream, asked (a general class: the first person, "miss" in the past or
#: the perfect, a wh-word or an indefinite as its object), or "catch/fill me up/in" ending the line
_MISSED = re.compile(
    r"\b(?:what(?:'d|d)?|wat|wut)\s+(?:did|have|'ve)?\s*(?:i|we)\s+(?:just\s+)?(?:miss|missed)\b"
    r"|\b(?:did|have)\s+(?:i|we)\s+(?:just\s+)?(?:miss|missed)\s+(?:anything|much|something|a\s+lot|lots|it\s+all|"
    r"everything|out\s+on\s+anything)\b"
    r"|\b(?:catch|fill)\s+(?:me|us)\s+(?:up|in)\b"
)
_TRAILING = re.compile(
    r"(?:\s+(?:so\s+far|guys|chat|everyone|all|y'?all|lol|haha|here|today|tonight|pls|plz|please))*\W*$"
)


def asks_what_was_missed(text: str) -> bool:
    """P11 (module docstring): ``text`` asks what its writer missed of the stream, and nothing else after it
    ("hi hi, what did I miss?", "did i miss anything guys"; not "did i miss the downhill final?", "what did i
    miss about the scoring")."""
    low = " ".join(text.lower().replace("\u2019", "'").split())
    for m in _MISSED.finditer(low):
        if _TRAILING.fullmatch(low[m.end() :]):
            return True
    return False


__all__ = [
    "abuse_names",
    "asks_for_goods",
    "asks_shop_for_goods",
    "asks_what_was_missed",
    "goods_kinds",
    "merchandise_kinds",
    "names_goods",
    "said_of_people",
]
