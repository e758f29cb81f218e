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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from knowledge import events, nlp, spans

#: nouns whose value is a number: "what was the SCORE", "what is the TEMPERATURE"
QUANTITY_NOUNS = frozenset(
    "score scores attendance temperature height weight population capacity cost price budget distance "
    "length speed salary percentage".split()
)
#: a word after "who" that shapes the question, not the relation asked
_AUX = frozenset("is was were are did does do has have had will would can could should the a an".split())
_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|"
    r"thousand|million|billion|dozen|several|few|half)\b",
    re.I,
)
#: dates, weekdays and years (spans' date patterns without the bare clock time, a measure of its own)
_DATE_PATTERNS = [p for p in spans.DATES if p is not spans.CLOCK_TIME]
_HOW_MANY = re.compile(r"\bhow many ((?:[a-z]+ ){0,2}[a-z]+)")
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
#: a name the base uses in at most this share of its largest idf is generic ("Olympic", "Games", "Winter"),
#: set before any figure from what the sample base's idf gives those three words (0.21-0.24)
NAME_COMMON_IDF = 0.3
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
#: session 12: a time before or after something ("two days before", "16 years after") is no amount
_OFFSET = re.compile(
    r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|\w+teen|"
    r"twenty|thirty|forty|fifty) (?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?) "
    r"(?:before|after|earlier|later|ago|prior|since)\b",
    re.I,
)
_ASKS_OFFSET = re.compile(r"\b(?:before|after|earlier|later|ago|prior|since)\b")
#: session 12: a question for a result time, and what a time looks like
_ASKS_TIME = re.compile(
    r"(?:'s|\u2019s|winning|finishing|fastest|best|record) times?\b|\btime did \w+ (?:set|run|post)"
)
_TIME_VALUE = re.compile(
    r"\b\d+:\d\d(?:[.,]\d+)?\b|\b\d+[.,]\d\d\b|\b[\d.,]+ ?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?)\b"
)
#: session 15 (rule 20): a height or a weight asked, and the units that answer it
_ASKS_HEIGHT = re.compile(r"\bhow tall\b|\bheight\b")
_ASKS_WEIGHT = re.compile(r"\bhow heavy\b|\bweigh(?:s|t)?\b")
_LENGTH_VALUE = re.compile(
    r"\d[\d.,]*\s?-?(?:km|kilomet(?:re|er)s?|met(?:re|er)s?|m|cm|mm|feet|foot|ft|inch(?:es)?|yards?|miles?|"
    r"storeys?|stories|floors?)\b",
    re.I,
)
_MASS_VALUE = re.compile(
    r"\d[\d.,]*\s?-?(?:kg|kilograms?|grams?|g|tonnes?|tons?|pounds?|lbs?|oz|ounces?)\b", re.I
)
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
#: words of a price question that ask for the price, not what is priced
#: colours that name a medal, not a colour asked about ("who won gold")
_MEDAL_COLOURS = frozenset("gold golden silver bronze".split())
_PRICE_WORDS = frozenset(nlp.tokenize("cost costs price pay buy sell charge spend money dollars usd much"))
_CAPITALIZED = re.compile(r"[^\W\d_][\w'\u2019-]*")
#: session 12 (rule 16): what a measure question names that is no part of the thing measured
_MEASURE_WORDS = frozenset(nlp.tokenize("long far tall high big large wide deep heavy"))
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|"
    "million|billion|dozen|several|few|half"
)
#: a number written as one token: "150", "7.5", "1,000", "two"
_NUMBER_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\b(?:" + _NUMBER_WORDS + r")\b", re.I)
_MEASURE_UNIT = (
    r"(?:km|kilometres?|kilometers?|kilometre|metres?|meters?|m|cm|mm|miles?|mi|feet|foot|ft|inch(?:es)?|"
    r"yards?|kg|kilograms?|grams?|g|tonnes?|tons?|pounds?|lbs?|ml|litres?|liters?|l|seconds?|secs?|"
    r"minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|degrees?)"
)
#: rule 16 (b): a value said of the words after it: "150-metre penalty loop", "a 150 m loop"
_NUM = r"(?:\d+(?:[.,]\d+)*|" + _NUMBER_WORDS + r")"
_ATTRIBUTIVE = re.compile(
    r"(?:\ban? " + _NUM + " " + _MEASURE_UNIT + r"|(?<![\w.,-])" + _NUM + "-" + _MEASURE_UNIT + r")"
    r"(?:-long|-high|-wide|-deep)? (?P<owner>[a-z][\w-]*(?: [a-z][\w-]*){0,2})",
    re.I,
)
#: rule 16 (c): an increment ("adds one minute", "two minutes more") is no amount
_INCREMENT = re.compile(
    r"\b(?:adds?|added|adding) (?:an? )?(?:extra )?(?:\d+(?:[.,]\d+)*|"
    + _NUMBER_WORDS
    + r")[ -]"
    + _MEASURE_UNIT
    + r"\b|\b(?:\d+(?:[.,]\d+)*|"
    + _NUMBER_WORDS
    + r")[ -]"
    + _MEASURE_UNIT
    + r" (?:more|longer|extra|penalty)\b",
    re.I,
)
_ASKS_INCREMENT = re.compile(r"\b(?:adds?|added|more|longer|extra|penalty|penalties)\b")
#: rule 16 (a): where a clause starts, for the subject a price is said of
_CLAUSE_START = re.compile(r"[;:]")


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[.,:][0-9]+)*", nlp.fold(text).lower())


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


def near(term: str, said: set[str]) -> bool:
    """``term`` is in ``said``, or (a typo) a word of ``said`` of at least five letters is one edit away
    (a letter added, dropped, changed, or two neighbours swapped: "pengiun" for "penguin")."""
    if term in said:
        return True
    return len(term) >= 5 and any(len(w) >= 5 and nlp.one_edit(term, w) for w in said)


def has_quantity(sentence: str, question: str = "") -> bool:
    """A number (digits or a number word) outside every date, weekday and year of the sentence, and
    (session 12) outside every offset ("two days before") unless the ``question`` asks before / after."""
    text = nlp.fold(sentence)
    for pattern in _DATE_PATTERNS:
        text = pattern.sub(" ", text)
    if not _ASKS_OFFSET.search(nlp.fold(question).lower()):
        text = _OFFSET.sub(" ", text)
    return bool(_NUMBER.search(text))


def _amounts(sentence: str, question: str) -> str:
    """The sentence without its dates, weekdays, years and offsets (unless the question asks before /
    after), as :func:`has_quantity` reads it."""
    text = nlp.fold(sentence)
    for pattern in _DATE_PATTERNS:
        text = pattern.sub(" ", text)
    if not _ASKS_OFFSET.search(nlp.fold(question).lower()):
        text = _OFFSET.sub(" ", text)
    return text


def measure_elsewhere(question: str, sentence: str, terms: Sequence[str]) -> bool:
    """Rule 16 (b, c): every amount of the sentence (outside dates, offsets and increments) is written
    attributively ("a 150-metre penalty loop"), and neither the words after it nor its clause's words before
    it (from the sentence start, ";" or ":") hold a word of the question's thing (``terms`` less "long",
    "far", "tall"...): "how long is a biathlon race?" against "In the sprint, pursuit and mass start, each
    miss sends the athlete around a 150-metre penalty loop; ... each miss adds one minute". "How long is the
    long track?" is answered by "Long track speed skaters race in pairs on a 400-metre oval".
    False when the sentence holds no amount at all (rule 1 speaks then) or the question names no thing."""
    thing = {t for t in terms if t not in _MEASURE_WORDS}
    text = _amounts(sentence, question)
    if not thing or not _NUMBER_TOKEN.search(text):
        return False
    if not _ASKS_INCREMENT.search(nlp.fold(question).lower()):
        text = _INCREMENT.sub(" ", text)
    for m in _ATTRIBUTIVE.finditer(text):
        start = max((c.end() for c in _CLAUSE_START.finditer(text, 0, m.start())), default=0)
        # the clause's subject owns it too: "Long track speed skaters race in pairs on a 400-metre oval"
        owner = nlp.tokenize(text[start : m.start()])
        for w in m.group("owner").split():
            if w.lower() in nlp.STOPWORDS:
                break
            owner.extend(nlp.tokenize(w))
        if thing & set(owner):
            return False
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    return not _NUMBER_TOKEN.search(text)


def price_owner_miss(sentence: str, leaf: str, thing: Sequence[str]) -> bool:
    """Rule 16 (a): the sentence holds a price and none is said of the thing asked (every stem of ``thing``,
    one edit allowed). A price is said of its clause's words before it (from the sentence start, ";" or
    ":") and of the heading ``leaf`` ("It costs $16", "The plush toy costs $25" under "Pip the Penguin
    Plush"), not of the rest of the sentence ("a blue snowflake print")."""
    if not thing:
        return False
    found = list(spans._MONEY.finditer(sentence))
    for m in found:
        start = max((c.end() for c in _CLAUSE_START.finditer(sentence, 0, m.start())), default=0)
        owner = set(nlp.tokenize(sentence[start : m.start()])) | set(nlp.tokenize(leaf))
        if all(near(t, owner) for t in thing):
            return False
    return bool(found)


def unit_miss(question: str, sentence: str) -> bool:
    """Rule 20: the question asks a height ("how tall", "height") or a weight ("how heavy", "weigh") and the
    sentence holds no number with a unit of length or of mass ("It has about 80,000 seats")."""
    q = nlp.fold(question).lower()
    text = nlp.fold(sentence)
    if _ASKS_WEIGHT.search(q):
        return not _MASS_VALUE.search(text)
    if _ASKS_HEIGHT.search(q):
        return not _LENGTH_VALUE.search(text)
    return False


def asks_quantity(question: str, kind: str) -> bool:
    """Whether the question wants an amount (a date does not answer it)."""
    q = nlp.fold(question).lower()
    if kind in ("count", "price", "measure"):
        return not re.search(r"\bhow old\b|\bwhat age\b", q)
    return kind == "what" and any(w in QUANTITY_NOUNS for w in re.findall(r"[a-z]+", q))


def counted_noun(question: str) -> list[str]:
    """The stems of the words after "how many" up to the first stopword (at most three): "how many
    olympic medals has ..." -> [olymp, medal]. Empty when there is none ("how many did Norway win")."""
    m = _HOW_MANY.search(nlp.fold(question).lower())
    if not m:
        return []
    out = []
    for w in m.group(1).split():
        if w in nlp.STOPWORDS:
            break
        out.append(nlp.stem(w))
    return out


def counts_it(nouns: list[str], sentence: str, window: int = 3) -> bool:
    """A number of the sentence followed within ``window`` words by one of ``nouns``, or (session 11) one
    that follows the noun within ``window`` words and is not a year ("second in total medals with 29")."""
    ws = words(sentence)
    for i, w in enumerate(ws):
        if w[0].isdigit() or _NUMBER.fullmatch(w):
            if any(nlp.stem(x) in nouns for x in ws[i + 1 : i + 1 + window]):
                return True
            if not _YEAR.fullmatch(w) and any(nlp.stem(x) in nouns for x in ws[max(0, i - window) : i]):
                return True
    return False


#: a year that is part of a name, after a capitalized word that is no stopword ("Vancouver 2010", "Beijing
#: 2022", "Euro 2016"): the name of an event, not a date (rule 17, session 13)
_GAMES_NAME = re.compile(r"\b([A-Z][\w'-]*)\s+(1[89]\d\d|20\d\d)\b(?!\s*[-\u2013])")
_DATE_LEFT = re.compile(
    r"\d|\b(january|february|march|april|may|june|july|august|september|october|november|december|monday|"
    r"tuesday|wednesday|thursday|friday|saturday|sunday|today|tomorrow|yesterday|weekday|weekdays|weekend|"
    r"daily|weekly|morning|evening|night|noon|midnight|spring|summer|autumn|fall|winter|season|century|"
    r"decade|year|years|ago)\b",
    re.I,
)


def _unnamed(m: re.Match[str]) -> str:
    """A "Name YYYY" match without the name's year; a month, a weekday or a stopword before it keeps it."""
    word = m.group(1).lower()
    return m.group(0) if word in nlp.STOPWORDS or _DATE_LEFT.fullmatch(word) else " "


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
) -> str:
    """The first constraint of the question the sentence (with its heading path ``context``) misses, as a
    short reason, or "" when it meets them all. ``idf_share(stem)``: the term's idf over the base's largest
    (1.0 for a term the base never uses); ``terms``: the question's content stems; ``passage`` and
    ``names``, ``before``, ``known``: see :func:`scope_miss`."""
    if asks_quantity(question, kind) and not has_quantity(sentence, question):
        return "quantity"
    if kind == "measure" and asks_quantity(question, kind) and measure_elsewhere(question, sentence, terms):
        return "quantity"
    if _ASKS_TIME.search(nlp.fold(question).lower()) and not _TIME_VALUE.search(nlp.fold(sentence)):
        return "time"
    if kind == "measure" and unit_miss(question, sentence):
        return "quantity"
    if kind == "when" and not _DATE_LEFT.search(_GAMES_NAME.sub(_unnamed, nlp.fold(sentence))):
        return "date"
    nouns = counted_noun(question)
    if nouns and not counts_it(nouns, sentence):
        return "counted noun"
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
    return scope_miss(question, kind, sentence, context, idf_share, terms, passage, names, before, known)


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
) -> str:
    """Rules 6-11 (the question's scope): the first one the evidence misses, or "". The evidence is the
    sentence, its heading path ``context`` and the sentence ``before`` it in its chunk (the paragraph goes on
    about what that one named: "Johan Clarey took silver" after "Beat Feuz won the men's downhill");
    ``passage``: the text of the chunk; ``names``: the question's stems the retrieved passages write as
    names (:func:`names_in`); ``known``: whether a word is a word of English (rule 21, :func:`other_half`)."""
    folded = nlp.fold(question).lower()
    asked = nlp.tokenize(question)
    said = set(nlp.tokenize(sentence)) | set(nlp.tokenize(context)) | set(nlp.tokenize(before))
    if any(year not in f"{before} {sentence} {context}" for year in _YEAR.findall(folded)):
        return "year"
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
    if kind == "price" and any(not near(t, said) for t in terms if t not in _PRICE_WORDS):
        return "priced"
    leaf = context.split(" > ")[-1]
    if kind == "price" and price_owner_miss(sentence, leaf, [t for t in terms if t not in _PRICE_WORDS]):
        return "priced"
    in_passage = said | set(nlp.tokenize(passage))
    if any(n not in in_passage and idf_share(n) >= NAME_COMMON_IDF for n in names):
        return "entity"
    if other_half(question, names, passage, idf_share, known):
        return "entity"  # "anna gasser" against "Anna Shcherbakova" (rule 21, session 15)
    if any(idf_share(head) >= 1.0 for head in phrase_heads(question)):
        return "entity"  # "the snowline backpack": a thing the base never names (rule 19, session 14)
    return ""


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
    the passage writes first in another pair ("anna gu" beside "Anna Gasser" and "Eileen Gu")."""
    pairs = set()
    for m in _NAME_PAIR.finditer(nlp.fold(passage)):
        first, last = nlp.tokenize(m.group(1)), nlp.tokenize(m.group(2))
        if len(first) == 1 and len(last) == 1:
            pairs.add((first[0], last[0]))
    surnames = {b for _, b in pairs} - lower
    firsts = {a for a, _ in pairs} - lower
    said = set(nlp.tokenize(passage))
    for i in range(1, len(asked)):
        word, other, own = asked[i - 1]
        stem = asked[i][1]
        if stem not in surnames or own or word in nlp.STOPWORDS or (other, stem) in pairs or other == stem:
            continue  # the word right before the surname (no stopword between) is the first name's place
        if other in anchors:
            if other in firsts:
                return True  # two names of the passage never written together ("anna gu")
            continue
        if len(word) >= 3 and idf_share(other) >= 1.0 and not any(nlp.one_edit(other, w) for w in said):
            return True
    return False


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


def constraints_words(text: str) -> list[str]:
    """Folded lower-case words, unstemmed (colour names are matched as written)."""
    return re.findall(r"[a-z]+", nlp.fold(text).lower())


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
