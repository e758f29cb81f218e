"""What the shop sells: the products a base's documents price, and what to offer for a thing it does not hold.

A merch host asked "how much is the team scarf?" when the shop sells a Slope Scarf and no team scarf cannot
answer it (the knowledge layer abstains: rule 10 of :mod:`knowledge.constraints`, the thing priced), but can
say what it does have of that kind, with its price from the base: "I don't see a team scarf in the shop, but
the Slope Scarf is $28." Pure functions over retrieved chunks (anything with ``text``, ``span`` - the heading
path - and ``source``); nothing is fitted, nothing is made up: every product named is a chunk of the base and
every price is that chunk's own amount, cited.

- **A product** is a text chunk whose heading's last part is a name (every word capitalized or a short
  linking word, no comma: "Slope Scarf", "Pip the Penguin Plush"; not "Ordering, shipping and returns") and
  which holds a price: a currency amount right after a pricing verb ("costs $28", "cost $26 a pair").
- **Its kinds** (the nouns it is one of), as stems: the head noun of its name ("Slope Scarf": scarf), the word
  before a container noun at the end of the name ("Podium Pin Set": pin), the head of the price sentence's
  subject ("The plush toy costs $25": toy) and of a description "It is a/an ..." ("It is a one-size acrylic
  knit hat with ...": hat; "a set of five enamel pins": set, pin).
- **The thing asked**: what a price question prices ("how much is the team scarf?", "what does the penguin
  mug cost?", "what's the price of X?") or what a shop question asks for ("do you sell/have/carry X?"),
  without its determiner and cut before a preposition or a clause ("team scarf"); its head is its last word.
- **An offer**: the products one of whose kinds is the head's stem; ``exact`` when every content word asked
  is said by the product's own chunk ("red and white scarf" and the red-and-white Slope Scarf), so the host
  says it has it rather than that it lacks it.

Session 22 (brief E): a kind asked in its "-ies" plural is the kind ("hoodies": hoodie, :func:`ie_singular`,
shared with :mod:`knowledge.shop_attributes`), and a word asked in a plural is said by the product's chunk
when one of its stems is ("scarves": scarf). A shop question's variant ("do you sell the poster in a3", "in a
kids version") the product does not say is no ``exact`` offer: the thing asked is said with it; so is a
colour asked ("do u sell tees in pink": brief E4b).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from knowledge import nlp
from knowledge.types import Citation

#: at most this many products are named in one offer (a reply, not a catalogue reading)
MAX_OFFERED = 2
_MAX_ASKED_WORDS = 4  # a longer "thing" is not a product's name but a sentence of the viewer's

_AMOUNT = r"[$€£¥]\s?\d+(?:,\d{3})*(?:\.\d\d)?(?:\s+(?:a|per)\s+(?:pair|set|pack|piece|item))?"
_PRICE = re.compile(rf"\b(costs?|is|are|sells? for|is priced at|are priced at)\s+(?P<amount>{_AMOUNT})", re.I)
_LINKING = frozenset("the of and a an de la".split())
#: "Podium Pin Set" is pins; "Chairlift Tote Bag" a tote (session 13)
_CONTAINERS = frozenset("set pack pair kit bundle box bag".split())
_DESCRIPTION = re.compile(r"\b(?:It|They) (?:is|are) (?:a|an) (?P<np>[^.:;,()]+)")
_NP_END = re.compile(r"\s+(?:with|that|which|who|for|in|on|from|to|by|made|printed|and)\b.*$")

_DET = r"(?:(?:the|a|an|your|that|this|those|these|any|some|one|1|ur)\s+)?"
#: the verbs of a shop question: "do you sell/have/carry/stock X", "can i buy/get/order/purchase X from you"
#: (:mod:`knowledge.shop_attributes` ends the name asked at one: "do you sell hoodies in red"; session 22)
_ASKS_VERBS = ("sell have carry stock".split(), "buy get order purchase".split())
SHOP_VERBS = frozenset(_ASKS_VERBS[0] + _ASKS_VERBS[1])
_ASKS = [  # (pattern, a shop question rather than a price question); X is ``thing``
    (
        rf"\bhow much (?:do|does) (?:you|u|they|the shop|the store) (?:charge|ask|want|sell) (?:for )?{_DET}"
        r"(?P<thing>.+)",
        False,
    ),
    (rf"\bhow much (?:is|are|was|were|'s|s)\s+(?:it for )?{_DET}(?P<thing>.+)", False),
    (
        rf"\bhow much (?:does|do|did|would|will)\s+{_DET}(?P<thing>.+?)\s+(?:cost|sell for|go for|run)\b",
        False,
    ),
    (rf"\bhow much (?:for|to buy)\s+{_DET}(?P<thing>.+)", False),
    (rf"\bwhat(?:'s| is| are|s)? the (?:price|cost)s? (?:of|for|on)\s+{_DET}(?P<thing>.+)", False),
    (rf"\bwhat (?:does|do|did|would|will)\s+{_DET}(?P<thing>.+?)\s+cost\b", False),
    (rf"\bprice (?:of|for|on)\s+{_DET}(?P<thing>.+)", False),
    (
        rf"\b(?:do|does|can) (?:you|u|the shop|the store|ya) (?:{'|'.join(_ASKS_VERBS[0])})\s+{_DET}"
        r"(?P<thing>.+)",
        True,
    ),
    (rf"\bis there {_DET}(?P<thing>.+?)\s+(?:in|on|at) (?:the|your) (?:shop|store|merch)\b", True),
    # session 18: "can i buy a bing dwen dwen toy from you" asks the shop as "do you sell" does
    (
        rf"\bcan (?:i|we|u) (?:{'|'.join(_ASKS_VERBS[1])})\s+{_DET}(?P<thing>.+?)\s+(?:from|off|at|in) "
        r"(?:you|u|ya|your (?:shop|store)|ur (?:shop|store)|the (?:shop|store))\b",
        True,
    ),
]
#: session 24 (brief P3, P16): the elliptical shop asks, a closed list of have/sell/stock frames at the
#: line's start (after an @name or an interjection): "got any X", "u got X", "any X left/in stock", "X in
#: stock", "selling X", "where can i buy X" (not "is there a X": it moved 3 fit rows the wrong way); whether X
#: is goods is the caller's to say
_OPENING = r"^(?:@\S+\s+)?(?:(?:yo|hey|hi|so|and|also|ok|oh|btw)\W*\s+)?"
_STOCKED = r"(?:left|in\s+stock|available|for\s+sale)"
_ELLIPTICAL = [
    rf"{_OPENING}(?:(?:you|u|ya)\s+)?got\s+(?:any|some)\s+(?P<thing>.+)",
    rf"{_OPENING}(?:you|u|ya)\s+got\s+{_DET}(?P<thing>.+)",
    rf"{_OPENING}any\s+(?P<thing>.+?)\s+{_STOCKED}\W*$",
    rf"{_OPENING}(?!(?:is|are|was|were|do|does|did|can|could|will|would|there|what|which|who|where|when|how|"
    rf"i|we|you|u)\b)(?P<thing>.+?)\s+{_STOCKED}\W*$",
    rf"{_OPENING}(?:(?:are|r)\s+(?:you|u)\s+|(?:you|u)\s+)?(?:selling|stocking|carrying)\s+(?:any\s+)?"
    r"(?P<thing>.+)",
    rf"{_OPENING}where\s+(?:can|do|could)\s+(?:i|we|u|you)\s+(?:buy|get|order|purchase)\s+{_DET}(?P<thing>.+)",
]
_ASKED = [(re.compile(p, re.I), shop) for p, shop in [*_ASKS, *((e, True) for e in _ELLIPTICAL)]]
#: where the name of the thing asked ends: a preposition, a clause, a time word, a politeness word
_THING_END = re.compile(
    r"\s+(?:in|at|on|from|for|with|by|of|to|if|when|that|which|who|and|or|but|please|pls|plz|now|today|"
    r"tonight|again|here|there|right|cost|costs|exactly|anymore|online|rn|these|this|lol)\b.*$",
    re.I,
)
_NOT_THINGS = frozenset(
    "it that this they them these those one ones stuff things thing everything anything something all merch "
    "shipping delivery postage tax it's".split()
)


@dataclass(frozen=True)
class Product:
    """One product the base prices: its name (the heading), its price as the base writes it, and where."""

    name: str
    amount: str  # "$28", "$26 a pair": the base's own words
    plural: bool  # the base says "cost" (the Warm Hands Mittens cost $26 a pair)
    sentence: str  # the sentence holding the price, verbatim (the citation's quote)
    source: str
    span: str
    kinds: frozenset[str]  # stems of the nouns it is one of
    words: frozenset[str]  # stems of every word its chunk says

    def said(self) -> str:
        """How the host says it: "the Slope Scarf is $28" ("Pip the Penguin Plush is $25": no article
        before a name that has one)."""
        article = "" if re.search(r"\bthe\b", self.name) else "the "
        return f"{article}{self.name} {'are' if self.plural else 'is'} {self.amount}"

    def citation(self) -> Citation:
        return Citation(source=self.source, span=self.span, quote=self.sentence)


@dataclass(frozen=True)
class Offer:
    """What the shop has of the kind a viewer asked for (``asked``: "team scarf"), named by the base."""

    asked: str
    products: tuple[Product, ...]
    exact: bool  # the product's own words say everything asked: it has the thing, not just its kind
    shop: bool  # asked as "do you sell X?", not "how much is X?"
    #: a colour asked that the product's own words do not say ("do u sell tees in pink"): the listing is
    #: silent on it, which is no "the shop has none" (a photo caption may show it; the lead, session 22)
    unlisted: str = ""

    def citations(self) -> list[Citation]:
        return [p.citation() for p in self.products]

    def said(self) -> str:
        """ "the Slope Scarf is $28", "the A is $9 and the B is $12"."""
        return " and ".join(p.said() for p in self.products)


def asked_thing(question: str) -> tuple[str, bool] | None:
    """The thing a price or shop question asks about, and whether it is a shop question ("do you sell X?"):
    "how much is the team scarf in the shop?" -> ("team scarf", False); None when the question is neither,
    or what it asks about is a pronoun, the shop's service (shipping), or longer than a product's name."""
    text = " ".join(nlp.fold(question).replace("\u2019", "'").split())
    for pattern, shop in _ASKED:
        m = pattern.search(text)
        if m is None:
            continue
        thing = re.sub(r"[?!.,;:]+.*$", "", m.group("thing"))
        thing = _THING_END.sub("", thing).strip(" '\"-")
        words = thing.lower().split()
        if not words or len(words) > _MAX_ASKED_WORDS or words[-1] in _NOT_THINGS:
            return None
        if not all(re.fullmatch(r"[a-z0-9][a-z0-9'-]*", w) for w in words):
            return None
        return " ".join(words), shop
    return None


def products(chunks: Iterable[Any]) -> tuple[Product, ...]:
    """The products among ``chunks`` (objects with ``text``, ``span`` and ``source``; text chunks only when
    they have a ``modality``), each once, in the order first seen."""
    out: dict[tuple[str, str], Product] = {}
    for chunk in chunks:
        if getattr(chunk, "modality", "text") != "text":
            continue
        product = _product(str(chunk.text), str(chunk.span or ""), str(chunk.source))
        if product is not None:
            out.setdefault((product.source, product.name), product)
    return tuple(out.values())


@dataclass(frozen=True)
class Entry:
    """One section of a shop document (a product's entry, or the shop's own terms: "Ordering, shipping and
    returns"): its heading's last part, its text (its chunks joined, in the order given) and where it is.
    ``product`` is set when the section prices a product."""

    name: str
    text: str
    source: str
    span: str
    product: Product | None

    def sentences(self) -> list[str]:
        return nlp.split_sentences(self.text)

    def citation(self, quote: str) -> Citation:
        return Citation(source=self.source, span=self.span, quote=quote)


def entries(chunks: Iterable[Any]) -> tuple[Entry, ...]:
    """The sections of the shop documents among ``chunks`` (objects with ``text``, ``span`` and ``source``;
    text chunks only): a source is a shop document when one of its sections prices a product. A section's
    chunks are joined into one entry, in the order first seen."""
    parts: dict[tuple[str, str], list[str]] = {}
    for chunk in chunks:
        if getattr(chunk, "modality", "text") != "text":
            continue
        key = (str(chunk.source), str(chunk.span or ""))
        text = str(chunk.text)
        if text not in parts.setdefault(key, []):
            parts[key].append(text)
    out = []
    for (source, span), texts in parts.items():
        text = "\n".join(texts)
        out.append(Entry(span.split(" > ")[-1].strip(), text, source, span, _product(text, span, source)))
    shops = {e.source for e in out if e.product is not None}
    return tuple(e for e in out if e.source in shops)


def offer(question: str, found: Sequence[Product]) -> Offer | None:
    """What to offer a viewer who asked ``question`` about a thing the base does not price: the products
    of ``found`` whose kinds hold the head noun of the thing asked (at most ``MAX_OFFERED``, those saying
    most of what was asked first). None when the question asks about no thing, or no product is of its
    kind: then the honest don't-know stands."""
    asked = asked_thing(question)
    if asked is None:
        return None
    thing, shop = asked
    head = noun_stems(thing.split()[-1])
    wanted = _asked_words(thing)
    matching = [p for p in found if head & p.kinds]
    if not matching:
        return None
    matching.sort(key=lambda p: -sum(bool(w & p.words) for w in wanted))  # stable: the base's order
    chosen = tuple(matching[:MAX_OFFERED])
    # a misspelt word of the thing asked ("teh keychain", "pip the pengiun plush") is not a thing the shop
    # lacks (session 28, brief Y6)
    wanted = [w for w in wanted if not _misspelt(w, chosen[0].words)]
    exact = bool(wanted) and all(w & chosen[0].words for w in wanted)
    variant = _variant(question, thing) if shop else None
    colour = _colour(_folded(question), thing) if shop and variant is None else None
    if variant is not None and not all(w & chosen[0].words for w in _asked_words(variant[1])):
        thing, exact = f"{thing} {variant[0]}", False  # "the poster in a3": the shop's poster is A2
    unlisted = ""
    if colour is not None and not all(w & chosen[0].words for w in _asked_words(colour[1])):
        exact, unlisted = False, colour[1]  # "tees in pink": the tee's words say no colour
    products = chosen[:1] if exact or unlisted else chosen
    return Offer(asked=thing, products=products, exact=exact, shop=shop, unlisted=unlisted)


#: a variant asked of a thing in a shop question: "in a kids version", "in a3" (session 22)
_VARIANT = re.compile(
    r"\s+(?P<said>in\s+(?:an?\s+)?(?P<words>(?:[a-z][a-z'-]*\s+){0,2}?)"
    r"(?:(?:version|size|edition|model|style|cut)s?\b|(?P<code>[a-z]*\d[a-z0-9]*)\b))"
)


def _variant(question: str, thing: str) -> tuple[str, str] | None:
    """The variant a shop question asks of ``thing`` ("do you sell the poster in a3" -> ("in a3", "a3"); "in
    a kids version" -> ("in a kids version", "kids")): the words said, and those the product must say."""
    m = re.search(rf"\b{re.escape(thing)}{_VARIANT.pattern}", _folded(question))
    if m is None:
        return None
    return m.group("said"), f"{m.group('words')} {m.group('code') or ''}".strip()


def transposed_function_word(word: str) -> bool:
    """Whether ``word`` is a function word with two neighbouring letters swapped ("teh", "adn", "waht"), and
    no word itself (session 28, brief Y6): a typing slip, never a thing asked."""
    word = word.lower()
    if len(word) < 3 or word in nlp.STOPWORDS:
        return False
    swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}
    return bool(swaps & nlp.STOPWORDS)


def _misspelt(forms: set[str], said: frozenset[str]) -> bool:
    """Whether a word of the thing asked (its ``forms``) is a function word mistyped
    (:func:`transposed_function_word`) or, five or more letters long, one edit from a word the product's chunk
    ``said`` ("pengiun"), and is neither itself."""
    if forms & said or forms & nlp.STOPWORDS:
        return False
    return any(
        transposed_function_word(f) or (len(f) >= 5 and any(len(s) >= 5 and nlp.one_edit(f, s) for s in said))
        for f in forms
    )


def _folded(question: str) -> str:
    return " ".join(nlp.fold(question).replace("\u2019", "'").lower().split())


def _colour(text: str, thing: str) -> tuple[str, str] | None:
    """A colour asked of ``thing`` ("do u sell tees in pink" -> ("in pink", "pink"); "in glacier white"): one
    or two words after "in", the last a colour word of the entry reader's (session 22, brief E4b)."""
    from knowledge.shop_readers import COLOURS  # here: shop_readers reads this module's Entry

    m = re.search(rf"\b{re.escape(thing)}\s+in\s+(?P<words>[a-z]+(?:\s+[a-z]+)?)", text)
    if m is None:
        return None
    words = m.group("words").split()
    for n in (2, 1):
        if len(words) >= n and words[n - 1] in COLOURS:
            return f"in {' '.join(words[:n])}", " ".join(words[:n])
    return None


def _asked_words(thing: str) -> list[set[str]]:
    """Each content word of the thing asked, as its token and, for a plural, the stems :func:`noun_stems`
    gives it ("hoodies": {"hoody", "hoodie"}; "scarves": {"scarve", "scarf"}): a word is said by a product
    whose chunk says one of them."""
    out: dict[str, set[str]] = {}
    for word in thing.split():
        tokens = nlp.tokenize(word)
        for token in tokens:
            out.setdefault(token, {token}).update(noun_stems(word) if len(tokens) == 1 else set())
    return list(out.values())


def search_query(question: str) -> str | None:
    """What to search the base with for products of the kind asked (the thing and "price"), or None."""
    asked = asked_thing(question)
    return None if asked is None else f"{asked[0]} price"


def find_offer(kb: Any, question: str, k: int = 10) -> Offer | None:
    """``offer`` over the products among the base's ``k`` best text chunks for the thing asked (a search
    with ``kb.search``: I/O, call it off the event loop)."""
    query = search_query(question)
    if query is None:
        return None
    return offer(question, products(kb.search(query, k=k, modality="text")))


def _product(text: str, span: str, source: str) -> Product | None:
    name = span.split(" > ")[-1].strip()
    if not _is_name(name):
        return None
    for sentence in nlp.split_sentences(text):
        m = _PRICE.search(sentence)
        if m is None:
            continue
        subject = sentence[: m.start()].strip()
        if not subject or not set(nlp.tokenize(subject)) & set(nlp.tokenize(name)):
            continue  # "standard shipping costs $6" under a product's heading names no product
        kinds = set(_head_stems(name))
        kinds |= noun_stems(subject.split()[-1])
        for d in _DESCRIPTION.finditer(text):
            phrase = _NP_END.sub("", d.group("np")).strip()
            for part in re.split(r"\s+of\s+", phrase)[:2]:  # "a set of five enamel pins": set, pin
                last = part.split()[-1] if part.split() else ""
                if last[:1].islower():  # a noun, not a name ("a map of the Beijing ...")
                    kinds |= noun_stems(last)
        verb = m.group(1).lower()
        plural = verb in ("cost", "are", "are priced at")
        return Product(
            name=name, amount=m.group("amount"), plural=plural, sentence=sentence, source=source, span=span,
            kinds=frozenset(kinds), words=frozenset(nlp.tokenize(f"{name} {text}")),
        )  # fmt: skip
    return None


def _is_name(name: str) -> bool:
    words = name.split()
    if not words or len(words) > 6 or "," in name or ":" in name:
        return False
    return words[0][:1].isupper() and all(w[:1].isupper() or w in _LINKING for w in words)


def _head_stems(name: str) -> set[str]:
    words = re.findall(r"[A-Za-z][\w'-]*", name)
    out = noun_stems(words[-1]) if words else set()
    if len(words) >= 2 and words[-1].lower() in _CONTAINERS:
        out |= noun_stems(words[-2])  # "Podium Pin Set" is pins
    return out


def ie_singular(word: str) -> str | None:
    """The stem of an "-ies" plural's "-ie" singular ("hoodies" stems to "hoody", the catalogue's kind is
    "hoodie": session 21, brief P2; session 22, brief E), or None for a word not so spelled."""
    return nlp.stem(word[:-1]) if word.endswith("ies") else None


def noun_stems(word: str) -> set[str]:
    """The stems a noun may have: "scarves" -> {"scarve", "scarf"} (the stemmer keeps "-ves"), "hoodies" ->
    {"hoody", "hoodie"} (:func:`ie_singular`)."""
    word = nlp.fold(word).lower().strip("'-.,")
    out = {nlp.stem(word)}
    if word.endswith("ves") and len(word) > 4:
        out.add(nlp.stem(word[:-3] + "f"))
    singular = ie_singular(word)
    if singular is not None:
        out.add(singular)
    return out - {""}


__all__ = [
    "MAX_OFFERED",
    "SHOP_VERBS",
    "Entry",
    "Offer",
    "Product",
    "asked_thing",
    "entries",
    "find_offer",
    "ie_singular",
    "noun_stems",
    "offer",
    "products",
    "search_query",
    "transposed_function_word",
]
