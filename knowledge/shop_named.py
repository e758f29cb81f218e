"""A product's name asked by what it is like: "which shirt has a snowboarder on it", "the red and white
striped thing, whats it called" (session 28, brief Y5; issue 14).

The sentence path reads one sentence, and the sentence that says "red and white stripes" does not say whose
they are (its heading does); a photo's caption may name the product, but the viewer asked the shop. Here the
answer is read from the shop's entries (:func:`knowledge.shop_prices.shop_entries`) and the base's product
photos (:mod:`knowledge.shop_photos`):

- **Asked**: a line that asks which thing ("which X has/is/shows ...") or what a thing is called ("X, whats it
  called", "what is the X called", "what's the name of the X"), X its head noun.
- **The product**: the one product of which X is a kind (its name's, its description's or its photo's, as the
  entry readers match them) or, X a general noun (thing, one, item, product, piece), any product; every other
  content word of the line a word of the product's entry or photo caption (the same stem, or a stem of five or
  more letters beginning the other: "striped" / "stripes"), and at least one of them a word of no other
  product's entry. No such product, or two: the sentence path's answer stands.
- **Said**: "The catalogue says the Slope Scarf is 180 cm long, knitted from a merino wool blend, with red
  and white stripes." (the entry's first sentence holding a word asked, its price or code sentence aside;
  none: its first other sentence), cited by that sentence.

Pure functions over entries, and :func:`read` (one search for a line of the forms above, three more where its
best passages hold a product).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from knowledge import catalogue, nlp, shop_prices, shop_yesno
from knowledge.catalogue import Entry
from knowledge.shop_photos import photo_kinds, photo_words, with_kinds
from knowledge.shop_readers import DETERMINERS
from knowledge.types import Citation

_WHICH = re.compile(
    r"^(?:(?:so|and|ok|hey)\W+)?(?:which|what)\s+(?P<head>[a-z][a-z'-]*)\s+(?:has|have|is|shows?|comes?|got|"
    r"features?|says?|with)\b"
)
_CALLED = re.compile(
    r"^(?P<np>[a-z][a-z' -]*?)\W*\s+(?:what(?:'s|s| is)\s+(?:it|that|this)\s+called|"
    r"what(?:'s|s| is)\s+(?:its|it's|the)\s+name)\W*$"
)
_WHAT_CALLED = re.compile(r"^what(?:'s|s| is| are)\s+(?P<np>.+?)\s+called\W*$")
_NAME_OF = re.compile(r"^(?:what(?:'s|s| is)\s+)?(?:the\s+)?name of\s+(?P<np>.+?)\W*$")
#: nouns that stand for any product: the head of "the red and white striped thing"
GENERAL = frozenset("thing things one item product piece".split())
#: words of the forms themselves, and the verbs of having and showing: no property of the product
_FORM_WORDS = frozenset(
    "which what whats called name named has have is are it its shows show comes come got features feature "
    "says say with on in of".split()
)
_PRICE_OR_CODE = re.compile(r"[$€£]\s?\d|\bProduct code\b", re.I)
_WORD = re.compile(r"[a-z][a-z'-]*")


def asked(question: str) -> tuple[str, list[str]] | None:
    """(X, the line's other content words) for a line that asks which thing X is or what it is called;
    None for any other line."""
    q = _norm(question)
    m = _WHICH.match(q)
    if m is not None:
        head = m.group("head")
    else:
        m = _CALLED.match(q) or _WHAT_CALLED.match(q) or _NAME_OF.match(q)
        if m is None:
            return None
        np_words = _WORD.findall(m.group("np"))
        if not np_words:
            return None
        head = np_words[-1]
    words = [
        w
        for w in _WORD.findall(q)
        if w != head
        and len(w) >= 3
        and w not in nlp.STOPWORDS
        and w not in DETERMINERS
        and w not in _FORM_WORDS
    ]
    return head, words


def _holds(word: str, stems: frozenset[str]) -> bool:
    s = nlp.stem(word)
    return s in stems or any(
        len(a) >= 5 and b.startswith(a) for t in stems for a, b in ((s, t), (t, s)) if len(b) > len(a)
    )


def reply(
    question: str, entries: Sequence[Entry], photos: dict[str, frozenset[str]] | None = None
) -> tuple[str, str, Citation] | None:
    """(text, short, citation) naming the one product of ``entries`` that ``question`` describes (see the
    module docstring); ``photos``: product name -> its photo captions' stems. None otherwise."""
    found = asked(question)
    if found is None:
        return None
    head, words = found
    if not words:
        return None
    photos = photos or {}
    products = [e for e in entries if e.product is not None]
    fitting = []
    for entry in products:
        product = entry.product
        assert product is not None
        if head not in GENERAL and not catalogue.noun_stems(head) & product.kinds:
            continue
        said = product.words | photos.get(product.name, frozenset())
        if not all(_holds(w, said) for w in words):
            continue
        others = [e.product.words for e in products if e is not entry and e.product is not None]
        if not any(not any(_holds(w, o) for o in others) for w in words):
            continue  # every word asked is another product's too: nothing names this one
        fitting.append(entry)
    if len(fitting) != 1:
        return None
    entry = fitting[0]
    sentence = _sentence(entry, words)
    if sentence is None:
        return None
    return shop_yesno.statement(entry, sentence), entry.name, entry.citation(sentence)


def _sentence(entry: Entry, words: list[str]) -> str | None:
    said = [s for s in entry.sentences() if not _PRICE_OR_CODE.search(s)]
    for sentence in said:
        if any(_holds(w, frozenset(nlp.tokenize(sentence))) for w in words):
            return sentence
    return said[0] if said else None


def read(search: Any, question: str) -> tuple[str, str, list[Citation]] | None:
    """:func:`reply` over the shop's entries and its product photos (``search``: anything with ``kb.search``'s
    signature; searches only for a line :func:`asked` reads), as (text, short, citations)."""
    if asked(question) is None:
        return None
    if not catalogue.products(search.search(question, k=10, modality="text")):
        return None  # no product among the line's best passages: a question of something else
    entries = shop_prices.shop_entries(search)
    if not any(e.product is not None for e in entries):
        return None
    hits = list(search.search(question, k=10, modality="image"))
    said = reply(question, with_kinds(entries, photo_kinds(hits)), photo_words(hits))
    if said is None:
        return None
    text, short, cited = said
    return text, short, [cited]


def _norm(question: str) -> str:
    return " ".join(nlp.fold(question).replace("\u2019", "'").lower().split())


__all__ = ["GENERAL", "asked", "read", "reply"]
