"""A harm the viewer says they mean to do, read by its words (session 22, brief S, candidate K1).

"how much is the scarf, i need one to choke my neighbour" asks a price and states an intent to hurt someone;
the harm check reads a line by its meaning, and a statement beside a question barely moves it (the scarf line
sits near the shop's anchors), while a statement alone is never checked by meaning (chat sits near the written
harmful requests: "my neighbour is annoying" is violence +0.263). So the intent is read by its form, clause by
clause:

- a first-person subject ("i", "i'm", "i'll", "imma", ...), or none where the clause opens on the intent,
  as chat drops it ("gonna ..."), then within three words an intent marker ("want to", "going to", "gonna",
  "will", "plan to", "need one to", "so i can", ...), at most two adverbs or "go and";
- a verb of a licensed general class (``data/harm_verbs.txt``: VerbNet 3.4 classes of killing, poisoning,
  choking, attacking and striking a being, "hurt" and "harm"; of destroying and breaking a thing), an optional
  particle ("beat up");
- its target: for a being verb, a person's object pronoun ("him", "someone"), the speaker ("myself":
  self-harm), or a determiner or possessive and, within three words, a noun of a person or an animal
  (``data/beings.txt``: Open English WordNet's ``noun.person`` and ``noun.animal``); for a thing verb,
  another's possession ("his car", "my neighbour's house"), never the speaker's own ("crush my exams").

"i'm going to kill it on the slopes", "i want to beat my record", "i want to hang out with my friends"
state no harm: no being or possession is the target.

Session 23 (brief S; docs/safety.md), from Open English WordNet's synset links:

- K3: a phrasal verb whose WordNet senses kill, injure, beat or assail a being ("beat up", "rough up"), or
  wreck a thing ("smash up", "burn down"), read joined or split around its target ("beat my cousin up"); a
  being verb's phrasal that does none of these is no harm ("kick my brother out" = expel); a verb of
  destroying by fire ("burn", "torch") whose object is a building or a vehicle, the speaker's own too ("burn
  down my school"); a kin word by any of its senses after a possessive ("my mum"). K3b: a being's possessive
  is the target only when it owns a being or a body part ("my neighbour's dog", not "my sister's skis").
- K4 (a being harmed "at" a contest read as play) was reverted (brief S2, docs/safety.md): it cleared "gonna
  stab him at the match" too, and K4b, narrowed to verbs that can mean "win", did not meet K4's bar.

Session 24 (brief S; docs/safety.md):

- K5r: a harm-free phrasal verb that takes no object in any sense blocks nothing ("shoot up" = rise: "shoot
  up my neighbour" is "shoot"); a verb after "then", or opening an "and" / "then" clause of a sentence with an
  intent, shares that intent ("gonna beat my dad at golf then stab him"). (K5's groups of people as targets,
  "poison the other team", were not kept: "shoot the team photo", "charge the team" read as harm.)
- K6: the clauses a care phrase is not read in (``safety.Moderator.care_evidence``): a clause that states a
  harm to others (``without_stated_harm``: "i'm going to poison my teammate" is no poisoned speaker). K6's
  second half (a clause where a verb that can mean "win" has its target followed by a contest, "my dad beats
  me at chess", read no crisis) was taken out by the lead after the reviewer's V5: "my dad beats me at the
  hockey game when he gets drunk" lost the crisis line with it.

Session 24 (brief S3; docs/safety.md), K7: an intent (or an ask of a way, "how to") whose purpose clause
names a harm's result to a person or to another's thing ("... his brakes so he crashes", "... to make her
fall", "so she gets sick"; ``data/harm_results.txt``), and a verb of contaminating another's food ("poison
my roommate's food"; ``data/foods.txt``) state a harm to others.

Session 25 (brief S2; docs/safety.md), K8: a group of people (``data/groups.txt``: "the whole team") is a
being verb's target when it heads the verb's object ("the team photo", "the crowd's favourite" are no target)
and the verb harms a being in every sense that takes a person (``data/group_verbs.txt``: "poison", "stab"; not
"charge", "shoot", "kill", "slay", whose other senses bill, photograph, delight or win over a crowd); K8r: not
where "with" names a figurative means ("choke the jury with paperwork").

Session 25 (brief S; docs/safety.md), C1 / C1r: a verb of killing or winning whose target is followed by a
contest ("kill my dad at golf", "murder you in the final") says a win, no harm (``contest.py``).

Session 25 (brief S3; docs/safety.md), K9: set on fire, blown up or ruined, another's building, vehicle or
thing ("set fire to his house", "vandalize the school", "every window in his house"; ``property_harm.py``).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Literal

from agent.dialogue.host_questions import host_question
from agent.dialogue.property_harm import owned_inside, property_harm_at
from agent.perception.core import asks_by_imperative
from agent.screening import is_question, normalize

_DATA = Path(__file__).resolve().parent / "data"
Harm = Literal["self", "others"]

#: Where a line's clauses part: sentence and clause punctuation, and before a joining word.
_CLAUSE = re.compile(r"[.?!;,:]+|\s(?=(?:and|but|because|cause|cuz|coz|so)\s)", re.I)
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
#: A first-person subject; those that carry their own intent marker ("i'll", "imma"): ``_SUBJECT_WILL``.
_SUBJECT = frozenset({"i", "i'm", "im", "i'd", "id", "i've", "ive", "ima", "imma", "i'll", "ill"})
_SUBJECT_WILL = frozenset({"ima", "imma", "i'll", "ill"})
#: Intent markers, as word sequences; "need X to" takes one of ``_NEED_OBJECTS`` as X.
_MARKERS = (
    ("want", "to"),
    ("wants", "to"),
    ("wanna",),
    ("going", "to"),
    ("gonna",),
    ("will",),
    ("plan", "to"),
    ("planning", "to"),
    ("intend", "to"),
    ("about", "to"),
    ("gotta",),
    ("got", "to"),
    ("need", "to"),
    ("can",),
)
_NEED_OBJECTS = frozenset({"it", "one", "this", "that", "them", "some", "something", "these", "those"})
#: Markers that open a clause with the subject dropped ("gonna beat up ...", "wanna ...", "need one to ...").
_OPENERS = frozenset({"gonna", "wanna", "imma", "ima", "going", "want", "need", "gotta"})
_ADVERBS = frozenset({
    "just", "really", "finally", "go", "and", "actually", "totally", "literally", "seriously", "probably",
    "definitely", "gonna", "then", "also", "even", "still", "straight", "fucking", "freaking",
})  # fmt: skip
PARTICLES = frozenset({"up", "down", "out", "off"})
#: Words after which a verb shares an intent said before it in the sentence (K5r): "... then stab him".
_COORDINATORS = frozenset({"and", "then"})
#: the particles of WordNet's two-word verbs (K3)
SPLIT_PARTICLES = ("up", "down", "out", "off", "over", "in", "on")
PERSONS = frozenset({
    "him", "her", "them", "you", "u", "ya", "someone", "somebody", "anyone", "anybody", "everyone",
    "everybody", "people", "ppl", "yourself", "himself", "herself", "themselves", "ourselves", "us",
})  # fmt: skip
_SELF = frozenset({"myself", "meself"})
DETERMINERS = frozenset({
    "a", "an", "the", "that", "this", "those", "these", "some", "my", "his", "her", "their", "your", "ur",
    "our", "every", "all", "any", "one",
})  # fmt: skip
#: Possessive determiners: a kin word that is no person by its first sense is one after these ("my mum"; K3b).
_OWNERS = frozenset({"my", "our", "his", "her", "their", "your", "ur"})
#: Possessives of someone other than the speaker.
_OTHERS = frozenset({"his", "her", "their", "your", "ur", "yours", "someone's", "somebody's"})
#: Words ending in "'s" that are a contraction, not a possessive.
_NOT_POSSESSIVE = frozenset({
    "it's", "that's", "he's", "she's", "what's", "there's", "here's", "who's", "where's", "let's", "how's",
    "one's",
})  # fmt: skip


@functools.lru_cache(maxsize=1)
def harm_verbs() -> dict[str, frozenset[str]]:
    """``{"being": ..., "thing": ...}``: the verbs' forms (``data/harm_verbs.txt`` with -s, -ed, -ing)."""
    kinds: dict[str, set[str]] = {"being": set(), "thing": set(), "fire": set()}
    for line in (_DATA / "harm_verbs.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, verb = line.split()
            kinds[kind] |= verb_forms(verb)
    return {k: frozenset(v) for k, v in kinds.items()}


def verb_forms(verb: str) -> set[str]:
    stem = verb[:-1] if verb.endswith("e") else verb
    out = {verb, verb + "s", verb + "es", stem + "ed", stem + "ing", verb + "ed"}
    if len(verb) >= 3 and verb[-1] not in "aeiouwy" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        out |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}  # stab -> stabbed, stabbing
    return out


@functools.lru_cache(maxsize=1)
def phrasal_verbs() -> dict[tuple[str, str], frozenset[str]]:
    """``{(a form of V, P): kinds}`` for WordNet's two-word verbs "V P" (``data/harm_phrasal.txt``, K3):
    being, thing, fire, or none (a being verb's phrasal that harms nothing: "kick out")."""
    out: dict[tuple[str, str], set[str]] = {}
    for line in (_DATA / "harm_phrasal.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, verb, particle = line.split()
            for form in verb_forms(verb):
                out.setdefault((form, particle), set()).add(kind)
    return {k: frozenset(v) for k, v in out.items()}


@functools.lru_cache(maxsize=8)
def word_list(name: str) -> frozenset[str]:
    lines = (_DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in (x.strip() for x in lines) if w and not w.startswith("#"))


def listed(word: str, names: frozenset[str]) -> bool:
    """``word`` or its singular (-s, -es) is one of ``names``."""
    return (
        word in names
        or (word.endswith("s") and word[:-1] in names)
        or (word.endswith("es") and word[:-2] in names)
    )


@functools.lru_cache(maxsize=1)
def beings() -> frozenset[str]:
    """Nouns of a person or an animal (``data/beings.txt``)."""
    lines = (_DATA / "beings.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in (x.strip() for x in lines) if w and not w.startswith("#"))


def is_being(word: str) -> bool:
    names = beings()
    base = word[:-2] if word.endswith("'s") else word
    return (
        base in names
        or (base.endswith("s") and base[:-1] in names)
        or (base.endswith("es") and base[:-2] in names)
    )


def is_possessive(word: str) -> bool:
    return word in _OTHERS or (word.endswith("'s") and word not in _NOT_POSSESSIVE)


def clauses(text: str) -> list[str]:
    """``text``'s clauses: split at punctuation and before a joining word ("and", "but", "because", "so")."""
    return [c.strip() for c in _CLAUSE.split(text) if c and c.strip()]


def _intent_verb_at(words: list[str]) -> list[int]:
    """Positions where a harm verb may stand after a first-person intent (possibly several readings)."""
    starts: list[int] = []
    for i, w in enumerate(words):
        if w in _SUBJECT_WILL:
            starts.append(i + 1)
        if w in _SUBJECT or (i == 0 and w in _OPENERS):
            first = i + 1 if w in _SUBJECT else i
            for j in range(first, min(first + 3, len(words))):
                for marker in _MARKERS:
                    end = _marker_end(words, j, marker)
                    if end is not None:
                        starts.append(end)
    out: list[int] = []
    for s in starts:
        k, skipped = s, 0
        while k < len(words) and words[k] in _ADVERBS and skipped < 2:
            k, skipped = k + 1, skipped + 1
        out.append(k)
    return out


def _marker_end(words: list[str], j: int, marker: tuple[str, ...]) -> int | None:
    if tuple(words[j : j + len(marker)]) == marker:
        if marker == ("can",) and not (j >= 2 and words[j - 2] == "so" and words[j - 1] == "i"):
            return None  # "can" marks an intent only as "so i can ..."
        return j + len(marker)
    if marker == ("need", "to") and words[j : j + 1] == ["need"] and j + 2 < len(words):
        if words[j + 1] in _NEED_OBJECTS and words[j + 2] == "to":
            return j + 3
    return None


def target_of(words: list[str], k: int, kind: str, particle: bool = True) -> tuple[Harm | None, int]:
    """The harm a verb of ``kind`` does to what stands at ``k`` (one particle skipped when ``particle``), and
    where that target ends (the index after its noun)."""
    if particle and k < len(words) and words[k] in PARTICLES:
        k += 1
    if k >= len(words):
        return None, k
    w = words[k]
    if kind == "being":
        if w in _SELF or (w == "my" and words[k + 1 : k + 2] == ["self"]):
            return "self", k + 1
        if w in PERSONS:
            return "others", k + 1
        if w in DETERMINERS or is_possessive(w):
            if is_possessive(w) and is_being(w):  # "neighbour's dog" is read with the next words as well
                return ("others", k + 1) if _owns_a_being(words, k + 1) else (None, k)
            owned = w in _OWNERS or is_possessive(w)
            for m in range(k + 1, min(k + 4, len(words))):
                x = words[m]
                if is_being(x) or (owned and listed(x, word_list("kin.txt"))):
                    if is_possessive(words[m]) and not _owns_a_being(words, m + 1):
                        return None, k  # "take off my sister's skis": the skis are the object (K3b)
                    return "others", m + 1
        return None, k
    # a thing wrecked: another's possession, a noun after it
    for m in range(k, min(k + 3, len(words) - 1)):
        if is_possessive(words[m]):
            return "others", m + 2
    inside = owned_inside(words, k)  # "every window in his house" (K9c, s25)
    if inside is not None:
        return "others", inside
    if kind == "fire" and (w in DETERMINERS or is_possessive(w)):
        # a building or a vehicle destroyed by fire, the speaker's own too ("burn down my school"; K3)
        for m in range(k + 1, min(k + 4, len(words))):
            if listed(words[m], word_list("structures.txt")):
                return "others", m + 1
    return None, k


def _owns_a_being(words: list[str], i: int) -> bool:
    """After a being's possessive at ``i - 1``: what it owns is a being or a body part, within three words
    ("my neighbour's dog", "my brother's stupid face"), or nothing follows ("... my sister's"); K3b."""
    if i >= len(words):
        return True
    return any(is_being(x) or listed(x, word_list("body.txt")) for x in words[i : i + 3])


def particle_at(words: list[str], i: int) -> str:
    """The word at ``i`` when it can be a split verb's particle: no noun phrase opens after it ("beat my
    cousin up tonight", "kick my brother out of the room"; not "punch my mum in the face"); else ""."""
    if i >= len(words) or words[i] not in SPLIT_PARTICLES:
        return ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    return "" if nxt in DETERMINERS or is_possessive(nxt) else words[i]


def _harm_at(words: list[str], k: int, wins: bool = True) -> Harm | None:
    """The harm the verb at ``k`` states: a single verb (K1), a phrasal one joined ("beat up my uncle") or
    split ("beat my cousin up")."""
    verbs, phrasal = harm_verbs(), phrasal_verbs()
    w = words[k]
    nxt = words[k + 1] if k + 1 < len(words) else ""
    joined = phrasal.get((w, nxt), frozenset())
    readings: list[tuple[str, Harm | None, int]] = []
    for kind in ("being", "thing", "fire"):
        if kind in joined:
            harm, end = target_of(words, k + 2, kind, particle=False)
            readings.append((kind, _unless_played(words, k, end, kind, harm, nxt, wins), end))
        elif w in verbs[kind] and not (kind == "being" and joined):  # "kick out" (expel) is no being verb
            harm, end = target_of(words, k + 1, kind)
            after = particle_at(words, end)
            if kind == "being" and (w, after) in phrasal and kind not in phrasal[(w, after)]:
                harm = None  # "kick my brother out": expelled, not struck
            readings.append((kind, _unless_played(words, k, end, kind, harm, "", wins), end))
        elif any((w, p) in phrasal and kind in phrasal[(w, p)] for p in SPLIT_PARTICLES):
            harm, end = target_of(words, k + 1, kind, particle=False)
            after = particle_at(words, end)
            if kind in phrasal.get((w, after), frozenset()):
                readings.append((kind, _unless_played(words, k, end + 1, kind, harm, after, wins), end))
    if w in harm_results()["contaminate"] and _others_food(words, k + 1):
        readings.append(("contaminate", "others", k + 1))
    property_end = property_harm_at(words, k)  # set on fire, blown up, ruined (K9, s25)
    if property_end is not None:
        readings.append(("thing", "others", property_end))
    from agent.dialogue.group_harm import group_at, group_verbs  # group_harm reads this module's word classes

    group_end = group_at(words, k)  # K8r (s25): a group of people harmed ("poison the whole team")
    if group_end is not None:  # C1 judges a group as a person: "massacre the other team in the final"
        said = nxt if (w, nxt) in group_verbs()[1] else ""
        harm = _unless_played(words, k, group_end, "being", "others", said, wins)
        readings.append(("being", harm, group_end))
    from agent.dialogue.struck_harm import struck_at  # K3h (s27): a blow with a weapon or to the body

    struck_end = struck_at(words, k)
    if struck_end is not None:
        harm = _unless_played(words, k, struck_end, "being", "others", "", wins)
        readings.append(("being", harm, struck_end))
    found: Harm | None = None
    for _kind, harm, _end in readings:
        if harm == "self":
            return "self"
        found = found or harm
    return found


def _unless_played(
    words: list[str], k: int, end: int, kind: str, harm: Harm | None, particle: str, wins: bool
) -> Harm | None:
    """``harm``, unless the being verb at ``k`` says a win at a contest ("kill my dad at golf"; C1, s25);
    ``wins`` False reads the verb as K1 did (``contest.without_wins``)."""
    if kind != "being" or harm != "others" or not wins:
        return harm
    from agent.dialogue.contest import win_said  # contest reads this module's word classes

    return None if win_said(words, k, end, particle) else harm


def clause_harms(text: str, wins: bool = True) -> list[tuple[str, Harm | None]]:
    """``text``'s clauses (lower-cased), each with the harm it states the speaker means to do
    (``stated_harm``). A verb after "then", or opening a clause with "and" / "then", in a sentence whose
    earlier words state an intent, shares that intent (K5r: "gonna beat my dad at golf then stab him").
    ``wins`` False: a win said with a verb of killing is read as a harm, as before C1 (s25)."""
    out: list[tuple[str, Harm | None]] = []
    for sentence in _SENTENCE.findall(text.replace("\u2019", "'").lower()):
        intent, aim, verb, harmed = False, False, "", False
        before: list[str] = []
        for clause in clauses(sentence):
            words = _TOKEN.findall(clause)
            starts = _intent_verb_at(words)
            if intent and words and words[0] in _COORDINATORS:
                starts.append(_after_adverbs(words, 0))
            if starts or intent:
                first = min(starts) if starts else 0
                starts += [
                    _after_adverbs(words, t + 1) for t in range(first, len(words)) if words[t] == "then"
                ]
            intent = intent or bool(starts)
            found: Harm | None = None
            for k in starts:
                harm = _harm_at(words, k, wins) if k < len(words) else None
                if harm == "self":
                    found = "self"
                    break
                found = found or harm
            way = _asks_a_way(words)
            if found is None and (aim or starts or way is not None):
                first = 0 if aim else min([*starts, *([way] if way is not None else [])])
                found = "others" if _intended_result(words, first, before + words, verb) else None
            # session 28, L1: the speaker's reflexive where the intent reading points, after a harm this
            # sentence has stated, takes the harm said before ("i'll kill him and then myself": elided verb)
            if (harmed or found is not None) and any(k < len(words) and words[k] in _SELF for k in starts):
                found = "self"
            harmed = harmed or found is not None
            aim = aim or bool(starts) or way is not None
            verb = verb or next((words[k] for k in sorted(starts) if k < len(words)), "")
            before += words
            out.append((clause, found))
    return out


def _after_adverbs(words: list[str], k: int) -> int:
    """``k`` moved past at most two of ``_ADVERBS`` ("and then", "just")."""
    skipped = 0
    while k < len(words) and words[k] in _ADVERBS and skipped < 2:
        k, skipped = k + 1, skipped + 1
    return k


@functools.lru_cache(maxsize=1)
def harm_results() -> dict[str, frozenset[str]]:
    """K7's word classes (``data/harm_results.txt``): ``result`` verbs' forms ("crashes"), ``block`` their
    two-word neighbours ("falls asleep"), ``injury`` participles ("hurt", "killed"), ``injure`` all forms,
    ``ill`` adjectives ("sick"), ``contaminate`` verbs' forms ("poisoned", "spike")."""
    kinds: dict[str, set[str]] = {
        k: set() for k in ("result", "block", "injury", "injure", "ill", "contaminate")
    }
    for line in (_DATA / "harm_results.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, lemma = line.split(" ", 1)
        head, _, particle = lemma.partition(" ")
        if kind == "block":
            kinds[kind] |= {f"{form} {particle}" for form in verb_forms(head)}
        elif kind == "injury":  # first sense below kill / injure: its participles ("gets stabbed"; K7r)
            kinds[kind] |= {f for f in verb_forms(lemma) if f.endswith("ed")}
            kinds[kind] |= {lemma} if lemma.endswith("t") else set()
        elif kind == "ill":
            kinds[kind].add(lemma)
        else:
            kinds[kind] |= verb_forms(lemma)
    for verb in harm_verbs()["being"]:  # "gets hurt", "gets poisoned": the being verbs' participles too
        if verb.endswith("ed") or verb in ("hurt", "harm"):
            kinds["injury"].add(verb)
    return {k: frozenset(v) for k, v in kinds.items()}


#: K7: a result clause's subject that is a person; "it" / "they" only where another's thing was named
_RESULT_SUBJECTS = frozenset({
    "he", "she", "you", "u", "someone", "somebody", "everyone", "everybody", "anyone", "anybody",
})  # fmt: skip
_THING_SUBJECTS = frozenset({"it", "they", "them"})
_MAKE = frozenset({"make", "makes", "making", "made"})
_GET = frozenset({"get", "gets", "got", "getting", "gotten", "is", "be", "was", "were", "are", "been"})
_MODALS = frozenset({"will", "would", "might", "can", "could", "may", "should", "must"})
_NEGATIONS = frozenset({"not", "never", "dont", "doesnt", "didnt", "wont", "cant", "wouldnt", "isnt", "aint"})
_WAY_ASKERS = frozenset({"do", "can", "could", "would", "should"})


def _asks_a_way(words: list[str]) -> int | None:
    """Where the verb stands after "how to" or "how do / can / could / would / should i" (K7), else None."""
    for i, w in enumerate(words[:-1]):
        if w == "how" and words[i + 1] == "to":
            return i + 2
        if w == "how" and words[i + 1] in _WAY_ASKERS and words[i + 2 : i + 3] == ["i"]:
            return i + 3
    return None


def _others_food(words: list[str], k: int) -> bool:
    """Another's possession (not the speaker's) at ``k`` or within two words, then within three words a
    food or drink ("my roommate's food", "his coffee"; K7b)."""
    for m in range(k, min(k + 3, len(words))):
        if is_possessive(words[m]):
            return any(listed(x, word_list("foods.txt")) for x in words[m + 1 : m + 4])
    return False


def _names_a_thing(words: list[str]) -> bool:
    """``words`` name another's possession or a structure or vehicle after a determiner (K7: what "it" or
    "they" in a result clause may be)."""
    for i, w in enumerate(words):
        if is_possessive(w) and i + 1 < len(words):
            return True
        if w in DETERMINERS and any(listed(x, word_list("structures.txt")) for x in words[i + 1 : i + 4]):
            return True
    return False


def _intended_result(words: list[str], first: int, seen: list[str], verb: str = "") -> bool:
    """A "so (that)" or a "make" at or after ``first`` whose subject is a person, or "it" / "they" where
    ``seen`` names another's thing, with a harm's result for verb ("so he crashes", "make her fall"; K7a)."""
    for i in range(first, len(words)):
        if words[i] == "so":
            s = i + 2 if words[i + 1 : i + 2] == ["that"] else i + 1
        elif words[i] in _MAKE and i > first:
            s = i + 1
        else:
            continue
        if s >= len(words):
            continue
        w = words[s]
        if w in _RESULT_SUBJECTS or (words[i] in _MAKE and w in PERSONS):
            ends = [s + 1]
        elif w in _THING_SUBJECTS:
            ends = [s + 1] if _names_a_thing(seen[: len(seen) - len(words) + s]) else []
        elif w in DETERMINERS or is_possessive(w):
            owned = is_possessive(w) or any(is_being(x) for x in words[s + 1 : s + 4])
            ends = list(range(s + 2, min(s + 5, len(words) + 1))) if owned else []
        else:
            ends = []
        if any(_result_verb(words, e, verb) for e in ends):
            return True
    return False


#: words that wish a result smaller (a general class: the comparatives of "little" and "few"; not "least",
#: which "at least" makes no wish for less)
_LESS = frozenset("less fewer".split())


def _result_verb(words: list[str], v: int, verb: str = "") -> bool:
    """A harm's result at ``v`` (modals and adverbs skipped, none negated): a result verb not in a
    two-word neighbour ("crashes", not "falls asleep"); get / be and an injury's participle or an ill
    adjective ("gets hurt", "gets sick"); an injuring verb with a reflexive or a body object ("breaks his
    leg")."""
    results = harm_results()
    skipped = 0
    while v < len(words) and (words[v] in _MODALS or words[v] in _ADVERBS) and skipped < 3:
        v, skipped = v + 1, skipped + 1
    if v >= len(words) or words[v] in _NEGATIONS or words[v].endswith("n't"):
        return False
    if not _LESS.isdisjoint(words[v + 1 : v + 4]):  # reviewer's V6, s24
        return False  # a result wished smaller is no harm meant ("so the skaters fall less")
    w, nxt = words[v], (words[v + 1] if v + 1 < len(words) else "")
    if w in results["result"] and f"{w} {nxt}" not in results["block"]:
        return True
    if w in _GET:
        k = _after_adverbs(words, v + 1)
        if k < len(words) and verb and _defeat_after_win(verb, words[k]):
            return False  # "i'll beat his team so they get eliminated": a win's purpose (C1b, s25)
        return k < len(words) and (words[k] in results["injury"] or words[k] in results["ill"])
    if w in results["injure"]:
        if nxt in _SELF or nxt in {"himself", "herself", "themselves", "yourself"}:
            return True
        return (nxt in _OWNERS or is_possessive(nxt)) and any(
            listed(x, word_list("body.txt")) for x in words[v + 2 : v + 4]
        )
    return False


def _defeat_after_win(verb: str, participle: str) -> bool:
    from agent.dialogue.contest import defeat_after_win  # contest reads this module's word classes

    return defeat_after_win(verb, participle)


def stated_harm(text: str) -> Harm | None:
    """The harm a clause of ``text`` states the speaker means to do: "self" (to kill, injure or strike
    themself), "others" (a person or an animal, or another's property wrecked), or None.
    ("i need one to choke my neighbour": "others"; "i want to hang myself with it": "self"; "i'm going to kill
    it on the slopes", "i need one for my mum": None.)"""
    harms = [harm for _, harm in clause_harms(text)]
    return "self" if "self" in harms else ("others" if "others" in harms else None)


def without_stated_harm(text: str) -> str:
    """``text`` less its clauses that state a harm to others (K6a: a care phrase there names no danger to the
    speaker, "i'm going to poison my teammate"); ``text`` itself when none does."""
    parts = clause_harms(text)
    kept = [c for c, harm in parts if harm != "others"]
    return text if len(kept) == len(parts) else ", ".join(kept)


#: a line's sentences, each with the mark that ends it
_SENTENCE = re.compile(r"[^.?!;]+[.?!;]*")


def asking_sentences(text: str, host: str = "", card: bool = False) -> list[str]:
    """The sentences of a line of two or more that ask (screening's question form, or an imperative ask),
    as the composer's ``_asks`` reads a line; on a card line (``card``) less the host question itself. Empty
    for a line of one sentence (session 22, brief S, K2)."""
    parts = [p.strip() for p in _SENTENCE.findall(text) if any(c.isalnum() for c in p)]
    if len(parts) < 2:
        return []
    return [
        p for p in parts
        if (is_question(normalize(p)) or asks_by_imperative(p, host))
        and not (card and host_question(p, host) is not None)
    ]  # fmt: skip
