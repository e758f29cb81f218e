"""A winner asked without a question word (session 23, brief A, candidate A2; docs/knowledge.md "Session 23,
brief A"): "womens halfpipe gold?", "luge champs in 2022" ask for the holder of a result, as "who won ..."
does (rule 13). A sentence that states no result ("Olympic distances are 500, 1000, 1500 and 5000 metres
...", "About 560 athletes competed in 78 medal events ...") does not answer them, whatever names it holds:
:func:`miss`. The word classes are general English, none taken from a question."""

from __future__ import annotations

import re

from knowledge import nlp

#: a question word, or a yes/no opening: the line asks in the ordinary way and the other rules read it
_ASKS = re.compile(
    r"\b(?:what|whats|when|where|which|why|how|whose|whom|who)\b"
    r"|^\s*(?:is|are|was|were|do|does|did|can|could|will|would|has|have|had|should)\b"
)
#: a word that names the holder of a result
_HOLDER = re.compile(r"\b(?:winners?|champions?|champs?|golds?|medall?ists?)\b")
#: a word that states a result ("medal" alone is none: "78 medal events")
_RESULT = re.compile(
    r"\b(?:won|win|wins|winning|winners?|champions?|championships?|titles?|victory|victories|victorious|beat|"
    r"beating|beaten|defeated|golds?|silver|bronze|medall?ists?|took|claimed|topped)\b"
)


def asks_holder(question: str) -> bool:
    """Whether ``question`` asks for the holder of a result without a question word ("luge champ?")."""
    folded = nlp.fold(question).lower()
    return bool(_HOLDER.search(folded)) and not _ASKS.search(folded)


def miss(question: str, sentence: str, before: str = "") -> bool:
    """True where ``question`` asks for the holder of a result without a question word (:func:`asks_holder`)
    and neither ``sentence`` nor the sentence ``before`` it states a result."""
    return asks_holder(question) and not _RESULT.search(nlp.fold(f"{before} {sentence}").lower())
