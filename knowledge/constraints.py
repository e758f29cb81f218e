"""Constraints a question sets that its best evidence sentence must meet, or the persona abstains.

The sentence scorer finds the sentence that covers a question best; on a base that speaks of the same entity
in other ways ("how tall is Nathan Chen" against the sentence with his birth date) coverage is high and the
answer is still not there. Four rules, written from what a question asks for, each a hard gate beside the
typed gate of :func:`knowledge.answer.typed_enough` (no weight, nothing fitted):

1. **A quantity needs a quantity.** A question that asks for an amount (how many / how much / how tall, or
   "what was the score / attendance / temperature / height ...") is not answered by a sentence whose only
   numbers are dates or years ("born on 5 May 1999", "in 2008"). "How old" may be answered by a birth date.
2. **A count counts the thing asked.** "How many medals ..." needs a number followed, within three words,
   by the counted noun ("six events but won no medal" counts events).
3. **The relation asked.** "Who coaches / designed / lit ..." needs that verb in the sentence or its
   headings, unless the base uses it often (its idf under half the largest: "won" is told in many ways,
   "beat", "took gold").
4. **A yes/no question needs its predicate.** The sentence must hold a word of the question that its
   section heading does not: "is the slope scarf machine washable?" is not answered by "The Slope Scarf
   costs $28." under the heading "Slope Scarf".
5. **A definition needs its term.** "What is a / an X?" asks what X is: every content word of X must be in
   the sentence or its headings ("what is a double cork?" is not answered by a sentence about a triple
   cork). Added in session 8 from a line of the demo, not from any evaluation half.

Session 10 (issue 14 item 2), the question's scope, each checked against the sentence and its heading path
(the evidence "names" it): written while reading the near-miss set's CALIBRATION part only
(evals/data/qa_hard.jsonl), no weight, nothing fitted:

6. **The year and the Games.** A year the question names (2018), and the Paralympics ("para", "paralympic"),
   must be named by the evidence: "how many golds did the United States win at the Paralympics?" is not
   answered by the Olympic medal table.
7. **The event.** A word that says which event of a sport is meant (men's / women's, mixed, singles, pairs,
   doubles, relay; "team" after men's / women's / mixed) must be named by the evidence: "who won the
   women's large hill?" is not answered by the Nordic combined large hill.
8. **The relation "born".** "Where / when was X born" needs "born" or "birth" in the evidence.
9. **A colour asked needs a colour.** "What colours does X come in?" needs a colour word in the sentence;
   (session 14) a colour the question names (not a medal's) must be named by the evidence, as a year
   ("does the logo hoodie come in red?" against "in midnight navy or glacier white").
10. **The thing priced.** A "how much is / does X cost" question needs every content word of X in the
    evidence ("how much does the penguin mug cost?" is not answered by the Ice Crystal Mug's price).
11. **The entity.** A word of the question that the retrieved passages write as a name (capitalized inside
    a sentence more often than not) must be in the evidence's passage or headings, unless the base uses it
    everywhere (idf under ``NAME_COMMON_IDF`` of the largest: "Olympic", "Games"): "how many medals did
    Sweden win?" is not answered by a passage about Norway's biathletes.

Session 12 (issue 14 item 2), the event as a structure (:mod:`knowledge.events`), inside rule 7:

12. **The sport, event, distance and round.** The question's sport, event and distance mentions (a fixed
    lexicon of the Winter Olympic programme, longest match first) are missed when the evidence names
    another of the same slot and not the asked one ("who won the men's combined in alpine skiing?" against
    "Beat Feuz won the men's downhill"); a round other than the final (semi-final, quarter-final...) must be
    named; the Winter Games a question names by host city alone ("at pyeongchang") likewise (miss "year").
13. **A result's answer is a name.** "Who won / took / beat ..." needs a capitalized word in the sentence
    (or the one before it) other than stopwords and the question's own words.
14. **A result time needs a time.** "What was X's time ..." needs m:ss, a decimal of seconds or a number
    with seconds / minutes / hours in the sentence.
15. **An offset is no amount** (inside rule 1): "two days before the opening ceremony" does not answer "how
    long was the opening ceremony?", unless the question itself says before / after / ago / since.
Rule 10 also reads a word of the thing priced one edit away ("pengiun" for "penguin").

Session 12 (issue 14 item 1, brief C2), the answer type: a typed value is said of what the question asks
about:

16. **The value's owner.** (a) A price is said of its clause's subject and of the heading leaf ("The Ice
    Crystal Mug costs $16" under "Ice Crystal Mug" does not price the snowflake mug, though "a blue
    snowflake print" follows); (b) a measure written attributively ("a 150-metre penalty loop") is the
    measure of the words after it and of its clause's subject, not of the race asked about; (c) an
    increment ("adds one minute", "two minutes more") is no amount, as rule 15's offset.

Session 13: 17. **A year inside a name is no date** ("Vancouver 2010"). Session 14 (issue 14, brief C):

18. **A question to the host names what it asks.** A question in the second person ("you", "your", "u",
    "ur") with fewer than two content words ("how old are you", "who made you") is not answered: one word
    cannot tell a sentence about the host from one about someone else ("at the age of 35" is Ireen Wüst's).
19. **A thing the base never names.** The head of a phrase of two or more words after a determiner ("the
    snowline backpack", "a snowline calendar"; :func:`phrase_heads`) must be a word the base uses somewhere:
    viewers type names in lower case, where rule 11 cannot see them.
    Rule 3 reads "who came 4th" as asking for the place (named in words or digits), and rule 9 asks the
    evidence to name a colour the question names.

Session 15 (issue 14 item 2, brief C):

20. **A height or a weight needs its unit** (inside rule 1): "how tall / how heavy", "what is the height /
    weight of" need a number with a unit of length / of mass ("80,000 seats" is no height).
21. **A name half known.** A word of the question beside a word the retrieved passages write as a name,
    which is no word of English, which the base never uses and which no passage word is one edit from,
    names someone the base does not know ("anna gasser" against "Anna Shcherbakova"). Rule 19 also starts
    a phrase after a possessive ("eileen gu's favourite food": the base never says "food").

Session 16 (issue 14, brief C), from demo and chat lines, no figure read to write them:

22. **A heading's list names alternatives.** A heading that lists things ("Bobsleigh, luge and skeleton")
    does not vouch for one of them: when the question names an item of the list and the sentence (else the
    sentence before it) names another item and not the asked one, the evidence speaks of the other ("who won
    the two-woman bobsleigh?" against "Johannes Ludwig of Germany won the men's luge singles").
    A possessive ends a name (rule 21): the word after "gu's" is what is asked of her, not the other half of
    her name ("eileen gu's bday"); a word with a bare "-s" is read as a possessive when the word without it
    is a name of the passages ("su yimings date of birth": "Yiming"). A contraction ("what's", "it's") is no
    possessive and starts no phrase of rule 19.
    Rule 21's first-name slot (brief C2): the word right before a surname the passage writes after another
    capitalized word ("Shaun White"), when the passage writes no such pair of the two, names someone else
    if the base never uses it, a word of English too ("who is jack white"), or if the passage writes it
    first in another pair ("anna chen" beside "Anna Sato" and "Nathan Chen").
23. **The subject counted** (brief C4). An amount asked of a country the question names ("how many medals did
    norway win") is not counted by a sentence that writes the country only after a person's name ("Johannes
    Thingnes Bø of Norway won four gold medals"), unless the question names the person too, nor by one that
    names another country and not the asked one ("The United States won 8 gold medals" for China).

Session 17 (issue 14, brief C):

24. **A name the base does not hold.** Two words of the question side by side, a first name of the base and
    a surname of it (:class:`knowledge.constraint_base.BaseNames`: words it writes in runs of capitalized
    words and never in lower case, read once per store generation), that the base never writes in one name
    ("is anna gu competing": it writes "Anna Shcherbakova" and "Eileen Gu") name someone it does not hold.
25. **The country asked.** A question that names a country or team (by name, short name "roc", "usa", or in
    the evidence by adjective, "Norwegian") is not answered by a sentence that names another country and not
    the asked one ("which roc guy won 3 golds" against "Therese Johaug of Norway won three gold medals").
26. **What someone said.** "What did X say / tell" needs a sentence (or the one before) that reports speech
    (said, told, a speech, a quotation mark): "what did thomas bach say at the closing ceremony" is not
    answered by the date of the closing ceremony.
27. **The host's own relation** (session 18, brief A2; :mod:`knowledge.host_relation`). A question to the
    host about itself needs what it asks: "your favourite N" the head of N, "what / which N do you VERB" the
    verb ("whats your favourite winter sport" against "Our favourite moment was ...").
    In rule 7 (:func:`knowledge.constraint_scope.opposite_named`): a word whose opposite the evidence names
    instead (opening / closing, summer / winter) misses "event". In rules 1, 2 and 14, a question with no
    question word (kind "other": "top speed of a bobsled?") asks as "what" does; "total" after "how many"
    qualifies the count and is no counted noun; such a question ending in "time" asks for a result time.

Session 19 (brief A), from pool5's wrong answers, each declared before it was measured:

28. **A dimension asked needs its unit** (:func:`knowledge.constraint_values.dimension_miss`): a temperature
    needs degrees, a speed a rate, a duration ("takes how long") a unit of time; a question that asks a share
    (%, percent) asks none of them; a telegraphic "X's time in the 500m" asks a result time.
29. Rule 27's third form: a yes/no question to the host about itself ("host do u like snow") needs its verb
    said in the first person (:mod:`knowledge.host_relation`).
30. **A name the base never writes, in lower case** (:func:`knowledge.constraint_base.unwritten_name`):
    "mark mcmorris", "anna gasser" (miss "name").
31. The sentence's own distance decides the event slot (:func:`knowledge.events.event_miss`).
32. **The size asked** (:func:`knowledge.constraint_scope.size_miss`): "come in xs" against "sizes S to XL".
34. **A calculation asked** ("whats 15 times 12", "17 x 23"): two numbers joined by an operation ask nothing a
    document states; a sentence that holds both numbers as counts of something else does not answer it.
35. **A role the base never names, or names of another holder** (session 23, brief T; :mod:`knowledge.roles`):
    a person noun used as someone's relation ("great britains coach") that the base never writes; "who
    skipped japan" against "Great Britain, skipped by Eve Muirhead" (miss "role").
    Rule 2 (session 26, brief Q, :mod:`knowledge.counted_kind`) also reads the thing counted by its kind: "how
    many kinds of jumps" / "The six jumps", "how many ppl" / "five judges", "players per team" / "teams of
    four".

The rules live beside this module, each with its helpers: what a value asked must look like (rules 1, 2,
14-17, 20) in :mod:`knowledge.constraint_values`, the question's scope (rules 6-12, 22) in
:mod:`knowledge.constraint_scope`, the names (rules 11, 13, 19, 21, 23) in :mod:`knowledge.constraint_names`
and the base's own names (rule 24) in :mod:`knowledge.constraint_base`; this module keeps :func:`miss`, the
gate that asks them in turn, with rules 3-5 and 18, and re-exports their public names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from knowledge import host_relation, nlp, roles
from knowledge.constraint_base import BaseNames, base_names, unheld_name
from knowledge.constraint_names import (
    NAME_COMMON_IDF,
    asked_countries,
    counted_subject_miss,
    country_miss,
    first_name_miss,
    has_name,
    names_in,
    other_half,
    phrase_heads,
    possessives,
)
from knowledge.constraint_scope import COLOURS, SCOPE_WORDS, constraints_words, listed_other, scope_miss
from knowledge.constraint_values import (
    QUANTITY_NOUNS,
    asks_quantity,
    counted_noun,
    counts_it,
    date_miss,
    dimension_miss,
    has_quantity,
    measure_elsewhere,
    near,
    price_owner_miss,
    time_miss,
    unit_miss,
    words,
)
from knowledge.counted_kind import counts_kind
from knowledge.material_asked import material_miss

__all__ = [
    "COLOURS",
    "BaseNames",
    "COMMON_IDF",
    "NAME_COMMON_IDF",
    "QUANTITY_NOUNS",
    "SCOPE_WORDS",
    "asked_countries",
    "asks_quantity",
    "base_names",
    "constraints_words",
    "counted_noun",
    "counted_subject_miss",
    "counts_it",
    "country_miss",
    "dimension_miss",
    "first_name_miss",
    "has_name",
    "has_quantity",
    "listed_other",
    "measure_elsewhere",
    "miss",
    "names_in",
    "near",
    "other_half",
    "phrase_heads",
    "possessives",
    "price_owner_miss",
    "scope_miss",
    "unheld_name",
    "unit_miss",
    "words",
]

#: a word after "who" that shapes the question, not the relation asked
_AUX = frozenset("is was were are did does do has have had will would can could should the a an".split())
_WHO_VERB = re.compile(r"^\s*who ([a-z]+)\b")
#: session 14: a question to the host ("you", "your", chat's "u", "ur")
_TO_THE_HOST = re.compile(r"\b(?:you|your|yours|yourself|u|ur)\b")
#: session 14: a question for who took a place ("who came 4th", "who finished in second place")
_PLACE_ASKED = re.compile(
    r"^\s*who (?:came|finished|placed|ended|ranked|was|were)(?: up)?(?: in)? (?:the )?"
    r"(\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)\b"
)
#: session 12: a question for the winner, medallist or opponent of a result: its answer is a name
_WHO_RESULT = re.compile(
    r"^\s*who (?:won|wins|took|takes|claimed|beat|defeated|scored|finished|came|placed|got|did (?:\w+ ){1,3}"
    r"(?:beat|defeat|lose|play|face))\b"
)
_DEFINITION = re.compile(r"^\s*what(?: i|'|\u2019)?s an? ((?:[a-z0-9-]+ ?){1,4})\s*\??\s*$")
#: a relation verb the base uses in at most this share of its largest idf is "common": told in many ways
COMMON_IDF = 0.5
#: session 17: a question for what someone said ("what did thomas bach say at the closing ceremony"), and
#: the words or marks of a sentence that reports speech (general English, set before any figure)
_SAID_ASKED = re.compile(
    r"^\s*what(?: did| does| do| has| had| will| would)? (?:[a-z'-]+ ){1,4}(?:say|said|says|tell|told)\b"
)
_SAID = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|speech|spoke|speaks|stated|announced|declared|quoted|"
    r"called|words|message)\b|[\"\u201c\u201d]",
    re.IGNORECASE,
)


#: session 19 (R34): a calculation of two numbers ("15 times 12", "17 x 23", "6 plus 7", "3 + 4"); a relay's
#: legs ("4 x 10 km", "4x6 km relay") are no calculation
_CALCULATION = re.compile(
    r"\d+(?:[.,]\d+)?\s*(?:times|x|\*|\u00d7|plus|\+|minus|divided by|multiplied by)\s*\d+(?:[.,]\d+)?"
    r"(?!\s*(?:km|k|m|kilomet|met|mi|relay)|[\d.,-])"
    r"|\d+(?:[.,]\d+)?\s*(?:squared|cubed)\b|\bsquare root of \d"
)


def miss(
    question: str,
    kind: str,
    sentence: str,
    context: str,
    idf_share: Callable[[str], float],
    terms: Sequence[str] = (),
    passage: str = "",
    names: Sequence[str] = (),
    before: str = "",
    known: Callable[[str], bool] | None = None,
    base: BaseNames | None = None,
) -> str:
    """The first constraint of the question the sentence (with its heading path ``context``) misses, as a
    short reason, or "" when it meets them all. ``idf_share(stem)``: the term's idf over the base's largest
    (1.0 for a term the base never uses); ``terms``: the question's content stems; ``passage`` and
    ``names``, ``before``, ``known``, ``base``: see :func:`scope_miss`."""
    if _CALCULATION.search(nlp.fold(question).lower()):
        return "calculation"  # "whats 15 times 12": no document states it (R34, session 19)
    if asks_quantity(question, kind) and not has_quantity(sentence, question):
        return "quantity"
    if kind == "measure" and asks_quantity(question, kind) and measure_elsewhere(question, sentence, terms):
        return "quantity"
    if time_miss(question, sentence):
        return "time"
    if kind == "measure" and unit_miss(question, sentence):
        return "quantity"
    if dimension_miss(question, sentence):
        return "quantity"  # a temperature, a speed, a duration asked: its unit (R28, session 19)
    if material_miss(question, sentence):
        return "material"  # "what is it made of": a material stated (s31, brief C2)
    if kind == "when" and date_miss(sentence):
        return "date"
    nouns = counted_noun(question)
    if nouns and not counts_it(nouns, sentence) and not counts_kind(question, sentence):
        return "counted noun"  # "how many ppl" is counted by "five judges" (counted_kind, Q1 of session 26)
    if asks_quantity(question, kind) and counted_subject_miss(question, sentence, before):
        return "subject"  # a person "of Norway" is not the country asked about (rule 23, session 16)
    if country_miss(question, sentence, before):
        return "subject"  # "which roc guy won ..." against "Therese Johaug of Norway" (rule 25, session 17)
    if _SAID_ASKED.match(nlp.fold(question).lower()) and not _SAID.search(nlp.fold(f"{before} {sentence}")):
        return "relation"  # "what did thomas bach say" against a sentence that quotes no one (rule 26)
    if host_relation.miss(question, f"{before} {sentence} {context}"):
        return "relation"  # "your favourite sport" against "Our favourite moment" (rule 27, session 18)
    if roles.unwritten_role(question, set(names), idf_share, f"{passage} {context}") or roles.other_holder(
        question, sentence
    ):
        return "role"  # a coach the base never names; Great Britain's skip for Japan's (rule 35, session 23)
    folded = nlp.fold(question).lower()
    present = set(nlp.tokenize(sentence)) | set(nlp.tokenize(context))
    m = _WHO_VERB.match(folded)
    place = _PLACE_ASKED.match(folded)
    if place:
        # "who came 4th": the place is the relation, the verb only carries it (session 14); the place must be
        # named, in words or digits ("finished fourth"), but the winner's ("first") is told as "won"
        rank = nlp.stem(place.group(1))
        m = None
        if rank not in ("first", "1st") and rank not in nlp.with_number_forms(present):
            return "relation"
    if m and m.group(1) not in _AUX and m.group(1) not in nlp.STOPWORDS:
        verb = nlp.stem(m.group(1))
        if verb not in present and idf_share(verb) >= COMMON_IDF:
            return "relation"
    if _WHO_RESULT.match(folded) and not has_name(question, f"{before} {sentence}"):
        return "name"
    d = _DEFINITION.match(folded)
    if d:
        term = nlp.tokenize(d.group(1))
        if term and not all(t in present for t in term):
            return "term"
    if kind == "yesno" and terms:
        leaf = set(nlp.tokenize(context.split(" > ")[-1]))
        if not any(t in set(nlp.tokenize(sentence)) - leaf for t in terms):
            return "yes/no"
    if _TO_THE_HOST.search(folded) and len(set(terms)) < 2:
        # "how old are you", "who made you": a question to the host that names one thing at most cannot be
        # told apart from a sentence about someone else with that one word (session 14)
        return "you"
    return scope_miss(
        question, kind, sentence, context, idf_share, terms, passage, names, before, known, base
    )
