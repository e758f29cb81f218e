"""A viewer's sad news, English and Chinese, gets sympathy, not a take-up (issue 14, session 31, brief W).

At c4f811a "too bad he passed away" got "I hear you.", "my cat is sick, vet tomorrow" "Say hi to your cat
for me!", "my grandma is in the hospital" "Thanks for telling me.", and a Chinese line's death or illness a
question about the Games ("我家猫昨天去世了，好难过" -> "你现场看过冬季项目的比赛吗？") or a farewell
("爷爷昨晚走了"). Real turns (``turns.say_fresh``: perception, the conversation decider, the composer,
the realizer); every line is written for this test (no evaluation set's)."""

from __future__ import annotations

import pytest

from agent.dialogue.quiet import LINES as QUIET
from agent.dialogue.sorrow import LINES as SORROW
from agent.dialogue.zh_sorrow import LINES as ZH
from tests.agent.dialogue.turns import say_fresh


def _sympathy() -> set[str]:
    lines = {x.format(name="Sam") for x in QUIET["casual"]["sorry"]}
    return lines | {x.format(name=", Sam") for kind in SORROW.values() for x in kind}


@pytest.mark.parametrize(
    "text",
    [
        "too bad he passed away",
        "my cat is sick, vet tomorrow",
        "my grandma is in the hospital",
        "my hamster passed last night",
        "we had to put our old dog down yesterday",
        "the coach died in a car crash this morning",
        "my girlfriend broke up with me today",
        "feeling so alone since my husband left for work overseas",
    ],
)
async def test_sad_news_gets_sympathy(text: str) -> None:
    reply = await say_fresh(text)
    assert reply.text.strip() in _sympathy(), reply.text
    assert "say hi" not in reply.text.lower()


@pytest.mark.parametrize(
    "text, before",
    [
        ("my dog missed the ball lol", "Say hi to your dog"),
        ("my cat is fine now after the vet", "Say hi to your cat"),
        ("this stream is sick", ""),
        ("my phone died", ""),
        ("my cat knocked over my coffee again", "Say hi to your cat"),
        ("i'm so happy my dog got better", "Say hi to your dog"),
    ],
)
async def test_neighbour_lines_get_no_sympathy(text: str, before: str) -> None:
    reply = await say_fresh(text)
    assert reply.text.strip() not in {x.format(name="Sam") for x in QUIET["casual"]["sorry"]}, reply.text
    assert before in reply.text, reply.text


@pytest.mark.parametrize(
    "text, kind",
    [
        ("我家猫昨天去世了，好难过", "death"),
        ("爷爷昨晚走了，睡不着", "death"),
        ("我爸爸住院了，在医院陪他看直播", "ill"),
        ("和女朋友分手了，好伤心", "sad"),
        ("听说那位老教练去世了，太可惜了", "other"),
    ],
)
async def test_chinese_sad_news_gets_a_chinese_kind_line(text: str, kind: str) -> None:
    reply = await say_fresh(text)
    assert reply.text.strip() in {f"Sam，{x}" for x in ZH[kind]}, reply.text


@pytest.mark.parametrize(
    "text", ["笑死我了，这个摔得太搞笑了", "我快累死了，今天跑了十公里", "这个选手走了狗屎运", "我家猫在睡觉"]
)
async def test_chinese_neighbour_lines_get_no_kind_line(text: str) -> None:
    reply = await say_fresh(text)
    assert reply.text.strip() not in {f"Sam，{x}" for lines in ZH.values() for x in lines}, reply.text
