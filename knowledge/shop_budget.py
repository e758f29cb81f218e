"""A budget a shop line states, read generally (session 31, brief Z, candidate Z2; issue 14).

Session 30's gift reader knew "under $30", "budget 50", "for 15 dollars" and "i only have 20 bucks", but not
"20 dollars tops", "$10 max", "15 dollars or less", "a tenner" or "twenty dollars": "what would make a nice
present for an olympics nerd? 20 dollars tops" was answered with the $49 hoodie first. Here an **amount** is
"$N", N with a currency word (dollars, bucks, usd, quid), a number word with a currency word ("twenty
dollars") or "a tenner" / "a fiver"; it is a **budget** where an upper-bound word stands before it (under,
below, less than, cheaper than, max, up to, no more than, at most, within, budget, limit, spend, for, with, "i
have") or after it (tops, max, or less, or under, at most, limit, budget). Under, below, less than and cheaper
than bound strictly ("<"), the rest with "<=". The words are a closed class of English (docs/knowledge.md,
"Session 31, brief Z"). Pure functions over a lower-cased line.
"""

from __future__ import annotations

import re

#: the number words an amount is said in (a closed class of English)
NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
NUMBER_WORDS["hundred"] = 100
#: an amount said as one word of money
MONEY_NOUNS = {"tenner": 10.0, "fiver": 5.0}
_CURRENCY = r"(?:dollars?|bucks?|usd|quid)\b"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_WORD_NUMBER = (
    rf"(?:{_TENS}(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?|a\s+hundred|one\s+hundred|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"one|two|three|four|five|six|seven|eight|nine)"
)
_DIGITS = r"\d+(?:\.\d\d)?"
#: an amount: "$20", "20 dollars", "20", "twenty bucks", "a tenner" (group ``n``: digits; ``w``: number words)
AMOUNT = (
    rf"(?:\$\s?(?P<d>{_DIGITS})|(?P<n>{_DIGITS})(?:\s?{_CURRENCY})?|(?P<w>{_WORD_NUMBER})\s+{_CURRENCY}|"
    r"an?\s+(?P<m>tenner|fiver))"
)
#: an amount that says it is money by itself: "$20", "20 bucks", "twenty dollars", "a tenner"
_MONEY = (
    rf"(?:\$\s?(?P<d>{_DIGITS})|(?P<n>{_DIGITS})\s?{_CURRENCY}|(?P<w>{_WORD_NUMBER})\s+{_CURRENCY}|"
    r"an?\s+(?P<m>tenner|fiver))"
)
_BEFORE = re.compile(
    r"\b(?P<bound>under|below|less\s+than|cheaper\s+than|max(?:imum)?|up\s+to|no\s+more\s+than|at\s+most|"
    r"within|budget|limit|spend(?:ing)?)\s+(?:(?:is|of|about|around|like)\s+)?" + AMOUNT
)
_FOR = re.compile(r"\b(?P<bound>for|with)\s+(?:like\s+|about\s+|around\s+|only\s+|just\s+)?" + _MONEY)
_HAVE = re.compile(
    r"\b(?:i|we)\s+(?:only\s+|just\s+)?(?:have|got|has)\s+(?:like\s+|about\s+|only\s+|just\s+)?" + _MONEY
)
_AFTER = re.compile(
    rf"(?:\$\s?(?P<d>{_DIGITS})|(?P<n>{_DIGITS})(?:\s?{_CURRENCY})?|(?P<w>{_WORD_NUMBER})\s+{_CURRENCY})\s*"
    r"(?P<bound>tops|max(?:imum)?|or\s+less|or\s+under|or\s+below|at\s+most|at\s+the\s+most|limit|budget)\b"
)
STRICT = frozenset({"under", "below", "less than", "cheaper than"})


def amount(m: re.Match[str]) -> float:
    """The amount an :data:`AMOUNT` match says."""
    found = m.groupdict()
    if found.get("d") or found.get("n"):
        return float(found.get("d") or found.get("n") or 0)
    if found.get("m"):
        return MONEY_NOUNS[found["m"]]
    words = re.split(r"[\s-]+", found.get("w") or "")
    if "hundred" in words:
        return 100.0
    return float(sum(NUMBER_WORDS.get(w, 0) for w in words))


def _found(q: str) -> re.Match[str] | None:
    return next((m for p in (_BEFORE, _FOR, _HAVE, _AFTER) if (m := p.search(q)) is not None), None)


def budget(q: str) -> tuple[float | None, bool]:
    """The budget the lower-cased line ``q`` states and whether it bounds strictly ("under"), or
    (None, False)."""
    m = _found(q)
    if m is None:
        return None, False
    bound = " ".join((m.groupdict().get("bound") or "").split())
    return amount(m), bound in STRICT


def without(q: str) -> str:
    """``q`` less the words of the budget it states ("20 dollars tops"): they say how much, not what for."""
    m = _found(q)
    return q if m is None else f"{q[: m.start()]} {q[m.end() :]}"


__all__ = ["AMOUNT", "MONEY_NOUNS", "NUMBER_WORDS", "STRICT", "amount", "budget", "without"]
