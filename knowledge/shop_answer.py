"""The base's answer to a shop question, read from the catalogue: one reader for ``answer`` and the turn.

``KnowledgeBase.answer`` reads one sentence and abstains when its constraints veto it; on the shop's
catalogue they veto sentences that hold the answer ("summit bottle holds how much" is read as a price
question and the bottle's sentence prices nothing asked; "shipping cost if my order is under 60" against
"Shipping is free on orders over $60; otherwise standard shipping costs $6."), while the turn already said
the catalogue entry's reply (:mod:`knowledge.shop_attributes`) in their place. Session 18 (brief C) lets the
base say it too, so a reporter, ``persona eval qa`` and the turn hear one answer:

1. **The entry's fact.** Where the sentence path abstains on a question that asks a shop attribute
   (:func:`shop_attributes.attribute_asked`) and the catalogue entry reader answers it with the value
   asked (verdict ``says`` or ``yes``), the base answers with the entry's statement ("The Summit Water
   Bottle holds 750 ml."), cited by the entry's own sentence. A ``no`` or ``open`` verdict (the entry
   does not hold the value asked, or does not say) is no answer of the base's: the base abstains there,
   as before, and the turn says the grounded decline.
2. **A question to the shop is answered from the shop.** "Do you sell X?", "can I buy X from you?" asks
   what the shop sells (:func:`catalogue.asked_thing`, a shop question, with a verb of buying or selling:
   not "do you have any tips?"): an answer from a document that is no shop's ("Bing Dwen Dwen toys sold
   out during the Games" from a media transcript) is no answer to it, and the base abstains (the turn's
   offer says what the shop has of that kind).
0. **The shop's prices ranked** (session 25, brief H): a price superlative or bound over the shop's goods
   ("what's the cheapest thing in the shop", "anything under $10") where the sentence path abstained is
   answered from every product's stated price (:mod:`knowledge.shop_prices`), each product cited.
3. **A no is no answer.** Where the base answers a yes/no question of a product's attribute with a sentence
   and the entry reader's verdict is ``no`` (session 22: "does the big air tee come in youth sizes" read out
   "S to XL"), the base abstains; the turn says the grounded no.
4. **Two products compared, a product named by its price or code** (session 26, brief Y): "which is cheaper,
   the tee or the scarf", "the $9 thing?", "SL-MG-03?" are answered from the shop's entries
   (:mod:`knowledge.shop_lookup`) before the sentence path's answer is taken (one sentence states one
   product's value, not the comparison or the product a value belongs to).
5. **The terms' sentence asked** (session 27, brief Y3): where the base answers a question of the shop's terms
   with a sentence of the shop's document that is not the one the entry reader chose ("us delivery how many
   days" answered with the returns sentence), the reader's is said, or nothing where its verdict is ``open``
   or ``no`` (:func:`reread`).
7. **A product's name asked by what it is like** (session 28, brief Y5): "which shirt has a snowboarder on
   it", "the red and white striped thing, whats it called" are answered from the shop's entries and its
   product photos (:mod:`knowledge.shop_named`), read with rule 4.
8. **A gift or what-to-buy request** (session 30, brief G2, G2a; G1's reply of session 29): "can you
   recommend a gift for my dad", "what should i get my sister", "my bf hikes, got anything to keep his drinks
   cold?" are answered from the shop's entries, its photos and the base's search order
   (:mod:`knowledge.shop_gift`), read with rules 4 and 7, only where a clause of the line asks and it says a
   gift, a recipient, an occasion or a budget: a gift request's best sentence is no answer to it.
6. **A yes/no of a product's own line** (session 27, brief Y4): where the sentence path abstained on a yes/no
   question of one product and no rule above answered ("is the phone case shockproof"), the entry's sentence
   that holds the word asked is said, with no "yes" (:mod:`knowledge.shop_yesno`).

Pure functions over retrieved chunks; the searches are in :func:`read` and :func:`shop_source` (I/O: the
caller's thread; one or two searches, only for the questions these rules read).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from knowledge import (
    catalogue,
    shop_attributes,
    shop_gift,
    shop_lookup,
    shop_named,
    shop_prices,
    shop_yesno,
)
from knowledge.answer import ABSTAIN_TEXT
from knowledge.types import Answer, Citation

#: verdicts that state the value asked (the base answers); ``no`` / ``open`` are the turn's declines
ANSWERING = frozenset({"says", "yes"})


class Unread(enum.Enum):
    """:func:`settle`'s ``reply`` when the caller has not read the entry reader's reply (it is read here)."""

    UNREAD = "unread"


UNREAD = Unread.UNREAD
#: the entry reader's reply to a question as a caller read it (``shop_attributes.find_reply``), or UNREAD
Reply = shop_attributes.ShopReply | None | Literal[Unread.UNREAD]


@dataclass(frozen=True)
class ShopAnswer:
    """What the base says from the catalogue: the entry's statement as a sentence, and its citation."""

    text: str
    short: str
    citation: Citation

    def answer(self, kind: str, confidence: float) -> Answer:
        return Answer(
            self.text, abstained=False, confidence=confidence, citations=[self.citation], short=self.short,
            kind=kind,
        )  # fmt: skip


def from_reply(found: shop_attributes.ShopReply | None) -> ShopAnswer | None:
    """The base's answer from the entry reader's reply: its statement as a sentence, cited by the entry's
    sentence, when the verdict states the value asked; None otherwise."""
    if found is None or found.verdict not in ANSWERING or not found.decisive or not found.sentence:
        return None
    text = found.statement.strip()
    text = text[:1].upper() + text[1:]
    if text[-1:] not in ".!?":
        text += "."
    return ShopAnswer(text, found.values, found.citation())


def read(search: Any, question: str) -> ShopAnswer | None:
    """:func:`from_reply` over the entry reader's reply to ``question`` (``search``: anything with
    ``kb.search``'s signature; one or two searches, only for a question that asks a shop attribute)."""
    if shop_attributes.attribute_asked(question) is None:
        return None
    return from_reply(shop_attributes.find_reply(search, question))


#: the verbs of buying and selling: "do you have any tips?" is a shop question's form, not one to the shop
_SELLS = re.compile(r"\b(?:sell|sells|selling|carry|stock|buy|purchase|order)\b", re.I)


def asks_the_shop(question: str) -> bool:
    """Whether ``question`` asks what the shop sells ("do you sell X?", "can I buy X from you?"; not "do you
    have any tips?", which :func:`catalogue.asked_thing` also reads as a shop question)."""
    asked = catalogue.asked_thing(question)
    return asked is not None and asked[1] and _SELLS.search(question) is not None


def from_shop(sources: Sequence[str], is_shop: Callable[[str], bool]) -> bool:
    """Whether every cited source is a shop document (``is_shop``: a source one of whose sections prices a
    product; :func:`shop_source`)."""
    return bool(sources) and all(is_shop(s) for s in sources)


def shop_source(search: Any, source: str) -> bool:
    """Whether ``source`` is a shop document: one of its sections prices a product (``search``: anything
    with ``kb.search``'s signature; one search of that source)."""
    hits = search.search("price costs", k=3, source=source, modality="text")
    return bool(catalogue.products(hits))


def settle(search: Any, question: str, found: Answer, reply: Reply = UNREAD) -> Answer:
    """``found`` (``Answerer.answer``'s answer to a text question) as the shop's catalogue leaves it: the
    entry's fact where the sentence path abstained (rule 1), an abstention where it answered a question to
    the shop from a document that is no shop's (rule 2), else ``found`` itself. ``reply``: the entry
    reader's reply to ``question`` (``shop_attributes.find_reply`` over the same base) where the caller has
    read it already (the turn's grounding reads it for the tree: session 19), so it is not read twice."""
    # session 26 (brief Y2): "the $9 item", "SL-MG-03?", read before the sentence path's answer is taken: the
    # sentence states the value, not whose value it is
    looked = shop_lookup.read(search, question)
    if looked is None:
        looked = shop_named.read(search, question)  # session 28 (brief Y5): "which shirt has a snowboarder"
    if looked is None:
        looked = shop_gift.read(search, question)  # session 30 (brief G2, G2a): "a gift for my dad under $30"
    if looked is not None:
        text, short, cited = looked
        return Answer(text, False, shop_prices.CONFIDENCE, citations=cited, short=short, kind=found.kind)
    if found.abstained:
        ranked = shop_prices.read(search, question)  # session 25 (brief H): the cheapest, under $N
        if ranked is not None:
            text, short, named = ranked
            cited = [p.citation() for p in named]
            # read from every stated price, not a sentence scored: the turn's answer gate must not veto it
            sure, kind = shop_prices.CONFIDENCE, found.kind
            return Answer(text, abstained=False, confidence=sure, citations=cited, short=short, kind=kind)
        if reply is UNREAD:
            reply = shop_attributes.find_reply(search, question)  # no search where no attribute is asked
        said = from_reply(reply)
        if said is not None:
            return said.answer(found.kind, found.confidence)
        return line_said(search, question, found, reply)
    if reply is UNREAD and shop_attributes.attribute_asked(question) in shop_attributes.POLICY:
        reply = shop_attributes.find_reply(search, question)  # read once: rule 5 and rule 3 both need it
    if vetoed(search, question, found) or denied(search, question, reply):
        return Answer(ABSTAIN_TEXT, abstained=True, confidence=found.confidence, kind=found.kind)
    return reread(question, found, reply)


def line_said(search: Any, question: str, found: Answer, reply: shop_attributes.ShopReply | None) -> Answer:
    """Rule 6 (session 27, brief Y4): a yes/no question of a product's own line where the sentence path
    abstained and no other rule answered: the entry's sentence that holds the word asked
    (:mod:`knowledge.shop_yesno`), read from the entry, not a sentence scored; else ``found``. ``reply``: the
    entry reader's reply to ``question``; one that reads it (anything but ``unknown``) leaves ``found``."""
    if reply is not None and reply.verdict != "unknown":
        return found
    line = shop_yesno.read(search, question)
    if line is None:
        return found
    text, short, cited = line
    return Answer(text, False, shop_prices.CONFIDENCE, citations=[cited], short=short, kind=found.kind)


def reread(question: str, found: Answer, reply: Reply) -> Answer:
    """Rule 5 (session 27, brief Y3): ``found`` answers a question of the shop's terms with a sentence of the
    shop's document that is not the one the entry reader chose for it ("us delivery how many days" answered
    with the returns sentence): the reader's sentence is said (``says``/``yes``), or nothing (``open``/``no``:
    the turn says the grounded decline). Any other answer is ``found`` itself."""
    if found.abstained or reply is UNREAD or reply is None or not reply.decisive or not reply.sentence:
        return found
    if shop_attributes.attribute_asked(question) not in shop_attributes.POLICY or not found.citations:
        return found
    if any(c.source != reply.source for c in found.citations):
        return found  # an answer from another document
    if shop_attributes.holds(found.text, reply.sentence):
        return found  # the reader's own sentence
    said = from_reply(reply)
    if said is None:
        return Answer(ABSTAIN_TEXT, abstained=True, confidence=found.confidence, kind=found.kind)
    return said.answer(found.kind, found.confidence)


def denied(search: Any, question: str, reply: Reply = UNREAD) -> bool:
    """Rule 3 (session 22): ``question`` asks a yes or no of a product's attribute and the entry reader's
    reply is a decisive ``no`` ("does the big air tee come in youth sizes": it comes in sizes S to XL), so the
    base's answer - a sentence read out - is no answer to it; the turn says the grounded no."""
    if shop_attributes.attribute_asked(question) is None or not shop_attributes.asks_yes_or_no(question):
        return False
    found = shop_attributes.find_reply(search, question) if reply is UNREAD else reply
    return found is not None and found.decisive and found.verdict == "no"


def vetoed(search: Any, question: str, answer: Answer) -> bool:
    """Rule 2: ``answer`` (not abstained) answers a question to the shop from a document that is no shop's."""
    if answer.abstained or not asks_the_shop(question):
        return False
    sources = list(dict.fromkeys(c.source for c in answer.citations))
    return not from_shop(sources, lambda s: shop_source(search, s))


__all__ = [
    "ANSWERING",
    "UNREAD",
    "Reply",
    "ShopAnswer",
    "Unread",
    "asks_the_shop",
    "denied",
    "from_reply",
    "from_shop",
    "line_said",
    "read",
    "reread",
    "settle",
    "shop_source",
    "vetoed",
]
