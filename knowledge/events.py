"""Which sport, event, distance and round a text names: a structured match of the event a question asks
about against the one its evidence speaks of (session 12, issue 14 item 2).

Session 10's scope rule (knowledge/constraints.py, rule 7) asks the evidence to name the *side* a question
names (men's, women's, mixed...); a near miss of the "other event" kind names the side and another event of
it: "who won the men's combined in alpine skiing?" against "Beat Feuz of Switzerland won the men's
downhill.", "who won the men's 1000 metres in long track speed skating?" against the short track section.
Session 11 tried "every word after men's must be in the evidence" (bag of words): it abstained on as many
answerable questions as unanswerable ones ("the men's curling final" against "won the men's curling").

Here a text is read into *mentions* of four slots, by a fixed lexicon of the Winter Olympic programme
(general knowledge of the sport, written before any figure; no question file was read to write it):
``sport`` (alpine skiing, short track speed skating, ...), ``event`` (downhill, giant slalom, big air, mass
start, team event, mixed team, monobob, ...), ``distance`` (500 metres, 30 kilometres: metres as an integer)
and ``round`` (semi-final, quarter-final, round robin, ...). Longest match first: "giant slalom" is not
"slalom", "short track speed skating" is not "speed skating", "mixed team" is not "team".

:func:`event_miss` is the rule: for the sport, event and distance slots, an asked mention is missed when the
evidence names another mention of that slot and not the asked one. The nearer scope decides (a correction
made the same session): the sentence's own mentions when it names any, else the sentence before it, else
the heading path; the asked mention must be among those or in the headings ("Matthias Mayer won the men's
super-G" does not answer the men's downhill because the sentence before it names the women's downhill).
Evidence that names no mention of a slot does not decide it (a result told without its event is left to
the other rules and the calibrated gate). A round the question names other than the final (a semi-final,
a quarter-final...) must be named by the evidence: a result sentence tells the final, not the semi-final.

Addendum (session 12, declared before measured): a fifth slot, ``games``, the Winter Games named by their
host city alone ("who won the men's curling at pyeongchang?" against the Beijing 2022 results: rule 6 reads
only a year), matched like the sport, event and distance slots.

Addendum (session 18, brief A3, declared before measured): a sixth slot, ``segment`` (a figure skating
event's short program, free skate, rhythm dance, free dance), matched like the event slot; "gs" is giant
slalom; and an event asked by name is missed by evidence that names no event but a distance ("who won the
mens mass start" against "Gao Tingyu ... won the men's 500 metres"), a distance asked by evidence that names
no distance but an event (:func:`event_miss`).
"""

from __future__ import annotations

import re

from knowledge import nlp

#: slot -> canonical mention -> the ways it is written (folded, lower case, hyphens as spaces); a few
#: entries also name the sport they belong to (see ``_IMPLIES``)
LEXICON: dict[str, dict[str, tuple[str, ...]]] = {
    "sport": {
        "alpine skiing": ("alpine skiing", "alpine skier", "alpine skiers", "alpine ski", "alpine"),
        "freestyle skiing": (
            "freestyle skiing",
            "freestyle skier",
            "freestyle skiers",
            "freeski",
            "freeskiing",
            "freeskier",
        ),
        "snowboard": ("snowboard", "snowboarding", "snowboarder", "snowboarders"),
        "figure skating": ("figure skating", "figure skater", "figure skaters"),
        "speed skating": (
            "speed skating",
            "speed skater",
            "speed skaters",
            "long track speed skating",
            "long track",
            "longtrack",
        ),
        "short track": (
            "short track speed skating",
            "short track",
            "shorttrack",
            "short track speed skater",
            "short track skater",
        ),
        "ice hockey": ("ice hockey", "hockey", "sledge hockey"),
        "curling": ("curling", "curler", "curlers"),
        "biathlon": ("biathlon", "biathlete", "biathletes"),
        "cross country skiing": (
            "cross country skiing",
            "cross country skier",
            "cross country skiers",
            "cross country",
            "crosscountry",
        ),
        "ski jumping": ("ski jumping", "ski jumper", "ski jumpers", "ski jump"),
        "nordic combined": ("nordic combined",),
        "bobsleigh": ("bobsleigh", "bobsled", "bobsledding", "bobsledder"),
        "luge": ("luge", "luger"),
        "skeleton": ("skeleton",),
    },
    "event": {
        "downhill": ("downhill",),
        "super g": ("super g", "superg", "super giant slalom"),
        "giant slalom": ("giant slalom", "gs"),
        "parallel giant slalom": ("parallel giant slalom", "pgs", "parallel gs"),
        "slalom": ("slalom",),
        "combined": ("alpine combined", "men combined", "women combined", "super combined"),
        "moguls": ("moguls", "mogul"),
        "aerials": ("aerials", "aerial"),
        "halfpipe": ("halfpipe", "half pipe"),
        "slopestyle": ("slopestyle",),
        "big air": ("big air",),
        "ski cross": ("ski cross", "skicross"),
        "snowboard cross": ("snowboard cross", "snowboardcross", "boardercross", "border cross"),
        "normal hill": ("normal hill",),
        "large hill": ("large hill",),
        "sprint": ("sprint",),
        "team sprint": ("team sprint",),
        "skiathlon": ("skiathlon",),
        "pursuit": ("pursuit",),
        "team pursuit": ("team pursuit",),
        "mass start": ("mass start",),
        "relay": ("relay",),
        "mixed relay": ("mixed relay", "single mixed relay", "mixed team relay"),
        "team relay": ("team relay",),
        "ice dance": ("ice dance", "ice dancing"),
        "team event": ("team event", "team competition"),
        "mixed team": ("mixed team", "mixed team event", "mixed team competition"),
        "monobob": ("monobob", "mono bob"),
        "two man": ("two man", "2 man", "two man bob", "two man bobsleigh"),
        "four man": ("four man", "4 man", "four man bob", "four man bobsleigh"),
        "two woman": ("two woman", "2 woman"),
    },
    #: session 12 addendum: the Winter Games a question names by its host city alone ("at pyeongchang")
    "games": {
        "chamonix": ("chamonix",),
        "st moritz": ("st moritz", "saint moritz"),
        "lake placid": ("lake placid",),
        "garmisch partenkirchen": ("garmisch partenkirchen", "garmisch"),
        "oslo": ("oslo",),
        "cortina": ("cortina", "cortina d ampezzo", "milan", "milano", "milan cortina"),
        "squaw valley": ("squaw valley",),
        "innsbruck": ("innsbruck",),
        "grenoble": ("grenoble",),
        "sapporo": ("sapporo",),
        "sarajevo": ("sarajevo",),
        "calgary": ("calgary",),
        "albertville": ("albertville",),
        "lillehammer": ("lillehammer",),
        "nagano": ("nagano",),
        "salt lake city": ("salt lake city", "salt lake"),
        "turin": ("turin", "torino"),
        "vancouver": ("vancouver",),
        "sochi": ("sochi",),
        "pyeongchang": ("pyeongchang", "pyeong chang", "pyongchang"),
        "beijing": ("beijing",),
    },
    "round": {
        "semi final": ("semi final", "semifinal", "semi finals", "semifinals", "semis"),
        "quarter final": ("quarter final", "quarterfinal", "quarter finals", "quarterfinals"),
        "round robin": ("round robin",),
        "qualification": ("qualification", "qualifying", "qualifier", "qualifiers"),
        "heats": ("heats",),
        "group stage": ("group stage", "preliminary round"),
    },
    #: session 18, brief A3: the segment of a figure skating event, matched like the event slot
    "segment": {
        "short program": ("short program", "short programme", "short skate"),
        "free skate": ("free skate", "free skating", "free program", "free programme", "long program"),
        "rhythm dance": ("rhythm dance", "short dance"),
        "free dance": ("free dance",),
    },
}
#: events that name their sport as well
_IMPLIES = {
    "snowboard cross": "snowboard",
    "parallel giant slalom": "snowboard",
    "ski cross": "freestyle skiing",
}
SLOTS = ("sport", "event", "distance", "games", "round", "segment")
_PHRASES: dict[tuple[str, ...], tuple[str, str]] = {
    tuple(alias.split()): (slot, canon)
    for slot, table in LEXICON.items()
    for canon, aliases in table.items()
    for alias in aliases
}
_LONGEST = max(len(p) for p in _PHRASES)
_UNITS = {"m": 1, "metre": 1, "metres": 1, "meter": 1, "meters": 1, "km": 1000, "k": 1000}
_UNITS.update({u: 1000 for u in ("kilometre", "kilometres", "kilometer", "kilometers")})
_DISTANCE = re.compile(
    r"\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*-?\s*(km|m|kilomet(?:re|er)s?|met(?:re|er)s?)|(k))\b"
)
_WORD = re.compile(r"[a-z0-9]+")


def _normal(text: str) -> str:
    """Folded lower case, possessives dropped, hyphens and slashes as spaces."""
    text = nlp.fold(text).lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    return re.sub(r"[-/\u2010-\u2015]", " ", text)


def mentions(text: str) -> dict[str, set[str]]:
    """The sport, event, distance, Games and round mentions of ``text``, by slot (longest match first)."""
    out: dict[str, set[str]] = {slot: set() for slot in SLOTS}
    normal = _normal(text)
    for m in _DISTANCE.finditer(normal):
        unit = m.group(2) or m.group(3)
        value = float(m.group(1).replace(",", "")) * _UNITS[unit]
        out["distance"].add(f"{value:g} m")
    words = _WORD.findall(normal)
    i = 0
    while i < len(words):
        for n in range(min(_LONGEST, len(words) - i), 0, -1):
            found = _PHRASES.get(tuple(words[i : i + n]))
            if found is not None:
                slot, canon = found
                out[slot].add(canon)
                if canon in _IMPLIES:
                    out["sport"].add(_IMPLIES[canon])
                i += n
                break
        else:
            i += 1
    return out


def event_miss(question: str, sentence: str, before: str = "", context: str = "") -> str:
    """ "event" when the evidence (``sentence``, the sentence ``before`` it, its heading path ``context``)
    speaks of another sport, event or distance than the question asks and not of the asked one, "year" when
    it speaks of other Winter Games (by host city) and not of the asked ones; "round"
    when the question names a round other than the final that the evidence does not name; else "".
    Session 18, brief A3: a figure skating segment (short program, free skate...) is matched like an event,
    and an event and a distance are two names of one competition: a question that names an event and no
    distance ("who won the mens mass start") misses "event" against evidence that names no event in any
    scope but a distance in the sentence or the one before it ("Gao Tingyu ... won the men's 500 metres"),
    and a question that names a distance and no event misses against evidence that names only an event.
    Session 19, brief A (R31): where the sentence names a distance and no event, the sentence before it names
    no event for it."""
    asked = mentions(question)
    own, previous, far = mentions(sentence), mentions(before), mentions(context)
    if own["distance"] and not own["event"]:
        # R31 (session 19, brief A): a sentence that names its own distance and no event speaks of that
        # distance's race; the event of the sentence before it does not stand in for it ("Irene Schouten won
        # the women's mass start. Gao Tingyu ... won the men's 500 metres.")
        previous["event"] = set()
    for slot in ("sport", "event", "distance", "games", "segment"):
        if not asked[slot]:
            continue
        # the nearer scope decides: the sentence's own mentions, else the sentence before, else the headings
        said = own[slot] or previous[slot] or far[slot]
        if said and not asked[slot] <= said | far[slot]:
            return "year" if slot == "games" else "event"
    # session 18, brief A3: an event asked by name against evidence that names only a distance, or the reverse
    for slot, other in (("event", "distance"), ("distance", "event")):
        named = own[slot] or previous[slot] or far[slot]
        if asked[slot] and not asked[other] and not named and (own[other] or previous[other]):
            return "event"
    if asked["round"] and not asked["round"] <= own["round"] | previous["round"] | far["round"]:
        return "round"
    return ""
