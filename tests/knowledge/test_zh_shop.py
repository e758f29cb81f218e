"""A Chinese shop line read as the English shop question the catalogue answers (session 29, brief Z;
``knowledge.zh_shop``): the product through the CC-CEDICT subset's senses, the attribute from the closed
class of Chinese attribute names, the shop's terms without a product, a thing the shop lacks read as
asked of nothing."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

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
