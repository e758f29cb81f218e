"""Chinese sad news read by kind (agent.dialogue.zh_sorrow)."""

from __future__ import annotations

import pytest

from agent.dialogue.zh_sorrow import zh_kind_line, zh_sorrow_kind


@pytest.mark.parametrize(
    "text",
    [
        "朋友出车祸走了 还是不敢相信",  # a friend died in a car crash: a death, not an injury
        "我朋友病了很久走了",
        "爷爷昨晚走了",
    ],
)
def test_a_death_after_an_accident_or_illness_is_a_death(text: str) -> None:
    assert zh_sorrow_kind(text) == "death"
    line = zh_kind_line(text)
    assert line is not None and "康复" not in line


@pytest.mark.parametrize("text", ["我朋友先走了", "我兄弟刚走了"])
def test_a_friend_who_leaves_is_not_dead(text: str) -> None:
    assert zh_sorrow_kind(text) != "death"


def test_an_injury_still_reads_as_ill() -> None:
    assert zh_sorrow_kind("我朋友出车祸住院了") == "ill"
