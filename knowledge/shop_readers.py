"""A product's attribute read from its catalogue entry (:mod:`knowledge.shop_attributes` decides the verdict).

One reader an attribute (:data:`READERS`: colour, size, material, care, capacity, price, code): from the
question and one :class:`knowledge.catalogue.Entry`, the value asked, whether the entry holds it, the entry's
values verbatim ("midnight navy or glacier white", "S to XL", "$49"), the host's statement of them, the
sentence they stand in, and whether the entry lists the attribute in full; None when the entry does not say.
The lexicons (colours, materials, care words, size codes) and the small helpers the readers share live here
too. Pure functions; nothing is fitted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge import nlp
from knowledge.catalogue import Entry

COLOURS = frozenset(
    "red orange yellow green blue navy purple violet pink brown black white grey gray silver gold golden "
    "beige cream teal turquoise maroon ivory khaki lime olive crimson scarlet charcoal".split()
)
MATERIALS = frozenset(
    "cotton polyester fleece acrylic ceramic porcelain wool merino cashmere steel stainless aluminium "
    "aluminum vinyl canvas enamel plastic metal leather silk nylon glass bamboo linen denim rubber silicone "
    "paper cardboard wood wooden recycled organic".split()
)
#: words a material is qualified with, said with it ("a heavy canvas bag": "heavy canvas", session 14)
MATERIALS_QUALIFIED = MATERIALS | frozenset(
    "heavy heavyweight light lightweight soft thick brushed pure".split()
)
#: care words as the stemmer writes them ("washable" -> "washable", "washing" -> "wash")
CARE = frozenset(
    nlp.tokenize("dishwasher microwave oven freezer wash washable washing dryer tumble iron bleach")
)
#: size codes, smallest first: a range "S to XL" holds every code between
SIZES = ("XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL")
ONE_SIZE = "one-size"
SIZE_WORDS = {"small": "S", "medium": "M", "large": "L", "extra small": "XS", "extra large": "XL"}

YESNO = re.compile(
    r"^\W*(?:(?!what|which|how|who|where|when|why)\w+\W+)?(?:is|are|does|do|can|could|will|would|has|have|did|"
    r"should)\b|,\s*(?:does|do|is|are) (?:it|they)\b"
)
DETERMINERS = frozenset("the a an that this those these your ur yo my any some one".split())
_AMOUNT_Q = re.compile(r"\$\s?(\d+(?:\.\d\d)?)|\b(\d+(?:\.\d\d)?)\s?(?:dollars|bucks|usd)\b")
_VOLUME = re.compile(r"\b(\d+(?:\.\d+)?)\s?(ml|l|litres?|liters?)\b", re.I)
_CODE = re.compile(r"\b[Pp]roduct code (?P<code>[A-Z0-9]+(?:-[A-Z0-9]+)+)")
_MADE = re.compile(
    r"\b(?P<verb>made (?:of|from)|knitted from|woven from)\s+(?P<what>[^.,;]+?)"
    r"(?=\s+and\s+(?:comes|is|has|it|keeps|holds)\b|[.,;]|$)"
)
_SIZE_LIST = re.compile(
    r"(?P<lead>\b(?:in\s+)?(?:(?:\w+\s+)?sizes?,?\s+))"
    r"(?P<list>(?:X{0,3}[SML]|X{1,3}L)(?:/(?:X{0,3}[SML]|X{1,3}L))*"
    r"(?:(?:,\s*|\s+(?:and|or|to)\s+)(?:X{0,3}[SML]|X{1,3}L)(?:/(?:X{0,3}[SML]|X{1,3}L))*)*)\b"
)
_ONE_SIZE = re.compile(r"\bone[- ]size\b", re.I)
#: "more than one size" counts sizes: it asks no size called one-size (session 27, brief Y4)
_COUNTED_ONE = re.compile(r"\b(?:more|fewer|less) than one\b|\bat least one\b")
_PRONOUN = re.compile(r"^(?:It|They)\b")


# --- the readers: (asked, held, values, statement, sentence) or None when the entry does not say ------------

#: (the value asked, whether the entry holds it, the entry's values, the statement, its sentence, whether the
#: entry lists the attribute in full: "in midnight navy or glacier white" does, "with a blue snowflake print"
#: colours a part of the product and does not)
_Read = tuple[str, bool, str, str, str, bool] | None


def _colour(q: str, entry: Entry) -> _Read:
    asked = [w for w in letter_words(q) if w in COLOURS]
    for sentence in entry.sentences():
        found = _colour_run(sentence)
        if found is None:
            continue
        values, lead = found
        held = set(letter_words(entry.text)) & COLOURS
        statement = (
            f"{_the(entry.name)} {_verb(entry, 'comes')} {lead}{values}"
            if lead
            else _stated(sentence, entry.name)
        )
        said = " and ".join(dict.fromkeys(asked))  # "not in black and pink"
        return said, all(w in held for w in asked), values, statement, sentence, lead == "in "
    return None


def _colour_run(sentence: str) -> tuple[str, str] | None:
    """The colours of a sentence as it writes them ("midnight navy or glacier white", "a blue snowflake
    print") and what leads to them ("in ", "with ", "with a "), or None."""
    tokens = list(re.finditer(r"[A-Za-z][A-Za-z-]*|[,;.()]", sentence))
    low = [t.group().lower() for t in tokens]
    first = next((i for i, w in enumerate(low) if w in COLOURS), None)
    if first is None:
        return None
    start = first
    if start > 0 and _modifier(low[start - 1]):
        start -= 1
    end = first
    i = first + 1
    while i < len(low):
        if low[i] in COLOURS:
            end = i
        elif low[i] in ("and", "or", ",") or _modifier(low[i]) and i + 1 < len(low) and low[i + 1] in COLOURS:
            pass
        else:
            break
        i += 1
    tail = end + 1
    while tail < len(low) and tail - end <= 2 and _modifier(low[tail]):
        tail += 1  # "a blue snowflake print", "red and white stripes"
    values = sentence[tokens[start].start() : tokens[tail - 1].end()]
    lead = ""
    before = low[max(0, start - 2) : start]
    if before[-1:] == ["in"]:
        lead = "in "
    elif before[-1:] == ["with"]:
        lead = "with "
    elif before == ["with", "a"]:
        lead = "with a "
    return values, lead


def _modifier(word: str) -> bool:
    return word.isalpha() and word not in nlp.STOPWORDS and word not in COLOURS and word not in ("and", "or")


def _size(q: str, entry: Entry) -> _Read:
    asked = size_codes(q)
    if not asked and YESNO.search(q):
        asked = _size_qualified(q, entry)  # "does the tee come in youth sizes": no size it lists (session 22)
    for sentence in entry.sentences():
        m = _SIZE_LIST.search(sentence)
        if m is not None:
            held = _size_set(m.group("list"))
            lead = m.group("lead").strip()
            statement = f"{_the(entry.name)} {_verb(entry, 'comes')} {lead} {m.group('list')}"
            return " ".join(asked), set(asked) <= held, m.group("list"), statement, sentence, True
        one = _ONE_SIZE.search(sentence)
        if one is not None:
            statement = f"{_the(entry.name)} {_verb(entry, 'is')} {ONE_SIZE}"
            return " ".join(asked), set(asked) <= {ONE_SIZE}, one.group(), statement, sentence, True
    return None


#: "<word> size(s)": a size asked by a word of the viewer's ("youth sizes", "kids size")
_SIZE_QUALIFIED = re.compile(r"\b([a-z][a-z'-]+)\s+sizes?\b")
#: words of quantity or kind before "sizes" that ask no size ("different sizes", "standard sizes")
_SIZE_NOT_ASKED = frozenset(
    "different many various several multiple available standard normal regular usual extra big small "
    "large".split()
)


def _size_qualified(q: str, entry: Entry) -> list[str]:
    """A size asked in a yes/no question by the word before "size(s)" that is none of the entry's words, no
    size, colour, stopword, comparative or superlative, nor a word of quantity ("youth sizes"; not "different
    sizes", "bigger sizes", "the hoodie sizes"): the entry, listing its sizes in full, does not have it."""
    own = set(nlp.tokenize(f"{entry.name} {entry.text}"))
    for m in _SIZE_QUALIFIED.finditer(q):
        word = m.group(1)
        if (
            word in nlp.STOPWORDS
            or word in DETERMINERS
            or word in COLOURS
            or word in _SIZE_NOT_ASKED
            or word in SIZE_WORDS
            or re.search(r"(?:er|est)$", word)
            or size_codes(word)
            or nlp.stem(word) in own
        ):
            continue
        return [m.group()]
    return []


def size_codes(text: str) -> list[str]:
    """The sizes a question names: codes ("xxs", "XL", "S/M"), the words for them ("medium"), one size."""
    out: list[str] = []
    low = text.lower()
    if _ONE_SIZE.search(_COUNTED_ONE.sub(" ", low)):
        out.append(ONE_SIZE)
    for words, code in sorted(SIZE_WORDS.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b(?:in|an?|size)\s+{words}\b", low) and code not in out:
            out.append(code)
    for m in re.finditer(r"(?<![\w'-])(x{1,3}[sl]|[sml])(?![\w'-])", text, re.I):
        code = m.group(1).upper()
        single = len(code) == 1
        if single and not (m.group(1).isupper() or re.search(r"\bsize\s*$", low[: m.start()])):
            continue  # a lone "s" or "m" of a viewer's typing is no size
        if code not in out:
            out.append(code)
    return out


def _size_set(listed: str) -> set[str]:
    held: set[str] = set()
    parts = re.split(r"\s*,\s*|\s+and\s+|\s+or\s+", listed)
    for part in parts:
        ends = re.split(r"\s+to\s+", part)
        if len(ends) == 2 and ends[0] in SIZES and ends[1] in SIZES:
            a, b = SIZES.index(ends[0]), SIZES.index(ends[1])
            held |= set(SIZES[min(a, b) : max(a, b) + 1])
        else:
            held |= {p for e in ends for p in e.split("/")}
    return held


def size_held(code: str, sentence: str) -> bool:
    """Whether ``sentence``'s size list holds the size ``code`` ("XXL" in "sizes S, M, L, XL and XXL", "L" in
    "sizes S to XL"; session 27)."""
    m = _SIZE_LIST.search(sentence)
    return m is not None and code in _size_set(m.group("list"))


def _material(q: str, entry: Entry) -> _Read:
    asked = [w for w in letter_words(q) if w in MATERIALS]
    own = set(nlp.tokenize(entry.text))
    held = all(nlp.stem(w) in own for w in asked)
    for sentence in entry.sentences():
        m = _MADE.search(sentence)
        if m is not None:
            what = m.group("what").strip()
            statement = f"{_the(entry.name)} {_verb(entry, 'is')} {m.group('verb')} {what}"
            return " ".join(asked), held, what, statement, sentence, False
    for sentence in entry.sentences():
        runs = re.findall(
            r"\b(?:(?:" + "|".join(MATERIALS_QUALIFIED) + r")\s+)*(?:" + "|".join(MATERIALS) + r")\b",
            sentence,
        )
        if runs:
            values = " and ".join(dict.fromkeys(runs))
            return (
                " ".join(asked),
                held,
                values,
                f"{_the(entry.name)} {_verb(entry, 'is')} {values}",
                sentence,
                False,
            )
    return None


def _care(q: str, entry: Entry) -> _Read:
    asked = [s for s in nlp.tokenize(q) if s in CARE]
    if "wash" in asked and "dishwasher" in asked:
        asked.remove("wash")
    for sentence in entry.sentences():
        said = set(nlp.tokenize(sentence)) & CARE
        if not said:
            continue
        m = re.search(
            r"\b(?:dishwasher|microwave|oven|freezer|machine|hand|tumble)[\w-]*(?:(?:,| and| or) "
            r"(?:dishwasher|microwave|oven|freezer|machine|hand|tumble)[\w-]*)*(?: (?:safe|washable|proof))?",
            sentence,
            re.I,
        )
        values = m.group() if m is not None else sentence
        verb = re.search(rf"\b(is|are) {re.escape(values)}", sentence) if m is not None else None
        statement = f"{_the(entry.name)} {verb.group(1)} {values}" if verb else _stated(sentence, entry.name)
        return _care_asked(asked), bool(asked) and set(asked) <= said, values, statement, sentence, False
    return None


_SAFE_IN = ("dishwasher", "microwave", "oven", "freezer")
_CARE_SAID = {
    "wash": "washable",
    "washable": "washable",
    "dryer": "safe in a dryer",
    "tumble": "safe to tumble dry",
    "iron": "safe to iron",
    "bleach": "safe to bleach",
}


def _care_asked(stems: Sequence[str]) -> str:
    """The care asked as a host says it: "oven-safe", "dishwasher and oven safe", "washable" (a viewer's
    "is the mug oven safe?" is answered "it doesn't say oven-safe", not "it doesn't mention oven")."""
    safe = [s for s in dict.fromkeys(stems) if s in _SAFE_IN]
    said = [f"{safe[0]}-safe"] if len(safe) == 1 else [f"{' and '.join(safe)} safe"] if safe else []
    said += [_CARE_SAID[s] for s in stems if s in _CARE_SAID]
    return " or ".join(dict.fromkeys(said))


def _capacity(q: str, entry: Entry) -> _Read:
    asked = _VOLUME.search(q)
    for sentence in entry.sentences():
        m = _VOLUME.search(sentence)
        if m is None:
            continue
        held = asked is None or abs(_ml(asked) - _ml(m)) < 1e-6
        statement = f"{_the(entry.name)} {_verb(entry, 'holds')} {m.group()}"
        return (asked.group() if asked else ""), held, m.group(), statement, sentence, True
    return None


def _ml(m: re.Match[str]) -> float:
    return float(m.group(1)) * (1.0 if m.group(2).lower() == "ml" else 1000.0)


def _price(q: str, entry: Entry) -> _Read:
    product = entry.product
    if product is None:
        return None
    m = _AMOUNT_Q.search(q)
    have = re.search(r"\d+(?:\.\d\d)?", product.amount.replace(",", ""))
    if have is None:
        return None
    asked = ""
    held = True
    if m is not None:
        value = float(m.group(1) or m.group(2))
        asked = f"${m.group(1) or m.group(2)}"
        held = abs(value - float(have.group())) < 0.005
    return asked, held, product.amount, product.said(), product.sentence, True


def _code(q: str, entry: Entry) -> _Read:
    asked = re.search(r"\b[a-z]{2}-[a-z]{2}-\d+\b", q)
    for sentence in entry.sentences():
        m = _CODE.search(sentence)
        if m is None:
            continue
        code = m.group("code")
        held = asked is None or asked.group().upper() == code
        statement = f"{_the(entry.name)}'s product code is {code}"
        return (asked.group().upper() if asked else ""), held, code, statement, sentence, True
    return None


READERS = {
    "colour": _colour,
    "size": _size,
    "material": _material,
    "care": _care,
    "capacity": _capacity,
    "price": _price,
    "code": _code,
}


# --- small helpers ---------------------------------------------------------------------------------------


def letter_words(text: str) -> list[str]:
    return re.findall(r"[a-z]+", nlp.fold(text).lower())


def _the(name: str) -> str:
    """ "the Slope Scarf"; "Pip the Penguin Plush" keeps no article before a name that has one."""
    return name if re.search(r"\bthe\b", name) else f"the {name}"


def _verb(entry: Entry, verb: str) -> str:
    """ "comes" / "come" as the entry writes its product (the Warm Hands Mittens cost $26 a pair)."""
    if entry.product is None or not entry.product.plural:
        return verb
    return {"is": "are", "has": "have"}.get(verb, verb[:-1] if verb.endswith("s") else verb)


def _stated(sentence: str, name: str) -> str:
    """The entry's sentence as the host says it, its leading "It"/"They" given the product's name."""
    out = _PRONOUN.sub(_the(name), sentence).rstrip(". ")
    return out[:1].lower() + out[1:] if out[:4] == "The " else out
