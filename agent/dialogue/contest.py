"""A win said with a verb of killing is contest talk, not a stated harm (session 25, brief S, C1;
docs/safety.md).

"imma murder you at chess later", "i'm going to kill my roommate at darts tonight": chat says a win with a
verb of killing, the target being the viewer's opponent and the contest named right after it. ``intent``
reads a being-verb harm to others; this module says when that reading is a win instead:

- the verb kills without naming a means (VerbNet murder-42.1: kill, murder, slaughter, annihilate) or has a
  WordNet sense of winning (below win or beat: whip, thrash, clobber); a verb that names a means (stab,
  shoot, strangle, poison) never reads as a win ("gonna stab him at the match");
- a contest phrase opens right after the target, or one word later: "at" and the activity itself, with no
  determiner ("at chess", "at ping pong"; "at the game" is a place one goes to, and "kill him at the game"
  stays a harm), or "in" and the contest ("in the final", "in the relay"); the noun is one of Open English
  WordNet's contests, games or sports, none a fight or a military action (``data/contests.txt``).

The target must be one who can be played against (the lead, after reviewer V4; ``data/non_opponents.txt``):
an official, judge, spectator or fan plays no game of the contest ("kill the referee in the final" stays a
harm), and a coach or teammate is on one's own side in a contest ("kill my coach in the relay") though one
may play them at a game ("thrash my teammates at table tennis").

And in a purpose clause, a defeat after a win ("i'll beat his team so they get eliminated") is no harm's
result (C1b). A crisis phrase is not read in a clause that says the speaker's win (C1r: "i'm going to kill my
dad at golf" matched "going to kill my", a threat told by its victim); the rest of the line, and every line
with no first-person intent, is read as before ("my dad beats me at chess" keeps the crisis line; a
disclosure of abuse at a game must not lose it).
"""

from __future__ import annotations

import functools
from pathlib import Path

from agent.dialogue.intent import clause_harms, harm_verbs, listed, verb_forms

_DATA = Path(__file__).resolve().parent / "data"
#: words that may stand between a target and its contest phrase ("kill my dad tonight at golf")
_GAP = 1
#: how far after "in" the contest noun may stand ("in the ski race"); after "at" it stands next ("at chess",
#: "at table tennis"): "at home after golf" is a place, then a time
_SPAN = 3


@functools.lru_cache(maxsize=1)
def play_verbs() -> dict[str, frozenset[str]]:
    """``{"kill": forms, "win": forms}`` (``data/play_verbs.txt``); a two-word lemma as "form particle"."""
    kinds: dict[str, set[str]] = {"kill": set(), "win": set()}
    for line in (_DATA / "play_verbs.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, lemma = line.split(" ", 1)
            head, _, particle = lemma.partition(" ")
            kinds[kind] |= {f"{f} {particle}".strip() for f in verb_forms(head)}
    return {k: frozenset(v) for k, v in kinds.items()}


@functools.lru_cache(maxsize=1)
def non_opponents() -> dict[str, frozenset[str]]:
    """``{"never": ..., "side": ...}`` (``data/non_opponents.txt``; the lead after reviewer V4, s25): who
    plays no game of a contest (officials, judges, spectators, fans), and who is on one's own side in a
    contest but may be played at a game (coaches, teammates)."""
    kinds: dict[str, set[str]] = {"never": set(), "side": set()}
    for line in (_DATA / "non_opponents.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, word = line.split(" ", 1)
            kinds[kind].add(word.strip())
    return {k: frozenset(v) for k, v in kinds.items()}


def _no_opponent(word: str, at_a_game: bool) -> bool:
    """``word`` names one who is nobody's opponent in the contest said: never a player, or (not
    ``at_a_game``) one on the speaker's own side."""
    roles = non_opponents()
    names = roles["never"] if at_a_game else roles["never"] | roles["side"]
    return word in names or (word.endswith("s") and word[:-1] in names)


@functools.lru_cache(maxsize=1)
def contests() -> frozenset[str]:
    """Nouns of a contest, game or sport (``data/contests.txt``), one or two words."""
    lines = (_DATA / "contests.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in (x.strip() for x in lines) if w and not w.startswith("#"))


def _contest_noun(words: list[str], i: int) -> bool:
    names = contests()
    two = " ".join(words[i : i + 2])
    return listed(words[i], names) or (i + 1 < len(words) and listed(two, names))


def contest_phrase(words: list[str], i: int) -> bool:
    """A contest phrase opens at ``i``: "at" and the activity right after it (no determiner: "at the game",
    "at my brother's match" are places), or "in" and a contest, the noun within ``_SPAN`` words."""
    if i + 1 >= len(words) or words[i] not in ("at", "in"):
        return False
    if words[i] == "at":
        return _contest_noun(words, i + 1)
    return any(_contest_noun(words, m) for m in range(i + 1, min(i + 1 + _SPAN, len(words))))


def win_said(words: list[str], k: int, end: int, particle: str = "") -> bool:
    """The being verb at ``k`` (with ``particle``, a phrasal verb's) whose target ends at ``end`` says a win:
    a verb of killing or winning, and a contest phrase at ``end`` or one word later, no harm verb between."""
    verbs = play_verbs()
    said = f"{words[k]} {particle}".strip()
    if said not in verbs["kill"] and said not in verbs["win"]:
        return False
    harmful = harm_verbs()["being"]
    head = words[end - 1] if 0 < end <= len(words) else ""
    for i in range(end, min(end + _GAP + 1, len(words))):
        if contest_phrase(words, i):
            # "kill the referee in the final": one who runs, judges or watches the contest plays nobody;
            # "kill my coach in the relay": on one's side; "thrash my teammates at table tennis": a game
            return not _no_opponent(head, at_a_game=words[i] == "at")
        if words[i] in harmful:
            return False
    return False


def defeat_after_win(verb: str, participle: str) -> bool:
    """``participle`` ("eliminated") is a defeat, said in the purpose clause of a win (``verb``: "beat"), both
    verbs with a sense of winning (C1b)."""
    wins = play_verbs()["win"]
    return verb in wins and participle in wins


def without_wins(text: str) -> str:
    """``text`` less its clauses that say the speaker's win with a verb of killing (C1r: no crisis phrase is
    read there, as none is in a clause stating harm to others); ``text`` itself when none does."""
    read, raw = clause_harms(text), clause_harms(text, wins=False)
    kept = [c for (c, harm), (_, before) in zip(read, raw, strict=True) if not (harm is None and before)]
    return text if len(kept) == len(read) else ", ".join(kept)
