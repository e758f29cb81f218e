"""A Chinese viewer's shop line read against the English catalogue (session 29, brief Z).

The base is English: "卫衣多少钱" shares no word with "The Snowline Logo Hoodie costs $49." This module reads
such a line as the English shop question the catalogue already answers ("how much is the Snowline Logo
Hoodie?"), so the turn says the catalogue's own English fact in a Chinese frame; a line that asks the shop
about a thing it does not hold is read as asked and gets the honest don't-know.

1. **The attribute asked** (:data:`ATTRIBUTES`): a closed class, the Chinese names of the attributes the
   catalogue's entry reader answers (``knowledge.shop_attributes``: price, colour, size, material; the shop's
   terms: shipping, delivery, returns, discount), the verbs of buying and "what is it"; the first listed that
   the line holds, the terms first. A size code (``shop_readers.SIZES``: "XXL") or a colour (a dictionary word
   whose first sense is one of ``shop_readers.COLOURS``: 红色 "red") named asks whether the product comes in
   it, before any other product attribute.
2. **The product named**: the rest of the line is cut into words by longest match against ``zh_glosses.txt``
   (a subset of CC-CEDICT, CC BY-SA 4.0, built by ``python -m evals.build_zh_glosses``), and each word's
   English senses are matched against each product section's heading and text (``nlp.tokenize``): a word of
   the heading counts 2, of the text 1; through the kept words a word is the head of (卫衣 "sweatshirt" heads
   连帽卫衣 "hoodie") half that. Only words that name at most :data:`MAX_SECTIONS` sections count (a word
   every section says names none). The product is the section with the highest sum, where it reaches
   :data:`THRESHOLD` and no other section ties it.
3. **The question**: :data:`QUESTIONS`, the product's name put in; a question of the shop's terms needs no
   product. A product attribute or a verb of buying with no product reached is a shop question about
   something absent (:attr:`ZhAsk.question` None): the don't-know.

Pure but for :func:`read`, which lists the base's shop sections (``shop_prices.shop_entries``: searches).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from knowledge import nlp
from knowledge.catalogue import Entry
from knowledge.shop_readers import COLOURS, MATERIALS, SIZES

GLOSS_FILE = Path(__file__).with_name("zh_glosses.txt")
#: the least sum of word scores that names a product (fitted on the calibration rows of
#: shop_requests.jsonl's zh kinds and brief Z's own lines; docs/knowledge.md, "Session 29, brief Z")
THRESHOLD = 1.0
#: a word of more sections than this names no product
MAX_SECTIONS = 3
_HAN = re.compile(r"[\u4e00-\u9fff]")
_LONGEST = 8
_LATIN = re.compile(r"[A-Za-z][A-Za-z'-]*")

#: (attribute, its Chinese names): a closed class; first listed wins. ``buy`` is a verb of buying (the price
#: is said); the last four are the shop's terms (no product needed)
ATTRIBUTES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("returns", ("退货", "退款", "退换", "能退", "可以退", "退吗")),
    ("discount", ("折扣", "打折", "优惠", "折扣码", "优惠码")),
    ("shipping", ("运费", "邮费", "包邮", "免运费")),
    ("delivery", ("发货", "快递", "配送", "送货", "到货", "几天到", "多久到", "寄到", "邮寄")),
    ("colour", ("颜色", "什么色", "哪些色", "几种色", "配色")),
    ("size", ("尺码", "尺寸", "码数", "大小", "什么码", "几码", "号码")),
    ("material", ("材质", "材料", "面料", "什么做的", "啥做的", "成分")),
    ("price", ("多少钱", "价格", "价钱", "售价", "几块钱", "多少美元", "多少刀", "贵不贵", "贵吗", "怎么卖")),
    ("buy", ("想买", "购买", "买", "有卖", "卖不卖", "下单", "有没有")),
    ("measure", ("多大", "多长", "多高", "多重", "多宽", "容量")),
    ("what", ("是什么东西", "是什么", "什么东西", "是啥", "介绍一下")),
)
#: a yes/no question's Chinese forms: the particle at its end, or the A-not-A forms
_YES_NO = re.compile(r"[吗么嘛][？?！!。.\s]*$|能不能|可不可以|是不是|会不会|有没有")
TERMS = frozenset({"returns", "discount", "shipping", "delivery"})
_FIRST = ("returns", "discount", "shipping", "delivery", "price", "measure")
#: the English question each attribute asks ({p}: "the Snowline Logo Hoodie")
QUESTIONS = {
    "price": "how much is {p}?",
    "buy": "how much is {p}?",
    "colour": "what colours does {p} come in?",
    "size": "what sizes does {p} come in?",
    "material": "what is {p} made of?",
    "returns": "can I return items?",
    "discount": "is there a discount code?",
    "shipping": "how much is shipping?",
    "delivery": "how long does delivery take?",
    "measure": "how big is {p}?",
    "what": "what is {p}?",
    "yesno": "is {p} {v}?",
}
#: the English question a value named asks (:func:`value`; {v}: "XXL", "pink", "wool")
VALUE_QUESTIONS = {
    "size": "does {p} come in size {v}?",
    "colour": "does {p} come in {v}?",
    "material": "is {p} made of {v}?",
}
#: a size code written in the line ("卫衣有XXL吗"): the entry reader's own codes, not beside another letter
_SIZE = re.compile(r"(?<![A-Za-z])(" + "|".join(sorted(SIZES, key=len, reverse=True)) + r")(?![A-Za-z])")


@dataclass(frozen=True)
class ZhAsk:
    """A Chinese shop line read: the ``attribute`` asked, the ``product`` section named (its heading; "" for
    the shop's terms or none reached), its ``score``, and the English ``question`` the catalogue answers
    (None: a product attribute asked of nothing the catalogue holds, the don't-know)."""

    attribute: str
    product: str
    score: float
    question: str | None


@dataclass(frozen=True)
class _Word:
    senses: frozenset[str]
    heads: frozenset[str]
    first: str  # the first sense as written, lower-cased ("red")
    sense_texts: tuple[str, ...] = ()  # the senses as written


def chinese(text: str) -> bool:
    """Whether ``text`` is written in Chinese (holds a Han character)."""
    return _HAN.search(text) is not None


def attribute(text: str) -> str | None:
    """The attribute ``text`` asks (:data:`ATTRIBUTES`), or None. A size code, colour or material named
    (:func:`value`) asks whether the product comes in it or is made of it; a yes/no question that names no
    attribute asks of the product's own line (``yesno``)."""
    table = dict(ATTRIBUTES)
    # the shop's terms first ("卫衣可以退货吗" asks the returns), then a price or measure asked
    # ("红色围巾多少钱"), then a value named ("卫衣有XXL吗"), then the rest
    for name in _FIRST:
        if any(w in text for w in table[name]):
            return name
    found = value(text)
    if found is not None:
        return found[0]
    for name, words in ATTRIBUTES:
        if name not in _FIRST and any(w in text for w in words):
            return name
    return "yesno" if _YES_NO.search(text) else None


def value(text: str, entry: Entry | None = None) -> tuple[str, str] | None:
    """The first value the line names, as (attribute, English value): a size code (``SIZES``), a dictionary
    word whose first sense ends in a colour (``COLOURS``: 粉色 "pink", not its other sense "white"), or one
    with a sense ending in a material (``MATERIALS``: the sense the product ``entry``'s own text holds where
    one does, 羊毛 "fleece / wool": "wool" for the scarf, else the first); None for none."""
    m = _SIZE.search(text)
    if m is not None:
        return "size", m.group(1)
    own = set(nlp.tokenize(entry.text)) if entry is not None else set()
    for w in segment(text):
        word = _word(w)
        if word.first.split()[-1:] and word.first.split()[-1] in COLOURS:  # a colour word's own colour
            return "colour", word.first.split()[-1]
        found = [s.lower().split()[-1] for s in word.sense_texts if s.split()]
        found = [m for m in found if m in MATERIALS]
        if found:
            held = [m for m in found if set(nlp.tokenize(m)) & own]
            return "material", (held or found)[0]
    return None


@lru_cache(maxsize=1)
def glosses() -> dict[str, _Word]:
    """``zh_glosses.txt``: each word's sense tokens and those of the kept words it is the head of."""
    rows: dict[str, tuple[str, list[str]]] = {}
    for line in GLOSS_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        form, senses, of = (line.split("\t") + ["", ""])[:3]
        rows[form] = (senses, of.split())
    out = {}
    for form, (senses, heads) in rows.items():
        own = frozenset(nlp.tokenize(senses))
        headed = frozenset(t for h in heads if h in rows for t in nlp.tokenize(rows[h][0]))
        parts = tuple(x.strip() for x in senses.split(" / ") if x.strip())
        out[form] = _Word(own, headed - own, parts[0].lower() if parts else "", parts)
    return out


def segment(text: str) -> list[str]:
    """``text``'s dictionary words, by longest match from the left; the attribute words are cut out first."""
    for _, words in ATTRIBUTES:
        for w in words:
            text = text.replace(w, " ")
    known = glosses()
    out = []
    i = 0
    while i < len(text):
        for n in range(min(_LONGEST, len(text) - i), 1, -1):
            if text[i : i + n] in known:
                out.append(text[i : i + n])
                i += n
                break
        else:
            latin = _LATIN.match(text, i)
            if latin is None:
                i += 1
                continue
            if not _SIZE.fullmatch(latin.group()):  # an English word in the line ("hoodie多少钱"), as written
                out.append(latin.group())
            i = latin.end()
    return out


def _word(w: str) -> _Word:
    """A dictionary word's senses, or an English word's own tokens."""
    found = glosses().get(w)
    if found is not None:
        return found
    own = frozenset(nlp.tokenize(w))
    return _Word(own, frozenset(), w.lower(), (w,))


def scores(words: Sequence[str], entries: Sequence[Entry]) -> list[tuple[float, Entry]]:
    """Each product section's score for ``words`` (rule 2 of the module docstring), highest first."""
    products = [e for e in entries if e.product is not None]
    heads = [set(nlp.tokenize(e.name)) for e in products]
    texts = [set(nlp.tokenize(e.text)) for e in products]
    df: dict[str, int] = {}
    for h, t in zip(heads, texts, strict=True):
        for tok in h | t:
            df[tok] = df.get(tok, 0) + 1
    out = []
    for e, h, t in zip(products, heads, texts, strict=True):
        total = 0.0
        for w in words:
            word = _word(w)
            own = {x for x in word.senses if df.get(x, 0) <= MAX_SECTIONS}
            via = {x for x in word.heads if df.get(x, 0) <= MAX_SECTIONS}
            total += max(
                2.0 if own & h else 1.0 if own & t else 0.0,
                1.0 if via & h else 0.5 if via & t else 0.0,
            )
        out.append((total, e))
    return sorted(out, key=lambda s: -s[0])


def reading(text: str, entries: Sequence[Entry]) -> ZhAsk | None:
    """A Chinese line read as a shop question over the catalogue ``entries``, or None (no shop attribute or
    verb of buying asked, or not Chinese)."""
    if not chinese(text):
        return None
    asked = attribute(text)
    if asked is None:
        return None
    # a colour names a value, not a product ("卫衣有红色的吗": the scarf's red is not asked for)
    ranked = scores([w for w in segment(text) if _word(w).first not in COLOURS], entries)
    best = ranked[0] if ranked else (0.0, None)
    second = ranked[1][0] if len(ranked) > 1 else 0.0
    if asked in TERMS:
        return ZhAsk(asked, "", 0.0, QUESTIONS[asked])
    entry = best[1] if best[1] is not None and best[0] >= THRESHOLD and best[0] > second else None
    if entry is None:  # a yes/no or "what is it" of nothing the shop holds is no shop line
        return None if asked in ("yesno", "what") else ZhAsk(asked, "", best[0], None)
    name = entry.product.name if entry.product is not None else entry.name
    named = name if name.lower().startswith("the ") else f"the {name}"
    found = value(text, entry) if asked in (*VALUE_QUESTIONS, "buy", "yesno") else None
    if found is not None:
        return ZhAsk(found[0], name, best[0], VALUE_QUESTIONS[found[0]].format(p=named, v=found[1]))
    v = _own_word(text, entry) if asked == "yesno" else ""
    if asked == "yesno" and not v:
        asked = "what"  # "那个马克杯呢？": what it is
    return ZhAsk(asked, name, best[0], QUESTIONS[asked].format(p=named, v=v))


def _own_word(text: str, entry: Entry) -> str:
    """For a yes/no line: the first English word of a line word's senses that the product's own text holds
    and its heading does not ("能进微波炉吗": "microwave"), the line's last such word first (what a Chinese
    yes/no question asks stands at its end: "雪花马克杯能进微波炉吗"), or ""."""
    head, own = set(nlp.tokenize(entry.name)), set(nlp.tokenize(entry.text))
    for w in reversed(segment(text)):
        for sense in _word(w).sense_texts:
            for word in sense.split():
                t = nlp.tokenize(word)
                if t and t[0] in own and t[0] not in head:
                    return word.lower()
    return ""


def read(kb: Any, text: str) -> ZhAsk | None:
    """:func:`reading` over the base's shop sections (searches: call it off the event loop); None where the
    line asks no shop attribute or the base has no shop."""
    if not chinese(text) or attribute(text) is None:
        return None
    from knowledge.shop_prices import shop_entries  # here: only for Chinese shop lines

    entries = shop_entries(kb)
    if not any(e.product is not None for e in entries):
        return None
    return reading(text, entries)


__all__ = [
    "ATTRIBUTES",
    "QUESTIONS",
    "THRESHOLD",
    "ZhAsk",
    "attribute",
    "chinese",
    "read",
    "reading",
    "segment",
]
