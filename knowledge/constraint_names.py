"""The names a question asks about, checked against the names its evidence writes (rules 11, 13, 19, 21 and
23 of :mod:`knowledge.constraints`): the words the retrieved passages write as names (:func:`names_in`), a
result's answer that is a name (:func:`has_name`), the head of a phrase the base never uses
(:func:`phrase_heads`), and a name half known: the other half of a name the passages write, or a first name
before their surname, that names someone the base does not know (:func:`other_half`,
:func:`first_name_miss`, :func:`possessives`)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from knowledge import nlp, word_lists
from knowledge.spans import COUNTRIES

#: a name the base uses in at most this share of its largest idf is generic ("Olympic", "Games", "Winter"),
#: set before any figure from what the sample base's idf gives those three words (0.21-0.24)
NAME_COMMON_IDF = 0.3
_CAPITALIZED = re.compile(r"[^\W\d_][\w'\u2019-]*")


def has_name(question: str, text: str) -> bool:
    """Whether ``text`` holds a capitalized word that is no stopword and not one of the question's own words
    (an athlete, a team, a country: "Finland won the women's bronze.")."""
    asked = set(nlp.tokenize(question))
    for m in _CAPITALIZED.finditer(text):
        word = m.group()
        if not word[0].isupper() or word.lower() in nlp.STOPWORDS:
            continue
        stems = nlp.tokenize(word)
        if stems and not set(stems) <= asked:
            return True
    return False


def other_half(
    question: str,
    names: Sequence[str],
    passage: str,
    idf_share: Callable[[str], float],
    known: Callable[[str], bool] | None = None,
) -> bool:
    """Rule 21: a word of the question next to one of its ``names`` (the stems the retrieved passages write
    as names, and the words ``passage`` writes capitalized and never in lower case) that is no word of
    English (``known``: a whole word of the embedder's vocabulary; None: every word is unknown), that the
    base never uses (``idf_share`` 1.0) and that no word of ``passage`` is one edit from (viewer spelling):
    the question names a person the base does not know ("anna gasser")."""
    said = set(nlp.tokenize(passage))
    written = [m.group() for m in _CAPITALIZED.finditer(passage)]
    lower = {s for w in written if not w[0].isupper() for s in nlp.tokenize(w)}
    # a name: what the passages write as one, or (a sentence's first word too) capitalized and never lower
    anchors = set(names) | {s for w in written if w[0].isupper() for s in nlp.tokenize(w)} - lower
    anchors -= opening_common(passage) - set(names)  # "Curling is played by ...": no name (N1b, session 30)
    if first_name_miss(possessives(question, anchors, True), passage, lower, anchors, idf_share):
        return True
    asked = possessives(question, anchors)
    for i, (_, stem, _) in enumerate(asked):
        if stem not in anchors:
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(asked) or asked[j][1] in anchors or asked[min(i, j)][2]:
                continue  # a name of the passages, or across a possessive ("gu's bday": what is asked of her)
            word, other, _ = asked[j]
            if (
                len(word) >= 3
                and not (known is not None and known(word))
                and not _common(word)  # "rename": a word of English, not half a name (N1, session 24)
                and idf_share(other) >= 1.0
                and not any(nlp.one_edit(other, w) for w in said)
            ):
                return True
    return False


#: two capitalized words of a name, one space apart ("Shaun White", "Eileen Gu")
_NAME_PAIR = re.compile(r"\b([A-Z][\w'\u2019-]*) (?=([A-Z][\w'\u2019-]*))")


def first_name_miss(
    asked: Sequence[tuple[str, str, bool]],
    passage: str,
    lower: set[str],
    anchors: set[str],
    idf_share: Callable[[str], float],
) -> bool:
    """Rule 21's first-name slot (session 16): the word of the question right before a surname of
    ``passage`` (a capitalized word it writes right after another, never in lower case: "Shaun White"), with
    which the passage writes no such pair, names someone else when it is a word the base never uses (a word
    of English too: "jack white", "tom chen") that no word of the passage is one edit from, or a name word
    the passage writes first in another pair ("anna gu" beside "Anna Gasser" and "Eileen Gu").
    N1 (session 24, brief A; the lead's L1 of session 23 widened): with the word lists, a pair is a person's
    name only when its first word is no common word of English ("Shaun White" is, "Logo Hoodie" is not), and
    for the second reading when neither word is ("Beijing National", "Summer Olympics" are not)."""
    pairs = set()
    first_named: set[str] = set()  # surnames written after a first name that is no word of English
    people: set[tuple[str, str]] = set()  # pairs of which neither word is a word of English
    for m in _NAME_PAIR.finditer(nlp.fold(passage)):
        first, last = nlp.tokenize(m.group(1)), nlp.tokenize(m.group(2))
        if len(first) == 1 and len(last) == 1:
            pairs.add((first[0], last[0]))
            if not _common(m.group(1).lower()):
                first_named.add(last[0])
                if not _common(m.group(2).lower()):
                    people.add((first[0], last[0]))
    if word_lists.common_words() is None:  # without the word lists every pair is read as a person's name
        first_named, people = {b for _, b in pairs}, pairs
    surnames = {b for _, b in pairs} - lower
    firsts = {a for a, _ in people} - lower
    person_surnames = {b for _, b in people}
    said = set(nlp.tokenize(passage))
    for i in range(1, len(asked)):
        word, other, own = asked[i - 1]
        stem = asked[i][1]
        if stem not in surnames or own or word in nlp.STOPWORDS or (other, stem) in pairs or other == stem:
            continue  # the word right before the surname (no stopword between) is the first name's place
        if other in anchors:
            if other in firsts and stem in person_surnames:
                return True  # two names of the passage never written together ("anna gu")
            continue
        if (
            len(word) >= 3
            and stem in first_named
            and idf_share(other) >= 1.0
            and not any(nlp.one_edit(other, w) for w in said)
        ):
            return True
    return False


#: what a word follows when it opens a sentence or a quotation (capitalized whatever it is: :func:`names_in`)
_OPENERS = ".!?:;\"'(\u201c\u2018[>*#-"


def opening_common(passage: str) -> set[str]:
    """N1b (session 30, brief A): the stems of the words ``passage`` capitalizes only where they open a
    sentence, a quotation or a bracket, and that are common lower-case words of English (SCOWL 35): "Curling"
    of "Curling is played by two teams of four" is the sport's word, no half of a name. Empty without the
    lists."""
    if word_lists.common_words() is None:
        return set()
    opening: set[str] = set()
    inside: set[str] = set()
    for m in _CAPITALIZED.finditer(passage):
        word = m.group()
        if not word[0].isupper():
            continue
        before = passage[: m.start()].rstrip()
        stems = nlp.tokenize(word)
        if not before or before[-1] in _OPENERS:
            if _common(nlp.fold(word).lower()):
                opening.update(stems)
        else:
            inside.update(stems)
    return opening - inside


def _common(word: str) -> bool:
    """Whether ``word`` (lower case) is a common word of English (SCOWL 35; False without the lists)."""
    common = word_lists.common_words()
    return common is not None and word in common


_ASKED_WORD = re.compile(r"[a-z]+(?:'s\b)?")


def possessives(question: str, anchors: set[str], stopwords: bool = False) -> list[tuple[str, str, bool]]:
    """The question's words but stopwords as (word, stem, possessive): "gu's" -> ("gu", "gu", True); a word
    with a bare "-s" whose stem is no anchor (a name of the passages) and that is one without it is read as
    the name's possessive ("yimings" -> ("yiming", "yim", True), typed without the apostrophe). A
    contraction ("what's") is a stopword's and dropped (kept, as every stopword, with ``stopwords``)."""
    out = []
    for m in _ASKED_WORD.finditer(nlp.fold(question).lower().replace("\u2019", "'")):
        word, own = m.group(), m.group().endswith("'s")
        if own:
            word = word[:-2]
        elif word.endswith("s") and nlp.stem(word) not in anchors and nlp.stem(word[:-1]) in anchors:
            word, own = word[:-1], True
        if stopwords or word not in nlp.STOPWORDS:
            out.append((word, nlp.stem(word), own))
    return out


_DETERMINERS = frozenset("the a an my your ur this that these those".split())
_PHRASE_WORD = re.compile(r"[a-z][a-z'-]*|\S")
#: a participle ends a phrase: "the host CALLED", "the athletes COMPETING" (a verb, not the phrase's head)
_VERB_FORM = re.compile(r"[a-z]{3,}(?:ed|ing)$")
#: adverbs and chat words that end a phrase without being its head ("the show EVER had", "the mug NOW"):
#: general English, listed after the calibration pool's "what was the biggest audience the show ever had"
_PHRASE_END = frozenset(
    "ever now today tonight yesterday tomorrow yet already still again anymore right exactly actually even "
    "here there though tho rn lol pls plz".split()
)


def phrase_heads(question: str) -> list[str]:
    """Rule 19's heads: the last word (a stem) of each run of two or more content words after a determiner
    ("the snowline backpack" -> "backpack", "the biggest audience the show" -> "audience"); a run ends at a
    stopword, a participle ("the host called"), a number or punctuation. A lone noun ("the capacity", "the
    material") is left out: it is as often another word for what the base tells as a thing it lacks."""
    out: list[str] = []
    run: list[str] = []
    after = False
    for w in [*_PHRASE_WORD.findall(nlp.fold(question).lower()), "."]:
        if (
            after
            and w[0].isalpha()
            and w not in nlp.STOPWORDS
            and w not in _PHRASE_END
            and not _VERB_FORM.match(w)
        ):
            run.append(w)
            continue
        if len(run) >= 2:
            out.extend(nlp.tokenize(run[-1])[-1:])
        # a possessive starts one too (session 15), a contraction ("what's", "it's") not (session 16)
        run, after = [], w in _DETERMINERS or (w.endswith(("'s", "\u2019s")) and w[:-2] not in nlp.STOPWORDS)
    return out


def names_in(question: str, texts: Sequence[str]) -> list[str]:
    """The question's stems that ``texts`` write as names: capitalized inside a sentence (not after a
    sentence's end, a colon, a quote or a bracket) more often than in lower case. A stem the texts never
    write is not called a name."""
    asked = set(nlp.tokenize(question))
    upper: dict[str, int] = {}
    lower: dict[str, int] = {}
    for text in texts:
        for m in _CAPITALIZED.finditer(text):
            stems = nlp.tokenize(m.group())
            if len(stems) != 1 or stems[0] not in asked:
                continue
            stem = stems[0]
            if m.group()[0].isupper():
                before = text[: m.start()].rstrip()
                if not before or before[-1] in ".!?:;\"'(\u201c\u2018[>*#-":
                    continue  # a sentence's or a quotation's first word: capitalized whatever it is
                upper[stem] = upper.get(stem, 0) + 1
            else:
                lower[stem] = lower.get(stem, 0) + 1
    return [s for s in asked if upper.get(s, 0) > lower.get(s, 0)]


#: a country's name (general knowledge, :data:`knowledge.spans.COUNTRIES`), longest first ("South Korea")
_COUNTRY = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, COUNTRIES), key=len, reverse=True)) + r")\b")
#: the capitalized name right before "of (the)", as in "Johannes Thingnes Bø of Norway"
_NAME_OF = re.compile(r"((?:[A-Z][\w'\u2019-]*\s)+)of (?:the )?$")


#: the short names viewers type for a team of :data:`COUNTRIES` (general knowledge, session 17): "which roc
#: guy won 3 golds" asks about the Russian Olympic Committee
_COUNTRY_ALIASES = {
    "roc": "Russian Olympic Committee",
    "usa": "United States",
    "team usa": "United States",
    "gb": "Great Britain",
    "team gb": "Great Britain",
    "uk": "United Kingdom",
}
_ALIAS = re.compile(r"\b(?:" + "|".join(sorted(_COUNTRY_ALIASES, key=len, reverse=True)) + r")\b")


#: the adjective of a country (general knowledge, session 17): "Therese Johaug is a Norwegian cross-country
#: skier" names Norway; "Russian" names Russia's team at Beijing 2022 too
_DEMONYMS = {
    "American": ("United States",),
    "Australian": ("Australia",),
    "Austrian": ("Austria",),
    "Belarusian": ("Belarus",),
    "Belgian": ("Belgium",),
    "British": ("Great Britain", "United Kingdom"),
    "Canadian": ("Canada",),
    "Chinese": ("China",),
    "Czech": ("Czechia", "Czech Republic"),
    "Dutch": ("Netherlands",),
    "Estonian": ("Estonia",),
    "Finnish": ("Finland",),
    "French": ("France",),
    "German": ("Germany",),
    "Hungarian": ("Hungary",),
    "Italian": ("Italy",),
    "Japanese": ("Japan",),
    "Korean": ("Korea", "South Korea"),
    "Latvian": ("Latvia",),
    "Norwegian": ("Norway",),
    "Polish": ("Poland",),
    "Russian": ("Russia", "Russian Olympic Committee"),
    "Slovak": ("Slovakia",),
    "Slovenian": ("Slovenia",),
    "Spanish": ("Spain",),
    "Swedish": ("Sweden",),
    "Swiss": ("Switzerland",),
    "Ukrainian": ("Ukraine",),
}
_DEMONYM = re.compile(r"\b(?:" + "|".join(_DEMONYMS) + r")\b(?! Olympic Committee)")


def asked_countries(question: str) -> list[str]:
    """The countries the question names, by their name in :data:`COUNTRIES` or a short name ("roc", "usa")."""
    return list(_asked_countries(question))


#: every country's name in lower case, longest first, matched at each word (a zero-width lookahead, so that
#: "south korea" names South Korea and Korea, as a search for each name did): one pass, not ~200 searches
_ASKED_COUNTRY = re.compile(
    r"\b(?=(" + "|".join(sorted((re.escape(c.lower()) for c in COUNTRIES), key=len, reverse=True)) + r")\b)"
)
_COUNTRY_OF = {c.lower(): c for c in COUNTRIES}


@lru_cache(maxsize=4096)
def _asked_countries(question: str) -> tuple[str, ...]:
    """Memoized: every candidate sentence of a question asks it again."""
    text = nlp.fold(question).lower()
    asked = dict.fromkeys(_COUNTRY_OF[m.group(1)] for m in _ASKED_COUNTRY.finditer(text))
    return (*asked, *(_COUNTRY_ALIASES[m.group()] for m in _ALIAS.finditer(text)))


def other_country(asked: Sequence[str], sentence: str, before: str = "") -> bool:
    """The sentence names another country (by its name or its adjective, "Norwegian") and none of ``asked``,
    and does not go on about an asked one named by the sentence ``before`` it (a pronoun: "It won 37, ahead
    of Germany"; not when another country opens this sentence)."""
    text = nlp.fold(sentence)
    found = sorted([*_COUNTRY.finditer(text), *_DEMONYM.finditer(text)], key=lambda m: m.start())
    named = {c for m in found for c in _DEMONYMS.get(m.group(), (m.group(),))}
    if not found or named & set(asked):
        return False
    opens = not text[: found[0].start()].strip(" \t").removeprefix("The").strip(" ,")
    return opens or not any(c in nlp.fold(before) for c in asked)


def country_miss(question: str, sentence: str, before: str = "") -> bool:
    """Rule 25 (session 17): a question that names a country or team ("which roc guy won 3 golds cross
    country") is not answered by a sentence that names another one and not the asked one ("Therese Johaug
    of Norway won three gold medals"): :func:`other_country`."""
    asked = asked_countries(question)
    return bool(asked) and other_country(asked, sentence, before)


def counted_subject_miss(question: str, sentence: str, before: str = "") -> bool:
    """Rule 23 (session 16): an amount asked of a country the question names ("how many medals did norway
    win") is not counted by a sentence that writes the country only after a person's name, "Johannes Thingnes
    Bø of Norway won four gold medals" (the person is the subject counted; unless the question names the
    person too), nor by one that names another country and not the asked one ("The United States won 8 gold
    medals" for China), unless the sentence ``before`` it names the asked one and no other country opens
    this sentence (a pronoun goes on about it: "It won 37, ahead of Germany")."""
    asked = asked_countries(question)
    if not asked:
        return False
    words = set(nlp.tokenize(question))
    text = nlp.fold(sentence)
    found = [m for m in _COUNTRY.finditer(text) if m.group() in asked]
    if not found:
        return other_country(asked, sentence, before)
    for m in found:
        person = _NAME_OF.search(text[: m.start()])
        if person is None or set(nlp.tokenize(person.group(1))) & words:
            return False  # the country is the subject, or the question names the person
    return True
