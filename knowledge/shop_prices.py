"""The shop's products ranked or bounded by their stated prices (session 25, brief H; issue 14).

"what's the cheapest thing in the shop" got "I can't answer that, I don't have it." while every product's
price stands in the catalogue: no one sentence says which is cheapest, so the sentence path abstains. A
question that asks a price superlative ("cheapest", "least expensive", "most expensive", "priciest", "costs
the least/most") or a price bound ("under $20", "less than 15 dollars", "over $40") of the shop's goods in
general (the shop, its merch, an item, a thing, anything, "you sell") is answered by reading every product's
own stated price (:func:`knowledge.catalogue.products`): the product(s) at the extreme, ties all named, or the
products within the bound, cheapest first (at most ``MAX_NAMED`` named, the count said). Each product named is
cited by its own price sentence; no price is said that a product's sentence does not state.

A yes/no question ("is the hoodie cheap"), a question of the shop's terms ("free shipping over $60": its
shop attribute is the shipping) and one that names no goods ("the cheapest way to watch the olympics") are
not read here. Pure functions over products, and :func:`read` (two searches: I/O, the caller's thread).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from knowledge import catalogue, nlp, shop_attributes
from knowledge.catalogue import Entry, Product

MAX_NAMED = 3
#: the answer's confidence: it is every product's own stated price compared, not one sentence scored by the
#: calibration (whose low score for "cheapest" - no sentence says it - made the turn's tree say a don't-know)
CONFIDENCE = 1.0
#: enough to hold every section of one shop document in one search restricted to it
_ALL_SECTIONS = 60

_CHEAPEST = r"\bcheapest\b|\bleast\s+expensive\b|\b(?:costs?|costing)\s+the\s+least\b|\blowest[- ]priced\b"
_DEAREST = (
    r"\bmost\s+expensive\b|\bpriciest\b|\bpricie?st\b|\bdearest\b|\b(?:costs?|costing)\s+the\s+most\b"
    r"|\bhighest[- ]priced\b"
)
_AMOUNT = r"(?:\$\s?(?P<a>\d+(?:\.\d\d)?)|(?P<b>\d+(?:\.\d\d)?)\s?(?:dollars|bucks|usd)\b)"
_BELOW = re.compile(
    rf"\b(?:under|below|less\s+than|cheaper\s+than|at\s+most|max(?:imum)?|within)\s+{_AMOUNT}"
)
_ABOVE = re.compile(rf"\b(?:over|above|more\s+than|pricier\s+than|at\s+least)\s+{_AMOUNT}")
#: the shop's goods in general: what a question over every product names
_GOODS = re.compile(
    r"\b(?:shop|store|merch|merchandise|items?|products?|things?|anything|something|stuff)\b"
    r"|\byou(?:\s+guys)?\s+(?:sell|have|got|carry|stock)\b"
)
_YES_NO = re.compile(r"^\W*(?:is|are|was|were|does|did|has|had|will|would)\b")


def asks_yes_or_no(question: str) -> bool:
    """Whether ``question`` (folded, lower case) opens as a yes/no question ("is the hoodie cheap")."""
    return _YES_NO.search(question) is not None


def asked(question: str) -> tuple[str, float | None] | None:
    """What ``question`` asks of the shop's prices: ("cheapest", None), ("dearest", None), ("below", N) or
    ("above", N); None when it asks none of them, is a yes/no question, names no goods in general, or asks a
    shop attribute other than the price."""
    q = " ".join(nlp.fold(question).lower().replace("\u2019", "'").split())
    if asks_yes_or_no(q) or not _GOODS.search(q):
        return None
    if shop_attributes.attribute_asked(q) not in (None, "price"):
        return None
    for kind, pattern in (("below", _BELOW), ("above", _ABOVE)):
        m = pattern.search(q)
        if m is not None:
            return kind, float(m.group("a") or m.group("b"))
    if re.search(_CHEAPEST, q):
        return "cheapest", None
    if re.search(_DEAREST, q):
        return "dearest", None
    return None


def price(product: Product) -> float:
    """The product's stated amount as a number ("$26 a pair": 26.0)."""
    return float(re.sub(r"[^\d.]", "", product.amount.split()[0]))


def _named(product: Product) -> str:
    return product.name if re.search(r"\bthe\b", product.name) else f"the {product.name}"


def _listed(items: Sequence[Product]) -> str:
    names = [_named(p) for p in items]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def said(question: str, products: Sequence[Product]) -> tuple[str, str, list[Product]] | None:
    """The answer to ``question`` (:func:`asked`) over ``products``: its text, its short form (the names) and
    the products it names (each cited by its price sentence); None when it asks nothing read here or there
    are no products."""
    what = asked(question)
    if what is None or not products:
        return None
    kind, bound = what
    ranked = sorted(products, key=price)  # stable: the catalogue's order among equal prices
    if kind in ("cheapest", "dearest"):
        edge = price(ranked[0] if kind == "cheapest" else ranked[-1])
        at = [p for p in ranked if price(p) == edge]
        word = "cheapest" if kind == "cheapest" else "most expensive"
        if len(at) == 1:
            text = f"The {word} thing in the shop is {_named(at[0])}, at {at[0].amount}."
        else:
            text = f"The {word} things in the shop are {_listed(at)}, at {at[0].amount} each."
        return text, _listed(at), at
    assert bound is not None
    amount = f"${bound:g}"
    inside = [p for p in ranked if (price(p) < bound if kind == "below" else price(p) > bound)]
    if kind == "above":
        inside.reverse()
    word = "under" if kind == "below" else "over"
    if not inside:
        near = ranked[0] if kind == "below" else ranked[-1]
        other = "cheapest" if kind == "below" else "most expensive"
        text = f"Nothing in the shop is {word} {amount}; the {other} is {_named(near)}, at {near.amount}."
        return text, _named(near), [near]
    shown = inside[:MAX_NAMED]
    each = [f"{_named(p)} {'are' if p.plural else 'is'} {p.amount}" for p in shown]
    listing = each[0] if len(each) == 1 else ", ".join(each[:-1]) + " and " + each[-1]
    count = len(inside)
    head = "One thing in the shop is" if count == 1 else f"{count} things in the shop are"
    top = "cheapest" if kind == "below" else "most expensive"
    among = ": " if count <= MAX_NAMED else f"; the {len(shown)} {top}: "
    text = f"{head} {word} {amount}{among}{listing}."
    return text[:1].upper() + text[1:], _listed(shown), shown


def shop_entries(search: Any) -> tuple[Entry, ...]:
    """Every section of every shop document of the base (``search``: anything with ``kb.search``'s
    signature): the sources a search for prices finds pricing a product, each read whole."""
    hits = search.search("price costs", k=10, modality="text")
    sources = dict.fromkeys(p.source for p in catalogue.products(hits))
    found: list[Any] = []
    for source in sources:
        found += search.search("price costs", k=_ALL_SECTIONS, source=source, modality="text")
    return catalogue.entries(found)


def shop_products(search: Any) -> tuple[Product, ...]:
    """Every product of every shop document of the base (:func:`shop_entries`)."""
    return tuple(e.product for e in shop_entries(search) if e.product is not None)


def read(search: Any, question: str) -> tuple[str, str, list[Product]] | None:
    """:func:`said` over the base's shop products, for a question :func:`asked` reads (else no search)."""
    if asked(question) is None:
        return None
    return said(question, shop_products(search))


__all__ = [
    "CONFIDENCE",
    "MAX_NAMED",
    "asked",
    "asks_yes_or_no",
    "price",
    "read",
    "said",
    "shop_entries",
    "shop_products",
]
