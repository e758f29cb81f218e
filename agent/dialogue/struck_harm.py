"""A blow meant with a weapon or to the body (session 27, brief K, K3h; docs/perception.md): "i'll hurt the
crew with a bat", "gonna smack my roommate with a frying pan", "i'm going to punch those fans in the face".

``intent`` keeps a verb of striking out of its being verbs where its chat senses are common (VerbNet hit-18.1:
hit him up, beat him in the final; K1c, s22), keeps "hurt" from group targets (it hurts feelings or a team's
chances; K8, s25), and reads a person only by a noun's first sense ("fan" is first a device; K1c). A physical
means said after the target tells the blow from those senses, as K8r's figurative means tells the other way.
So, after a stated intent (``intent``'s rule, unchanged), a verb of striking or injuring - a being verb of
``data/harm_verbs.txt`` or a verb with a sense below Open English WordNet 01402698-v "hit", deal a blow to
(``data/strike_verbs.txt``) - whose target is a person pronoun, or a determiner or possessive and within three
words a noun with any noun.person sense (``data/person_senses.txt``) or a group noun (``data/groups.txt``)
that heads its phrase (K3r: the next word ends the clause, is a function word or an adverb, as K8 reads a
group; "the family roast" is no target), states a harm to others when within four words after the target
stands:

- "with", at most one determiner or possessive, and within two words a noun with a sense below weapon
  04572661-n or implement 03569147-n (``data/weapons.txt``: bat, crowbar, knife, pan, hammer); or
- "in", "the" or a possessive, and a body noun (``data/body.txt``) not followed by "to" ("in the face", not
  "in the head to head").

Word lists: ``evals.build_k3_words`` (OEWN d94538a, CC BY 4.0). Pure, no I/O after the first read.
"""

from __future__ import annotations

import functools

from agent.dialogue.intent import (
    DETERMINERS,
    PARTICLES,
    PERSONS,
    harm_verbs,
    is_possessive,
    listed,
    verb_forms,
    word_list,
)
from knowledge.nlp import STOPWORDS

#: how far after the target the means may stand ("punch him tonight with a bat")
_MEANS_WINDOW = 4


@functools.lru_cache(maxsize=1)
def strike_verbs() -> frozenset[str]:
    """The forms of the being verbs and of the verbs of dealing a blow ("smacked", "whacking")."""
    out: set[str] = set(harm_verbs()["being"])
    for verb in word_list("strike_verbs.txt"):
        out |= verb_forms(verb)
    return frozenset(out)


def _owner(word: str) -> bool:
    return word in DETERMINERS or is_possessive(word) or word in ("my", "our")


def struck_target(words: list[str], k: int) -> int | None:
    """Where the person or group struck by the verb at ``k`` ends (the index after it), or None."""
    if words[k] not in strike_verbs():
        return None
    t = k + 2 if k + 1 < len(words) and words[k + 1] in PARTICLES else k + 1
    if t >= len(words):
        return None
    if words[t] in PERSONS and words[t] not in ("yourself", "himself", "herself", "themselves", "ourselves"):
        return t + 1
    if not _owner(words[t]):
        return None
    for m in range(t + 1, min(t + 4, len(words))):
        if listed(words[m], word_list("person_senses.txt")) or listed(words[m], word_list("groups.txt")):
            return m + 1 if _heads(words, m) else None
    return None


def _heads(words: list[str], m: int) -> bool:
    """K3r: the noun at ``m`` heads its phrase, as K8 reads a group (``group_harm.group_head``): the next word
    ends the clause, or is a function word other than a / an / some, or an adverb; not a noun it modifies
    ("stab the family roast with a fork": the roast is struck)."""
    if m + 1 >= len(words):
        return True
    nxt = words[m + 1]
    return (nxt in STOPWORDS and nxt not in ("a", "an", "some")) or nxt in word_list("adverbs.txt")


def _means_at(words: list[str], i: int) -> bool:
    """A weapon or implement after "with", or a body part after "in the" / a possessive, at ``i``."""
    if words[i] == "with":
        j = i + 2 if i + 1 < len(words) and _owner(words[i + 1]) else i + 1
        return any(listed(x, word_list("weapons.txt")) for x in words[j : j + 2])
    if words[i] == "in" and i + 2 < len(words) and (words[i + 1] == "the" or _owner(words[i + 1])):
        after = words[i + 3] if i + 3 < len(words) else ""
        return listed(words[i + 2], word_list("body.txt")) and after != "to"
    return False


def struck_at(words: list[str], k: int) -> int | None:
    """K3h: the end of the target of a blow the verb at ``k`` means with a weapon or to the body, or None."""
    end = struck_target(words, k)
    if end is None:
        return None
    return end if any(_means_at(words, i) for i in range(end, min(end + _MEANS_WINDOW, len(words)))) else None
