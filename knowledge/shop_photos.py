"""What the shop's product photos call each product: kinds the catalogue's own entry does not write
(session 28, brief Y5; issue 14).

"the big air t-shirt fabric?" and "the snowboarder print shirt costs?" name the Big Air Tee by a noun its
entry never writes (the entry says "Tee"; the entry readers' product matcher finds no kind asked, and the
viewer hears a don't-know), while the base's photo of it says "The Big Air Tee, a yellow organic cotton
t-shirt printed with a snowboarder mid-jump." The photo's caption is a document of the base, as the entry is:
the head noun of its apposition ("a ... t-shirt", "a map of ...", "a pair of ... mittens") is one more kind of
the product it names (its image's ``product``), and so is a hyphenated compound's right-hand element
("t-shirt": a shirt; English compounds are right-headed). A container's kind is what it holds ("a pair of ...
mittens": mittens), as in :mod:`knowledge.catalogue`. Nothing is fitted and no word list is used: the kinds
are the caption's own words.

Pure functions over retrieved image chunks (anything with ``metadata`` holding ``product`` and
``caption``), and :func:`photo_entries` (one image search: I/O, the caller's thread).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from knowledge import catalogue, nlp
from knowledge.catalogue import Entry

#: where a caption's apposition's noun phrase ends: a clause, a preposition, a participle of making
_NP_END = re.compile(
    r"\s+(?:with|that|which|who|for|in|on|at|from|to|by|made|printed|of|as|and\s+a)\b.*$", re.I
)
#: "a pair of ... mittens": the container's kind is what it holds (catalogue's "Podium Pin Set" is pins)
_CONTAINERS = frozenset("set pack pair kit bundle box".split())


def caption_kinds(product: str, caption: str) -> frozenset[str]:
    """The kinds a photo's ``caption`` gives the product named ``product``: the head noun of the apposition
    right after its name ("The Big Air Tee, a yellow organic cotton t-shirt printed with ...": t-shirt,
    shirt), as stems (:func:`catalogue.noun_stems`); none when the caption does not open with the name and an
    apposition ("Pip the Penguin, the stream's mascot, ..." names no "Pip the Penguin Plush")."""
    m = re.match(
        rf"\s*(?:the\s+)?{re.escape(product)}\s*[,:]\s+(?:a|an)\s+(?P<np>[^.;,:()]+)", nlp.fold(caption), re.I
    )
    if m is None:
        return frozenset()
    phrase = m.group("np").strip()
    words = _NP_END.sub("", phrase).split()
    if not words:
        return frozenset()
    head = words[-1]
    if head.lower() in _CONTAINERS and re.search(r"\s+of\s+", phrase):
        held = _NP_END.sub("", re.split(r"\s+of\s+", phrase, maxsplit=1)[1]).split()
        head = held[-1] if held else head
    if not head[:1].islower():
        return frozenset()  # a name, not a noun
    kinds = catalogue.noun_stems(head)
    if "-" in head.strip("-"):
        kinds |= catalogue.noun_stems(head.rsplit("-", 1)[1])  # "t-shirt": a shirt
    return frozenset(kinds)


def _captions(hits: Iterable[Any]) -> Iterator[tuple[str, str]]:
    """(product name, caption) of each image chunk of ``hits`` that names a product and has a caption."""
    for hit in hits:
        meta = getattr(hit, "metadata", None) or {}
        product, caption = str(meta.get("product") or ""), str(meta.get("caption") or "")
        if product and caption:
            yield product, caption


def photo_kinds(hits: Iterable[Any]) -> dict[str, frozenset[str]]:
    """Product name -> the kinds its photos' captions give it, over image chunks ``hits``."""
    out: dict[str, frozenset[str]] = {}
    for product, caption in _captions(hits):
        out[product] = out.get(product, frozenset()) | caption_kinds(product, caption)
    return out


def photo_words(hits: Iterable[Any]) -> dict[str, frozenset[str]]:
    """Product name -> the stems of its photos' captions (what the photo shows: "yellow"), over ``hits``."""
    out: dict[str, frozenset[str]] = {}
    for product, caption in _captions(hits):
        out[product] = out.get(product, frozenset()) | frozenset(nlp.tokenize(caption))
    return out


def with_kinds(entries: Sequence[Entry], kinds: dict[str, frozenset[str]]) -> tuple[Entry, ...]:
    """``entries`` with each product's kinds widened by ``kinds`` (product name -> stems)."""
    out = []
    for entry in entries:
        product = entry.product
        extra = kinds.get(product.name, frozenset()) if product is not None else frozenset()
        if product is not None and extra - product.kinds:
            product = dataclasses.replace(product, kinds=product.kinds | extra)
            entry = dataclasses.replace(entry, product=product)
        out.append(entry)
    return tuple(out)


def photo_entries(search: Any, question: str, entries: Sequence[Entry]) -> tuple[Entry, ...] | None:
    """``entries`` with the kinds the base's product photos give them (``search``: anything with
    ``kb.search``'s signature; one image search for ``question``), or None when the photos add no kind."""
    hits = list(search.search(question, k=10, modality="image"))
    kinds = photo_kinds(hits)
    widened = with_kinds(entries, kinds)
    return None if widened == tuple(entries) else widened


__all__ = ["caption_kinds", "photo_entries", "photo_kinds", "photo_words", "with_kinds"]
