"""The shop's lines in a turn: the catalogue entry's reply said instead of the base's answer, and what the
shop has of the kind asked, said instead of a don't-know (``knowledge.shop_attributes``,
``knowledge.catalogue``).

What grounding found (``Percept.shop``, ``Percept.offer``: the tree heard it too) is used as it is; a percept
no grounding saw (a channel that brought its own answer, a test) is looked up here, in a worker thread. Moved
out of ``composer.py`` (session 19, brief R), unchanged.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from agent.stages import Percept

log = logging.getLogger(__name__)


async def entry_reply(kb: Any, percept: Percept, base: str | None) -> Any:
    """What the shop's catalogue entry says to an attribute question about a product or the shop's terms
    (``knowledge.shop_attributes``: "not in blue, but ...", cited) where it is said instead of the base's
    answer ``base`` (None: it abstained; ``shop_attributes.overrides``); None otherwise (no such
    question, the entry does not say, no base to search, or the search failed). What grounding found
    (``Percept.shop``, which the tree heard too) is not looked up again."""
    if percept.shop_looked:
        if percept.shop is None:
            return None
        from knowledge import shop_attributes

        return percept.shop if shop_attributes.overrides(percept.shop, base) else None
    if getattr(kb, "search", None) is None or percept.language != "en" or len(percept.text) > 300:
        return None
    from knowledge import shop_attributes  # floor 1; here, so a composer without a base loads none

    if shop_attributes.attribute_asked(percept.text) is None:
        return None
    try:
        found = await asyncio.to_thread(shop_attributes.find_reply, kb, percept.text)
    except Exception as exc:  # the knowledge answer or the honest don't-know is said instead
        log.warning("shop lookup failed: %s", exc)
        return None
    # a wh-question the base answers with the entry's values keeps its answer (lead-in, the model's words)
    return found if shop_attributes.overrides(found, base) else None


async def kind_offer(kb: Any, percept: Percept) -> Any:
    """For a question the base cannot answer: what the shop has of the kind asked ("how much is the team
    scarf?": the Slope Scarf, priced and cited by the base; ``knowledge.catalogue``), or None (not a
    merch question, nothing of that kind, no base to search, or the search failed). What grounding found
    (``Percept.offer``, which the tree heard too) is not looked up again."""
    if percept.offer_looked:
        return percept.offer
    search = getattr(kb, "search", None)
    if search is None or percept.language != "en" or len(percept.text) > 300:
        return None
    from knowledge import catalogue  # floor 1; imported here so a composer without a base loads none

    if catalogue.asked_thing(percept.text) is None:
        return None
    try:
        return await asyncio.to_thread(catalogue.find_offer, kb, percept.text)
    except Exception as exc:  # the honest don't-know is said instead
        log.warning("catalogue lookup failed: %s", exc)
        return None


__all__ = ["entry_reply", "kind_offer"]
