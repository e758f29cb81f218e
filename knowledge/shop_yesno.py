"""A yes/no asked of a product's own catalogue line: "is the phone case shockproof", "does the mug survive the
dish washer", "does the hoodie go up to 2xl" (session 27, brief Y4).

The sentence path abstains on these (its yes/no rule: the cited sentence does not say the viewer's word), and
the entry readers (:mod:`knowledge.shop_attributes`) read no attribute in them, so the viewer heard a
don't-know although the product's entry says it in its own words ("a shock-absorbing case", "dishwasher and
microwave safe", "sizes S, M, L, XL and XXL"). Here the base says the entry's sentence that holds a word the
question asks - with no "yes": the catalogue's word is not the viewer's, so the host reads the line and the
viewer judges - cited by that sentence. A word of the question matches a word of the sentence when it is

- the same stem ("hood" / "hoods");
- two adjacent words of the question written as one word of the sentence ("dish washer" / "dishwasher");
- a compound beginning with a whole word of the sentence of 5 letters or more ("shockproof" /
  "shock-absorbing");
- a size written with a numeral (the sizes' standard notation: "2xl" is XXL, "3xl" XXXL) that the entry's
  size list holds (:func:`shop_readers.size_held`).

The product's own name and kinds, function words, the shop's verbs and the light verbs (be, have, do, get,
come, go, make, take, give, put, keep, use) match nothing; nor does the entry's price or code sentence. No
sentence matched: the don't-know stands (no "no" is invented from a line that does not say it).

Pure functions over retrieved chunks; the search is in :func:`read` (one, only for a yes/no question naming
no attribute the readers answer).
"""

from __future__ import annotations

import re
from typing import Any

from knowledge import catalogue, nlp, shop_attributes
from knowledge.catalogue import Entry
from knowledge.shop_readers import DETERMINERS, YESNO, size_held
from knowledge.types import Citation

#: English light verbs: they carry no property of a product ("does it come in ...", "can i get ...")
_LIGHT_VERBS = frozenset(
    nlp.stem(w)
    for w in "be is are was were have has had do does did get gets got come comes came go goes went make "
    "makes made take takes took give gives put keep keeps use uses".split()
)
#: a size written with a numeral: "2xl" is XXL, "3xs" XXXS
_NUMERAL_SIZE = re.compile(r"^([2-4])x([sl])$")
#: the entry's price or code sentence: no property of the product
_PRICE_OR_CODE = re.compile(r"[$€£]\s?\d|\bProduct code\b", re.I)
_PRONOUN = re.compile(r"^(?:It|They)\s+")
_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")


def numeral_size(word: str) -> str | None:
    """The size code a numeral size names ("2xl" -> "XXL"), or None."""
    m = _NUMERAL_SIZE.match(word)
    return "X" * int(m.group(1)) + m.group(2).upper() if m else None


def asked(question: str) -> bool:
    """Whether ``question`` is a yes/no question (:data:`shop_readers.YESNO`)."""
    return bool(YESNO.search(_norm(question)))


def _light(word: str) -> bool:
    return nlp.stem(word) in _LIGHT_VERBS


def matched(question: str, entry: Entry) -> str | None:
    """The first sentence of ``entry`` (a product's) that holds a word ``question`` asks (see the module
    docstring), or None."""
    product = entry.product
    if product is None:
        return None
    q = _norm(question)
    words = _WORD.findall(q)
    own = set(nlp.tokenize(entry.name)) | set(product.kinds)
    content = [
        w
        for w in words
        if w not in nlp.STOPWORDS
        and w not in DETERMINERS
        and w not in catalogue.SHOP_VERBS
        and not _light(w)
        and not w.isdigit()
        and nlp.stem(w) not in own
        and not catalogue.noun_stems(w) & product.kinds
    ]
    if not content:
        return None
    joined = {a + b for a, b in zip(words, words[1:], strict=False) if a in content and b in content}
    for sentence in entry.sentences():
        if _PRICE_OR_CODE.search(sentence):
            continue
        stems = set(nlp.tokenize(sentence))
        plain = set(re.findall(r"[a-z]+", nlp.fold(sentence).lower()))
        for w in content:
            size = numeral_size(w)
            if size is not None:
                if size_held(size, sentence):
                    return sentence
                continue
            if nlp.stem(w) in stems:
                return sentence
            if any(len(s) >= 5 and len(w) > len(s) and w.startswith(s) for s in plain):
                return sentence
        if joined & plain:
            return sentence
    return None


def statement(entry: Entry, sentence: str) -> str:
    """``sentence`` said of the product by its name: "The catalogue says the Ice Crystal Mug is ... ."."""
    name = entry.name if entry.name.lower().startswith("the ") else f"the {entry.name}"
    body = _PRONOUN.sub(f"{name} ", sentence, count=1) if _PRONOUN.match(sentence) else sentence
    body = body[:1].lower() + body[1:] if body.startswith("The ") else body
    body = body if body[-1:] in ".!?" else body + "."
    return f"The catalogue says {body}"


def reply(question: str, entries: tuple[Entry, ...]) -> tuple[str, str, Citation] | None:
    """(text, short, citation) for a yes/no ``question`` about one product of ``entries`` whose line holds a
    word it asks; None otherwise."""
    if not asked(question):
        return None
    entry = shop_attributes.product_entry(question, entries)
    if entry is None or entry.product is None:
        return None
    sentence = matched(question, entry)
    if sentence is None:
        return None
    return statement(entry, sentence), entry.name, entry.citation(sentence)


def read(search: Any, question: str) -> tuple[str, str, Citation] | None:
    """:func:`reply` over the shop sections among the base's best text chunks for ``question`` (one search).
    The caller (:func:`knowledge.shop_answer.line_said`) reads it only where the entry readers leave the
    question unread: no attribute, or their reply is none or ``unknown``."""
    if not asked(question):
        return None
    hits = list(search.search(question, k=10, modality="text"))
    return reply(question, catalogue.entries(hits))


def _norm(question: str) -> str:
    return " ".join(nlp.fold(question).replace("\u2019", "'").lower().split())


__all__ = ["asked", "matched", "numeral_size", "read", "reply", "statement"]
