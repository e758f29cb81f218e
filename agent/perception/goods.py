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

Pure, no I/O.
"""

from __future__ import annotations

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


def goods_kinds(names: Iterable[str]) -> frozenset[str]:
    """The kind words of ``names`` (the persona's merchandise and the base's heading names): each name's
    last word, singular and plural (:func:`merchandise_kinds`: "Panda Beanie" -> "beanie", "beanies")."""
    return frozenset(merchandise_kinds(names))


def asks_for_goods(text: str, kinds: Collection[str]) -> bool:
    """P10 (module docstring): ``text`` asks the shop for a thing ("do you have X"), with a shop attribute
    asked or a word of X a kind of the goods the host knows (``kinds``: :func:`goods_kinds`)."""
    from knowledge.catalogue import asked_thing, noun_stems  # floor 1, pure; here: loaded only when asked
    from knowledge.shop_attributes import attribute_asked

    asked = asked_thing(text)
    if asked is None or not asked[1]:
        return False
    if attribute_asked(text) is not None:
        return True
    # an irregular plural is a kind through the catalogue's stems ("scarves" -> "scarf"; s23, brief P2, P13)
    return any(w in kinds or not noun_stems(w).isdisjoint(kinds) for w in asked[0].split())


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


__all__ = ["asks_for_goods", "asks_what_was_missed", "goods_kinds", "merchandise_kinds"]
