"""A viewer's own sorrow gets one short kind line, not small talk (issue 14, session 27, brief H, S1).

"my dog died today" or "so nervous for my exam tomorrow" got the host's small talk ("ren, do you ski or board
yourself?") or the helpline check-in. A host on air says one kind line and does not pry. ``sorrow_kind`` reads
a statement about the speaker's own life:

- ``"death"``: a being of theirs dies ("my dog died", "my grandpa passed away"), they lost one ("i lost my
  mom"), or a death or funeral of theirs is named ("my dad's funeral");
- ``"sad"`` / ``"fear"``: a feeling of sadness or of fear and anxiety said of the speaker ("i am so sad",
  "i've been feeling lonely at my new job", "so nervous for my exam", "my anxiety"), in a line that names
  the speaker's own life beside it (my, our, me, us, mine: "i worry about wars" is about the world); not
  negated ("i'm not sad"), not the polite "i'm afraid i can't".

The words are ``data/sorrow.txt`` (Open English WordNet, built by ``python -m evals.build_sorrow_words``);
the beings and kin are ``agent.dialogue.intent``'s lists. ``kind_line`` answers with a line of a small
fixed set, chosen by the text's hash (the same line for the same text), never the viewer's words said back
and never cheerful. A question is not read (it is answered or cared for elsewhere).
"""

from __future__ import annotations

import functools
import hashlib
import re
from pathlib import Path

from agent.dialogue.intent import is_being, listed, verb_forms, word_list
from agent.dialogue.zh_sorrow import zh_kind_line
from agent.screening import is_question, normalize

_DATA = Path(__file__).resolve().parent / "data"
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CLAUSE = re.compile(r"[.?!;,:]+")
#: the speaker as the subject of a feeling ("i", "we" and their contractions)
_SPEAKER = frozenset({"i", "i'm", "im", "i've", "ive", "i'd", "id", "we", "we're", "we've"})
_OWNERS = frozenset({"my", "our"})
#: the speaker's own life named beside the feeling ("nervous for my exam", "scared when they told me"):
#: amendment (b), before any reply was read
_OWN_LIFE = frozenset({"my", "our", "me", "us", "mine"})
#: words between the speaker and the feeling that keep it theirs: being, feeling, becoming, degree and time
#: adverbs, an article ("i feel a bit lonely", "i have been so very worried lately"); no negation
_BETWEEN = frozenset({
    "am", "was", "were", "are", "be", "been", "being", "feel", "feels", "feeling", "felt", "get", "gets",
    "getting", "got", "gotten", "become", "became", "becoming", "seem", "seemed", "have", "has", "had", "so",
    "very", "really", "pretty", "kind", "kinda", "of", "sort", "sorta", "a", "an", "bit", "little", "quite",
    "too", "extremely", "super", "just", "still", "always", "totally", "absolutely", "completely", "deeply",
    "incredibly", "terribly", "rather", "somewhat", "all", "also", "now", "honestly", "literally", "truly",
    "utterly", "lately", "such", "tad", "slightly", "increasingly", "more", "most", "sooo", "soo", "real",
    "genuinely", "seriously", "overwhelmingly", "ever", "already", "starting", "started", "to", "went",
})  # fmt: skip
#: between a being and its death ("my dog just died", "my grandma has passed away")
_BEFORE_DEATH = frozenset({
    "just", "recently", "finally", "suddenly", "sadly", "unfortunately", "has", "had", "have", "then", "also",
    "unexpectedly", "tragically", "died", "who",
})  # fmt: skip
#: "i'm afraid" before a clause is the polite regret ("i'm afraid i can't make it", "afraid not")
_POLITE_AFTER = frozenset({"i", "we", "not", "so", "you", "it", "that", "this", "there"})
_LOSE = frozenset({"lost", "lose", "losing", "loses"})

LINES: dict[str, tuple[str, ...]] = {
    "death": (
        "I'm so sorry for your loss{name}.",
        "That's such a hard loss{name}. I'm so sorry.",
        "I'm so sorry{name}. Take all the time you need.",
    ),
    "sad": (
        "I'm sorry you're going through that{name}.",
        "That sounds really hard{name}. I'm sorry.",
        "Sorry it's been rough{name}. Go easy on yourself.",
    ),
    "fear": (
        "That sounds stressful{name}. Go easy on yourself.",
        "That's a lot to deal with{name}. I hope you're okay.",
        "Sorry you're dealing with that{name}. One step at a time.",
    ),
}


@functools.lru_cache(maxsize=1)
def sorrow_words() -> dict[str, dict[str, str]]:
    """``{POS: {form: kind}}`` of ``data/sorrow.txt`` (verbs with -s, -ed, -ing; "die" -> "dying")."""
    out: dict[str, dict[str, str]] = {"a": {}, "n": {}, "v": {}}
    for line in (_DATA / "sorrow.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, pos, lemma = line.split(" ", 2)
        words = lemma.split(" ")
        forms = (
            verb_forms(words[0]) if pos == "v" else {words[0], words[0] + "s"} if pos == "n" else {words[0]}
        )
        if pos == "v" and words[0].endswith("ie"):
            forms.add(words[0][:-2] + "ying")
        for form in forms:
            out[pos][" ".join([form, *words[1:]])] = kind
    return out


@functools.lru_cache(maxsize=1)
def _dying() -> dict[str, list[list[str]]]:
    """The death verbs' forms by their first word (``"passed": [["passed", "away"]]``)."""
    out: dict[str, list[list[str]]] = {}
    for phrase, kind in sorrow_words()["v"].items():
        if kind == "death":
            parts = phrase.split(" ")
            out.setdefault(parts[0], []).append(parts)
    return out


def _the_speakers(words: list[str], k: int, first: bool) -> bool:
    """Whether the feeling at ``words[k]`` is said of the speaker: "i" / "we" before it with only
    ``_BETWEEN`` words in between, or it opens the line's first clause ("so nervous for my exam")."""
    j = k - 1
    while j >= 0 and words[j] in _BETWEEN:
        j -= 1
    return words[j] in _SPEAKER if j >= 0 else first


def _feeling(words: list[str], first: bool) -> str | None:
    table = sorrow_words()
    for k, word in enumerate(words):
        kind = table["a"].get(word) or table["v"].get(word)
        if kind is not None and kind != "death":
            if word == "afraid" and k + 1 < len(words) and words[k + 1] in _POLITE_AFTER:
                continue
            if _the_speakers(words, k, first):
                return kind
        noun = table["n"].get(word)
        if noun is not None and noun != "death" and k > 0:
            if words[k - 1] == "my" or (words[k - 1] in _BETWEEN and _the_speakers(words, k, False)):
                return noun
    return None


def _theirs(words: list[str], k: int) -> bool:
    """A being of the speaker's ends right before ``words[k]`` ("my dog", "our cat", "my mom's dog")."""
    j = k - 1
    while j >= 0 and words[j] in _BEFORE_DEATH:
        j -= 1
    return (
        j >= 0
        and (is_being(words[j]) or listed(words[j], word_list("kin.txt")))
        and bool(_OWNERS & set(words[:j]))
    )


def _death(words: list[str]) -> bool:
    table = sorrow_words()
    owned_being = any(
        w in _OWNERS and any(is_being(x) or listed(x, word_list("kin.txt")) for x in words[i + 1 : i + 4])
        for i, w in enumerate(words)
    )
    for k, word in enumerate(words):
        for parts in _dying().get(word, ()):
            if words[k : k + len(parts)] == parts and _theirs(words, k):
                if not (k > 0 and words[k - 1] in ("almost", "nearly")):
                    return True
        if table["n"].get(word) == "death" and owned_being:
            return True
        if word in _LOSE and _the_speakers(words, k, False) and owned_being:
            if any(w in _OWNERS for w in words[k + 1 : k + 3]):
                return True
    return False


def tells_death(text: str) -> bool:
    """Whether ``text`` holds a word of the death class in any of its forms ("died", "passed away",
    "funeral"), whoever's death it is: a line a light take-up ("say hi to your dog") must not answer
    (session 27, P1)."""
    words = [w for c in _CLAUSE.split(text.lower().replace("’", "'")) for w in _TOKEN.findall(c)]
    table = sorrow_words()
    if any(table["n"].get(w) == "death" for w in words):
        return True
    return any(
        words[k : k + len(parts)] == parts for k, w in enumerate(words) for parts in _dying().get(w, ())
    )


#: the members of OEWN's team synset (08208560-n: "team", "squad"): a fan's feelings about their side
_TEAM = frozenset({"team", "teams", "squad", "squads"})


def _about_a_contest(words: list[str]) -> bool:
    """A clause naming a team ("so nervous for my team", "sad my team lost"): a fan's line, not sorrow.
    (WordNet's contest nouns were tried first and dropped: they hold "pool", "school" and the like.)"""
    return bool(_TEAM & set(words))


def sorrow_kind(text: str) -> str | None:
    """``"death"``, ``"sad"`` or ``"fear"`` when ``text`` (English) states the speaker's own sorrow; None
    for a question or a line with none."""
    if is_question(normalize(text)):
        return None
    parts = [_TOKEN.findall(c) for c in _CLAUSE.split(text.lower().replace("’", "'"))]
    parts = [p for p in parts if p]
    if any(_death(p) for p in parts):
        return "death"
    if not _OWN_LIFE & {w for p in parts for w in p}:
        return None  # a feeling about the world ("i worry about wars", "sad that he died"): no kind line
    if any(_about_a_contest(p) for p in parts):
        return None  # a fan's nerves ("so nervous for my team in the final"): no sorrow (s27, review)
    for n, words in enumerate(parts):
        kind = _feeling(words, n == 0)
        if kind is not None:
            return kind
    return None


def kind_line(text: str, lang: str = "en", name: str | None = "") -> str | None:
    """The host's one kind line to a viewer's stated sorrow (``sorrow_kind``; a Chinese line's sad news:
    ``zh_sorrow.zh_kind_line``, s31, brief W, S2), or None."""
    if lang == "zh":
        return zh_kind_line(text, name)
    if lang != "en":
        return None
    kind = sorrow_kind(text)
    if kind is None:
        return None
    lines = LINES[kind]
    pick = int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % len(lines)
    return lines[pick].format(name=f", {name}" if name else "")
