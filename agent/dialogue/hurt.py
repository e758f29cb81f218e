"""Sad news told: a loss, an illness, a death, being left alone (issue 14, session 31, brief W, S1).

``sorrow.sorrow_kind`` reads the speaker's own death or sad word and the composer says one kind line for it; a
line it does not read fell to the quiet take-ups, and a viewer's sad news got "Thanks for telling me." (W1's
``heard``), "I hear you." (an opinion's ``fair``: "too bad he passed away"), a stock question ("he died in a
motor accident") or the pet take-up ("i had to put my cat down" -> "Say hi to your cat for me!").
``tells_hurt`` reads such news in a statement, clause by clause:

- someone dies: a death verb of ``data/sorrow.txt`` (die, pass away, ...) or a bare "passed", its subject
  right before it a being, kin, a person pronoun or a name after a being ("my cat sam passed away"), not its
  -ing form, not "died down/off/out", not after "almost"/"nearly"; a being put down or put to sleep, run
  over, hit by a car;
- an illness or injury ("cancer", "in the hospital", "heart attack"; "sick"/"ill" said of a being, kin or
  the speaker, never "sick of");
- a loss: a break-up or divorce, a lost job ("fired", "laid off"), a being, kin, job or home lost, a home
  flooded or burned down, a pet stolen;
- being left alone ("alone", "lonely", "no friends", "by myself", "i miss my dad": the speaker misses);
- a sadness word the sorrow list lacks ("devastated", "heartbroken", "breaks my heart", "depressed").

Not where the line laughs ("lol", "haha", "died laughing"), where a negation stands right before the word, or
where it also says good news ("happy", "glad", "proud", "better", "recovered"). The lexicon was fitted on the
EmpatheticDialogues valid split's sad, devastated and lonely first lines and viewer_lines30's loss rows (docs/
dialogue.md, "Session 31, brief W"). English; pure.
"""

from __future__ import annotations

import re

from agent.dialogue.intent import is_being, listed, word_list
from agent.dialogue.sorrow import sorrow_words

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CLAUSE = re.compile(r"[.?!;,:]+|\s(?=(?:and|but|because|cause|so)\s)")
_LAUGH = frozenset({
    "lol", "lool", "lmao", "lmfao", "rofl", "haha", "hahaha", "hehe", "jk", "xd", "laugh", "laughs",
    "laughed",
    "laughing", "lolol",
})  # fmt: skip
#: good news beside it: "so happy my dog recovered from cancer" is no sad news
_GLAD = frozenset({
    "happy", "glad", "proud", "excited", "thrilled", "relieved", "grateful", "thankful", "better",
    "recovered",
    "cured", "survived", "congrats", "congratulations", "yay", "finally", "awesome", "amazing", "great",
})  # fmt: skip
_NEGATION = frozenset({
    "not", "no", "never", "didn't", "didnt", "don't", "dont", "wasn't", "isn't", "isnt", "wasnt",
})  # fmt: skip
#: the subject of a death that is someone's (besides beings and kin)
_PERSONS = frozenset({"he", "she", "they", "who", "him", "her", "them", "everyone", "someone", "somebody"})
#: between a subject and its death ("my grandma has just passed away", "he suddenly died")
_BEFORE = frozenset({
    "just", "recently", "finally", "suddenly", "sadly", "unfortunately", "has", "had", "have", "then", "also",
    "unexpectedly", "tragically", "who", "eventually", "peacefully", "actually", "apparently",
})  # fmt: skip
_NOT_DEATH_AFTER = frozenset({"down", "off", "out", "laughing", "for"})
#: a bare "passed" is a death only before these (or at the clause's end): "he passed last spring", not
#: "i passed my test"
_PASSED_BEFORE = frozenset({
    "away", "on", "last", "yesterday", "today", "this", "recently", "suddenly", "peacefully", "in", "a",
    "two",
    "three", "few", "several", "earlier", "over", "after", "from", "when", "while", "at",
})  # fmt: skip
_ILL_WORDS = frozenset({
    "cancer", "tumor", "tumour", "lymphoma", "leukemia", "chemo", "chemotherapy", "dementia", "alzheimer's",
    "alzheimers", "illness", "disease", "coma", "miscarriage", "hospitalized", "hospitalised", "diagnosed",
    "terminal", "injury", "injured", "fever", "icu", "paralyzed", "paralysed", "stroke",
})  # fmt: skip
_ILL_PHRASES = (
    "in the hospital", "in hospital", "to the hospital", "heart attack", "kidney failure", "car accident",
    "car crash", "motor accident", "an accident", "in an accident", "got hurt", "broke my", "broken leg",
    "broken arm", "broke his", "broke her",
)  # fmt: skip
_SICK = frozenset({"sick", "ill"})
_SICK_SUBJECT = frozenset({
    "i", "i'm", "im", "i've", "we", "he", "she", "he's", "she's", "it's", "they", "they're",
})  # fmt: skip
#: between the one who is ill and "sick"/"ill" ("my cat has been really sick")
_SICK_LINKS = frozenset({
    "is", "was", "got", "gets", "so", "very", "really", "been", "has", "have", "am", "are", "were", "getting",
    "feeling",
})  # fmt: skip
_LOSS_PHRASES = (
    "broke up", "break up", "breakup", "broken up", "divorce", "divorced", "dumped me", "left me",
    "cheated on me",
    "laid off", "got fired", "was fired", "been fired", "get fired", "fired from", "lost my job",
    "lost his job",
    "lost her job", "lost their job", "lost our job", "unemployed", "burned down", "burnt down",
    "caught fire",
    "caught on fire", "house fire", "flooded", "flooding", "was stolen", "got stolen", "been stolen",
    "were stolen", "broke into", "robbed", "hit by a car", "hit by a truck", "got ran over", "got run over",
    "was run over", "was ran over", "been run over", "been ran over",
    "awful news", "terrible news", "bad news", "horrible news", "horrific news", "sad news", "tragic news",
)  # fmt: skip
_LOSS_OBJECTS = frozenset({
    "job", "home", "house", "friend", "friends", "husband", "wife", "baby", "boyfriend", "girlfriend",
    "partner", "family", "everything",
})  # fmt: skip
_ALONE = frozenset({"alone", "lonely", "loneliness", "lonesome", "isolated", "homesick"})
_ALONE_PHRASES = (
    "no friends", "don't have any friends", "dont have any friends", "don't have many friends",
    "dont have many friends", "didn't have many friends", "didnt have many friends",
    "don't have a lot of friends", "dont have a lot of friends", "not many friends", "by myself",
    "without me", "didn't invite me", "didnt invite me", "no one here", "nobody here", "no one there",
    "no one else", "don't know anyone", "dont know anyone",
)  # fmt: skip
_SAD = frozenset({
    "devastated", "devastating", "heartbroken", "heartbreaking", "depressed", "depressing", "depression",
    "bummed", "cried", "crying", "grief", "grieving", "mourning", "miserable", "gutted", "shattered",
    "upset", "tragic", "tragedy",
})  # fmt: skip
_SAD_PHRASES = (
    "broke my heart", "breaks my heart", "break my heart", "breaking my heart", "in shock", "feeling blue",
    "feel blue", "road accident",
)  # fmt: skip
_MISS = frozenset({"miss", "misses", "missed", "missing"})
_SPEAKER = frozenset({"i", "we", "really", "so", "still", "just", "already", "truly", "do", "much"})


def _words(text: str) -> list[list[str]]:
    return [w for w in (_TOKEN.findall(c) for c in _CLAUSE.split(text.lower().replace("’", "'"))) if w]


def _someone(words: list[str], k: int) -> bool:
    """Whether a being, kin, a person pronoun, or a name after a being ends right before ``words[k]``."""
    j = k - 1
    while j >= 0 and words[j] in _BEFORE:
        j -= 1
    if j < 0:
        return False
    w = words[j]
    if w in _PERSONS or is_being(w) or listed(w, word_list("kin.txt")):
        return True
    return j > 0 and (is_being(words[j - 1]) or listed(words[j - 1], word_list("kin.txt")))  # "my cat sam"


def _dies(words: list[str]) -> bool:
    table = sorrow_words()["v"]
    for k, word in enumerate(words):
        after = words[k + 1] if k + 1 < len(words) else ""
        if word in ("passed", "past") and (after in _PASSED_BEFORE or not after) and _someone(words, k):
            return True
        if table.get(word) != "death" or word.endswith("ing") or after in _NOT_DEATH_AFTER:
            continue
        if k > 0 and words[k - 1] in ("almost", "nearly"):
            continue
        if _someone(words, k):
            return True
    return False


def _negated(words: list[str], k: int) -> bool:
    return any(w in _NEGATION or w.endswith("n't") for w in words[max(0, k - 3) : k])


def _has(line: str, phrases: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![a-z']){re.escape(p)}(?![a-z])", line) for p in phrases)


def _clause_hurts(words: list[str]) -> bool:
    line = " ".join(words)
    if _dies(words):
        return True
    for k, w in enumerate(words):
        if _negated(words, k):
            continue
        if w in _ILL_WORDS or w in _ALONE or w in _SAD:
            return True
        if w in _SICK and k + 1 < len(words) and words[k + 1] == "of":
            continue
        if w in _SICK:
            before = [x for x in words[max(0, k - 4) : k] if x not in _SICK_LINKS]
            who = before[-1] if before else ""
            if who in _SICK_SUBJECT or is_being(who) or listed(who, word_list("kin.txt")):
                return True
        if w in _MISS and k > 0 and words[k - 1] in _SPEAKER and _the_speaker(words, k):
            if k + 1 < len(words) and words[k + 1] in ("my", "our", "him", "her", "them", "home", "his"):
                return True
        if w in ("put", "putting") and _put_down(words, k):
            return True
        if w == "lost" and k + 2 < len(words) and words[k + 1] in ("my", "our", "his", "her", "their"):
            obj = words[k + 2]
            if obj in _LOSS_OBJECTS or is_being(obj) or listed(obj, word_list("kin.txt")):
                return True
    return _has(line, _ILL_PHRASES + _LOSS_PHRASES + _ALONE_PHRASES + _SAD_PHRASES)


def _put_down(words: list[str], k: int) -> bool:
    """A being put down or to sleep: "put her down", "put our old dog down", "have him put to sleep"."""
    rest = words[k + 1 : k + 6]
    for n in range(0, 4):
        tail = rest[n : n + 2]
        if tail[:1] == ["down"] or tail == ["to", "sleep"]:
            obj = rest[:n]
            return (
                not obj
                or obj[0] in ("her", "him", "them", "it")
                or (obj[0] in ("my", "our", "his", "their", "the") and is_being(obj[-1]))
            )
    return False


def _the_speaker(words: list[str], k: int) -> bool:
    j = k - 1
    while j >= 0 and words[j] in _SPEAKER - {"i", "we"}:
        j -= 1
    return j >= 0 and words[j] in ("i", "we")


def tells_hurt(text: str) -> bool:
    """Whether ``text`` tells sad news (module docstring): a death, an illness or injury, a loss, being alone,
    a sadness word; never a line that laughs or also tells good news."""
    parts = _words(text)
    flat = {w for p in parts for w in p}
    if flat & _LAUGH or flat & _GLAD:
        return False
    return any(_clause_hurts(p) for p in parts)


__all__ = ["tells_hurt"]
