"""A gift or what-to-buy request answered from the catalogue's own lines, only where the line asks (session
30, brief G2, candidate G2a; issue 14; the reply is session 29's G1, 9b03205, reverted in c803937).

"can you recommend a gift for my dad" got small talk and "what should i get my sister" a don't-know, while the
catalogue states every product and its price. G1 answered them, but it read a gift noun or "what should i get"
anywhere as a request, so statements got a sales pitch ("the mug was a gift from my mom" -> the mug's price,
"what should i get for dinner tonight" -> three products). Here a line is a gift request only where (1) one of
its clauses **asks** - an imperative of suggesting or choosing ("recommend a gift"), a question of what the
asker should buy ("what should i get my sister"), a need or search the asker states ("looking for a present"),
an ask of the shop for what it has ("got anything ...", "any ideas"), or a bare gift noun phrase that asks by
ellipsis ("gift for my sister who's always cold?") - and (2) the line says **what for**: a gift noun, a
recipient (a person noun, ``roles.person_nouns``), an occasion or a budget. A past-tense clause, an
exclamative, a possessive gift ("my gift to you"), a gift noun that modifies ("gift card") or heads a
statement ("the best present is ...") asks nothing (docs/knowledge.md, "Session 30, brief G2"). The reply, as
G1's:

- **What fits.** A word of the line that a product's kind or heading says ("hoodies", "hands": the Warm Hands
  Mittens) beats one its entry or photo caption says ("keep his drinks cold": the Summit Water Bottle keeps
  drinks cold); the products saying most such words are named. Where no product's words say a word of the
  line, a line that states a need ("something to carry books in") gets the product the base's own search ranks
  first for it, and a line that asks no need a few ideas, in the search's order. A word said by a third of the
  products or more tells none apart and is not read.
- **The budget** ("under $30", "budget 50", "for 15 dollars"; since session 31 also "20 dollars tops", "$10
  max", "15 dollars or less", "a tenner": :mod:`knowledge.shop_budget`) bounds every product named, and its
  words are not matched as what the gift is for; below the cheapest product the line says so and names the
  cheapest ("Nothing in the shop is under $5; the cheapest is ...").
- **How it feels** (session 31, brief Z3): "soft", "cuddly" and their kin are read as the catalogue's word for
  a soft thing, "plush", so "something soft and cuddly for a toddler" names the plush toy, not the keychain.
- **A thing asked that no product's words say** ("got any pet stuff?") gets "The shop doesn't sell ...".

Each product named is cited by its own price sentence. Pure functions over products, photos and search order,
and :func:`read` (searches: I/O, the caller's thread; only for a line :func:`asked` reads)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from knowledge import catalogue, nlp, shop_attributes, shop_budget, shop_photos, shop_prices
from knowledge.catalogue import Product
from knowledge.roles import person_nouns
from knowledge.shop_prices import _listed, _named  # the shop's own way to name products
from knowledge.types import Citation

#: at most this many products are named as ideas
MAX_NAMED = 3
#: the nouns of a thing given (a general class)
_GIFT = r"(?:gifts?|presents?|stocking\s+stuffers?|souvenirs?)"
#: what asks for ideas rather than naming a thing
_IDEAS = r"(?:ideas?|suggestions?|recommendations?|recs?)"
#: "something" and its chat forms
_SOME = r"(?:something|anything|smth|sth|stuff)"
#: openers before a clause's request: greetings, laughs, please-words, discourse words, an @-address
_OPEN = (
    r"^(?:(?:hey|hi|yo|ok|okay|so|um|hmm|lol|lmao|haha|pls|plz|please|also|and|but|well|guys|oh|@\S+)\s+)*"
)
_PLEASE = r"(?:pls|plz|please)"
_US = r"(?:i|we)"
_YOU = r"(?:you|u|ya)"
#: what may follow a gift noun that asks: nothing, a purpose, ideas, please, a budget (module docstring)
_ASKING_AFTER_TEXT = (
    rf"\s*(?:$|for\b|to\s+(?!(?:you|u|me|him|her|them|us|the|a|an|my|your|his|their|our)\b)[a-z]+|{_IDEAS}\b|"
    rf"{_PLEASE}\b|under\b|below\b|max\b|budget\b|around\b|less\b|cheaper\b|that\b|which\b|who\b|with\b)"
)
#: (1) a clause that asks, by form (module docstring; declared): (i) an imperative of suggesting or choosing,
#: (ii) a question of what the asker should buy or what the host would, (iii) a need or search stated,
#: (iv) an ask of the shop for what it has, (vi) "any ideas" anywhere in the clause; (v) is :func:`_bare`
_ASKS = (
    re.compile(
        _OPEN + rf"(?:(?:can|could|would|will)\s+{_YOU}\s+)?(?:{_PLEASE}\s+)?"
        r"(?:help\s+me\s+(?:to\s+)?(?:pick|choose|find)|recommend|suggest|pick|choose|find\s+me|give\s+me)\b"
    ),
    re.compile(
        _OPEN
        + r"(?:what|which)(?!\s+of\b)(?:\s+[a-z']+){0,3}?\s+(?:should|can|could|would|shall|do|might|to)\s+"
        rf"(?:{_US}\s+)?(?:get|buy|gift|give|pick|grab|order)\b"
    ),
    re.compile(
        _OPEN + rf"(?:what|which)(?!\s+of\b)(?:\s+[a-z']+){{0,3}}?\s+(?:would|do|can|could)\s+{_YOU}\s+"
        r"(?:get|buy|recommend|suggest|pick)\b"
    ),  # fmt: skip
    re.compile(
        _OPEN + r"(?:what(?:'s|s|\s+is|\s+are|\s+r)\s+(?:a\s+|some\s+)?|what\s+(?:would|will|could|might)\s+"
        r"(?:make|be)\s+(?:a\s+|some\s+)?)(?:good|nice|great|cool|perfect|the\s+best|best)\s+(?:[a-z'-]+\s+)?"
        rf"(?:{_GIFT}|{_IDEAS}|{_SOME})\b(?={_ASKING_AFTER_TEXT})"
    ),
    re.compile(_OPEN + rf"(?:can|could|should|may)\s+{_US}\s+(?:get|buy)\s+(?:{_SOME}|an?\s+{_GIFT})\b"),
    re.compile(
        _OPEN + r"(?:(?:i|we)\s+|i'm\s+|im\s+|i\s+am\s+|we're\s+)?(?:really\s+)?"
        r"(?:need(?!\s+(?:to\s+(?!(?:get|buy|find)\b)|someone|somebody|you|help|him|her|them)\b)"
        r"|(?:want|wanna|need)\s+to\s+(?:get|buy)\s+(?=(?:a|an|some|something|anything|smth|my|his|her|their|our|"
        r"the|this|that|gifts?|presents?)\b)|looking\s+for|shopping\s+for|searching\s+for|trying\s+to\s+find)\b"
    ),
    re.compile(
        _OPEN + rf"(?:(?:do|does)\s+(?:{_YOU}|the\s+shop)\s+(?:have|sell|got|carry|stock)\b"
        rf"|(?:have\s+{_YOU}\s+)?got\s+any"
        rf"|{_YOU}\s+got\s+any|is\s+there\s+any|what\s+(?:do\s+|have\s+)?{_YOU}\s+(?:got|have|sell)\b)"
    ),
    re.compile(rf"\bany\s+(?:{_GIFT}\s+)?{_IDEAS}\b"),
)
_SOME_AFTER = r"\s*(?:$|(?:[a-z]+\s+)?(?:for|to|that|which|under|below|around|less|cheaper|like|with)\b)"
#: an ask by ellipsis (v): "any gift ideas", "anything for a gamer?"
_ELLIPTIC = re.compile(_OPEN + r"any(?:thing)?\b")
#: modifiers a bare gift noun phrase may open with (evaluative adjectives, occasions: a general class)
_MODIFIER = (
    r"(?:a|an|any|some|good|nice|cheap|cool|fun|best|the\s+best|great|small|little|cute|quick|perfect|"
    r"affordable|last\s+minute|bday|birthday|christmas|xmas|holiday|anniversary|wedding|secret\s+santa|"
    r"valentines?|graduation|housewarming|thank\s+you)"
)
_BARE = re.compile(
    rf"^{_OPEN[1:]}(?:{_MODIFIER}\s+){{0,2}}(?P<head>{_GIFT}|{_SOME}|{_IDEAS})\b(?P<after>.*)$"
)
_ASKING_AFTER = re.compile("^" + _ASKING_AFTER_TEXT)
#: a past-tense or perfect verb: a clause that tells what happened asks nothing
_PAST = re.compile(
    r"\b(?:did|got|gave|bought|was|were|had|loved|liked|received|recieved|sent|made|gotten|given|won|brought)\b"
)
#: a gift noun that modifies the next noun ("gift card", "gift wrapping") or is said of a thing ("as a gift")
_GIFT_NOUN = re.compile(rf"\b{_GIFT}\b")
#: the occasions of a gift (a general class)
_OCCASION = re.compile(
    r"\b(?:birthdays?|bdays?|christmas|xmas|holidays?|anniversary|wedding|valentine'?s?|graduation|"
    r"secret\s+santa|housewarming|(?:mother|father)'?s\s+day|baby\s+shower|retirement)\b"
)
#: chat shorthand and everyday nouns for a person that the WordNet list reads otherwise (a general class)
_PRONOUNS = frozenset("those these it them one that this".split())
_PEOPLE = frozenset("bf gf bff bestie hubby wifey bro sis fam coworker co-worker fan gamer roomie".split())
#: where a recipient is named: after "for" or a verb of giving; the next few words are read
_WHO = re.compile(
    r"(?=\b(?:for|get|buy|gift|give)\s+(?:(?:a|an|my|his|her|our|their|the|your|this|that|some)\s+)?"
    r"(?P<next>(?:[a-z'-]+(?:\s+|$)){1,3}))"
)
#: a need stated: "something to carry books in", "anything to keep his drinks cold", "something that ..."
_NEED = re.compile(rf"\b{_SOME}\s+(?:to|that|which)\s+[a-z]+")
_SOMEONE = re.compile(r"\bfor\s+(?:someone|somebody|a\s+friend)\b")
#: the words of a line that ask, not what for: the gift nouns and the request's own
_ASKING = frozenset(
    nlp.tokenize(
        "gift gifts present presents idea ideas recommend suggest budget limit stocking stuffer souvenir make"
    )
)
#: the thing a request names (the object of its verb): "need a fun winter hat", "any candles or perfume"
_THING = re.compile(
    r"(?:\bany|\bneed|\bwant\s+to\s+(?:get|buy)(?:\s+(?:my|his|her)\s+[a-z'-]+)?|\blooking\s+for|\blike|"
    rf"\b(?:do|does)\s+(?:{_YOU}|the\s+shop)\s+(?:have|sell|carry|stock))\s+(?:some\s+|any\s+)?"
    r"(?P<thing>(?:an?\s+)?[a-z][a-z' -]*?)\s*"
    r"(?:$|\bfor\b|\bunder\b|\bbelow\b|\bas\b|\bto\b|\bthat\b|\bwho\b|\blike\b|\bor\s+smth)"
)


#: how a gift feels, soft to hold (a closed class; session 31, brief Z3): read as the catalogue's own word for
#: a soft thing, :data:`_SOFT`, so "something soft and cuddly" names the plush toy and not the keychain
_FEEL = frozenset("soft softer softest cuddly cuddle cuddles huggable squishy fluffy snuggly snuggle".split())
_SOFT = "plush"


@dataclass(frozen=True)
class GiftAsk:
    """What a gift request asks: its budget (``None``: none said; ``strict``: "under", not "up to"), the
    thing asked for by name ("pet stuff"; "" when none), whether it states a need ("something to carry books
    in"), its words, and ``bought``: a gift, recipient, occasion or budget said (a need alone - "got anything
    to keep drinks cold" - is answered only where a product's words meet it: G1's rule)."""

    budget: float | None
    strict: bool
    thing: str
    need: bool
    words: tuple[str, ...]
    bought: bool = True


def asked(question: str) -> GiftAsk | None:
    """What ``question`` asks for as a gift or purchase (module docstring); None when no clause asks, the line
    says no gift, recipient, occasion or budget, or it asks a shop attribute (the entry readers' question:
    "is the mug a good size for a gift")."""
    q = _norm(question)
    parts = re.split(r"([,.;!?:]+|\s-\s|\s+lol\s+|\s+lmao\s+)", q)
    cut = [
        (parts[i].strip(), "?" in (parts[i + 1] if i + 1 < len(parts) else ""))
        for i in range(0, len(parts), 2)
    ]
    clauses = [c for c, _ in cut if c]
    asking = [c for c, asks_q in cut if c and _asks(c, asks_q)]
    if not asking:
        return None
    budget, strict = _budget(q)
    need = any(_NEED.search(c) for c in asking)
    bought = (
        any(_gift_asked(c) or _for_someone(c) for c in asking)
        or bool(_OCCASION.search(q))
        or budget is not None
    )
    if not (bought or need):
        return None
    if shop_attributes.attribute_asked(q) not in (None, "price"):
        return None
    hinted = [
        c for c in clauses if re.match(r"(?:like|such\s+as)\s", c)
    ]  # "anything for a gamer? like a mousepad"
    thing = next((t for c in asking + hinted if (t := _thing(c))), "")
    need = need or re.search(rf"\b{_SOME}\s+for\s+it\b", q) is not None
    said = shop_budget.without(q)  # "20 dollars tops" says how much, not what for (s31, Z2)
    words = tuple(w for w in re.findall(r"[a-z][a-z'-]+", said) if w not in nlp.STOPWORDS)
    return GiftAsk(budget, strict, thing, need, words, bought)


def _asks(clause: str, question: bool = False) -> bool:
    """Whether ``clause`` asks by its form: (i)-(iv), (vi) of :data:`_ASKS`; or by ellipsis - a bare noun
    phrase (v), "any ...", "anything ..." - where it ends with "?" (``question``) or itself says a gift,
    recipient, occasion or budget ("anything to make football safer is a good thing" asks nothing); never an
    exclamative ("what a present ..."), never a clause that tells what happened before its ask."""
    if re.match(_OPEN + r"what\s+an?\b", clause):
        return False
    if _bare(clause) or _ELLIPTIC.match(clause):
        return question or _gift_asked(clause) or _for_someone(clause) or _says_budget(clause)
    m = next((m for p in _ASKS if (m := p.search(clause)) is not None), None)
    if m is None:
        return False
    return _PAST.search(clause[: m.start()]) is None and not re.search(
        r"\b(?:did|was|were)\b", clause[: m.end()]
    )


def _bare(clause: str) -> bool:
    """(v): a clause that opens with a gift noun, "something" or "ideas" (two modifiers at most before) asking
    by ellipsis: a gift noun followed by nothing, a purpose, ideas, a please-word or a budget, not by a verb
    ("the best present is ...", "a gift from my mom")."""
    m = _BARE.match(clause)
    if m is None:
        return False
    if re.fullmatch(_SOME, m.group("head")) or re.fullmatch(_IDEAS, m.group("head")):
        # "something cozy for ...", "anything under $10", "ideas?": a purpose, a budget or nothing after it
        return re.match(_SOME_AFTER, m.group("after")) is not None
    return _ASKING_AFTER.match(m.group("after")) is not None


def _gift_asked(clause: str) -> bool:
    """A gift noun in an asking clause that is the thing asked: not a modifier ("gift card": a word after it
    that is no function word, purpose or request noun) and not "present" the verb (no determiner before)."""
    for m in _GIFT_NOUN.finditer(clause):
        before, after = clause[: m.start()], clause[m.end() :]
        if m.group().startswith("present") and not (
            re.search(
                r"\b(?:a|an|the|some|any|good|best|nice|cheap|bday|birthday|christmas|xmas)\s+$", before
            )
            or not before.strip()
        ):
            continue
        nxt = re.match(r"\s*([a-z']+)?", after)
        word = nxt.group(1) if nxt is not None else None
        if not word or word in nlp.STOPWORDS or _ASKING_AFTER.match(after) is not None:
            return True
    return False


def _for_someone(q: str) -> bool:
    """Whether ``q`` says whom a thing is for: a person noun after "for", a verb of giving or a possessive
    ("for my mom's bday", "get my nephew", "my bf goes hiking"), or "for someone"; not "for my phone"."""
    if _SOMEONE.search(q):
        return True
    people = person_nouns() | _PEOPLE
    for m in _WHO.finditer(q):
        words = m.group("next").split()
        after = re.match(r"\s*([a-z']+)?", q[m.end("next") :])
        words.append(after.group(1) or "" if after is not None else "")
        for word, nxt in zip(words, words[1:], strict=False):
            if word in nlp.STOPWORDS:
                break  # "get over their opponent": no recipient phrase
            who = word.removesuffix("'s").removesuffix("'")
            # the head of its phrase: a function word or nothing after it ("a great time": "great" is none)
            last = word != who or not nxt or nxt in nlp.STOPWORDS or nxt in ("under", "who", "pls")
            if last and (who in people or (who.endswith("s") and who[:-1] in people)):
                return True
    return False


def _thing(clause: str) -> str:
    """The thing ``clause`` names as asked ("any candles or perfume" -> "candles or perfume"), "" where it
    names none or only a gift noun, "something" or ideas."""
    m = _THING.search(clause)
    if m is None:
        return ""
    thing = m.group("thing").strip()
    words = thing.split()
    bare = [w for w in words if w not in ("a", "an")]
    if not bare or len(bare) > 4 or bare[0] in nlp.STOPWORDS or bare[-1] in _PRONOUNS:
        return ""
    if re.fullmatch(rf"(?:(?:{_MODIFIER}|{_GIFT})\s+)*(?:{_GIFT}|{_IDEAS}|{_SOME}|things?)", " ".join(bare)):
        return ""  # "a cheap gift", "some ideas": the request itself, no thing named
    return thing


def _says_budget(clause: str) -> bool:
    return bool(_OCCASION.search(clause)) or _budget(clause)[0] is not None


def _budget(q: str) -> tuple[float | None, bool]:
    return shop_budget.budget(q)


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
    heads, said = _tables(ranked, photo_kinds, photo_words)
    words = [_SOFT if w in _FEEL else w for w in ask.words]  # "soft and cuddly": the catalogue's "plush"
    asked_words = [f for w in words if not (f := _forms(w)) & _ASKING]
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


def _tables(
    ranked: Sequence[Product],
    photo_kinds: dict[str, frozenset[str]] | None,
    photo_words: dict[str, frozenset[str]] | None,
) -> tuple[dict[str, set[str]], dict[str, frozenset[str]]]:
    """Per product: the words of its kind and heading, and the words its entry or photo captions say."""
    kinds = photo_kinds or {}
    seen = photo_words or {}
    heads = {
        p.name: set(p.kinds | kinds.get(p.name, frozenset())) | set(nlp.tokenize(p.name)) for p in ranked
    }
    said = {p.name: p.words | seen.get(p.name, frozenset()) for p in ranked}
    return heads, said


def thing_fits(
    thing: str,
    ranked: Sequence[Product],
    photo_kinds: dict[str, frozenset[str]] | None = None,
    photo_words: dict[str, frozenset[str]] | None = None,
    head_only: bool = False,
) -> list[Product]:
    """The products that say every word (``head_only``: the last word) of the thing a request names, or of one
    of its alternatives ("candles
    or perfume"), less its modifiers ("a fun winter hat": "winter", "hat"), in ``ranked``'s order; [] where no
    product says them all ("pet toys": no product says "pet", so the plush toy is no pet toy)."""
    heads, said = _tables(ranked, photo_kinds, photo_words)
    out: list[Product] = []
    for words in _alternatives(thing, head_only):
        out += [p for p in ranked if all(f & (heads[p.name] | said[p.name]) for f in words) and p not in out]
    return [p for p in ranked if p in out]


def _alternatives(thing: str, head_only: bool) -> list[list[set[str]]]:
    """The word forms of each alternative of ``thing`` less its modifiers; only its head (last word) where
    ``head_only``."""
    out = []
    for alternative in re.split(r"\s*(?:,|\bor\b|\band\b|/)\s*", thing):
        words = [
            _forms(w)
            for w in re.findall(r"[a-z][a-z'-]+", alternative)
            if w not in nlp.STOPWORDS and not re.fullmatch(_MODIFIER, w)
        ]
        if words:
            out.append(words[-1:] if head_only else words)
    return out


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
    if ask.thing:  # a thing named: the products that are it, else the shop does not sell it
        fits = thing_fits(ask.thing, ranked, photo_kinds, photo_words)
        if (
            not fits
        ):  # its kind sold, not as said ("a fun winter hat"; "pet toys": a plush toy), as rule 4 says it
            kind = thing_fits(ask.thing, ranked, photo_kinds, photo_words, True)
            if not kind:
                return f"The shop doesn't sell {ask.thing}.", "", []
            near = ([p for p in kind if _within(p, ask)] or kind)[:1]
            if not _within(near[0], ask):
                return f"Nothing like that under ${ask.budget:g}: {_said(near[0])}.", _listed(near), near
            return f"No {_bare_thing(ask.thing)} in the shop, but {_said(near[0])}.", _listed(near), near
    else:
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


def _bare_thing(thing: str) -> str:
    """``thing`` less its article and modifiers ("a fun winter hat" -> "winter hat")."""
    return " ".join(w for w in thing.split() if w not in ("a", "an") and not re.fullmatch(_MODIFIER, w))


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
