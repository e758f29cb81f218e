"""What a thing is made of, asked: answered only by a sentence that states a material (session 31, brief C2).

"what is the national oval made of" was answered with the sentence on how the oval made its ice ("the
National Speed Skating Oval made its ice with carbon dioxide refrigeration"): it shares "made" and the oval,
and says no material. A question that asks what something is made of (:func:`material_asked`) is missed by a
sentence that states none (:func:`states_material`): no "made of/from/out of" (or built, carved, cast, woven,
knitted, crafted), and no word of a declared list of materials. Ice, snow and the medal metals are no
material of the list: every Winter Games sentence names them; said after "made of" they count. Pure functions
of the text.
"""

from __future__ import annotations

import re

from knowledge import nlp

_ASKED = re.compile(
    r"\b(?:made|built|constructed)\s+(?:out\s+of|of|from)\b|\bwhat\s+materials?\b|\bmaterials?\s+(?:is|are|was|were)\b"
)
_MAKING = re.compile(
    r"\b(?:made|built|constructed|carved|cast|woven|knitted|crafted|formed)\s+"
    r"(?:(?:entirely|mostly|partly|largely|mainly|wholly)\s+)?(?:out\s+of|of|from)\b"
)
#: materials a sentence may state without a making verb (declared before measuring, session 31 brief C)
MATERIALS = frozenset(
    "granite stone steel iron aluminium aluminum wood wooden timber glass concrete plastic cotton polyester "
    "wool fleece nylon silk leather rubber metal fibreglass fiberglass porcelain ceramic paper jade "
    # C2b: the materials the catalogue names (session 31, brief C amendment)
    "enamel canvas vinyl acrylic stainless felt silicone brass pewter titanium polycarbonate".split()
)
_CARBON_FIBRE = re.compile(r"\bcarbon[\s-]+fib(?:re|er)\b")


def material_asked(question: str) -> bool:
    """Whether ``question`` asks what a thing is made of ("what is the national oval made of", "what material
    is the torch")."""
    return bool(_ASKED.search(nlp.fold(question).lower()))


def states_material(sentence: str) -> bool:
    """Whether ``sentence`` states what something is made of: a making verb with "of/from/out of", a word of
    :data:`MATERIALS`, or carbon fibre."""
    low = nlp.fold(sentence).lower()
    if _MAKING.search(low) or _CARBON_FIBRE.search(low):
        return True
    return any(w in MATERIALS for w in re.findall(r"[a-z]+", low))


def material_miss(question: str, sentence: str) -> bool:
    """Whether ``sentence`` misses the material ``question`` asks (C2): asked, and none stated."""
    return material_asked(question) and not states_material(sentence)
