"""What a merch host says to a question about a thing the shop does not have: "we don't have that, but...".

"How much is the team scarf?" when the shop sells a Slope Scarf: the knowledge layer abstains (the thing
priced is not in the evidence), and a plain "I don't know" loses a sale and sounds as if the host had never
seen the shop. ``knowledge.catalogue`` finds what the base does have of the kind asked (an ``Offer``: the
products, each with the base's own price, cited); the realizer says it in place of the don't-know: "I don't
see a team scarf in the shop, juno, but the Slope Scarf is $28." When the base has nothing of the kind there
is no offer and the honest don't-know stays. Lines for English only (the catalogue reads English questions).

Session 13: an attribute question about a product or the shop's terms ("is the hoodie available in blue?")
gets what the entry says (``knowledge.shop_attributes.ShopReply``, cited): "Not in blue, mika_k: the Snowline
Logo Hoodie comes in midnight navy or glacier white." The verdict picks the lines (:data:`SHOP_LINES`); the
fact itself is the entry's (``statement``), never the template's.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from agent.dialogue.say_back import flagged

Lines = dict[str, dict[str, list[str]]]  # register -> lang -> templates

#: {a_asked}: "a team scarf" / "team scarves"; {offered}: "the Slope Scarf is $28"
OFFER_LINES: Lines = {
    "casual": {
        "en": [
            "I don't see {a_asked} in the shop, {name}, but {offered}.",
            "No {asked} in the shop, {name}, but {offered}.",
            "We don't carry {a_asked}, {name}, but {offered}.",
        ],
    },
    "formal": {"en": ["The shop does not list {a_asked}, {name}; {offered}."]},
}
#: the thing asked is not said back: ``say_back.flagged`` flags it ("do you sell kkk hoodies?"; session 20,
#: brief S2), so the don't-know names what the shop has without the viewer's words
OFFER_UNSAID: Lines = {
    "casual": {
        "en": [
            "I don't see that in the shop, {name}, but {offered}.",
            "We don't carry that, {name}, but {offered}.",
        ],
    },
    "formal": {"en": ["The shop does not list that, {name}; {offered}."]},
}
#: a colour asked that the product's own words do not say ("do u sell tees in pink"): the listing is silent
#: on it, so the line says so and denies nothing (a photo's caption may show it; the lead, session 22)
OFFER_UNLISTED: Lines = {
    "casual": {"en": ["{Offered}, {name} - the listing doesn't mention {unlisted}."]},
    "formal": {"en": ["{Offered}, {name}; the listing does not mention {unlisted}."]},
}
#: the product's own words say everything asked ("do you have stickers?": the Snowflake Sticker Pack)
OFFER_EXACT: Lines = {
    "casual": {"en": ["We do have that, {name}: {offered}.", "Yes, {name}, {offered}."]},
    "formal": {"en": ["{Offered}, {name}."]},
}


#: an attribute question's reply, by verdict: {asked_in}: "in blue" / "$20"; {statement}: the entry's fact
SHOP_LINES: dict[str, Lines] = {
    "says": {
        "casual": {"en": ["{Statement}, {name}."]},  # never the name first: the line's first letter is raised
        "formal": {"en": ["{Statement}, {name}."]},
    },
    "yes": {
        "casual": {"en": ["Yes, {name}: {statement}.", "Yep, {name}, {statement}."]},
        "formal": {"en": ["Yes, {name}: {statement}."]},
    },
    "no": {  # zh: a Chinese line's no, the entry's English fact after it (session 29, brief Z)
        "casual": {
            "en": ["Not {asked_in}, {name}: {statement}.", "Sorry {name}, not {asked_in}: {statement}."],
            "zh": ["抱歉{name}，没有{asked}的：{Statement}.", "{name}，{asked}的没有哦：{Statement}."],
        },
        "formal": {
            "en": ["Not {asked_in}, {name}: {statement}."],
            "zh": ["抱歉{name}，没有{asked}：{Statement}."],
        },
    },
    # what the entry says first, then what it does not (session 14: "The shop doesn't mention oven" read as
    # if the shop had been asked about ovens)
    "open": {
        "casual": {"en": ["The catalog says {statement}, {name} - it doesn't mention {asked}."]},
        "formal": {"en": ["The catalog says {statement}, {name}; it does not mention {asked}."]},
    },
    # care not listed ("is the mug oven safe?"): the cautious reading, never a yes it does not say
    "open:care": {
        "casual": {
            "en": ["The catalog says {statement}, {name} - it doesn't say {asked}, so I wouldn't risk it."]
        },
        "formal": {
            "en": ["The catalog says {statement}, {name}; it does not say {asked}, so I would not risk it."]
        },
    },
}


class OfferLike(Protocol):
    """What the shop has of the kind asked (``knowledge.catalogue.Offer``)."""

    asked: str
    exact: bool

    def said(self) -> str: ...

    def citations(self) -> Any: ...


def offer_table(offer: OfferLike) -> tuple[str, dict[str, dict[str, list[str]]]]:
    """The lines for ``offer`` (register -> lang -> templates) and the key they are rotated under. When
    ``say_back.flagged`` flags the thing asked, lines that do not say it: an attribute reply's entry fact
    alone ("says"), the offer's "that"."""
    verdict = getattr(offer, "verdict", None)
    unsaid = flagged(" ".join(str(offer.asked).split()))
    if isinstance(verdict, str) and verdict in SHOP_LINES and unsaid:
        return "shop:says", SHOP_LINES["says"]
    if isinstance(verdict, str) and verdict in SHOP_LINES:
        own = f"{verdict}:{getattr(offer, 'attribute', '')}"  # an attribute's own lines, where it has them
        key = own if own in SHOP_LINES else verdict
        return f"shop:{key}", SHOP_LINES[key]
    if not offer.exact and unsaid:
        return "unsaid", OFFER_UNSAID
    if getattr(offer, "unlisted", ""):
        return "unlisted", OFFER_UNLISTED
    return str(offer.exact), OFFER_EXACT if offer.exact else OFFER_LINES


def offer_slots(offer: OfferLike, slots: dict[str, str]) -> dict[str, str] | None:
    """``slots`` with what the offer lines fill in: the thing asked with its article ("a team scarf", "an
    ice axe", plural "team scarves" without one) and what is offered; None when the offer says nothing.
    For an attribute question's reply: the entry's fact (``statement``) and the value asked."""
    if isinstance(getattr(offer, "verdict", None), str):
        statement = " ".join(offer.said().split()).rstrip(". ")
        if not statement:
            return None
        if not statement.startswith(str(getattr(offer, "entry", "")) or "\0") and not re.match(
            r"[A-Z]\w*\s+[A-Z]", statement
        ):  # a sentence of the shop's terms said inside a line: "The catalog says we ship to ..."
            statement = statement[:1].lower() + statement[1:]
        attribute = str(getattr(offer, "attribute", ""))
        asked = " ".join(offer.asked.split())
        return dict(
            slots,
            asked=asked,
            asked_in=f"in {asked}" if attribute in ("colour", "size") else asked,
            statement=statement,
            Statement=statement[:1].upper() + statement[1:],
        )
    offered = " ".join(offer.said().split())
    asked = " ".join(offer.asked.split())
    if not offered or not asked:
        return None
    noun = asked.split(" in ")[0]  # "tees in pink", "poster in a3": the thing's own number (session 22)
    plural = noun.endswith("s") and not noun.endswith(("ss", "us"))
    article = "" if plural else ("an " if asked[0] in "aeiou" else "a ")
    return dict(
        slots,
        asked=asked,
        a_asked=article + asked,
        offered=offered,
        Offered=offered[:1].upper() + offered[1:],
        unlisted=str(getattr(offer, "unlisted", "")),
    )
