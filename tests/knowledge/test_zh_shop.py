"""A Chinese shop line read as the English shop question the catalogue answers (session 29, brief Z;
``knowledge.zh_shop``): the product through the CC-CEDICT subset's senses, the attribute from the closed
class of Chinese attribute names, the shop's terms without a product, a thing the shop lacks read as
asked of nothing."""

from __future__ import annotations

import threading
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from knowledge import catalogue, zh_shop

CATALOG = Path(zh_shop.__file__).parent / "sample" / "merch" / "catalog.md"


@pytest.fixture(scope="module")
def entries() -> tuple[catalogue.Entry, ...]:
    text = CATALOG.read_text(encoding="utf-8")
    chunks = []
    for section in text.split("\n## ")[1:]:
        heading, _, body = section.partition("\n")
        chunks.append(
            SimpleNamespace(text=body.strip(), span=f"Snowline Shop > {heading.strip()}", source="catalog.md")
        )
    return catalogue.entries(chunks)


@pytest.mark.parametrize(
    ("line", "question"),
    [
        ("卫衣多少钱", "how much is the Snowline Logo Hoodie?"),  # 卫衣 "sweatshirt" heads 连帽卫衣 "hoodie"
        ("我想买一个马克杯", "how much is the Ice Crystal Mug?"),
        ("围巾是什么材质的", "what is the Slope Scarf made of?"),
        ("手套有什么尺码", "what sizes does the Warm Hands Mittens come in?"),
        ("卫衣有粉色的吗", "does the Snowline Logo Hoodie come in pink?"),
        ("卫衣有XXL吗", "does the Snowline Logo Hoodie come in size XXL?"),
        ("hoodie多少钱", "how much is the Snowline Logo Hoodie?"),
        ("可以退货吗", "can I return items?"),
        ("运费多少", "how much is shipping?"),
    ],
)
def test_a_chinese_shop_line_reads_as_the_english_question(
    entries: tuple[catalogue.Entry, ...], line: str, question: str
) -> None:
    read = zh_shop.reading(line, entries)
    assert read is not None and read.question == question, read


@pytest.mark.parametrize("line", ["滑雪板多少钱", "羽绒服有什么颜色"])
def test_a_thing_the_shop_lacks_is_asked_of_nothing(entries: tuple[catalogue.Entry, ...], line: str) -> None:
    read = zh_shop.reading(line, entries)
    assert read is not None and read.question is None and read.product == ""


@pytest.mark.parametrize("line", ["今天的比赛真精彩", "谷爱凌什么时候比赛", "how much is the hoodie"])
def test_a_line_that_asks_no_shop_attribute_is_no_shop_line(
    entries: tuple[catalogue.Entry, ...], line: str
) -> None:
    assert zh_shop.reading(line, entries) is None


def test_the_subset_carries_its_licence_and_is_no_whole_dictionary() -> None:
    head = zh_shop.GLOSS_FILE.read_text(encoding="utf-8").splitlines()[:20]
    assert any("CC BY-SA 4.0" in line for line in head) and any("MDBG" in line for line in head)
    words = zh_shop.glosses()
    assert "马克杯" in words and "mug" in words["马克杯"].senses
    assert 1000 < len(words) < 122143 // 4


# session 30, brief Z3: a product read from a sense naming its kind; an unread yes/no; the viewer's own word


@pytest.mark.parametrize("line", ["徽章多少钱"])  # "logo": no product's kind (水壶 left in session 31, Z1)
def test_a_word_meeting_only_another_word_of_a_name_reaches_no_product(
    entries: tuple[catalogue.Entry, ...], line: str
) -> None:
    read = zh_shop.reading(line, entries)
    assert read is not None and read.question is None and read.product == "", read


@pytest.mark.parametrize(
    ("line", "question"),
    [
        ("手机壳多少钱", "how much is the Ice Ribbon Phone Case?"),  # 手机 "phone" modifies an unread 壳
        ("帆布袋多少钱", "how much is the Chairlift Tote Bag?"),
        ("熊猫帽子多少钱", "how much is the Panda Beanie?"),  # 帽子 "hat" names the beanie's kind
        ("帆布袋尺寸是多少", "what sizes does the Chairlift Tote Bag come in?"),  # size asked, not canvas
        ("那个logo卫衣有几个码呀", "what sizes does the Snowline Logo Hoodie come in?"),
    ],
)
def test_a_product_is_read_from_its_kind_or_a_modifier_of_an_unread_head(
    entries: tuple[catalogue.Entry, ...], line: str, question: str
) -> None:
    read = zh_shop.reading(line, entries)
    assert read is not None and read.question == question, read


def test_a_head_word_before_the_verb_of_having_is_no_unread_head(
    entries: tuple[catalogue.Entry, ...],
) -> None:
    read = zh_shop.reading("徽章有吗", entries)
    assert read is None or read.product == "", read


def test_a_yes_no_whose_attribute_is_not_read_is_a_dont_know(entries: tuple[catalogue.Entry, ...]) -> None:
    read = zh_shop.reading("卫衣可以用洗衣机洗吗", entries)
    assert read is not None and read.question is None, read
    whole = zh_shop.reading("有卫衣吗", entries)  # wholly read: what it is, as before
    assert whole is not None and whole.question == "what is the Snowline Logo Hoodie?", whole


def test_a_value_keeps_the_viewers_own_word(entries: tuple[catalogue.Entry, ...]) -> None:
    read = zh_shop.reading("卫衣有红色的吗", entries)
    assert read is not None and read.question == "does the Snowline Logo Hoodie come in red?"
    assert read.said == "红色"


class _Store:
    def __init__(self) -> None:
        self.generation, self.ntotal, self.alive = 1, 14, np.ones(14, dtype=bool)


class _Base:
    """A base with a store: its searches counted (``sections`` reads them once per store generation)."""

    def __init__(self, entries: tuple[catalogue.Entry, ...]) -> None:
        self.lock, self.store, self.searches = threading.RLock(), _Store(), 0
        self.chunks = [SimpleNamespace(text=e.text, span=e.span, source=e.source) for e in entries]

    def search(self, query: str, k: int = 5, **_: Any) -> list[Any]:
        self.searches += 1
        return self.chunks[:k]


def test_the_shop_sections_are_read_once_per_store_generation(entries: tuple[catalogue.Entry, ...]) -> None:
    base = _Base(entries)
    first = zh_shop.sections(base)
    read = base.searches
    assert read > 0 and any(e.product is not None for e in first)
    assert zh_shop.read(base, "卫衣多少钱") is not None and base.searches == read  # grounding's read, the
    assert zh_shop.sections(base) is first and base.searches == read  # harm check's: no search again
    base.store.generation += 1  # an ingest: read again
    zh_shop.sections(base)
    assert base.searches > read


# session 31, brief Z (Z1): the everyday names viewers use, read through the kind gate


@pytest.mark.parametrize(
    ("line", "question"),
    [
        ("企鹅多少钱", "how much is the Pip the Penguin Plush?"),  # the penguin: the plush toy
        ("水壶多少钱", "how much is the Summit Water Bottle?"),  # not "watering can"
        ("水瓶多少钱", "how much is the Summit Water Bottle?"),  # not in the subset
    ],
)
def test_an_everyday_name_reaches_the_product_of_its_kind(
    entries: tuple[catalogue.Entry, ...], line: str, question: str
) -> None:
    read = zh_shop.reading(line, entries)
    assert read is not None and read.question == question, read


def test_an_everyday_name_asks_nothing_of_its_product(entries: tuple[catalogue.Entry, ...]) -> None:
    # 水瓶 "insulated bottle" is the name, not a property asked: "水瓶能放洗碗机吗" asks the dishwasher, which
    # the bottle's entry does not say (the don't-know), not "is the bottle insulated?"
    read = zh_shop.reading("水瓶能放洗碗机吗", entries)
    assert read is not None and read.product == "Summit Water Bottle" and read.question is None, read
    assert "水瓶座" in zh_shop.segment("水瓶座的人多吗")  # Aquarius, read whole: no bottle
