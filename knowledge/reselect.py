"""The re-selection of evidence: the sentence the scorer ranks best is replaced by another where the question
shows it speaks of something else (:func:`same_event`, :func:`other_scope`), the better-supported of near ties
is chosen (:func:`_best_supported`), a second sport's sentence is said beside it (:func:`rival`), and a
heading answers a question for the thing a sentence speaks of by "it" (:func:`heading_answer`). Pure
functions: the constraints, the support feature and the calibration come in as callables
(``Answerer.evidence`` passes its own)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from knowledge import events, nlp, referent
from knowledge.evidence import Evidence, _context, typed_enough

#: the constraints (``Evidence.miss``) whose miss sends the choice to the next sentence of the same section
#: (:func:`same_event`): the question's event is another of the section's facts
RESELECT_MISSES = frozenset({"event"})
#: the constraints whose miss says the sentence counts *another's* amount (rule 23: a person "of Norway" for
#: the country asked): the choice then moves to the best candidate of any retrieved chunk that misses nothing
#: (:func:`other_scope`; session 17, brief R). The Games, year and event misses were tried too and
#: answered more questions wrongly than rightly (docs/knowledge.md "Session 17, brief R", candidate 1); a miss
#: that says the base may not hold what is asked (an entity, a quantity, a relation) never moves it
SCOPE_MISSES = frozenset({"subject"})
#: how far below the vetoed sentence another chunk's sentence may score and take its place (session 13's
#: bound for the wider re-selection it tried, not refitted)
SCOPE_GAP = 0.3
#: a "who won / who took gold" question (session 17, brief R3): the relation two sports' events of one name
#: are both answered for (:func:`rival`)
_WHO_WON = re.compile(r"\bwho\s+(?:won|wins|win|took|takes|got|gets)\b")
_WON = re.compile(r"\b(?:won|gold)\b")
_GENDER = re.compile(r"\b(men|women|mixed|ladies)(?:'?s)?\b")


def rival(
    question: str,
    best: Evidence,
    found: Sequence[Evidence],
    constrain: Callable[[Evidence], Evidence],
    passes: Callable[[Evidence], bool],
    tie: float,
) -> Evidence | None:
    """The sentence of another sport that answers a "who won" question as well as ``best`` (session 17,
    brief R3): "who won the mens halfpipe" scores "Nico Porteous of New Zealand won the men's halfpipe."
    (Freestyle skiing) 0.015 above "Ayumu Hirano of Japan won the men's halfpipe with a triple cork..."
    (Snowboard); a host names both. The first candidate, best first, that scores within
    ``tie`` (``answer.SUPPORT_TIE``) of the best score, as ``best`` does, under a heading path that names
    another sport (none of ``best``'s), and that names exactly the event the question and ``best`` name
    (event, distance, men/women/mixed), states a win ("won", "gold"), misses no constraint (``constrain``) and
    passes the calibration's threshold (``passes``). None for any other question, or when there is none."""
    if not _WHO_WON.search(nlp.fold(question).lower()):
        return None
    asked = _event_name(question)
    sport = events.mentions(_context(best))["sport"]
    top = max(e.score for e in found)
    if not sport or not (asked[0] or asked[1]) or best.score < top - tie or not _names(best, asked):
        return None
    for e in found:
        if e.score < top - tie:
            break
        other = events.mentions(_context(e))["sport"]
        if e.sentence == best.sentence or not other or other & sport or not _names(e, asked):
            continue
        e.passages = best.passages
        constrain(e)
        if typed_enough(e) and passes(e):
            return e
    return None


def other_scope(
    best: Evidence,
    found: Sequence[Evidence],
    constrain: Callable[[Evidence], Evidence],
    support: Callable[[Evidence], float],
) -> Evidence:
    """The best candidate of any retrieved chunk that misses no constraint, where the evidence sentence
    misses one that says it speaks of another member of a scope the question names (:data:`SCOPE_MISSES`;
    session 17, brief R): "how many medals did norway win" ranks "Johannes Thingnes Bø of Norway won
    four gold medals." (the person's count, rule 23) above the medal table's "Norway topped the medal
    table with 16 gold medals and 37 medals in total" in another section. Candidates are read best first,
    those at most :data:`SCOPE_GAP` below the evidence's score; the first that passes
    :func:`typed_enough` takes its place, with its own support feature; ``best`` when none does. The
    calibration and the gate then decide on it as on any sentence."""
    tried = {best.sentence, *(e.sentence for e in best.siblings)}
    for e in found:
        if e.score < best.score - SCOPE_GAP or e.sentence in tried:
            continue
        tried.add(e.sentence)
        e.passages = best.passages
        constrain(e)
        if typed_enough(e):
            e.features["support"] = support(e)
            return e
    return best


def same_event(
    best: Evidence, constrain: Callable[[Evidence], Evidence], support: Callable[[Evidence], float]
) -> Evidence:
    """The best sentence of the same section that names the event the question asks about, where the
    scorer's best names another (session 13, docs/knowledge.md "Session 13: the sentence that names the
    event"): "who won the gold medal in the men's downhill?" ranks "Matthias Mayer won the men's super-G,
    his third gold medal..." above "Beat Feuz of Switzerland won the men's downhill." (the words "gold
    medal" are only in the first). The first sibling, best first, that misses no constraint of the
    question (:func:`typed_enough`) takes its place; ``best`` when none does."""
    for i, e in enumerate(best.siblings):
        constrain(e)
        if typed_enough(e):
            e.features["support"] = support(e)
            e.siblings = [best, *best.siblings[:i], *best.siblings[i + 1 :]]
            return e
    return best


def heading_answer(question: str, evidence: Evidence) -> Evidence:
    """The answer a heading holds (session 13, docs/knowledge.md "Session 13: the answer in the heading";
    session 18, brief H: :mod:`knowledge.referent`): a question for a thing of a kind (a sport, a venue, a
    person, a product...) answered by a sentence that speaks of it without naming it ("At Beijing 2022 it was
    the only Olympic sport with no women's event.") under a heading that names one ("Nordic combined") is
    answered with that heading before the sentence ("Nordic combined: At Beijing 2022 it was ..."), the
    heading as the short answer. A fragment the path already put its heading before ("Genting Snow Park:
    Hosted ...") keeps its text and takes the heading as its short answer. Unchanged otherwise."""
    said, short = referent.answer_heading(question, evidence.sentence, _context(evidence), evidence.hit.text)
    if not short:
        return evidence
    return replace(evidence, sentence=said, short=short, from_heading=True)


def _sport_heading(evidence: Evidence) -> str:
    """The nearest heading of the evidence's path that names a sport ("" when none)."""
    path = [h.strip() for h in _context(evidence).split(" > ")]
    return next((h for h in reversed(path) if h and events.mentions(h)["sport"]), "")


def _event_name(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The event a text names, as :func:`rival` compares it: events, distances, men/women/mixed."""
    found = events.mentions(text)
    folded = nlp.fold(text).lower()
    genders = frozenset("women" if g == "ladies" else g for g in _GENDER.findall(folded))
    return frozenset(found["event"]), frozenset(found["distance"]), genders


def _names(evidence: Evidence, asked: tuple[frozenset[str], ...]) -> bool:
    """The sentence states a win of exactly the event asked (:func:`_event_name`)."""
    sentence = evidence.sentence
    return _event_name(sentence) == asked and bool(_WON.search(nlp.fold(sentence).lower()))


def _best_supported(found: Sequence[Evidence], support: Callable[[Evidence], float], tie: float) -> Evidence:
    """The sentence to answer with (session 16, brief R3): of the candidates (best score first) that score
    within ``tie`` of the best, the one whose words (and headings) best support every word the question asks
    with (``support``, set as its ``support`` feature), the better score on a tie. "pip the penguin plush,
    what fabric is it" scores "Pip the Penguin is the stream's mascot." a little above "The plush toy ... is
    made of recycled polyester."; "fabric" finds no kin in the first. Each candidate's ``support`` is set."""
    top = found[0].score
    near = [e for e in found if e.score >= top - tie]
    for e in near:
        e.features["support"] = support(e)
    return max(near, key=lambda e: (e.features["support"], e.score))
