"""A group of people as the target of a harm verb (session 25, brief S2, K8 / K8r; docs/safety.md): "i'm
going to poison the whole team". Read only where the group noun heads the verb's object ("the team photo" is
no target) and the verb harms a being in every sense that takes a person (``data/group_verbs.txt``: poison,
stab; not charge, shoot, kill, slay, whose other senses bill, photograph, delight or win over a crowd). K8r:
no group target when "with" names an act, a thought, a message or an event ("choke the jury with
paperwork"). Moved out of ``intent`` unchanged (the lead, end of session 25, to keep ``intent`` under ~600
lines). Pure, no I/O.
"""

from __future__ import annotations

import functools

from agent.dialogue.intent import (
    DETERMINERS,
    PARTICLES,
    SPLIT_PARTICLES,
    is_being,
    is_possessive,
    listed,
    particle_at,
    phrasal_verbs,
    verb_forms,
    word_list,
)
from knowledge.nlp import STOPWORDS


@functools.lru_cache(maxsize=1)
def group_verbs() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """K8: the forms of the being verbs read with a group as their target, single ("poisoned") and two-word
    (("beating", "up")), from ``data/group_verbs.txt``."""
    single: set[str] = set()
    pairs: set[tuple[str, str]] = set()
    for lemma in word_list("group_verbs.txt"):
        head, _, particle = lemma.partition(" ")
        if particle:
            pairs |= {(form, particle) for form in verb_forms(head)}
        else:
            single |= verb_forms(head)
    return frozenset(single), frozenset(pairs)


#: a second object opens here: the group is the receiver ("shoot the gang a text"; K8)
_INDEFINITE = frozenset({"a", "an", "some"})


def group_at(words: list[str], k: int) -> int | None:
    """K8: where the group of people harmed by the being verb at ``k`` ends (the index after its noun), read
    as K1 reads a person after the verb - joined ("beat up the whole class"), single ("poison the other team")
    or split ("beat the whole class up") - or None."""
    single, pairs = group_verbs()
    phrasal = phrasal_verbs()
    w, nxt = words[k], (words[k + 1] if k + 1 < len(words) else "")
    if (w, nxt) in pairs:
        return group_head(words, k + 2)
    if w in single and (w, nxt) not in phrasal:  # a joined harm-free phrasal ("kick out") is no being verb
        start = k + 2 if nxt in PARTICLES else k + 1
        end = group_head(words, start)
        after = particle_at(words, end) if end is not None else ""
        if end is not None and not ((w, after) in phrasal and "being" not in phrasal[(w, after)]):
            return end  # ("kick the team out": expelled, not struck)
    if any((w, p) in pairs for p in SPLIT_PARTICLES):
        end = group_head(words, k + 1)
        if end is not None and (w, particle_at(words, end)) in pairs:
            return end
    return None


def group_head(words: list[str], k: int) -> int | None:
    """K8: after a determiner or possessive at ``k`` (not a being's: K3b's owners are not widened), within
    three words, a group noun that heads its phrase: no possessive itself, and the next word ends the clause
    or is a function word (not a / an / some, which open a second object) or an adverb ("the whole crew
    tonight"), not a noun it modifies ("the team photo"); and no figurative means follows (K8r). The index
    after it, or None."""
    if k >= len(words) or not (words[k] in DETERMINERS or is_possessive(words[k])) or is_being(words[k]):
        return None
    for m in range(k + 1, min(k + 4, len(words))):
        if listed(words[m], word_list("groups.txt")):
            nxt = words[m + 1] if m + 1 < len(words) else ""
            heads = (
                not nxt or (nxt in STOPWORDS and nxt not in _INDEFINITE) or nxt in word_list("adverbs.txt")
            )
            return m + 1 if heads and not figurative_means(words, m + 1) else None
    return None


def figurative_means(words: list[str], k: int) -> bool:
    """K8r: "with" at or after ``k`` and, within three words, a noun of an act, a thought, a message or an
    event (``data/abstract_nouns.txt``: "with my presentation", "with paperwork"; not "with a knife"; a
    function word is no noun here: "a" is also the letter)."""
    abstract = word_list("abstract_nouns.txt")
    return any(
        w == "with" and any(x not in STOPWORDS and listed(x, abstract) for x in words[i + 1 : i + 4])
        for i, w in enumerate(words[k:], k)
    )
