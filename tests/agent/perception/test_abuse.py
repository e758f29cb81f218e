"""The abuse model: slurs in any spelling, ordinary chat left alone, F1 on the declared dev parts."""

from __future__ import annotations

import numpy as np
import pytest

from agent.perception.abuse import AbuseModel, find_slur, language, normalize, shared_abuse
from agent.perception.data import splits

needs_data = pytest.mark.skipif(
    not (splits.SHARED_DATA / "perception").is_dir(), reason="../shared/data/perception is absent"
)


@pytest.mark.parametrize(
    "text", ["N1GG3R", "n i g g e r", "xXn1ggaslayerXx", "f.a.g.g.o.t", "ＦＡＧＧＯＴ", "k y s", "你个黑鬼"]
)
def test_slurs_in_any_spelling(text: str) -> None:
    assert find_slur(text) is not None
    assert shared_abuse().is_abusive(text)


@pytest.mark.parametrize(
    "text",
    ["spicy food tonight", "raccoon city", "skys the limit", "WHEN ARE YOU COMING TO AMERICA", "晚上好"],
)
def test_innocent_words_are_not_slurs(text: str) -> None:
    assert find_slur(text) is None


def test_normalize_and_language() -> None:
    assert normalize("Sooooo  G00D @bob http://x.io") == "soo good xmention url"
    assert language("你好 hello") == "zh" and language("hello") == "en"


def test_ordinary_chat_is_not_abusive_and_insults_are() -> None:
    m = shared_abuse()
    assert m.flags(["WHEN ARE YOU COMING TO AMERICA", "hi all"]) == [False, False]
    ordinary = ["what a great run, thanks for the stream", "谢谢主播，今天的比赛太精彩了"]
    assert m.flags(ordinary) == [False, False]
    assert m.flags(["you are a worthless bitch"]) == [True]
    assert m.is_abusive("你就是个傻逼，滚") and m.is_abusive("you are an idiot")


def test_unreadable_model_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from agent.errors import PerceptionError

    bad = tmp_path / "abuse.npz"
    bad.write_bytes(b"not a zip")
    with pytest.raises(PerceptionError, match="cannot load abuse model"):
        AbuseModel.load(bad)


@needs_data
@pytest.mark.parametrize("lang,target", [("en", 0.85), ("zh", 0.75)])
def test_f1_on_a_dev_slice(lang: str, target: float) -> None:
    rows = splits.davidson() if lang == "en" else splits.cold()
    dev = [r for r in rows if r.part == "dev"][:800]
    y = np.array([r.label for r in dev])
    pred = np.array(shared_abuse().flags([r.text for r in dev], prior=None), dtype=int)
    tp = int(((pred == 1) & (y == 1)).sum())
    f1 = 2 * tp / (2 * tp + int((pred != y).sum()))
    assert f1 >= target
