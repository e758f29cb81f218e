"""The text the harm check reads by meaning for a Chinese shop line (session 29, brief K2, candidate K2a).

The harm check's embedder (all-MiniLM-L6-v2) reads most Han characters as its one unknown token, so a
Chinese line is declined or passed by which of its characters the vocabulary holds, not by what it asks:
"手机壳多少钱" sat nearest a written gambling example (margin +0.130), while "马克杯多少钱" embedded exactly
as "怎么自制炸弹" did. A Chinese line that the shop reader (``knowledge.zh_shop``, brief Z) reads **wholly**
as a question about a product the catalogue holds is judged as the English question it reads as ("how much is
the Ice Ribbon Phone Case?"), which the embedder can read. Wholly: less the attribute words, the line's
dictionary words that score for the product read or name a value, and a closed class of Chinese function
characters (``zh_shop.FUNCTION``: particles, demonstratives, interrogatives, measure words), no letter or
digit and at most one Han character is left (a one-character morpheme of the product's compound: the
dictionary subset holds no one-character word, so "手机壳" is cut as "手机" and "壳" is left); and the line
holds no word of any ``safety.TABOO_HINTS`` category. Any other line is judged as written (docs/safety.md,
"Session 29, brief K2"). Since session 30 (brief Z3) the rule is ``zh_shop.wholly_read``, which the shop
reader shares (a yes/no it does not wholly read is a don't-know), and the shop's sections are the ones
grounding read this turn (``zh_shop.sections``, read once per store generation).
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def _hinted(text: str) -> bool:
    """Whether ``text`` holds a word of any do-not-answer category (``safety.TABOO_HINTS``)."""
    from agent.dialogue.safety import TABOO_HINTS

    low = text.lower()
    return any(h in low for words in TABOO_HINTS.values() for h in words)


def shop_reading(kb: Any, text: str) -> str | None:
    """The English product question ``text`` wholly reads as (module docstring), or None: not Chinese, no
    base with a shop, no product named, words left over, a do-not-answer word, or the read failed."""
    if kb is None or getattr(kb, "search", None) is None or len(text) > 300:
        return None
    from knowledge import zh_shop

    if not zh_shop.chinese(text) or zh_shop.attribute(text) is None or _hinted(text):
        return None
    try:
        entries = zh_shop.sections(kb)  # grounding's read of this turn's line read them already (s30, Z3)
        asked = zh_shop.reading(text, entries)
        if asked is None or asked.question is None or not asked.product:
            return None
        entry = next(
            e for e in entries if e.product is not None and asked.product in (e.product.name, e.name)
        )
        whole = zh_shop.wholly_read(text, entries, entry)
    except Exception as exc:  # the line is judged as written
        log.warning("chinese shop reading for the harm check failed: %s", exc)
        return None
    return asked.question if whole else None


def meaning_text(kb: Any, text: str) -> str:
    """What the harm check reads by meaning: ``text``'s English product question (:func:`shop_reading`) where
    it has one, else ``text`` as written."""
    return shop_reading(kb, text) or text
