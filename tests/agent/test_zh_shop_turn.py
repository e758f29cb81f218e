"""A Chinese viewer's shop line answered from the English catalogue, through a real turn (session 29,
brief Z): perception reads the line as Chinese, grounding reads it as the English shop question
(``knowledge.zh_shop``) and the composer says the catalogue's own English fact in the realizer's
Chinese frame; a line about a thing the shop lacks gets the honest Chinese don't-know and names no
product. Before, every such line got the don't-know or small talk ("我想买一件卫衣" -> "朋友，哪位
运动员你最想关注？"). The sample base, the shipped persona."""

from __future__ import annotations

import re
from typing import Any

import pytest

from agent.assemble import AgentOptions, assemble_agent
from agent.events import Comment, User
from agent.runtime import AgentConfig

_HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def agent() -> Any:
    return assemble_agent(AgentOptions(voice="espeak", kb="sample", agent=AgentConfig(idle_tick_s=None)))


async def _say(agent: Any, text: str, viewer: str = "u-xue") -> Any:
    return await agent.respond(Comment(user=User(id=viewer, name="小雪"), text=text))


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        ("马克杯多少钱", ("Ice Crystal Mug", "$16")),
        ("我想买一件卫衣", ("Snowline Logo Hoodie", "$49")),
        ("围巾是什么材质的", ("Slope Scarf", "merino wool")),
        ("满多少包邮？", ("$60",)),
    ],
)
async def test_a_chinese_shop_line_is_answered_from_the_catalogue(
    agent: Any, line: str, facts: tuple[str, ...]
) -> None:
    reply = await _say(agent, line)
    assert reply.percept.language == "zh"
    assert reply.plan.act in ("answer", "clarify") and reply.percept.answer is not None
    for fact in facts:
        assert fact in reply.text, reply.text
    assert _HAN.search(reply.text), reply.text  # a Chinese frame around the English fact
    assert "不知道" not in reply.text and "没有" not in reply.text


async def test_a_colour_the_product_lacks_is_a_chinese_no(agent: Any) -> None:
    reply = await _say(agent, "卫衣有粉色的吗", viewer="u-pink")
    assert "没有" in reply.text and "midnight navy or glacier white" in reply.text, reply.text


@pytest.mark.parametrize("line", ["羽绒服有什么颜色", "滑雪板多少钱"])
async def test_a_chinese_line_about_something_absent_gets_a_dont_know(agent: Any, line: str) -> None:
    reply = await _say(agent, line, viewer="u-absent")
    assert reply.plan.act == "clarify" and reply.plan.branch == "rules/abstain", reply.plan
    assert _HAN.search(reply.text) and "$" not in reply.text, reply.text
    products = ("Hoodie", "Beanie", "Mug", "Scarf", "Bottle", "Tee", "Pin", "Sticker", "Bag", "Mittens")
    assert not any(p in reply.text for p in products), reply.text


async def test_an_abusive_chinese_line_is_not_read_as_a_shop_question(agent: Any) -> None:
    reply = await _say(agent, "你这个傻逼卖的卫衣多少钱", viewer="u-rude")
    assert reply.percept.intent == "abuse" and reply.percept.answer is None  # its reading is kept
    assert "$" not in reply.text, reply.text


# session 30, brief Z3


async def test_a_word_naming_no_products_kind_gets_a_dont_know_not_a_product(agent: Any) -> None:
    reply = await _say(agent, "徽章多少钱", viewer="u-badge")  # 徽章 "logo": not the Logo Hoodie
    assert "Hoodie" not in reply.text and "$49" not in reply.text, reply.text
    assert reply.plan.act == "clarify", reply.plan


async def test_a_chinese_yes_no_the_catalogue_cannot_answer_gets_a_dont_know(agent: Any) -> None:
    reply = await _say(agent, "卫衣可以用洗衣机洗吗", viewer="u-wash")
    assert reply.plan.act == "clarify" and _HAN.search(reply.text), reply.text
    assert "$49" not in reply.text and "cotton" not in reply.text, reply.text  # not the whole entry


async def test_a_chinese_no_says_the_viewers_own_colour_word(agent: Any) -> None:
    reply = await _say(agent, "卫衣有红色的吗", viewer="u-red")
    assert "红色" in reply.text and "midnight navy or glacier white" in reply.text, reply.text
    assert "red的" not in reply.text and "没有red" not in reply.text, reply.text


# session 31, brief Z (Z1): the everyday names viewers use - 企鹅 (the penguin: Pip the Penguin Plush),
# 水壶 水瓶 (the water bottle) - reach the product through its kind; 水瓶座 (Aquarius) names none


@pytest.mark.parametrize(
    ("line", "facts"),
    [
        ("企鹅多少钱", ("$25",)),
        ("水壶多少钱", ("Summit Water Bottle", "$24")),
        ("水瓶多少钱", ("Summit Water Bottle", "$24")),
        ("水瓶可以装热水吗", ("Summit Water Bottle", "hot for 12 hours")),
    ],
)
async def test_an_everyday_name_reaches_the_product(agent: Any, line: str, facts: tuple[str, ...]) -> None:
    reply = await _say(agent, line, viewer="u-name")
    for fact in facts:
        assert fact in reply.text, reply.text
    assert _HAN.search(reply.text), reply.text


async def test_a_yes_no_the_entry_does_not_say_gets_a_dont_know(agent: Any) -> None:
    reply = await _say(agent, "水瓶能放洗碗机吗", viewer="u-dish")  # the bottle's entry says no dishwasher
    assert reply.plan.act == "clarify" and "dishwasher" not in reply.text, reply.text


async def test_aquarius_is_no_bottle(agent: Any) -> None:
    reply = await _say(agent, "水瓶座的人多吗", viewer="u-star")
    assert "Bottle" not in reply.text and "$" not in reply.text, reply.text
