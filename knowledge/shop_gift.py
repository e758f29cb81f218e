"""A gift or what-to-buy request answered from the catalogue's own lines (session 29, brief Y7, G1; issue 14).

"can you recommend a gift for my dad" got small talk and "what should i get my sister" a don't-know, while
the catalogue states every product and its price. A line that asks for a gift, for what to buy someone, for
something that does a thing ("got anything to keep drinks cold"), or for what the shop has within a budget is
answered here from the shop's own entries (:func:`knowledge.shop_prices.shop_products`) and its product photos
(:mod:`knowledge.shop_photos`); nothing is said that a product's own lines do not state:

- **What fits.** A word of the line that a product's kind or heading says ("hoodies", "hands": the Warm Hands
  Mittens) beats one its entry or photo caption says ("keep his drinks cold": the Summit Water Bottle keeps
  drinks cold); the products saying most such words are named. Where no product's words say a word of the
  line, a line that states a need ("something to carry books in") gets the product the base's own search
  ranks first for it, and a line that asks no need a few ideas, in the search's order. A word said by a third
  of the products or more tells none apart and is not read.
- **The budget** ("under $30", "budget 50", "limit is $20") bounds every product named; below the cheapest
  product the line says so and names the cheapest ("Nothing in the shop is under $5; the cheapest is ...").
- **A thing asked that no product's words say** ("got any pet stuff?") gets "The shop doesn't sell ...".

Each product named is cited by its own price sentence. Pure functions over products, photos and search
order, and :func:`read` (three searches: I/O, the caller's thread; only for a line :func:`asked` reads).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from knowledge import catalogue, nlp, shop_attributes, shop_photos, shop_prices
from knowledge.catalogue import Product
from knowledge.roles import person_nouns
from knowledge.shop_prices import _listed, _named  # the shop's own way to name products
from knowledge.types import Citation

#: at most this many products are named as ideas
MAX_NAMED = 3
#: the nouns of a thing given (a general class); "gift card", "gift wrapping": the noun is a modifier there
_GIFT = r"(?:gifts?|presents?)"
#: what may follow a gift noun that is the head of its phrase: nothing, a function word, a clause, or the
#: nouns of a request for one ("gift ideas", "gift suggestions")
_AFTER_HEAD = frozenset(
    "idea ideas suggestion suggestions recommendation recommendations pls plz please".split()
)
#: a determiner, with at most one word after it, right before a noun: "a present", "a bday present"
_DETERMINED = re.compile(r"\b(?:a|an|the|some|any|my|his|her|their|our|your|this|that)\s+(?:[a-z'-]+\s+)?$")
_BUY_FOR = re.compile(
    r"\bwhat\s+(?:[a-z]+\s+)?(?:should|can|could|do|would|shall)\s+(?:i|we)\s+(?:get|buy|gift)\b"
    r"|\bwhat\s+to\s+(?:get|buy)\b"
)
#: a need stated: "something to carry books in", "anything to keep his drinks cold", "something that ..."
_NEED = re.compile(r"\b(?:something|anything|smth|sth|stuff)\s+(?:to|that|which)\s+[a-z]+")
#: the shop asked what it has: "what u got", "what do you have", "any ideas", "recommend something"
_SHOP_ASK = re.compile(
    r"\bwhat\s+(?:do\s+|have\s+)?(?:u|you|ya)\s+(?:got|have|sell)\b|\bany\s+ideas\b"
    r"|\b(?:recommend|suggest)\s+(?:me\s+)?(?:something|anything|some\s+stuff)\b"
)
#: a thing asked for someone: "any candles for my mom", "got any X? for my dad's bday"
_ANY_THING = re.compile(r"(?:^|\bgot\s+|\bhave\s+)any\s+(?P<thing>[a-z][a-z' -]*?)\s*(?:[?!.,;:]|\bfor\b|$)")
#: someone a thing is for: "for my mom's bday", "for a uni student" (a person noun: ``roles.person_nouns``)
_FOR_SOMEONE = re.compile(r"\bfor\s+(?:my|a|an|his|her|our|their|the|your)\s+(?:[a-z]+\s+)?(?P<who>[a-z]+)")
_AMOUNT = r"(?:\$\s?(?P<a>\d+(?:\.\d\d)?)|(?P<b>\d+(?:\.\d\d)?)(?:\s?(?:dollars|bucks|usd)\b)?)"
_BUDGET = re.compile(
    r"\b(?P<w>under|below|less\s+than|cheaper\s+than|max(?:imum)?|up\s+to|no\s+more\s+than|at\s+most|within|"
    rf"budget|limit|spend(?:ing)?)\s+(?:(?:is|of|about|around|like)\s+)?{_AMOUNT}"
)
_BUDGET_AFTER = re.compile(r"\$\s?(?P<a>\d+(?:\.\d\d)?)\s+(?:budget|limit|max)\b")
_STRICT = frozenset({"under", "below"})
#: the words of a line that ask, not what for: the gift nouns and the request's own
_ASKING = frozenset(nlp.tokenize("gift gifts present presents idea ideas recommend suggest budget limit"))


@dataclass(frozen=True)
class GiftAsk:
    """What a gift request asks: its budget (``None``: none said; ``strict``: "under", not "up to"), the
    thing asked for by name ("pet stuff"; "" when none), whether it states a need, its words, and whether it
    asks for a gift or a purchase (``bought``: a gift noun, "what should i get", a budget, a thing for
    someone) rather than only states a need ("got anything to keep drinks cold": the shop's words must meet
    it)."""

    budget: float | None
    strict: bool
    thing: str
    need: bool
    words: tuple[str, ...]
    bought: bool = True


def asked(question: str) -> GiftAsk | None:
    """What ``question`` asks for as a gift or purchase (module docstring); None when it is no such request,
    or asks a shop attribute (the entry readers' question: "is the mug a good size for a gift")."""
    q = _norm(question)
    gift = _gift_noun(q)
    need = _NEED.search(q) is not None
    budget, strict = _budget(q)
    thing_m = _ANY_THING.search(q)
    thing = thing_m.group("thing").strip() if thing_m is not None else ""
    if re.search(rf"\b(?:{_GIFT}|ideas?|suggestions?|recommendations?)$|^(?:things?|stuff)$", thing):
        thing = ""  # "any gift ideas", "any bday presents": the request itself, no thing named
    bought = (
        gift
        or _BUY_FOR.search(q) is not None
        or (budget is not None and _SHOP_ASK.search(q) is not None)
        or (bool(thing) and _for_someone(q))
    )
    if not (bought or need):
        return None
    if shop_attributes.attribute_asked(q) not in (None, "price"):
        return None
    words = tuple(w for w in re.findall(r"[a-z][a-z'-]+", q) if w not in nlp.STOPWORDS)
    return GiftAsk(budget, strict, thing, need, words, bought)


def _for_someone(q: str) -> bool:
    """Whether ``q`` says whom a thing is for, a person ("for my mom's bday"; not "for my phone", "for the
    winter")."""
    people = person_nouns()
    for m in _FOR_SOMEONE.finditer(q):
        who = m.group("who")
        if who in people or (who.endswith("s") and who[:-1] in people):
            return True
    return False


def _gift_noun(q: str) -> bool:
    """A gift noun heading its phrase in ``q`` ("a gift for my dad", "gift ideas?"), not a modifier ("gift
    card") and not "as a gift" (a thing said of one, not asked)."""
    for m in re.finditer(rf"\b{_GIFT}\b", q):
        before = q[: m.start()]
        if re.search(r"\bas\s+an?\s+$", before):
            continue
        if m.group().startswith("present") and not _DETERMINED.search(before):
            continue  # "present the medals": the verb; a noun "present" has its determiner ("a bday present")
        after = re.match(r"\s*([a-z]+)?", q[m.end() :])
        nxt = after.group(1) if after is not None else None
        if re.match(r"\s*[?!.,;:]", q[m.end() :]) or not nxt or nxt in nlp.STOPWORDS or nxt in _AFTER_HEAD:
            return True
    return False


def _budget(q: str) -> tuple[float | None, bool]:
    m = _BUDGET.search(q)
    if m is not None:
        return float(m.group("a") or m.group("b")), m.group("w") in _STRICT or m.group("w").startswith("less")
    m = _BUDGET_AFTER.search(q)
    return (float(m.group("a")), False) if m is not None else (None, False)


def _forms(word: str) -> set[str]:
    return set(nlp.tokenize(word)) | catalogue.noun_stems(word)


def fitting(
    ask: GiftAsk,
    ranked: Sequence[Product],
    photo_kinds: dict[str, frozenset[str]] | None = None,
    photo_words: dict[str, frozenset[str]] | None = None,
) -> list[Product]:
    """The products whose own words say the most words of the request (kind or heading first, then entry or
    photo caption), in ``ranked``'s order (the base's search order for the line); [] when none says one."""
    kinds = photo_kinds or {}
    seen = photo_words or {}
    heads = {p.name: p.kinds | kinds.get(p.name, frozenset()) | set(nlp.tokenize(p.name)) for p in ranked}
    said = {p.name: p.words | seen.get(p.name, frozenset()) for p in ranked}
    asked_words = [f for w in ask.words if not (f := _forms(w)) & _ASKING]
    # a word a third of the products or more say ("made", "cm") tells none apart
    common = len(ranked) / 3
    telling = [
        f for f in asked_words if sum(bool(f & said[p.name] | f & heads[p.name]) for p in ranked) < common
    ]
    for table in (heads, said):
        scores = {p.name: sum(bool(f & table[p.name]) for f in telling) for p in ranked}
        best = max(scores.values(), default=0)
        if best > 0:
            return [p for p in ranked if scores[p.name] == best]
    return []


def reply(
    ask: GiftAsk,
    ranked: Sequence[Product],
    photo_kinds: dict[str, frozenset[str]] | None = None,
    photo_words: dict[str, frozenset[str]] | None = None,
) -> tuple[str, str, list[Product]] | None:
    """The reply to ``ask`` over the shop's products ``ranked`` (the base's search order for the line): its
    text, its short form (the names) and the products it names; None where nothing is read (no products, or
    a need-only line no product's words meet: not asked of the shop)."""
    if not ranked:
        return None
    fits = fitting(ask, ranked, photo_kinds, photo_words)
    if not fits and not ask.bought:
        return None  # a need no product's words meet, and no gift asked: not asked of the shop
    within = [p for p in ranked if _within(p, ask)]
    amount = f"${ask.budget:g}" if ask.budget is not None else ""
    if fits:
        named = [p for p in fits if _within(p, ask)][:MAX_NAMED]
        if not named:
            over = fits[0]
            return (
                f"Nothing like that under {amount}: {_said(over)}.", _listed([over]), [over]
            )  # fmt: skip
    elif ask.thing:
        return f"The shop doesn't sell {ask.thing}.", "", []
    elif not within:
        cheapest = min(ranked, key=shop_prices.price)
        name, price = _named(cheapest), cheapest.amount
        text = f"Nothing in the shop is under {amount}; the cheapest is {name}, at {price}."
        return text, _listed([cheapest]), [cheapest]
    else:
        named = within[:1] if ask.need else within[:MAX_NAMED]
    if len(named) == 1:
        text = f"How about {_named(named[0])}? It's {named[0].amount}."
    else:
        head = f"A few ideas{' under ' + amount if amount else ''}: " if not fits else "How about "
        listing = ", ".join(f"{_named(p)} at {p.amount}" for p in named[:-1])
        text = f"{head}{listing} or {_named(named[-1])} at {named[-1].amount}{'.' if not fits else '?'}"
    return text[:1].upper() + text[1:], _listed(named), named


def _within(product: Product, ask: GiftAsk) -> bool:
    if ask.budget is None:
        return True
    price = shop_prices.price(product)
    return price < ask.budget if ask.strict else price <= ask.budget


def _said(product: Product) -> str:
    return f"{_named(product)} {'are' if product.plural else 'is'} {product.amount}"


def read(search: Any, question: str) -> tuple[str, str, list[Citation]] | None:
    """:func:`reply` over the shop's products in the base's search order for ``question`` and their photos
    (``search``: anything with ``kb.search``'s signature), as (text, short, citations); None when
    :func:`asked` reads no request (no search then) or the base has no shop."""
    ask = asked(question)
    if ask is None:
        return None
    hits = search.search("price costs", k=10, modality="text")
    ranked: list[Product] = []
    for source in dict.fromkeys(p.source for p in catalogue.products(hits)):
        found = search.search(question, k=_ALL_SECTIONS, source=source, modality="text")
        ranked += [p for p in catalogue.products(found) if p not in ranked]
    if not ranked:
        return None
    images = list(search.search(question, k=_ALL_SECTIONS, modality="image"))
    said = reply(ask, ranked, shop_photos.photo_kinds(images), shop_photos.photo_words(images))
    if said is None:
        return None
    text, short, named = said
    return text, short, [p.citation() for p in named]


#: enough to hold every section of one shop document (and every product photo) in one search
_ALL_SECTIONS = 60


def _norm(question: str) -> str:
    return " ".join(nlp.fold(question).replace("\u2019", "'").lower().split())


__all__ = ["MAX_NAMED", "GiftAsk", "asked", "fitting", "read", "reply"]
