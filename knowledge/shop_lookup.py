"""Two named products' prices compared, and a product named by the price or code its entry states (session
26, brief Y; issue 14).

"which is cheaper, the tee or the scarf" abstained and "which costs more, the mitens or the beanie" read out
one product's price ("The Panda Beanie is $22."): no one sentence compares two products. "the $9 thing?"
abstained and "which item has code SL-PC-14" read out "Product code SL-PC-14.": the sentence holding the value
is found, but the product it belongs to is its heading, which the sentence path does not say. Both are read
from the shop's own entries (:func:`knowledge.shop_prices.shop_entries`):

- **Y1, compared**: a line that is not a yes/no question, holds a comparative of price ("cheaper", "more
  expensive", "costs less") and names exactly two products (:func:`named`) is answered from their two stated
  prices, both cited.
- **Y2, named by a value**: a line holding one amount ("$9", "9 dollars") or one product code ("SL-MG-03")
  that names no product and asks nothing but which thing it is (every other word of :data:`_ASKS_WHICH`) is
  answered with the product(s) whose entry states it, cited by the entry's sentence that states it. A value no
  product states is not read here (the sentence path's answer stands).

A product is named by a word of the question equal to a stem of its heading's name that no other product's
name holds ("tote": the Chairlift Tote Bag; "ice" names two and so neither), or one edit from such a stem
where both have five or more letters ("mitens": the Warm Hands Mittens): edit distance to the catalogue's own
words, no word list. Pure functions over entries, and :func:`read` (two searches, only for a line that holds
a comparative, an amount or a code: I/O, the caller's thread).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from knowledge import nlp, shop_prices
from knowledge.catalogue import Entry, Product
from knowledge.types import Citation

#: a comparative of price, and which way it asks: the cheaper ("less") or the dearer ("more")
_LESS = re.compile(r"\bcheaper\b|\bless\s+expensive\b|\b(?:costs?|costing)\s+less\b|\blower[- ]priced\b")
_MORE = re.compile(
    r"\bmore\s+expensive\b|\bpricier\b|\bdearer\b|\b(?:costs?|costing)\s+more\b|\bhigher[- ]priced\b"
)
_AMOUNT = re.compile(r"\$\s?(?P<a>\d+(?:\.\d\d)?)\b|\b(?P<b>\d+(?:\.\d\d)?)\s?(?:dollars|bucks|usd)\b")
#: a product code as the catalogue writes one: letters, a hyphen, then letters or digits, with a digit
_CODE = re.compile(r"\b[a-z]{2,}(?:-[a-z0-9]+)+\b")
#: the words of a line that asks which thing a value is, and nothing else: wh-words, the copula, pronouns and
#: determiners, the shop's goods in general (``shop_prices``), "called"/"name", the verbs of a price
_ASKS_WHICH = frozenset(
    "what whats which is are s it its one ones that this the a an thing things item items product products "
    "merch stuff called name named cost costs costing priced sells sold for".split()
)
#: and of a line that gives a code: the code's own words
_ASKS_CODE = _ASKS_WHICH | frozenset("code has have with".split())
#: a misspelling is read only between words this long (shorter words are one edit from too many others)
_MIN_EDITED = 5


def _folded(question: str) -> str:
    return " ".join(nlp.fold(question).lower().replace("\u2019", "'").split())


def named(question: str, products: Sequence[Product]) -> list[Product]:
    """The products ``question`` names, in the order first named (see the module's docstring)."""
    stems = {p.name: set(nlp.tokenize(p.name)) for p in products}
    out: dict[str, Product] = {}
    for word in nlp.tokenize(question):
        exact = [p for p in products if word in stems[p.name]]
        if not exact and len(word) >= _MIN_EDITED:
            exact = [
                p
                for p in products
                if any(len(s) >= _MIN_EDITED and nlp.one_edit(word, s) for s in stems[p.name])
            ]
        if len(exact) == 1:
            out.setdefault(exact[0].name, exact[0])
    return list(out.values())


def _the(product: Product) -> str:
    return product.name if re.search(r"\bthe\b", product.name) else f"the {product.name}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def compared(question: str, products: Sequence[Product]) -> tuple[str, str, list[Product]] | None:
    """Y1: the answer to a comparison of two named products' prices (text, short, the two products), or None
    when ``question`` asks none (a yes/no question, no comparative of price, not exactly two products)."""
    q = _folded(question)
    if shop_prices.asks_yes_or_no(q):
        return None
    less, more = _LESS.search(q) is not None, _MORE.search(q) is not None
    if less == more:
        return None
    pair = named(q, products)
    if len(pair) != 2:
        return None
    a, b = sorted(pair, key=shop_prices.price, reverse=more)
    if shop_prices.price(a) == shop_prices.price(b):
        text = f"{_cap(_the(a))} and {_the(b)} cost the same, {a.amount}."
        return text, f"{a.name} and {b.name}", [a, b]
    if less:
        head = f"{_cap(_the(a))} {'are' if a.plural else 'is'} cheaper"
    else:
        head = f"{_cap(_the(a))} {'cost' if a.plural else 'costs'} more"
    pronoun = "they are" if a.plural else "it is"
    text = f"{head}: {pronoun} {a.amount}, and {_the(b)} {'are' if b.plural else 'is'} {b.amount}."
    return text, a.name, [a, b]


def _only_asks(rest: str, words: frozenset[str]) -> bool:
    return all(w in words for w in re.findall(r"[a-z0-9]+", rest))


def asked(question: str) -> tuple[str, str] | None:
    """What value ``question`` gives and asks nothing else of: ("code", "sl-mg-03") or ("amount", "9"); None
    when it holds none, more than one, or words outside :data:`_ASKS_WHICH` (:data:`_ASKS_CODE` beside a
    code), or asks a price bound or superlative (:func:`knowledge.shop_prices.asked`)."""
    q = _folded(question)
    if shop_prices.asks_yes_or_no(q):  # "is it $9?" asks about the product talked of (R's D4, session 26)
        return None
    codes = [c for c in _CODE.findall(q) if re.search(r"\d", c)]
    amounts = list(_AMOUNT.finditer(q))
    if len(codes) == 1 and not amounts and _only_asks(q.replace(codes[0], " "), _ASKS_CODE):
        return "code", codes[0]
    if len(amounts) != 1 or codes or shop_prices.asked(q) is not None:
        return None
    m = amounts[0]
    if not _only_asks(q[: m.start()] + " " + q[m.end() :], _ASKS_WHICH):
        return None
    return "amount", m.group("a") or m.group("b")


def by_value(question: str, entries: Sequence[Entry]) -> tuple[str, str, list[Citation]] | None:
    """The product(s) whose entry states the amount or code ``question`` gives (text, short, citations), or
    None when it asks no such thing (:func:`asked`), names a product, or no entry states the value."""
    what = asked(question)
    products = [e.product for e in entries if e.product is not None]
    if what is None or named(_folded(question), products):
        return None
    kind, value = what
    if kind == "code":
        for e in entries:
            said = [s for s in e.sentences() if value in s.lower()]
            if e.product is not None and said:
                text = f"{value.upper()} is the product code of {_the(e.product)}."
                return text, e.product.name, [e.citation(said[0])]
        return None
    at = [p for p in products if shop_prices.price(p) == float(value)]
    if not at:
        return None
    amount = f"${float(value):g}"
    names = [_the(p) for p in at]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    text = f"The {amount} item is {listed}." if len(at) == 1 else f"The {amount} items are {listed}."
    return text, ", ".join(p.name for p in at), [p.citation() for p in at]


def read(search: Any, question: str) -> tuple[str, str, list[Citation]] | None:
    """Y1 (:func:`compared`), then Y2 (:func:`by_value`), over the base's shop entries (``search``: anything
    with ``kb.search``'s signature; two searches, only for a line holding a comparative of price or a line
    :func:`asked` reads)."""
    q = _folded(question)
    if not _LESS.search(q) and not _MORE.search(q) and asked(question) is None:
        return None
    entries = shop_prices.shop_entries(search)
    products = [e.product for e in entries if e.product is not None]
    pair = compared(question, products)
    if pair is not None:
        text, short, both = pair
        return text, short, [p.citation() for p in both]
    return by_value(question, entries)


__all__ = ["asked", "by_value", "compared", "named", "read"]
