"""Attribute questions about the shop, read from the catalogue entry: "is the hoodie available in blue?".

The general answer path reads one sentence and abstains when no span answers the question as asked: "is the
hoodie available in blue?" gets "I don't know" although the hoodie's entry says it comes "in midnight navy or
glacier white". A host says "not in blue - it comes in midnight navy or glacier white", cited. This module
decides that from the entry alone (a pure function over :class:`knowledge.catalogue.Entry` values; nothing is
fitted; the lexicons, in :mod:`knowledge.shop_readers` with the readers of each attribute, were written from
the dev questions of tests/knowledge/test_shop_attributes.py and the calibration parts of
evals/data/qa_*.jsonl):

1. **The attribute asked**, by its words: returns, shipping, discount (the shop's own terms, read from the
   sections that price nothing), capacity, care, code, price, material, size, colour (in that order: "how much
   does the bottle hold" asks the capacity, not the price).
2. **The product** (product attributes only): the entry one of whose kinds (``Product.kinds``: "hoodie",
   "mug", "hat") the question names, most name words breaking ties ("the ice crystal mug" over the Ice Ribbon
   Phone Case); no kind named, or two entries equal: no product. The words before the kind, back to a
   determiner, must all be the entry's own or a value asked ("the green slope scarf"; "the team scarf" is
   no product of the shop: the catalogue's offer answers that); a kind followed by "of" names what it holds
   ("a set of skis", "a bag of chips"): no product; so does a kind followed by a place that is none of the
   entry's words ("the pin in curling"); a question in the past ("how much did ... cost?") is no question
   about what the shop sells now.
3. **The value asked and the verdict**: the entry's values for the attribute, verbatim ("midnight navy or
   glacier white", "S to XL", "$49"), and
   - ``says``: a wh-question ("what colours...?", "how much...?"): the values;
   - ``yes``: the value asked is among them (a size range "S to XL" holds M; "medium" is M); a colour of a
     part ("can i get the mug in blue?": "with a blue snowflake print") is ``says``, not a yes (session 14);
   - ``no``: it is not, and the entry lists the attribute in full (size, price, capacity, code; colours
     the product comes "in": "in midnight navy or glacier white") - "not in blue, but ...";
   - ``open``: it is not, and the list is not exhaustive (material, care, the shop's terms: "dishwasher and
     microwave safe" does not say it is not oven safe; a colour of a part, "with a blue snowflake print") -
     "it doesn't mention ...; it says ...";
   a choice ("is the hoodie blue or white?") is answered with what the entry says;
   - ``unknown``: the entry does not mention the attribute ("is the hoodie machine washable?"): the plain
     "I don't know" stands.
   Synonyms of values are not guessed ("blue" is not "navy"): a value asked is in the entry or it is not.
   Size letters and their words are the same size (S small, M medium, L large, XL extra large).

Session 18 (brief C; fitted on pool4's shop rows, each word from the catalogue's own where it has one):
"send ... back" asks the returns (the catalogue says "return"), "how many dollars" the price, tax, VAT or a
currency the shop's prices as a whole (a fourth term, ``pricing``: the catalogue's "Prices are in US
dollars and include sales tax"); a particle inside the name asked ("the zip up hoodie") does not end it;
a choice the entry's open list answers ("is the beanie wool or synthetic?": acrylic) is ``says``. The
base's own answer says a ``says`` or ``yes`` reply where its sentence path abstains
(:mod:`knowledge.shop_answer`).

Session 22 (brief E): a yes/no size question's word before "size(s)" that is none of the entry's ("youth
sizes") is a size asked, and the entry, listing its sizes in full, says ``no``; of the shop's terms, the
dispatch asked ("ship from", "leave the warehouse") prefers the sentence of where and when orders go out, and
a time asked with a destination ("shipping time to germany") the sentence of delivery.

Session 27 (brief Y3): a time asked of the noun "shipping" / "delivery" with no dispatch asked ("how fast is
shipping in the us") prefers the sentence of delivery too, and a question with a negation ("what can't i send
back") the sentence with one; the base says the sentence chosen here where it read out another of the terms
(``shop_answer.reread``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from knowledge import catalogue, nlp
from knowledge.catalogue import Entry
from knowledge.shop_readers import (
    CARE,
    COLOURS,
    DETERMINERS,
    MATERIALS,
    READERS,
    SIZE_WORDS,
    SIZES,
    YESNO,
    letter_words,
    size_codes,
)
from knowledge.types import Citation

POLICY = ("returns", "shipping", "discount", "pricing")

_Q_CUES = [  # (attribute, what a question asking it says), first match wins
    # "send stuff back" is a return (session 18: pool4's "how many days do i have to send stuff back")
    (
        "returns",
        r"\breturn(?:s|ed|ing)?\b|\brefunds?\b|\bexchange\b|\bsend(?:ing)?\s+(?:[a-z']+\s+){0,2}back\b",
    ),
    # the catalogue's "ship from our warehouse": a question of the warehouse asks the shipping (session 22)
    (
        "shipping",
        r"\bship(?:s|ping|ped)?\b|\bpostage\b|\bdeliver(?:y|ed|s|ies)?\b|\bwarehouse\b|\bdispatch(?:ed|es)?\b",
    ),
    ("discount", r"\bdiscounts?\b|\bpromo\b|\bcoupons?\b|\bvouchers?\b|\bpercent off\b|\bhow much off\b"),
    ("capacity", r"\bhold(?:s)?\b|\bcapacity\b|\bvolume\b|\d\s?(?:ml|l|oz)\b|\blit(?:re|er)s?\b"),
    ("care", r"\bdishwasher|\bmicrowave|\boven\b|\bfreezer\b|\bwash(?:able|ing|ed)?\b|\bdryer\b|\biron\b"),
    ("code", r"\bproduct (?:code|number)\b|\bitem (?:code|number)\b|\bsku\b|\bcode\b"),
    # a weight or a size measured is no price ("how much does the hoodie weigh?"): not read here
    ("measure", r"\bweigh(?:s|t)?\b|\bheavy\b|\bhow (?:big|tall|long|wide|large|high|heavy)\b"),
    # the shop's prices as a whole: their currency and tax (the catalogue's "Prices are in US dollars and
    # include sales tax"; session 18), before a product's price
    ("pricing", r"\btax(?:es)?\b|\bvat\b|\bcurrenc(?:y|ies)\b"),
    (
        "price",
        r"\bhow much\b|\bprices?\b|\bcosts?\b|\$\s?\d|\b\d+(?:\.\d\d)?\s?(?:dollars|bucks|usd)\b"
        r"|\bhow many (?:dollars|bucks)\b",
    ),
    ("material", r"\bmade (?:of|from|out of)\b|\bmaterial\b|\bfabric\b|\b(?:" + "|".join(MATERIALS) + r")\b"),
    (
        "size",
        r"\bsizes?\b|\b(?:xxs|xs|xl|xxl|xxxl)\b|\bone[- ]size\b"
        r"|\b(?:in|an?) (?:extra )?(?:small|medium|large)\b",
    ),
    ("colour", r"\bcolou?rs?\b|\b(?:" + "|".join(COLOURS) + r")\b"),
]
_CUES = [(name, re.compile(p)) for name, p in _Q_CUES]
#: the shop's prices as a whole ("what are your prices", "merch prices?", "prices in the shop"): with no
#: product named, the catalogue's own sentence about its prices answers (session 21, brief P2)
_SHOP_PRICES = re.compile(
    r"\b(?:your|ur|shop'?s?|store'?s?|merch|merchandise)\s+(?:prices|pricing)\b"
    r"|\b(?:prices|pricing)\s+(?:in|at|of|for)\s+(?:the\s+|your\s+|ur\s+)?(?:shop|store|merch|merchandise)\b"
)
#: sentences of the shop's terms that speak of each of them
_TERMS = {
    "returns": re.compile(r"\breturn|\brefund", re.I),
    "shipping": re.compile(r"\bship|\bdeliver|\bpostage", re.I),
    "discount": re.compile(r"\bdiscount|\bpromo|\bcoupon|percent off|% off|\bcode\b", re.I),
    "pricing": re.compile(r"\btax|\bcurrenc|\bprices (?:are|include)", re.I),
}
_DISPATCH_ASKED = re.compile(
    r"\bship(?:s|ped)?\s+(?:out|from)\b|\b(?:send|sent|go|goes)\s+out\b|\bleaves?\b|\bdispatch|\bwarehouse\b"
)
_DESTINATION_TIME = re.compile(
    r"^(?=.*\b(?:how (?:long|fast|soon|quick)|when|days?|weeks?|time)\b)"
    r"(?=.*(?:\b(?:ship(?:s|ping|ped)?|deliver(?:y|ed|s)?|send|sent|postage)\s+(?:\w+\s+){0,2}?to\s+"
    r"(?!ship|deliver|send)[a-z]|\babroad\b|\boverseas\b|\binternational(?:ly)?\b|\bdomestic\b))"
)
#: a time asked of the noun of shipping, the dispatch not asked (session 27, brief Y3)
_TRANSIT_TIME = re.compile(
    rf"^(?!.*(?:{_DISPATCH_ASKED.pattern}))"
    r"(?=.*\b(?:how (?:long|fast|soon|quick)|when|days?|weeks?|time)\b)"
    r"(?=.*\b(?:shipping|delivery|postage)\b)"
)
_NEGATED = re.compile(r"\b(?:cant|cannot|can't|not|never|wont|won't|dont|don't)\b|n't\b")
#: a question of the shop's terms, which of them it prefers: (question words, sentence words)
_TERM_TYPE = [
    (
        re.compile(r"\bhow much\b|\bcosts?\b|\bprice\b|\bfree\b|\bpay\b"),
        re.compile(r"[$€£]\d|\bfree\b", re.I),
    ),
    (
        re.compile(r"\bhow (?:long|fast|soon|quick)|\bwhen\b|\bdays?\b"),
        re.compile(r"\bdays?\b|\bhours?\b", re.I),
    ),
    (
        re.compile(r"\bwhere\b(?!.*\bfrom\b)|\bcountr|\bship to\b|\bdeliver to\b"),
        re.compile(r"\bcountr", re.I),
    ),
    # session 22: the dispatch asked ("where does my order ship from", "when does it leave the warehouse") is
    # the sentence of where or when orders go out; a time asked with a destination ("shipping time to
    # germany", "international shipping how long") the sentence of delivery
    (_DISPATCH_ASKED, re.compile(r"\bfrom\b|\bwarehouse\b|\bdispatch", re.I)),
    (_DESTINATION_TIME, re.compile(r"\bdeliver|\barriv", re.I)),
    # session 27 (brief Y3): a time asked of the noun "shipping" / "delivery" ("how fast is shipping in the
    # us", not the verb of "how soon do orders ship") is the sentence of delivery; a question with a negation
    # ("what cant i send back") the sentence with one
    (_TRANSIT_TIME, re.compile(r"\bdeliver|\barriv", re.I)),
    (_NEGATED, re.compile(r"\b(?:cannot|not|never|no)\b|n't\b", re.I)),
]
#: a question of the shop's returns is one about the shop, not "when does the show return?"
_SHOP_CONTEXT = re.compile(
    r"\b(?:i|my|me|u|you|your|ur|we|order|orders|item|items|merch|shop|store|bought|buy|purchase|stuff|policy|"
    r"price|prices|checkout)\b"
)
#: words of a question about the shop's terms that only shape it (left out when looking for what it names)
_TERM_SCAFFOLD = frozenset(
    nlp.tokenize(
        "much long many take takes cost price pay need want go come buy order orders item items stuff thing "
        "things anything something shop store u ya get take able allow allowed possible fast soon quick",
    )
)
_PAST = re.compile(
    r"^\W*(?:(?:what|which|how|how much|how many|where|when)\W+(?:\w+\W+)?)?(?:did|was|were)\b"
)


@dataclass(frozen=True)
class ShopReply:
    """What the shop's entry says to an attribute question (see the module docstring for ``verdict``)."""

    entry: str  # the entry's heading: "Snowline Logo Hoodie", "Ordering, shipping and returns"
    attribute: str
    asked: str  # the value asked ("blue", "XXS", "$20"), "" for a wh-question
    verdict: str  # says, yes, no, open, unknown
    values: str  # what the entry holds for the attribute, verbatim ("midnight navy or glacier white")
    statement: str  # the fact the host says, from the entry ("the Snowline Logo Hoodie comes in ...")
    sentence: str  # the entry's sentence it comes from (the citation's quote)
    source: str
    span: str

    def citation(self) -> Citation:
        return Citation(source=self.source, span=self.span, quote=self.sentence)

    def citations(self) -> list[Citation]:
        return [self.citation()] if self.verdict != "unknown" else []

    def said(self) -> str:
        return self.statement

    @property
    def exact(self) -> bool:
        """The entry holds what was asked (an offer's word, for the lines that say it)."""
        return self.verdict in ("says", "yes")

    @property
    def decisive(self) -> bool:
        """The entry answers (``unknown`` leaves the plain don't-know)."""
        return self.verdict != "unknown" and bool(self.statement)


def attribute_asked(question: str) -> str | None:
    """The attribute a question asks about, by its words (None: no shop attribute; "measure": a weight or a
    size measured, which the general answer path reads)."""
    q = _norm(question)
    for name, cue in _CUES:
        if cue.search(q):
            if name in ("returns", "pricing") and not _SHOP_CONTEXT.search(q):
                continue
            return name
    return None


def asks_yes_or_no(question: str) -> bool:
    """Whether ``question`` asks a yes or no ("does the hoodie come in youth sizes", "is the mug blue?")."""
    return bool(YESNO.search(_norm(question)))


def shop_prices_asked(question: str) -> bool:
    """Whether ``question`` asks the price of the shop's goods as a whole ("what are your prices"), not of a
    thing it names (a product is looked for by ``reply`` first)."""
    return attribute_asked(question) == "price" and _SHOP_PRICES.search(_norm(question)) is not None


def reply(question: str, entries: Sequence[Entry]) -> ShopReply | None:
    """What ``entries`` (the shop's sections, :func:`knowledge.catalogue.entries`) say to ``question``, or
    None when it asks no shop attribute, or names no product of theirs."""
    q = _norm(question)
    attribute = attribute_asked(question)
    if attribute is None or attribute not in READERS and attribute not in POLICY or not entries:
        return None
    yesno = bool(YESNO.search(q))
    if attribute in POLICY:
        return _terms(q, attribute, yesno, entries)
    if _PAST.search(q):
        return None  # "how much did the toy story ride cost?": the catalogue says what a product is now
    entry = _product_entry(q, entries)
    if entry is None and attribute == "price" and shop_prices_asked(question):
        return _terms(q, "pricing", yesno, entries)  # "what are your prices": the shop's own word on them
    if entry is None or entry.product is None:
        return None
    read = READERS[attribute](q, entry)
    if read is None:
        return ShopReply(entry.name, attribute, "", "unknown", "", "", "", entry.source, entry.span)
    asked, held, values, statement, sentence, complete = read
    if not asked or (len(asked.split()) > 1 and " or " in q):
        verdict = "says"  # a wh-question, or a choice: "is the hoodie blue or white?"
    elif " or " in q and not complete and not held:
        verdict = (
            "says"  # a choice the entry's open list answers: "is the beanie wool or synthetic?" - acrylic
        )
    elif held and attribute == "colour" and not complete:
        verdict = "says"  # a part's colour: "can i get the mug in blue?" - it has a blue print, not "yes"
    elif held:
        verdict = "yes"
    else:
        verdict = "no" if complete else "open"
    return ShopReply(
        entry.name, attribute, asked, verdict, values, statement, sentence, entry.source, entry.span
    )


def product_entry(question: str, entries: Sequence[Entry]) -> Entry | None:
    """The product entry of ``entries`` that ``question`` names (the readers' matcher, below), or None."""
    return _product_entry(_norm(question), entries)


def holds(text: str, sentence: str) -> bool:
    """Whether ``text`` (an answer) says ``sentence`` (an entry's), punctuation and case aside."""
    return _squash(sentence) in _squash(text)


# --- the product -----------------------------------------------------------------------------------------


def _product_entry(q: str, entries: Sequence[Entry]) -> Entry | None:
    words = re.findall(r"[a-z0-9][a-z0-9'-]*", q)
    stems = [nlp.stem(w) for w in words]
    singular = [catalogue.ie_singular(w) or s for w, s in zip(words, stems, strict=True)]
    best: list[tuple[int, int, Entry, int]] = []
    for entry in entries:
        product = entry.product
        if product is None:
            continue
        name = set(nlp.tokenize(entry.name))
        # "hoodies", "scarves": a plural's stems (catalogue.noun_stems) name the kind (session 22)
        heads = [i for i, w in enumerate(words) if catalogue.noun_stems(w) & product.kinds]
        if not heads:
            continue
        named = len({s for s in stems if s in name})
        best.append((len({singular[i] for i in heads}), named, entry, heads[-1]))
    if not best:
        return None
    best.sort(key=lambda b: (-b[0], -b[1]))
    if len(best) > 1 and best[0][:2] == best[1][:2]:
        headed = _right_head(best, words)
        if headed is None:
            return None  # two products named alike: which is meant is not said
        best = headed
    _, _, entry, head = best[0]
    if words[head + 1 : head + 2] == ["of"] and not _name_of(words[head + 2 :], entry):
        return None  # "a set of skis", "a bag of chips": the thing asked is what follows
    # the words before the kind, back to a determiner, are the entry's own or a value asked
    own = set(nlp.tokenize(f"{entry.name} {entry.text}")) | set(nlp.tokenize(entry.name))
    # a word of another product's name that is none of this one's names that product: "the snowflake mug"
    # is not the Ice Crystal Mug (its print is a snowflake; the Snowflake Sticker Pack's name; session 18)
    others = {s for e in entries if e is not entry and e.product is not None for s in nlp.tokenize(e.name)}
    own -= others - set(nlp.tokenize(entry.name))
    before = words[:head]
    for i in range(len(before) - 1, -1, -1):
        w = before[i]
        if w in _PARTICLES and i > 0 and before[i - 1] not in nlp.STOPWORDS | DETERMINERS:
            continue  # "the zip up hoodie": a particle inside the name asked, not its end (session 18)
        if w in DETERMINERS or w in nlp.STOPWORDS or w in catalogue.SHOP_VERBS:
            break  # "the green slope scarf", "do you sell hoodies in red" (session 22)
        if _fits(w, own):
            continue
        return None
    # "the hoodie in blue", "the mug in the microwave"; not "the pin in curling", "the bottle at the venue"
    after = [w for w in words[head + 1 : head + 4] if w not in DETERMINERS]
    if after[:1] and after[0] in _PLACE_PREPOSITIONS and after[1:2] and not _fits(after[1], own):
        if not any(cue.search(after[1]) for _, cue in _CUES):
            return None
    return entry


_PLACE_PREPOSITIONS = frozenset("in at from for on".split())


def _right_head(
    best: list[tuple[int, int, Entry, int]], words: list[str]
) -> list[tuple[int, int, Entry, int]] | None:
    """Of products tied by the kinds a line names, the one whose kind ends the noun phrase ("the snowboarder
    print shirt": a shirt, not a print; English compounds are right-headed; session 28, brief Y5): ``best``
    with that one first when the tied kinds stand in one run of content words; None when they do not."""
    tied = [b for b in best if b[:2] == best[0][:2]]
    last = max(tied, key=lambda b: b[3])
    first = min(b[3] for b in tied)
    between = words[first : last[3] + 1]
    if last[3] == first or any(w in nlp.STOPWORDS or w in DETERMINERS for w in between):
        return None
    if sum(1 for b in tied if b[3] == last[3]) > 1:
        return None
    return [last, *(b for b in best if b is not last)]


def _name_of(after: list[str], entry: Entry) -> bool:
    """Whether the words after a kind's "of" are the product's own name in the of-form ("the map of the three
    zones": the Three Zones Poster; session 28, brief Y5): every word up to the line's end or a function word
    is a word of the entry's name, and there is one."""
    name = set(nlp.tokenize(entry.name))
    run: list[str] = []
    for w in after:
        if w in DETERMINERS and not run:
            continue
        if w in nlp.STOPWORDS or w in DETERMINERS:
            break
        run.append(w)
    return bool(run) and all(nlp.stem(w) in name for w in run)


#: particles that make a compound with the word before them ("zip up", "pull over", "button down")
_PARTICLES = frozenset("up down out over".split())


def _fits(word: str, own: set[str]) -> bool:
    """A word of the question said of a product: the entry's own, a colour, a size, a number."""
    sized = bool(size_codes(word)) or word in SIZE_WORDS or word == "extra"
    return nlp.stem(word) in own or word in COLOURS or sized or word.replace("-", "").isdigit()


# --- the shop's own terms --------------------------------------------------------------------------------


def _terms(q: str, attribute: str, yesno: bool, entries: Sequence[Entry]) -> ShopReply | None:
    """The sentence of the shop's terms (the sections that price nothing) that answers ``q``: one that
    speaks of the attribute, of the kind of value asked (an amount, a time, countries) first, then sharing
    most of the question's words, then the first."""
    speaks = _TERMS[attribute]
    products: set[str] = set()
    for e in entries:
        if e.product is not None:
            products |= e.product.kinds | set(nlp.tokenize(e.name))
    # "hoodies" a kind too (its "-ie" singular stems to one: catalogue.ie_singular)
    products |= {nlp.stem(w) for w in letter_words(q) if catalogue.ie_singular(w) in products}
    wanted = [s for s in nlp.tokenize(q) if s not in _TERM_SCAFFOLD and s not in products]
    best: tuple[int, int, int] | None = None
    chosen: tuple[Entry, str] | None = None
    order = 0
    for entry in entries:
        if entry.product is not None:
            continue
        for sentence in entry.sentences():
            if not speaks.search(sentence):
                continue
            typed = sum(1 for qq, ss in _TERM_TYPE if qq.search(q) and ss.search(sentence))
            shared = len(set(wanted) & set(nlp.tokenize(sentence)))
            key = (typed, shared, -order)
            order += 1
            if best is None or key > best:
                best, chosen = key, (entry, sentence)
    if chosen is None:
        return None
    entry, sentence = chosen
    said = set(nlp.tokenize(sentence)) | set(nlp.tokenize(entry.name))
    # the words that asked the attribute, a phrase's too ("send something back")
    cue = set(nlp.tokenize(" ".join(m.group() for m in _CUES_BY_NAME[attribute].finditer(q))))
    # a viewer's clipped word ("subs" for "subscribers", "pics" for "pictures") is said by the word it clips
    clipped = {w for w in set(wanted) - said if len(w) >= 3 and any(s.startswith(w) for s in said)}
    missing = [w for w in letter_words(q) if nlp.stem(w) in set(wanted) - said - cue - clipped]
    verdict = "open" if yesno and missing else "says"
    asked = _named(q, missing, cue) if verdict == "open" else ""
    return ShopReply(
        entry.name, attribute, asked, verdict, sentence, sentence, sentence, entry.source, entry.span
    )


_CUES_BY_NAME = dict(_CUES)
#: the verb a yes/no question asks the shop with: "do you offer ...", "can i get ..."
_ASKING_VERB = re.compile(
    r"\b(?:(?:do|does|can|could|will|would)\s+(?:you|u|ya|they)|(?:can|could)\s+(?:i|we))\s+$"
)


def _named(q: str, missing: list[str], cue: set[str]) -> str:
    """What an ``open`` decline says the terms do not mention (session 28, brief Y6): the missing words, each
    with the words after it up to the noun that asked the attribute ("next day delivery", "express
    shipping"); the verb the question asks with ("do you offer same day delivery") is none of them, and where
    it was the only one, the words after it up to that noun are named."""
    words = letter_words(q)
    verbs = {i for i in range(len(words)) if _ASKING_VERB.search(" ".join(words[:i]) + " ")}
    cues = [j for j, w in enumerate(words) if nlp.stem(w) in cue]
    spans: list[tuple[int, int]] = []
    starts = [i for i, w in enumerate(words) if w in missing and i not in verbs]
    if not starts:
        starts = [i + 1 for i in verbs if words[i] in missing]
    for i in starts:
        end = next((j for j in cues if i <= j <= i + 3), i)
        if spans and i <= spans[-1][1]:
            continue
        spans.append((i, end))
    named = " or ".join(" ".join(words[a : b + 1]) for a, b in spans)
    return named or " ".join(missing)


# --- small helpers ---------------------------------------------------------------------------------------


def _norm(question: str) -> str:
    return " ".join(nlp.fold(question).replace("\u2019", "'").lower().split())


def overrides(found: ShopReply | None, base: str | None) -> bool:
    """Whether the turn says ``found`` instead of the base's answer ``base`` (its text; None when the base
    abstained): a yes, a no or "it doesn't say" always (a sentence read out is no yes or no); what the entry
    says (``says``) where a value was asked (a choice, a part's colour: session 14), the base abstained or
    answered with a sentence that does not hold the entry's values ("what is the slope scarf made of?"
    answered with its price), or whose first sentence does not (session 14: the base read the scarf's price
    sentence before its material one: the host says the material first, not an unasked price)."""
    if found is None or not found.decisive:
        return False
    if found.verdict != "says" or base is None or found.asked:
        return True  # (a value was asked: a choice, a part's colour - the entry's fact, not a read-out)
    first = nlp.split_sentences(base)[:1]
    return _squash(found.values) not in _squash(first[0] if first else base)


def _squash(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9$%/-]+", nlp.fold(text).lower()))


def find_reply(kb: Any, question: str, k: int = 10) -> ShopReply | None:
    """``reply`` over the shop sections among the base's ``k`` best text chunks for ``question`` (a search
    with ``kb.search``: I/O, call it off the event loop). A section of the shop's terms counts when its
    source prices a product (one more search of that source when none of its products was found)."""
    asked = attribute_asked(question)
    if asked not in (*READERS, *POLICY):
        return None
    hits = list(kb.search(question, k=k, modality="text"))
    found = catalogue.entries(hits)
    if (asked in POLICY or shop_prices_asked(question)) and not any(e.product is None for e in found):
        for source in dict.fromkeys(str(h.source) for h in hits):
            hits += kb.search("price costs", k=3, source=source, modality="text")
        found = catalogue.entries(hits)
    said = reply(question, found)
    if said is None and asked not in POLICY and _unnamed(question, found):
        # session 28 (brief Y5): a product named by what its photo calls it ("the big air t-shirt fabric?")
        from knowledge.shop_photos import photo_entries  # here: one image search, only for these lines

        widened = photo_entries(kb, question, found)
        if widened is not None:
            return reply(question, widened)
    return said


def _unnamed(question: str, entries: Sequence[Entry]) -> bool:
    """Whether ``entries`` hold a product and the matcher names none of them for ``question``."""
    return any(e.product is not None for e in entries) and product_entry(question, entries) is None


__all__ = [
    "CARE",
    "COLOURS",
    "MATERIALS",
    "POLICY",
    "SIZES",
    "ShopReply",
    "attribute_asked",
    "find_reply",
    "holds",
    "product_entry",
    "reply",
    "shop_prices_asked",
]
