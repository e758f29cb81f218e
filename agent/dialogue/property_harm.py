"""Harm to another's property stated as a plan (session 25, brief S3, K9; docs/safety.md).

``intent`` reads a verb after a first-person intent marker; this module adds, from Open English WordNet
(``data/property_harm.txt``, built by ``evals/build_intent_words.py``):

- (a) set on fire: "set OBJ on fire" / "set OBJ ablaze" (the members of the synset, split around the object)
  and "set fire to OBJ" (its gloss's form);
- (d) blown up: a verb whose first sense is explode or below it ("blow up OBJ", "blow OBJ up", "detonate");
  for (a) and (d) OBJ is a building or a vehicle another has: a determiner other than "my" / "our" or
  another's possessive, and within three words a noun whose first sense is a building or a wheeled vehicle
  ("her car", "my neighbour's car", "the barn"; not "my car", "the dance floor", "the stage");
- (b) ruined: a verb every sense of which destroys, damages or burns ("vandalize", "wreck") with another's
  possession or a determiner other than "my" / "our" and a structure ("the school");
- (c) another's thing inside the object: a determiner, then within three words "of" / "in" / "on" and
  another's possessive ("every window in his house", "all the windows of my neighbour's house").
"""

from __future__ import annotations

import functools
from pathlib import Path

_DATA = Path(__file__).parent / "data"
_OWN = frozenset({"my", "our"})
_INSIDE = frozenset({"of", "in", "on"})


@functools.lru_cache(maxsize=1)
def _rows() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for line in (_DATA / "property_harm.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, words = line.split(" ", 1)
            out.setdefault(kind, set()).add(words)
    return {k: frozenset(v) for k, v in out.items()}


@functools.lru_cache(maxsize=1)
def _verb_forms() -> dict[str, frozenset[str]]:
    """``{"set": forms, "explode": forms of single verbs, "ruin": forms}``; two-word explode verbs as
    ``"form particle"``."""
    from agent.dialogue.intent import verb_forms

    rows = _rows()
    single = {f for v in rows.get("explode", ()) if " " not in v for f in verb_forms(v)}
    double = {
        f"{f} {v.split()[1]}" for v in rows.get("explode", ()) if " " in v for f in verb_forms(v.split()[0])
    }
    return {
        "set": frozenset({"set", "sets", "setting"}),
        "explode": frozenset(single),
        "explode2": frozenset(double),
        "ruin": frozenset(f for v in rows.get("ruin", ()) for f in verb_forms(v)),
    }


def _opens_others(word: str) -> bool:
    from agent.dialogue.intent import DETERMINERS, is_possessive

    return (word in DETERMINERS and word not in _OWN) or is_possessive(word)


def _building_of_another(words: list[str], k: int) -> int | None:
    """The end of a building or vehicle another has, its object opening at ``k`` ("her car", "my
    neighbour's car", "the barn")."""
    from agent.dialogue.intent import is_possessive, listed

    buildings = _rows().get("building", frozenset())
    if k >= len(words) or not (_opens_others(words[k]) or words[k] in _OWN):
        return None
    others = _opens_others(words[k])
    for m in range(k + 1, min(k + 4, len(words))):
        others = others or is_possessive(words[m - 1])
        if others and listed(words[m], buildings):
            return m + 1
    return None


def owned_inside(words: list[str], k: int) -> int | None:
    """(c): a determiner at ``k``, then within three words "of" / "in" / "on" and, at most one word later,
    another's possessive: the end of that possessive's noun ("every window in his house")."""
    from agent.dialogue.intent import DETERMINERS, is_possessive

    if k >= len(words) or words[k] not in DETERMINERS:
        return None
    for p in range(k + 1, min(k + 5, len(words))):
        if words[p] in _INSIDE:
            for q in (p + 1, p + 2):
                if q < len(words) and is_possessive(words[q]):
                    return q + 2
            return None
    return None


def property_harm_at(words: list[str], k: int) -> int | None:
    """The end of the object when the verb at ``k`` states a harm to another's property by K9 (a, b, d),
    else None."""
    from agent.dialogue.intent import listed, target_of, word_list

    forms, rows, w = _verb_forms(), _rows(), words[k]
    nxt = words[k + 1] if k + 1 < len(words) else ""
    if w in forms["set"]:
        for form in rows.get("joined", ()):  # "set fire to OBJ"
            n = len(form.split())
            if words[k + 1 : k + 1 + n] == form.split():
                return _building_of_another(words, k + 1 + n) or owned_inside(words, k + 1 + n)
        end = _building_of_another(words, k + 1) or owned_inside(words, k + 1)
        if end is not None and any(
            words[end : end + len(f.split())] == f.split() for f in rows.get("split", ())
        ):
            return end
        return None
    if f"{w} {nxt}" in forms["explode2"]:
        return _building_of_another(words, k + 2) or owned_inside(words, k + 2)
    if w in forms["explode"]:
        return _building_of_another(words, k + 1) or owned_inside(words, k + 1)
    end = _building_of_another(words, k + 1) or owned_inside(words, k + 1)
    if end is not None and end < len(words) and f"{w} {words[end]}" in forms["explode2"]:
        return end  # "blow my neighbour's truck up"
    if w in forms["ruin"]:
        harm, end = target_of(words, k + 1, "thing")
        if harm == "others":
            return end
        if _opens_others(words[k + 1] if k + 1 < len(words) else ""):
            for m in range(k + 2, min(k + 5, len(words))):
                if listed(words[m], word_list("structures.txt")):
                    return m + 1
    return None
