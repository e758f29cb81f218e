"""The rank a question asks for, and the ranks a sentence states (session 18, brief R; issue 14).

"who won silver in mens big air" was answered with the gold medallist's sentence, "who finished 2nd to gao
tingyu in the 500m" with Gao Tingyu's win: the sentence that repeats the question's event wins, though it
states another rank than the one asked. Here the relation asked is read as a *rank* (silver, second,
runner-up, "2nd to X" = 2; bronze, third = 3; fourth...), and a sentence is read into the ranks it states,
each with its holder and the words that say what the rank is in (its *scope*), from the words result
sentences use (general English of results, set before any figure):

- a medal: "Johan Clarey of France took silver", "Finland won the women's bronze", "Japan the silver",
  "Kaori Sakamoto of Japan bronze", "... won gold in the women's big air and silver in slopestyle";
- a place: "finished fourth", "was second with 12 gold medals", "came third", "runner-up";
- the order of a result: "X won the women's downhill, ahead of Y and Z" (Y 2, Z 3);
- a final: "X won the men's tournament, beating Y 2-1 in the final" (Y 2: the final's loser takes silver).

A clause ends at ";", ":", a sentence end, and at ", " / " and " before a capitalised word once the clause
has stated a rank or a win ("Alexandra Trusova took silver and Kaori Sakamoto of Japan bronze"); a clause that
names nobody ("and took silver in men's slopestyle") is the previous clause's holder's. "who" asks for the
holder, so a rank held by someone the question names ("2nd to gao tingyu") never answers it.

Rank 1 ("who won", "gold", "first") is not handled here: :func:`asked_rank` returns None for it, and the
answer path leaves such questions as they were. Pure functions; the answer path (``knowledge/answer.py``)
decides what to do with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from knowledge import events, nlp

if TYPE_CHECKING:
    from knowledge.evidence import Evidence

_ORDINALS = {
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "fifth": 5,
    "5th": 5,
    "sixth": 6,
    "6th": 6,
}
_ORD = "|".join(_ORDINALS)
_MEDALS = {"silver": 2, "bronze": 3}

# --- the rank a question asks -----------------------------------------------------------------------------

#: a question that asks *who* holds a rank: "who ...", "which (japanese) skater ...", "... silver medalist?"
_HOLDER_ASKED = re.compile(
    r"^\W*(?:who|whom|whose)\b"
    r"|^\W*(?:which|what)\s+(?:[a-z'-]+\s+){0,2}?(?:country|countries|nation|nations|team|teams|athlete|"
    r"athletes|skater|skaters|skier|skiers|snowboarder|snowboarders|player|players|person|people|one|guy|"
    r"girl|woman|man|pair|duo|rider|jumper|biathlete|curler|curlers|side)\b"
    r"|\b(?:medall?ists?|runners?[\s-]*up|winners?)\W*$"
)
#: a question that asks *which* rank or medal ("su yiming got what medal"): the rank is the answer
_RANK_ASKED = re.compile(r"\b(?:what|which|wat|wich)\s+(?:medals?|place|position|rank|colou?r)\b")
#: a place asked by its ordinal: after a verb of placing ("finished 2nd", "was third", "came in 4th") or
#: followed by "place", "to", "behind" or the question's end ("who was 2nd to gao tingyu")
_ASKED_PLACE = re.compile(
    rf"\b(?:finish|finished|finishing|came|come|comes|placed|place|ranked|was|were|is|are|ended up|end up|"
    rf"got|get|took|take)\s+(?:in\s+)?({_ORD})\b"
    rf"|\b({_ORD})(?:\s+place)?(?=\s+(?:to|behind|in|at|for|on|overall|after)\b|\s*[?.!,]|\s*$)"
    rf"|\bthe\s+({_ORD})\s+place\b"
)
#: an ordinal is a place only in a question about a result: a verb of placing, a place, a medal table, or
#: an event or a sport named ("who was second in command to Loudoun" asks no place)
_PLACING = re.compile(
    r"\b(?:finish|finished|finishing|came|come|placed|place|ended|ranked|medals?|table|standings|podium)\b"
)
_ASKED_MEDAL = re.compile(r"\b(silver|bronze)\b")
_ASKED_GOLD = re.compile(r"\b(?:gold|golds|first|1st|champion|won|win|wins|winner)\b")
_RUNNER_UP = re.compile(r"\brunners?[\s-]*up\b")
#: session 23 (brief T, K2): the holder is asked too where "who" closes the line ("monobob silver went to
#: who"), or where no question word stands in it and it opens as no yes/no question does ("2nd in mens
#: snowboard big air behind su yiming", "tell me about the silver in womens moguls")
_WHO_CLOSES = re.compile(r"\b(?:who|whom)\W*$")
_QUESTION_WORD = re.compile(r"\b(?:what|whats|wat|when|where|which|wich|why|how|whose|whom|who)\b")
_YESNO_OPENING = re.compile(r"^\W*(?:is|are|was|were|do|does|did|can|could|will|would|has|have|had|should)\b")


def _holder_asked(folded: str) -> bool:
    """Whether the question asks for a holder: by its words (:data:`_HOLDER_ASKED`), by "who" at its end, or
    (K2) by naming the rank with no question word and no yes/no opening."""
    if _HOLDER_ASKED.search(folded) or _WHO_CLOSES.search(folded):
        return True
    return not _QUESTION_WORD.search(folded) and not _YESNO_OPENING.match(folded)


def asked_rank(question: str) -> int | None:
    """The rank (2 or more) a question asks the holder of, or None: "who took silver in the women's
    monobob" 2, "womens downhill runner up?" 2, "who finished 2nd to gao tingyu" 2, "which japanese skater got
    bronze" 3, "who finished fourth in the women's singles" 4. None for a question that asks the winner, asks
    which rank someone took ("su yiming got what medal"), asks no holder ("did X win silver", "how many silver
    medals"), or names two ranks ("silver and bronze")."""
    folded = nlp.fold(question).lower()
    if not _holder_asked(folded) or _RANK_ASKED.search(folded):
        return None
    found: set[int] = {_MEDALS[m] for m in _ASKED_MEDAL.findall(folded)}
    if _RUNNER_UP.search(folded):
        found.add(2)
    named = events.mentions(folded)
    if _PLACING.search(folded) or named["sport"] or named["event"] or named["distance"]:
        for m in _ASKED_PLACE.finditer(folded):
            found.add(_ORDINALS[next(g for g in m.groups() if g)])
    if len(found) != 1:
        return None
    if re.search(r"\bhow (?:many|much)\b|\b(?:beat|beating|defeat|defeated|lose|lost)\b", folded):
        # "how many silver medals"; "who did finland beat for the bronze": the opponent is asked, not a rank
        return None
    if re.search(r"\b(?:gold|golds|1st|first)\b", folded) and not _RUNNER_UP.search(folded):
        return None  # "who won gold and silver", "the first silver": not one rank's holder
    return next(iter(found))


# --- the ranks a sentence states --------------------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    """One rank a sentence states: its holder as written ("Kaori Sakamoto of Japan"), the rank, and the
    words that say what the rank is in (``scope``: "in men's slopestyle"; "" when the clause says nothing
    more)."""

    holder: str
    rank: int
    scope: str

    @property
    def name(self) -> str:
        """The holder without "of <country>": "Kaori Sakamoto"."""
        return re.split(r"\s+of\s+", self.holder, maxsplit=1)[0]


#: where a rank (or a win) is stated; a clause that holds one may end at the next capitalised subject
_MARKER = re.compile(
    r"\b(?P<medal>silver|bronze)\b"
    r"|\b(?P<gold>gold|won|wins|win|winning|received|receives)\b"
    r"|\b(?P<runner>runners?[\s-]up)\b"
    rf"|\b(?:finished|finishing|finish|finishes|came|comes|placed|places|was|were|is|ended up|ranked)"
    rf"\s+(?:in\s+)?(?P<place>{_ORD})\b"
    r"|\b(?P<ahead>ahead of)\b"
    r"|\b(?P<beat>beating|beat|defeating|defeated)\b",
    re.IGNORECASE,
)
_HARD_END = re.compile(r";|:|(?<=[.!?])\s+(?=[A-Z\"'(])")
#: ", " / ", and " / " and " before a capitalised word (or "the" and one): where a clause that has stated a
#: rank may end and the next subject begin
_SOFT_END = re.compile(r",\s+and\s+|,\s+(?=(?:the\s+)?[A-Z])|\s+and\s+(?=(?:the\s+)?[A-Z])")
#: a clause's opening phrase that is not its subject ("In skeleton, ...", "After finishing fifth at ..., ")
_OPENER = re.compile(r"^\s*(?:In|At|On|After|During|For|By|With|Before|Since)\b[^,]*,\s*")
_NAME_WORD = re.compile(r"[^\W\d_][\w'\u2019.-]*")
_CONNECTORS = frozenset("of the van der den de da di von du le la and".split())
#: capitalised words that are not a holder's name
_NOT_NAMES = frozenset(
    "he she it they his her its their this these those both the a an in at on after during for by with "
    "before since there here we i you also".split()
)
#: a subject pronoun between a name and the rank: the name is not the holder
_SUBJECT_PRONOUN = re.compile(r"\b(?:he|she|they|it|where|when)\b")
_FINAL = re.compile(r"\bin the final\b", re.IGNORECASE)
#: a score or a day after the beaten side: where its name ends ("beating the Russian Olympic Committee 2-1")
_NAME_END = re.compile(r"\s+\d|\s+in\b|\s+on\b|,|$")


def _clauses(sentence: str) -> list[list[str]]:
    """The sentence cut into parts at ";", ":" and sentence ends, each part into clauses (see the module
    docstring)."""
    out: list[list[str]] = []
    for part in _HARD_END.split(sentence):
        start = 0
        clauses = []
        for m in _SOFT_END.finditer(part):
            marks = list(_MARKER.finditer(part, start, m.start()))
            if marks and marks[-1].lastgroup != "ahead" and m.start() > start:
                clauses.append(part[start : m.start()])
                start = m.end()
        clauses.append(part[start:])
        out.append([c.strip() for c in clauses if c.strip()])
    return out


def _first_name(text: str) -> str:
    """The first capitalised run of ``text`` (connectors inside it), "" when it opens with none or with a
    pronoun: "Kaori Sakamoto of Japan", "Russian Olympic Committee", "Elana Meyers Taylor"."""
    text = _OPENER.sub("", text)
    words = list(_NAME_WORD.finditer(text))
    run: list[str] = []
    for i, m in enumerate(words):
        w = m.group()
        if w[0].isupper():
            if not run and w.lower() in _NOT_NAMES:
                if w.lower() == "the":
                    continue  # "the United States"
                return ""
            run.append(w)
        elif run and w.lower() in _CONNECTORS and i + 1 < len(words) and words[i + 1].group()[0].isupper():
            run.append(w)
        elif run:
            break
    while run and run[-1].lower() in _CONNECTORS:
        run.pop()
    return " ".join(run).rstrip(".")


def _listed(text: str) -> list[str]:
    """The names listed in ``text`` ("Sofia Goggia and Nadia Delago of Italy", "her teammate Elana Meyers
    Taylor"), in order."""
    names = []
    for part in re.split(r",\s+|\s+and\s+", text):
        name = _first_name(part)
        if name:
            names.append(name)
    return names


def _subjects(sentence: str) -> list[tuple[str, str]]:
    """Each clause that states a rank or a win, with its subject: the first name before its first marker, else
    the subject of the clause before it in the same part ("and took silver in men's slopestyle"); "" where a
    pronoun stands between a name and the marker ("Beijing 2022, where he finished fourth")."""
    out: list[tuple[str, str]] = []
    for part in _clauses(sentence):
        holder = ""
        for clause in part:
            first = _MARKER.search(clause)
            lead = clause[: first.start()] if first else clause
            named = _first_name(lead)
            if named and _SUBJECT_PRONOUN.search(lead[lead.find(named) + len(named) :]):
                named, holder = "", ""
            holder = named or holder
            if first:
                out.append((clause, holder))
    return out


def claims(sentence: str) -> list[Claim]:
    """The ranks of 2 or more a sentence states, in order (see the module docstring)."""
    out: list[Claim] = []
    for clause, holder in _subjects(sentence):
        marks = list(_MARKER.finditer(clause))
        for j, m in enumerate(marks):
            end = marks[j + 1].start() if j + 1 < len(marks) else len(clause)
            scope = clause[m.end() : end]
            kind = m.lastgroup
            if kind == "ahead":
                won = clause[: m.start()]
                for rank, name in enumerate(_listed(scope), start=2):
                    out.append(Claim(name, rank, won))
            elif kind == "beat":
                rest = clause[m.end() :]
                if _FINAL.search(rest):
                    cut = _NAME_END.search(rest.strip())
                    beaten = _first_name(rest.strip()[: cut.start() if cut else None])
                    if beaten:
                        out.append(Claim(beaten, 2, clause[: m.start()]))
            elif kind in ("medal", "runner", "place") and holder:
                if kind == "medal":
                    rank = _MEDALS[m.group("medal").lower()]
                elif kind == "runner":
                    rank = 2
                else:
                    rank = _ORDINALS[m.group("place").lower()]
                out.append(Claim(holder, rank, scope))
    return out


# --- does a claim answer the question ---------------------------------------------------------------------

_GENDER = re.compile(r"\b(men|women|mixed|ladies)(?:'?s)?\b")
#: words that carry the rank asked, not what it is in: left out of :func:`covers`
_CARRIERS = frozenset(
    nlp.tokenize(
        "who whom whose which what won win took take got get gets finished finish came come placed place "
        "ranked end ended up was were is are silver bronze medal medals medalist medalists medallist "
        "medallists runner runners second third fourth fifth sixth 2nd 3rd 4th 5th 6th behind ahead to "
        "country countries nation team athlete skater skier snowboarder player person one guy",
        keep_stopwords=True,
    )
)


def _genders(text: str) -> set[str]:
    return {"women" if g == "ladies" else g for g in _GENDER.findall(nlp.fold(text).lower())}


def same_event(question: str, claim: Claim, sentence: str, before: str = "", context: str = "") -> bool:
    """Whether the claim's rank is in the event the question names: for each slot of ``events.mentions``
    (sport, event, distance) and men/women/mixed the question names, the nearest scope that names one
    (the claim's own words, its sentence, the sentence before, the heading path) names the asked one. "who
    won silver in mens big air" against "Su Yiming ... won the men's big air ... and took silver in men's
    slopestyle": the silver's own words name slopestyle. An event or a distance the question names must be
    named by one of them ("who took bronze in the women's moguls" is not answered by a figure skating bronze
    told without its event); a sport or a side no scope names does not decide. An event or a distance the
    claim's own words name must be asked: "X took silver in the men's relay" does not answer "who took silver
    in the men's skeleton" (a sport asked, not that event)."""
    scopes = [claim.scope, sentence, before, context]
    asked = events.mentions(question)
    read = [events.mentions(s) for s in scopes]
    for slot in ("sport", "event", "distance"):
        if read[0][slot] and slot != "sport" and not read[0][slot] <= asked[slot]:
            return False
        if not asked[slot]:
            continue
        near = next((r[slot] for r in read if r[slot]), None)
        if (near is None and slot != "sport") or (near is not None and not asked[slot] & near):
            return False
    genders = _genders(question)
    if genders:
        near_g = next((g for g in map(_genders, scopes) if g), None)
        if near_g is not None and not genders & near_g:
            return False
    return True


def covers(question: str, claim: Claim, sentence: str, before: str = "", context: str = "") -> bool:
    """Whether every content word of the question but those that carry the rank (and the holder's type)
    is in the claim's sentence, the sentence before it or its heading path (stems, numbers in words or
    digits): the rank is stated of what the question asks about, not of a neighbour ("pairs" against the
    women's singles)."""
    have = nlp.with_number_forms(set(nlp.tokenize(f"{claim.scope} {sentence} {before} {context}")))
    asked = [t for t in nlp.tokenize(question) if t not in _CARRIERS]
    return all(t in have for t in asked)


def named_in(question: str, claim: Claim) -> bool:
    """Whether the question names the claim's holder ("who finished 2nd to gao tingyu"): every word of its
    name is a word of the question."""
    words = set(re.findall(r"[a-z0-9]+", nlp.fold(question).lower()))
    name = re.findall(r"[a-z0-9]+", nlp.fold(claim.name).lower())
    return bool(name) and all(w in words for w in name)


def answering(
    question: str, rank: int, sentence: str, before: str = "", context: str = "", strict: bool = True
) -> Claim | None:
    """The first claim of ``sentence`` that answers a question for the holder of ``rank``: that rank, a
    holder the question does not name, in the event the question names (:func:`same_event`) and, when
    ``strict``, of everything the question asks about (:func:`covers`); None when none does."""
    for claim in claims(sentence):
        if claim.rank != rank or named_in(question, claim):
            continue
        if not same_event(question, claim, sentence, before, context):
            continue
        if strict and not covers(question, claim, sentence, before, context):
            continue
        return claim
    return None


# --- the evidence the answer path answers a rank question with --------------------------------------------

#: a question for the country or team of a rank: the holder's "of <country>" is the answer
_COUNTRY_ASKED = re.compile(r"\b(?:which|what)\s+(?:country|countries|nation|nations)\b")


def _headings(evidence: Evidence) -> str:
    return str(evidence.hit.metadata.get("context", ""))


def short_answer(question: str, claim: Claim) -> str:
    """The short answer a claim gives: the holder's name ("Kaori Sakamoto"), or its country where the question
    asks for one and the holder is written "<name> of <country>" ("Japan")."""
    if _COUNTRY_ASKED.search(nlp.fold(question).lower()):
        parts = re.split(r"\s+of\s+", claim.holder, maxsplit=1)
        return parts[1] if len(parts) == 2 else claim.holder
    return claim.name


def rank_evidence(
    question: str,
    rank: int,
    best: Evidence,
    found: Sequence[Evidence],
    constrain: Callable[[Evidence], Evidence],
    supported: Callable[[Evidence], float],
) -> Evidence:
    """The evidence a question for the holder of ``rank`` (:func:`asked_rank`) is answered with:

    1. the first candidate, ``best`` then ``found`` best first, with a claim that answers it strictly
       (:func:`answering`: the rank, the event, every word asked about, a holder the question does not name):
       that sentence, its ``ranked`` set to the short answer (:func:`short_answer`); the path answers with it;
    2. else ``best`` as it is, where it states the asked rank of the asked event in other words than the
       question's (:func:`answering` not strict: "the 41 year old that got silver" against "Johan Clarey ...
       took silver at 41"): the calibration and the gate decide, as for any question;
    3. else ``best`` with ``unranked`` set: no retrieved sentence states the rank asked (the base names only
       the winner, or the winner's sentence states another event's silver); the path abstains.

    ``constrain`` sets a moved-to candidate's constraints, ``supported`` its support feature."""
    seen: set[str] = set()
    for e in (best, *found):
        if e.sentence in seen:
            continue
        seen.add(e.sentence)
        claim = answering(question, rank, e.sentence, e.before, _headings(e))
        if claim is None:
            continue
        if e is not best:
            e.passages = best.passages
            constrain(e)
            e.features["support"] = supported(e)
        return replace(e, ranked=short_answer(question, claim), rival=None)
    if answering(question, rank, best.sentence, best.before, _headings(best), strict=False) is not None:
        return replace(best, rival=None)
    return replace(best, unranked=True, rival=None)
