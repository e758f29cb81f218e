"""A request to be told about a thing is answered only by a sentence **about** that thing (session 27, brief
T: D1; docs/knowledge.md, "Session 27, brief T", declared there before measuring). The parse and the
section reading are session 25 brief A's G6 (session 24 brief T2's G5 before it).

"explain the capital of peru" was answered with "Figure skating and short track speed skating took place at
the Capital Indoor Stadium.", and "explain ski jumping" with "Nordic combined pairs ski jumping with
cross-country skiing.": the sentences name the thing asked only in passing. Where a line asks to be told
about X - "tell (me|us) (more|a bit|...) about/of X", "explain X", "describe X", "teach (me|us) about X"
(:func:`told_about`) - and asks for no answer type (``spans.classify`` "other"), :func:`told_answer` keeps the
path's answer only where its cited sentence is about X (:func:`is_about`); else, and where the path abstains,
it answers from the first of the path's candidates that is about X by its heading or its subject
(:func:`about_answer`, G6); else a don't-know. A line one of the answer path's own typed readers reads (the
rank, superlative, age, kind of thing or attribute asked: :func:`typed_asked`) keeps the path's answer, as a
line ``spans.classify`` types does (session 29, brief T4: E2r).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path, PurePath
from typing import Any

from knowledge import nlp, spans, superlatives
from knowledge.evidence import ATTRIBUTE_NAMED, Evidence, _context, answering_sentence
from knowledge.ranks import asked_rank
from knowledge.referent import asked_kind
from knowledge.retrieve import hit_from_row
from knowledge.sentence_scores import score_sentences
from knowledge.span_asked import _AGE_ASKED
from knowledge.spoken import asks_age
from knowledge.types import Answer, Citation

_WORD = re.compile(r"[\w']+")
_TOLD = re.compile(r"^\s*(?:please\s+|pls\s+|plz\s+)?(tell|explain|describe|teach)\b(.*)$", re.IGNORECASE)
#: who "tell" may name as the one told ("tell me about", "tell us"); ``agent.perception.told`` reads it too
RECIPIENTS = frozenset("me us chat everyone everybody all".split())
_LEADS = frozenset("more a bit little something some".split())
_ABOUT = frozenset("about of on".split())
_ARTICLES = frozenset("the a an".split())
#: the host or the viewer: a line about either is not about a thing of the base (``agent.perception.told``)
PERSONS = frozenset("you your yours yourself u ur ya you're youre my mine myself me i i'm im we our".split())
#: where the thing asked ends: a clause or question of its own opens ("explain the mascot, what animal is it")
_ASKED_END = re.compile(r"[,;:?!()]| - ")
_QUESTION_WORDS = frozenset("what who whom whose when where why how which".split())
#: where a sentence's subject ends at the latest: a clause or an aside opens
_SUBJECT_END = re.compile(r"[,;:(\u2013\u2014]| - ")
#: a sentence introduces a thing by name: in brackets, or after one of these words
_BRACKETED = re.compile(r"\(([^)]*)\)")
_NAMING = re.compile(r"\b(?:known as|called|named|nicknamed|dubbed)\s+((?:[\w'\"-]+\s*){1,4})", re.IGNORECASE)
#: the words of a file name's stem
_FILE_SPLIT = re.compile(r"[-_.\s]+")
#: s28 brief T (E1/E2): where a clause of its own opens in a sentence ("..., and the monobob is ...")
_CLAUSE = re.compile(r";|,\s+(?:and|but)\s+")
#: a term a sentence quotes is a name it introduces (... inside a "closed loop" ...)
_QUOTED = re.compile(r"[\"\u201c\u201d]([^\"\u201c\u201d]{1,60})[\"\u201c\u201d]")
#: a name a copula equates with the subject ("The Olympic mascot was Bing Dwen Dwen, ...")
_COPULA_NAME = re.compile(r"\b(?:is|was|are|were)\s+([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})")
#: English single-word prepositions (the closed class of a reference grammar), less "of": "of" opens the head
#: noun's own complement ("the capital of peru" is one thing), any other opens the relation asked
#: ("halfpipe runs judged ON", "the other final torchbearer BESIDES ...")
PREPOSITIONS = frozenset(
    """aboard about above across after against along alongside amid amidst among amongst around as astride at
    atop barring before behind below beneath beside besides between beyond by circa concerning considering
    despite down during except excluding following for from in including inside into like minus near
    notwithstanding off on onto opposite out outside over past per plus regarding round since than through
    throughout till to toward towards under underneath unlike until unto up upon versus via with within
    without""".split()
)
#: the past forms of English verbs (Open English WordNet, ``evals/build_past_forms.py``)
PAST_FILE = Path(__file__).with_name("past_forms.txt")
#: the share of the head's stems a sentence about X holds (session 28, brief T: E1 1.0, all; E2 0.5)
HEAD_SHARE = 0.5
#: the fewest letters of a word a longer word of the sentence may clip to ("quad" of "quadruple")
MIN_CLIPPED = 4
#: s28 brief T2 (E3): a fronted topic phrase - a preposition opening the sentence, then a phrase and the
#: sentence's first comma ("In halfpipe, riders perform ...")
_FRONTED = re.compile(r"^\s*([\w']+)\s+([^,;:()]+),")
#: the most words (articles left out) a fronted topic phrase holds: a longer opening is a clause of its own
FRONTED_WORDS = 4


def words(text: str) -> list[str]:
    """``text``'s words, lower-cased (curly apostrophes read as straight)."""
    return _WORD.findall(text.replace("\u2019", "'").lower())


def told_about(question: str) -> list[str]:
    """The words a request to be told asks about (lower-cased, a leading article dropped, up to a clause or
    question word of its own), or []."""
    m = _TOLD.match(question)
    if m is None:
        return []
    verb, rest = m.group(1).lower(), words(_ASKED_END.split(m.group(2), maxsplit=1)[0])
    if rest[:2] in (["to", "me"], ["to", "us"]):
        rest = rest[2:]
    if verb in ("tell", "teach"):
        if rest and rest[0] in RECIPIENTS:
            rest = rest[1:]
        i = 0
        while i < len(rest) and rest[i] in _LEADS:
            i += 1
        if i < len(rest) and rest[i] in _ABOUT:
            rest = rest[i + 1 :]
        elif verb == "tell" or i:
            return []  # "tell me a joke", "tell me who won": no "about"; "teach me more X"
    if rest and rest[0] in _ARTICLES:
        rest = rest[1:]
    cut = next((n for n, w in enumerate(rest) if w in _QUESTION_WORDS), len(rest))
    rest = rest[:cut]
    return [] if any(w in PERSONS for w in rest) else rest


@cache
def past_forms() -> frozenset[str]:
    """The past forms of :data:`PAST_FILE`."""
    return frozenset(PAST_FILE.read_text(encoding="utf-8").split())


def head(asked: list[str]) -> list[str]:
    """The thing ``asked`` names, without the relation asked of it (session 28, brief T): leading articles and
    prepositions dropped ("inside the podium pin set" -> podium pin set), then the words up to a preposition
    (:data:`PREPOSITIONS`), a verb's past form (:func:`past_forms`) or an article after the first word
    ("halfpipe runs judged on" -> halfpipe runs; "the three zones poster a picture of" -> three zones
    poster)."""
    words = list(asked)
    while words and (words[0] in PREPOSITIONS or words[0] in _ARTICLES):
        words = words[1:]
    past = past_forms()
    for n, word in enumerate(words[1:], 1):
        if word in PREPOSITIONS or word in past or word in _ARTICLES:
            return words[:n]
    return words


def owner(asked: list[str]) -> list[str]:
    """The owner's words where ``asked`` is "N's Y" ("nathan chen's birthplace" -> nathan chen): the line
    asks about Y of N, so a sentence about N may answer it; else ``asked``."""
    for n, word in enumerate(asked):
        if word.endswith("'s") and n + 1 < len(asked):
            return [*asked[:n], word[:-2]]
    return asked


def _opening(sentence: str) -> list[str]:
    """The stems of the words that open ``sentence`` before its verb, approximately, in order: a leading
    article dropped, up to the first function word (``nlp.STOPWORDS``) or the first comma, colon, semicolon,
    bracket or dash."""
    opening = _SUBJECT_END.split(nlp.fold(sentence), maxsplit=1)[0]
    out: list[str] = []
    for n, word in enumerate(words(opening)):
        if word in nlp.STOPWORDS and not (n == 0 and word in _ARTICLES):
            break
        if word not in _ARTICLES:
            out.append(nlp.stem(word))
    return out


def subject_stems(sentence: str, size: int) -> set[str]:
    """The first ``size`` stems of ``sentence``'s opening (:func:`_opening`): a thing the sentence is about
    opens it ("Shaun White is ...", "The Panda Beanie costs ..."); "Nordic combined pairs ski jumping with
    ..." is about Nordic combined, not ski jumping (``size`` 3: nordic, combin, pair)."""
    return set(_opening(sentence)[:size])


def named_stems(sentence: str) -> set[str]:
    """The stems of what ``sentence`` introduces by name: in brackets ("... the start order of the ski race
    (the Gundersen method)") or after "known as", "called", "named", "nicknamed", "dubbed"."""
    found = [*_BRACKETED.findall(sentence), *_NAMING.findall(sentence)]
    return set(nlp.tokenize(" ".join(found)))


def fronted_stems(sentence: str) -> set[str]:
    """The stems of ``sentence``'s fronted topic phrase (session 28, brief T2: E3): the words between a
    preposition (:data:`PREPOSITIONS`) opening it and its first comma, at most :data:`FRONTED_WORDS` of them
    besides articles ("In halfpipe, riders perform tricks ..." -> halfpip); else none."""
    m = _FRONTED.match(nlp.fold(sentence))
    if m is None or m.group(1).lower() not in PREPOSITIONS:
        return set()
    phrase = [w for w in words(m.group(2)) if w not in _ARTICLES]
    return set(nlp.tokenize(" ".join(phrase))) if len(phrase) <= FRONTED_WORDS else set()


def placed_stems(sentence: str, size: int) -> set[str]:
    """The stems of the places ``sentence`` puts what it is about, read wider (session 28, brief T): its
    subject (:func:`subject_stems`) and the subject of a clause after ";" or ", and" / ", but" ("..., and the
    monobob is a one-woman bobsleigh"); a name it introduces (:func:`named_stems`), a term it quotes ("a
    \"closed loop\""), a name its copula equates with the subject ("The Olympic mascot was Bing Dwen
    Dwen"); and (session 28, brief T2: E3) its fronted topic phrase (:func:`fronted_stems`: "In halfpipe,
    riders ...")."""
    out: set[str] = named_stems(sentence) | fronted_stems(sentence)
    for clause in _CLAUSE.split(sentence):
        out |= subject_stems(clause, size)
    found = [*_QUOTED.findall(sentence), *_COPULA_NAME.findall(sentence)]
    return out | set(nlp.tokenize(" ".join(found)))


def _holds(stem: str, stems: set[str]) -> bool:
    """``stem`` is among ``stems``, or clips one of them ("quad" of "quadrupl"; :data:`MIN_CLIPPED`)."""
    return stem in stems or (len(stem) >= MIN_CLIPPED and any(s.startswith(stem) for s in stems))


def is_about_head(
    asked: set[str], sentence: str, heading: set[str], known: Callable[[str], bool], share: float = HEAD_SHARE
) -> bool:
    """Whether ``sentence`` (under headings of stems ``heading``) is about the thing of head stems ``asked``
    (:func:`head`; session 28, brief T): at least ``share`` of them in the sentence or its headings, a stem
    clipped read as its word (:func:`_holds`), each one missing a word the base writes (``known``: a word
    the base never writes names a thing it does not hold), and one present at least where a sentence puts
    what it is about (:func:`placed_stems`, or a heading)."""
    if not asked:
        return False
    written = set(nlp.tokenize(sentence)) | heading
    present = {s for s in asked if _holds(s, written)}
    if len(present) < math.ceil(share * len(asked)) or not all(known(s) for s in asked - present):
        return False
    place = heading | placed_stems(sentence, len(asked) + 1)
    return any(_holds(s, place) for s in present)


def heading_stems(context: str, source: str) -> set[str]:
    """The stems of a chunk's heading path (its parts joined by " > ") and of its file's title (the file
    name's stem: ``paralympics-2022.txt`` -> paralympics 2022)."""
    title = " ".join(_FILE_SPLIT.split(PurePath(source).stem)) if source else ""
    return set(nlp.tokenize(f"{context.replace('>', ' ')} {title}"))


def is_about(asked: set[str], sentence: str, heading: set[str]) -> bool:
    """Whether ``sentence`` (under headings of stems ``heading``) is about the thing of stems ``asked``: every
    stem asked is in the sentence or its headings, and one at least stands where a sentence puts what it is
    about - a heading, the sentence's subject (:func:`subject_stems`, as many stems as asked and one more)
    or a name it introduces (:func:`named_stems`). "explain the capital of peru" is not answered by "Figure
    skating ... took place at the Capital Indoor Stadium." (no "peru"), nor "explain ski jumping" by "Nordic
    combined pairs ski jumping with cross-country skiing." (ski jumping stands in no such place)."""
    if not asked or not asked <= set(nlp.tokenize(sentence)) | heading:
        return False
    place = heading | subject_stems(sentence, len(asked) + 1) | named_stems(sentence)
    return bool(asked & place)


def cited_context(answerer: Any, citation: Citation) -> str:
    """The heading path of the chunk ``citation`` quotes (its document's chunk of the same span), or ""."""
    store = answerer.retriever.store
    doc = next((d for d in store.documents() if d.source == citation.source), None)
    if doc is None:
        return ""
    return next((r.context for r in store.chunks_of(doc.path) if r.span == citation.span), "")


def asked_heading(asked: set[str], context: str) -> str:
    """The heading path down to the deepest heading of ``context`` whose stems hold every stem of ``asked``
    (the document's title is the path's first part: "Beijing 2022 Olympic Winter Games" holds "winter
    olympics"), or ""."""
    parts = [h.strip() for h in context.split(" > ")]
    for n in range(len(parts), 0, -1):
        if asked <= set(nlp.tokenize(parts[n - 1])):
            return " > ".join(parts[:n])
    return ""


def section_opening(answerer: Any, found: Evidence, path: str, question: str, kind: str) -> Evidence | None:
    """The opening sentence of the section ``path`` of ``found``'s document, as the answer path reads it
    (``score_sentences``: a subjectless fragment gets its heading before it): the first sentence of the
    document's first chunk (lowest id) whose heading path is ``path`` or under it; None where the store holds
    none."""
    store = answerer.retriever.store
    doc = next((d for d in store.documents() if d.source == found.hit.source), None)
    if doc is None:
        return None
    rows = [r for r in store.chunks_of(doc.path) if r.context == path or r.context.startswith(f"{path} > ")]
    if not rows:
        return None
    row = min(rows, key=lambda r: r.vid)
    hit = hit_from_row(row, found.hit.score, found.hit.dense, found.hit.lexical)
    read = score_sentences(question, kind, {}, hit, 0, set(), store.lexical)
    return read[0] if read else None


def about_answer(answerer: Any, question: str, asked: set[str], kind: str) -> Answer | None:
    """Of ``answerer``'s candidates for ``question``, best first, the first about the thing of stems
    ``asked`` - a heading of its path holds them all (:func:`asked_heading`: its section's opening sentence)
    or its sentence's subject does (:func:`subject_stems`: that sentence) - said at the calibration's
    threshold at least, cited; None where no candidate is (G6, its subject read as the sentence's opening)."""
    for found in answerer.candidates(answerer.respelled(question), as_written=question):
        path = asked_heading(asked, _context(found))
        said = section_opening(answerer, found, path, question, kind) if path else None
        if said is None and asked <= subject_stems(found.sentence, len(asked) + 1):
            said = found
        if said is None:
            continue
        calibration = answerer.calibration
        confidence = max(calibration.probability(found.features), calibration.threshold)
        text = answering_sentence(said)
        citation = Citation(said.hit.source, said.hit.span, text)
        return Answer(text, False, confidence, [citation], short=said.short, kind=kind)
    return None


def typed_asked(question: str) -> bool:
    """Whether a typed reader of the answer path (``knowledge/answer.py``) reads what ``question`` asks
    without ``spans.classify``: the rank's holder (``ranks.asked_rank``: "the silver in the women's luge
    singles"), a superlative's holder (``superlatives.asked``), an age (``span_asked``'s S1, ``spoken``'s
    A1), a thing of a kind (``referent.asked_kind``, the heading answer) or an attribute's value
    (``evidence.ATTRIBUTE_NAMED``: colour, material, size, code). Session 29, brief T4 (E2r)."""
    folded = nlp.fold(question).lower()
    return (
        asked_rank(question) is not None
        or bool(superlatives.asked(question))
        or _AGE_ASKED.search(folded) is not None
        or asks_age(question)
        or bool(asked_kind(question))
        or any(named.search(question) for named, _ in ATTRIBUTE_NAMED)
    )


def told_answer(answerer: Any, question: str, found: Answer, abstain: str) -> Answer:
    """``found`` (the path's answer to ``question`` as read) where the line asks to be told about nothing,
    or where ``found`` cites a sentence about the thing asked (:func:`is_about`); else the answer of a
    candidate about it (:func:`about_answer`), else ``found``'s don't-know or a don't-know (``abstain``)
    (``answerer``: a :class:`knowledge.answer.Answerer`)."""
    asked = told_about(question)
    if not asked or spans.classify(question) != "other" or typed_asked(question):
        return found  # a typed answer asked: the path's reading decides (s29 brief T4: E2r)
    if not found.abstained:
        if not found.citations:
            return found
        cited = found.citations[0]
        heading = heading_stems(cited_context(answerer, cited), cited.source)
        if is_about(set(nlp.tokenize(" ".join(owner(asked)))), cited.quote, heading):
            return found
        known = answerer.retriever.store.lexical.vocab.__contains__  # s28 T: E1/E2, the head read
        if is_about_head(set(nlp.tokenize(" ".join(head(owner(asked))))), cited.quote, heading, known):
            return found
    stems = set(nlp.tokenize(" ".join(asked)))
    said = about_answer(answerer, question, stems, found.kind) if stems else None
    if said is not None:
        return said
    return found if found.abstained else Answer(abstain, True, found.confidence, kind=found.kind)


__all__ = [
    "HEAD_SHARE",
    "PREPOSITIONS",
    "about_answer",
    "asked_heading",
    "cited_context",
    "fronted_stems",
    "head",
    "heading_stems",
    "is_about",
    "is_about_head",
    "named_stems",
    "owner",
    "past_forms",
    "placed_stems",
    "section_opening",
    "subject_stems",
    "told_about",
    "told_answer",
    "typed_asked",
    "words",
]
