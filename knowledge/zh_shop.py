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
   :data:`THRESHOLD` and no other section ties it, and where a word of the line **names its kind**
   (session 30, brief Z3: a sense holds one of ``catalogue.Product.kinds``, 帽子 "hat" for the Panda Beanie)
   or modifies a one-character head the dictionary lacks (手机|壳: "phone" for the Ice Ribbon Phone Case); a
   word that meets only another word of a name (徽章 "logo" and the Snowline Logo Hoodie) reaches nothing.
   The everyday names viewers use that the subset glosses otherwise or lacks (:data:`NAMES`: 企鹅 the penguin,
   水壶 水瓶 the bottle; session 31, brief Z1) are read as dictionary words, through the same gate.
3. **The question**: :data:`QUESTIONS`, the product's name put in; a question of the shop's terms needs no
   product. A product attribute or a verb of buying with no product reached is a shop question about
   something absent (:attr:`ZhAsk.question` None): the don't-know. So is a yes/no that names no value and
   none of the product's own words and is not wholly read (:func:`wholly_read`: "卫衣可以用洗衣机洗吗"):
   what it asks is not read (session 30, brief Z3); a wholly read one ("有卫衣吗") asks what it is.

Pure but for :func:`read`, which lists the base's shop sections (:func:`sections`: searches, once per store
generation).
"""

from __future__ import annotations

import re
import weakref
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
#: Chinese function characters a shop question carries beside its product and attribute: modal particles,
#: demonstratives, the interrogatives (什么, 多少, 几, 怎么, 哪), the numerals one and two, common measure
#: words, the copula (a closed grammatical class; session 29's K2, moved from ``agent.dialogue.zh_harm``)
FUNCTION = frozenset("的了吗呢啊呀吧么嘛哦哈啦这那哪什多少几怎一两个件条只双张款套顶本包支把块枚副盒是")
#: the verb of having: never the head of a product's name ("徽章有吗")
_HAVE = "有"
_LEFT = re.compile(r"[^\W_]")
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
    (
        "size",
        ("尺码", "尺寸", "码数", "大小", "什么码", "几码", "号码", "几个码", "多少码", "哪些码", "哪个码"),
    ),
    ("material", ("材质", "材料", "面料", "什么做的", "啥做的", "成分")),
    ("price", ("多少钱", "价格", "价钱", "售价", "几块钱", "多少美元", "多少刀", "贵不贵", "贵吗", "怎么卖")),
    ("buy", ("想买", "购买", "买", "有卖", "卖不卖", "下单", "有没有")),
    (
        "measure",
        ("多大", "多长", "多高", "多重", "多宽", "容量", "多少毫升", "多少厘米", "多少升", "能装多少"),
    ),
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
    said: str = ""  # the line's own word for the value asked (红色, "XXL"): said back in Chinese


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
    # ("红色围巾多少钱"), then a colour, size or material named, then a value ("卫衣有XXL吗"), then the rest
    for name in _FIRST:
        if any(w in text for w in table[name]):
            return name
    for name in VALUE_QUESTIONS:  # a colour, size or material named asks it ("帆布袋尺寸是多少": size)
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
    found = value_word(text, entry)
    return None if found is None else (found[0], found[1])


def value_word(text: str, entry: Entry | None = None) -> tuple[str, str, str] | None:
    """:func:`value`, with the line's own word it was read from (红色; a size code as written): what the
    viewer is told back in Chinese (session 30, brief Z3)."""
    m = _SIZE.search(text)
    if m is not None:
        return "size", m.group(1), m.group(1)
    own = set(nlp.tokenize(entry.text)) if entry is not None else set()
    for w in segment(text):
        word = _word(w)
        if word.first.split()[-1:] and word.first.split()[-1] in COLOURS:  # a colour word's own colour
            return "colour", word.first.split()[-1], w
        found = [s.lower().split()[-1] for s in word.sense_texts if s.split()]
        found = [m for m in found if m in MATERIALS]
        if found:
            held = [m for m in found if set(nlp.tokenize(m)) & own]
            return "material", (held or found)[0], w
    return None


#: the everyday names viewers give the shop's things that the dictionary subset glosses otherwise (水壶
#: "watering can") or lacks (水瓶), from fit lines (session 31, brief Z1; docs/knowledge.md): read as
#: dictionary words, each reaching a product only through the kind gate (:func:`_reached`: "bottle" reaches
#: a product only where the catalogue's own kinds say bottle). 水瓶座 (Aquarius) is a longer everyday word
#: the table's 水瓶 begins that names no product: longest match reads it first
NAMES = {
    "企鹅": "penguin / plush penguin",
    "水壶": "water bottle / insulated bottle",
    "水瓶": "water bottle / insulated bottle",
    "水瓶座": "Aquarius",
}


@lru_cache(maxsize=1)
def glosses() -> dict[str, _Word]:
    """``zh_glosses.txt``: each word's sense tokens and those of the kept words it is the head of."""
    rows: dict[str, tuple[str, list[str]]] = {}
    for line in GLOSS_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        form, senses, of = (line.split("\t") + ["", ""])[:3]
        rows[form] = (senses, of.split())
    rows.update((form, (senses, [])) for form, senses in NAMES.items())  # the viewers' names (s31, Z1)
    out = {}
    for form, (senses, heads) in rows.items():
        own = frozenset(nlp.tokenize(senses))
        headed = frozenset(t for h in heads if h in rows for t in nlp.tokenize(rows[h][0]))
        parts = tuple(x.strip() for x in senses.split(" / ") if x.strip())
        out[form] = _Word(own, headed - own, parts[0].lower() if parts else "", parts)
    return out


def segment(text: str) -> list[str]:
    """``text``'s dictionary words, by longest match from the left; the attribute words are cut out first."""
    return [w for w, _ in _cut(text)]


def _cut(text: str) -> list[tuple[str, bool]]:
    """:func:`segment`'s words, each with whether it modifies an **unread head**: one Han character right
    after it that no dictionary word covers, no function character (:data:`FUNCTION`), not the verb of
    having, and that ends the phrase (the line's end, a non-Han character - a cut attribute word's space,
    punctuation, a letter - or a function character follows): 手机|壳, 帆布|袋, heads the subset lacks."""
    for _, words in ATTRIBUTES:
        for w in words:
            text = text.replace(w, " ")
    known = glosses()
    out: list[tuple[str, int]] = []
    unread = set()
    i = 0
    while i < len(text):
        for n in range(min(_LONGEST, len(text) - i), 1, -1):
            if text[i : i + n] in known:
                out.append((text[i : i + n], i + n))
                i += n
                break
        else:
            latin = _LATIN.match(text, i)
            if latin is None:
                unread.add(i)
                i += 1
                continue
            if not _SIZE.fullmatch(latin.group()):  # an English word in the line ("hoodie多少钱"), as written
                out.append((latin.group(), latin.end()))
            i = latin.end()

    def head(j: int) -> bool:
        after = text[j + 1 : j + 2]
        return (
            j in unread
            and _HAN.match(text[j]) is not None
            and text[j] not in FUNCTION
            and text[j] != _HAVE
            and (not after or _HAN.match(after) is None or after in FUNCTION)
        )

    return [(w, head(end)) for w, end in out]


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
    cut = [(w, head) for w, head in _cut(text) if _word(w).first not in COLOURS]
    ranked = scores([w for w, _ in cut], entries)
    best = ranked[0] if ranked else (0.0, None)
    second = ranked[1][0] if len(ranked) > 1 else 0.0
    if asked in TERMS:
        return ZhAsk(asked, "", 0.0, QUESTIONS[asked])
    entry = best[1] if best[1] is not None and best[0] >= THRESHOLD and best[0] > second else None
    if entry is not None and not _reached(cut, entry, entries):
        entry = None  # "徽章" ("logo") names no product of the Snowline Logo Hoodie's kind
    if entry is None:  # a yes/no or "what is it" of nothing the shop holds is no shop line
        return None if asked in ("yesno", "what") else ZhAsk(asked, "", best[0], None)
    name = entry.product.name if entry.product is not None else entry.name
    named = name if name.lower().startswith("the ") else f"the {name}"
    found = value_word(text, entry) if asked in (*VALUE_QUESTIONS, "buy", "yesno") else None
    if found is not None and asked in VALUE_QUESTIONS and found[0] != asked:
        found = None  # "帆布袋尺寸是多少": the size asked, not the canvas of the tote's own name
    if found is not None:
        question = VALUE_QUESTIONS[found[0]].format(p=named, v=found[1])
        return ZhAsk(found[0], name, best[0], question, found[2])
    v = _own_word(text, entry) if asked == "yesno" else ""
    if asked == "yesno" and not v:
        if not wholly_read(text, entries, entry):  # "卫衣可以用洗衣机洗吗": what it asks is not read
            return ZhAsk(asked, name, best[0], None)
        asked = "what"  # "有卫衣吗": what it is
    return ZhAsk(asked, name, best[0], QUESTIONS[asked].format(p=named, v=v))


def _reached(cut: Sequence[tuple[str, bool]], entry: Entry, entries: Sequence[Entry]) -> bool:
    """Whether a word of the line names ``entry``'s product: a sense of the word (its own, or of the kept
    compounds it heads) holds one of the product's kinds (``catalogue.Product.kinds``: 手套 "mitten"), or the
    word modifies a head the dictionary lacks (:func:`_cut`: 手机|壳) and scores for the product. A word that
    meets only another word of the product's name ("logo") reaches nothing (session 30, brief Z3)."""
    kinds = entry.product.kinds if entry.product is not None else frozenset()
    for w, head in cut:
        word = _word(w)
        if (word.senses | word.heads) & kinds:
            return True
        if head and any(s > 0 and e is entry for s, e in scores([w], entries)):
            return True
    return False


def wholly_read(text: str, entries: Sequence[Entry], entry: Entry) -> bool:
    """Whether ``text`` is wholly a question about ``entry``'s product: less its attribute words, its
    dictionary words that score for the product or name a value, and the function characters
    (:data:`FUNCTION`), no letter or digit and at most one Han character is left (a one-character morpheme
    of the product's compound: "手机壳" is cut as "手机" and "壳" is left). Session 29's harm-check rule
    (brief K2), shared with ``agent.dialogue.zh_harm``."""
    rest = text
    for _, words in ATTRIBUTES:
        for w in words:
            rest = rest.replace(w, " ")
    for w in segment(text):
        scored = {id(e): s for s, e in scores([w], entries)}
        if scored.get(id(entry), 0.0) > 0 or value(w) is not None:
            rest = rest.replace(w, " ", 1)
    left = [c for c in _LEFT.findall(rest) if c not in FUNCTION]
    return len(left) <= 1 and all(_HAN.match(c) for c in left)


def _own_word(text: str, entry: Entry) -> str:
    """For a yes/no line: the first English word of a line word's senses that the product's own text holds
    and its heading does not ("能进微波炉吗": "microwave"), the line's last such word first (what a Chinese
    yes/no question asks stands at its end: "雪花马克杯能进微波炉吗"), or ""."""
    head, own = set(nlp.tokenize(entry.name)), set(nlp.tokenize(entry.text))
    for w in reversed(segment(text)):
        if w in NAMES:  # the viewers' name of the product ("insulated bottle") asks nothing of it
            continue
        for sense in _word(w).sense_texts:
            for word in sense.split():
                t = nlp.tokenize(word)
                if t and t[0] in own and t[0] not in head:
                    return word.lower()
    return ""


def read(kb: Any, text: str) -> ZhAsk | None:
    """:func:`reading` over the base's shop sections (:func:`sections`: call it off the event loop); None
    where the line asks no shop attribute or the base has no shop."""
    if not chinese(text) or attribute(text) is None:
        return None
    entries = sections(kb)
    if not any(e.product is not None for e in entries):
        return None
    return reading(text, entries)


#: per store, the (generation, size, live chunks) its shop sections were read at, and the sections
_SECTIONS: weakref.WeakKeyDictionary[Any, tuple[tuple[int, int, int], tuple[Entry, ...]]] = (
    weakref.WeakKeyDictionary()
)


def sections(kb: Any) -> tuple[Entry, ...]:
    """The base's shop sections (``shop_prices.shop_entries``: two searches), read once per store generation
    and size where the base has a store (session 30, brief Z3): a Chinese shop line is read by grounding and
    by the harm check (``agent.dialogue.zh_harm``) in the same turn, and each read them again before."""
    from knowledge.shop_prices import shop_entries  # here: only for Chinese shop lines

    lock, store = getattr(kb, "lock", None), getattr(kb, "store", None)
    if lock is None or store is None:  # another base: read each time
        return shop_entries(kb)
    with lock:  # the base's searches take it too (reentrant): no ingest between the version and the read
        version = (int(store.generation), int(store.ntotal), int(store.alive.sum()))  # a removal too
        try:
            held = _SECTIONS.get(store)
        except TypeError:  # no weak reference to this store: read each time
            return shop_entries(kb)
        if held is not None and held[0] == version:
            return held[1]
        found = shop_entries(kb)
        _SECTIONS[store] = (version, found)
        return found


__all__ = [
    "ATTRIBUTES",
    "FUNCTION",
    "NAMES",
    "QUESTIONS",
    "THRESHOLD",
    "ZhAsk",
    "attribute",
    "chinese",
    "read",
    "reading",
    "sections",
    "segment",
    "value",
    "value_word",
    "wholly_read",
]
