"""The question's scope, checked against the evidence sentence, the sentence before it and its heading path
(rules 6-12 and 22 of :mod:`knowledge.constraints`, with the thing priced of rules 10 and 16 (a), the colour
of rule 9 and the names of rules 11, 19 and 21): :func:`scope_miss`."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from knowledge import events, nlp, noun_kin, result_asked, year_passing
from knowledge.catalogue import transposed_function_word
from knowledge.constraint_base import BaseNames, unheld_name, unwritten_name
from knowledge.constraint_names import NAME_COMMON_IDF, other_half, phrase_heads
from knowledge.constraint_values import YEAR, near, price_owner_miss

#: words that name which event of a sport, or which Games, is meant; each group's words name the same
_FAMILIES = ("men man", "women woman", "mixed", "singles", "pairs", "doubles", "relay", "para paralympic")
SCOPE_WORDS = {stem: frozenset(nlp.tokenize(group)) for group in _FAMILIES for stem in nlp.tokenize(group)}
#: session 11: a gendered pronoun of the evidence names the side of a men's / women's question ("She won
#: the halfpipe at PyeongChang 2018" after "Chloe Kim is an American snowboarder")
_PRONOUNS = {
    "women": frozenset("she her hers herself".split()),
    "men": frozenset("he his him himself".split()),
}
_TEAM_EVENT = re.compile(r"\b(?:men|women|mixed)(?:'s|s)? team\b")
_BIRTH = frozenset(nlp.tokenize("born birth birthday birthplace"))
_COLOUR_ASKED = re.compile(r"\b(?:what|which) colou?rs?\b")
COLOURS = frozenset(
    "red orange yellow green blue navy purple violet pink brown black white grey gray silver gold golden "
    "beige cream teal turquoise maroon ivory khaki lime olive crimson scarlet charcoal".split()
)
#: colours that name a medal, not a colour asked about ("who won gold")
_MEDAL_COLOURS = frozenset("gold golden silver bronze".split())
#: R32 (session 19, brief A): a size asked, as rule 9's colour: the letter sizes in their order, the words of
#: a child's size (one family: "youth sizes" is met by "kids' sizes"), and the words that make a question ask
#: a size (a letter size is read only beside them: "500 m" names no size)
_LETTER_SIZES = ("xxs", "xs", "s", "m", "l", "xl", "xxl", "xxxl")
_SIZE_ALIASES = {"2xl": "xxl", "3xl": "xxxl", "small": "s", "medium": "m", "large": "l"}
_CHILD_SIZES = frozenset(
    "youth kid kids child childs children childrens toddler toddlers infant infants baby babies".split()
)
_ASKS_SIZE = re.compile(r"\bsizes?\b|\bcomes? in\b|\bavailable in\b|\bversion\b|\bfits?\b")
_ASKED_LETTER = re.compile(r"\b(?:xxs|xs|xxxl|xxl|xl|2xl|3xl)\b|\bsize (s|m|l|small|medium|large)\b")
_SAID_SIZE = re.compile(r"\b(XXS|XS|S|M|L|XL|XXL|XXXL|2XL|3XL)\b")
_SAID_RANGE = re.compile(r"\b(XXS|XS|S|M|L|XL|XXL|XXXL)\s*(?:to|-|\u2013|/)\s*(XXS|XS|S|M|L|XL|XXL|XXXL)\b")


def size_miss(question: str, evidence: str) -> bool:
    """R32 (session 19, brief A): a question that asks a size ("does the logo hoodie come in xs", "the big
    air tee in youth sizes") is not met by evidence (the sentence, the one before it, the headings) that
    names sizes and not the asked one: a letter size must be named or inside a range the evidence writes
    ("S to XL", "S/M"), a child's size must be named by a word of the same family."""
    q = nlp.fold(question).lower()
    if not _ASKS_SIZE.search(q) and not _ASKED_LETTER.search(q):
        return False
    text = nlp.fold(evidence)
    said = {_SIZE_ALIASES.get(m.lower(), m.lower()) for m in _SAID_SIZE.findall(text)}
    for a, b in _SAID_RANGE.findall(text):
        lo, hi = _LETTER_SIZES.index(a.lower()), _LETTER_SIZES.index(b.lower())
        said.update(_LETTER_SIZES[lo : hi + 1])
    words = set(re.findall(r"[a-z0-9]+", q))
    child = words & _CHILD_SIZES
    if child and _ASKS_SIZE.search(q):
        return not _CHILD_SIZES & set(re.findall(r"[a-z]+", text.lower()))
    letters = {_SIZE_ALIASES.get(x, x) for m in _ASKED_LETTER.finditer(q) for x in [m.group(1) or m.group()]}
    return bool(letters) and bool(said) and not letters <= said


#: words of a price question that ask for the price, not what is priced
_PRICE_WORDS = frozenset(nlp.tokenize("cost costs price pay buy sell charge spend money dollars usd much"))


def scope_miss(
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
    """Rules 6-11 (the question's scope): the first one the evidence misses, or "". The evidence is the
    sentence, its heading path ``context`` and the sentence ``before`` it in its chunk (the paragraph goes on
    about what that one named: "Johan Clarey took silver" after "Beat Feuz won the men's downhill");
    ``passage``: the text of the chunk; ``names``: the question's stems the retrieved passages write as
    names (:func:`names_in`); ``known``: whether a word is a word of English (rule 21, :func:`other_half`);
    ``base``: the base's names (rule 24, :func:`knowledge.constraint_base.unheld_name`; None: unread)."""
    folded = nlp.fold(question).lower()
    asked = nlp.tokenize(question)
    said = set(nlp.tokenize(sentence)) | set(nlp.tokenize(context)) | set(nlp.tokenize(before))
    if any(year not in f"{before} {sentence} {context}" for year in YEAR.findall(folded)):
        return "year"
    if year_passing.miss(question, sentence, before, context):
        return "year"  # a year the sentence names only "as it did in 2008" or "since 1994" (R1, session 23)
    pronouns = set(constraints_words(f"{before} {sentence}"))
    for stem in dict.fromkeys(asked):
        family = SCOPE_WORDS.get(stem)
        if (
            family is not None
            and not family & said
            and not any(pronouns & _PRONOUNS.get(f, set()) for f in family)
        ):
            return "paralympic" if "para" in family else "event"
    if _TEAM_EVENT.search(folded) and "team" not in said:
        return "event"
    if opposite_named(folded, f"{before} {sentence} {context}"):
        return "event"  # "opening ceremony tv audience" against the closing ceremony's (session 17)
    structured = events.event_miss(question, sentence, before, context)
    if structured:
        return structured
    if listed_other(question, sentence, before, context):
        return "event"  # "Bobsleigh, luge and skeleton" vouches for no one of them (rule 22, session 16)
    if _BIRTH & set(asked) and not _BIRTH & said:
        return "born"
    if _COLOUR_ASKED.search(folded) and not COLOURS & set(constraints_words(sentence)):
        return "colour"
    named = COLOURS.intersection(constraints_words(folded)) - _MEDAL_COLOURS
    if named - set(constraints_words(f"{before} {sentence} {context}")):
        return "colour"  # "does the logo hoodie come in red?" against "in midnight navy or glacier white"
    if size_miss(question, f"{before} {sentence} {context}"):
        return "size"  # "come in xs" against "sizes S, M, L, XL and XXL" (R32, session 19)
    priced = [t for t in terms if t not in _PRICE_WORDS and not transposed_function_word(t)]  # "teh" (Y6)
    if kind == "price" and any(not near(t, said) for t in priced):
        return "priced"
    leaf = context.split(" > ")[-1]
    if kind == "price" and price_owner_miss(sentence, leaf, priced):
        return "priced"
    in_passage = said | set(nlp.tokenize(passage))
    if any(n not in in_passage and idf_share(n) >= NAME_COMMON_IDF for n in names):
        return "entity"
    if other_half(question, names, passage, idf_share, known):
        return "entity"  # "anna gasser" against "Anna Shcherbakova" (rule 21, session 15)
    if base is not None and unheld_name(question, base, idf_share, names):
        return "entity"  # "anna gu": the base writes "Anna Shcherbakova", "Eileen Gu" (rule 24, session 17)
    if base is not None and unwritten_name(question, base, idf_share, known):
        return "name"  # "mark mcmorris": a name the base never writes, in lower case (R30, session 19)
    evidence = f"{before} {sentence} {context}"
    if any(idf_share(head) >= 1.0 and not noun_kin.said(head, evidence) for head in phrase_heads(question)):
        # "the snowline backpack": a thing the base never names (rule 19, session 14); "the host city
        # election" against "Beijing was elected" names it another way (A1, session 23: knowledge/noun_kin.py)
        return "entity"
    if result_asked.miss(question, sentence, before, context, idf_share):
        return "relation"  # "womens halfpipe gold?" against "Olympic distances are ..." (A2, session 23)
    return ""


#: what separates the items of a heading's list ("Bobsleigh, luge and skeleton")
_LIST_SEPARATOR = re.compile(r"\s*(?:[,;&/]|\band\b|\bor\b)\s*")


def listed_other(question: str, sentence: str, before: str, context: str) -> bool:
    """Rule 22: a segment of the heading path ``context`` lists two or more items ("Bobsleigh, luge and
    skeleton"), the question names one (every stem of it), and the sentence names another and none the
    question names (the sentence ``before`` decides when the sentence names no item): the evidence is
    about another of the things the heading lists."""
    asked = set(nlp.tokenize(question))
    own, previous = set(nlp.tokenize(sentence)), set(nlp.tokenize(before))
    for segment in context.split(" > "):
        items = [frozenset(nlp.tokenize(p)) for p in _LIST_SEPARATOR.split(nlp.fold(segment).lower())]
        items = [i for i in items if i]
        named = [i for i in items if i <= asked]
        if len(items) < 2 or not named:
            continue
        said = own if any(i <= own for i in items) else previous
        if not any(i <= said for i in named) and any(i <= said for i in items if i not in named):
            return True
    return False


#: words of which a question names one and the evidence the other, never both at once (general English,
#: session 17): the opening ceremony's audience is not the closing ceremony's
_OPPOSITES = {"opening": "closing", "closing": "opening", "summer": "winter", "winter": "summer"}


def opposite_named(asked: str, evidence: str) -> bool:
    """A word of ``asked`` with an opposite (:data:`_OPPOSITES`) that the question does not name too, where
    ``evidence`` names the opposite and not the word ("opening ceremony tv audience numbers?" against "The
    Beijing 2022 closing ceremony watch party reached 48,000 concurrent viewers")."""
    question = set(constraints_words(asked))
    said = set(constraints_words(evidence))
    return any(
        word in question and other not in question and other in said and word not in said
        for word, other in _OPPOSITES.items()
    )


def constraints_words(text: str) -> list[str]:
    """Folded lower-case words, unstemmed (colour names are matched as written)."""
    return re.findall(r"[a-z]+", nlp.fold(text).lower())
