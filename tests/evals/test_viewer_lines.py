"""The viewer-lines scorer on hand-made replies (never the data's rows or the turn)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from evals import viewer_lines as vl
from evals.shop_requests import CATALOG, Product, load_catalog


@pytest.fixture(scope="module")
def catalog() -> list[Product]:
    return load_catalog()


def row(
    kind: str, text: str = "-", products: list[str] | None = None, facts: list[str] | None = None
) -> dict[str, Any]:
    return {"id": "t1", "text": text, "kind": kind, "products": products or [], "facts": facts or []}


def got(r: dict[str, Any], reply: str, catalog: list[Product], act: str = "answer") -> str:
    return vl.outcome(r, [{"act": act, "text": reply}], catalog)


def test_silent_and_refusal_are_never_right(catalog: list[Product]) -> None:
    r = row("zh_absent")
    assert vl.outcome(r, [], catalog) == "silent"
    assert got(r, "  ", catalog) == "silent"
    assert got(r, "Sorry, I can't help with that.", catalog, act="refuse") == "refusal"
    assert got(r, "Sorry, we don't carry that.", catalog) == "right"


def test_gift_request_names_only_fitting_products(catalog: list[Product]) -> None:
    r = row("gift_request", products=["Podium Pin Set", "Three Zones Poster"])
    assert got(r, "The Podium Pin Set is $12!", catalog) == "right"
    assert got(r, "Try the poster or the pin set.", catalog) == "right"
    assert got(r, "The poster, or the Snowline Logo Hoodie.", catalog) == "wrong"
    assert got(r, vl.ABSTAIN, catalog) == "wrong"


def test_gift_statement_names_only_what_the_line_names(catalog: list[Product]) -> None:
    r = row("gift_statement", text="my panda beanie came today")
    assert got(r, "Enjoy the beanie, it suits the cold!", catalog) == "right"
    assert got(r, "That's lovely to hear.", catalog) == "right"
    assert got(r, "Nice! Add the Slope Scarf for $28.", catalog) == "wrong"
    assert got(r, "Hmm, I'm not sure about that.", catalog) == "wrong"


def test_shop_misread_answerable_and_not(catalog: list[Product]) -> None:
    r = row("shop_misread", products=["Slope Scarf"], facts=["SL-SC-04"])
    assert got(r, "The Slope Scarf's product code is SL-SC-04.", catalog) == "right"
    assert got(r, "Product code SL-SC-04.", catalog) == "right"  # the fact alone answers
    assert got(r, "The Slope Scarf costs $28.", catalog) == "wrong"
    assert got(r, "Scarf SL-SC-04, or the Panda Beanie.", catalog) == "wrong"
    cheap = row("shop_misread", products=["Snowflake Sticker Pack", "Goggle Strap Keychain"])
    assert got(cheap, "The Snowflake Sticker Pack is $6.", catalog) == "right"
    assert got(cheap, "Anything under $10, sure!", catalog) == "wrong"  # no facts: a product must be named
    assert got(cheap, "The keychain, or the Ice Crystal Mug.", catalog) == "wrong"
    fact = row("shop_misread", facts=["$6"])
    assert got(fact, "Standard shipping costs $6; free over $60.", catalog) == "right"
    assert got(fact, "Shipping is free on orders over $60.", catalog) == "wrong"
    none = row("shop_misread", text="any deal on the mug?")
    assert got(none, "Sorry, the shop doesn't list any deals on the mug.", catalog) == "right"
    assert got(none, vl.ABSTAIN, catalog) == "right"
    assert got(none, "Sorry, no deals, but the Panda Beanie is $22.", catalog) == "wrong"
    assert got(none, "Yes! Get it in the shop.", catalog) == "wrong"


def test_loss_wants_no_product_no_dont_know_no_cheer(catalog: list[Product]) -> None:
    r = row("loss")
    assert got(r, "I'm so sorry. Take care of yourself.", catalog) == "right"
    assert got(r, "Oh no, I'm so sorry. Sending love.", catalog) == "right"
    for reply in (
        "Great!", "Thanks for sharing!", "Noted.", "Fair point.", "Love that!", "Cool 👍", "Congrats!",
        "Honestly, I don't know.", "Sorry to hear that. The Warm Hands Mittens might cheer you up.",
    ):  # fmt: skip
        assert got(r, reply, catalog) == "wrong", reply
    assert not vl.cheers("a greatly missed friend")  # whole words only


def test_zh_absent_allows_a_product_only_beside_a_decline(catalog: list[Product]) -> None:
    r = row("zh_absent")
    assert got(r, "抱歉，没有蓝色的：The Slope Scarf comes in red and white stripes.", catalog) == "right"
    assert got(r, "被你问住了，我的资料里没有。", catalog) == "right"
    assert got(r, "没有哦。推荐 Goggle Strap Keychain，$9！", catalog) == "wrong"
    assert got(r, "The Slope Scarf has red and white stripes.", catalog) == "wrong"


def test_zh_unknown_declines_without_the_products_details(catalog: list[Product]) -> None:
    r = row("zh_unknown", products=["Summit Water Bottle"])
    assert got(r, "这个我不知道，资料里没写。", catalog) == "right"
    assert got(r, "Sorry, the catalogue doesn't say.", catalog) == "right"
    assert got(r, "Sorry, I don't know; it is 750 ml.", catalog) == "wrong"
    assert got(r, "不清楚，不过它是不锈钢的。", catalog) == "wrong"
    assert got(r, "Not sure, but it's stainless steel.", catalog) == "wrong"
    assert got(r, "The Summit Water Bottle costs $24.", catalog) == "wrong"
    numbers, words = vl.details(next(p for p in catalog if p.heading == "Summit Water Bottle"))
    assert "05" not in numbers and "24" in numbers and "steel" in words


def test_zh_known_states_every_fact(catalog: list[Product]) -> None:
    r = row("zh_known", products=["Warm Hands Mittens"], facts=["S/M", "L/XL"])
    assert got(r, "The Warm Hands Mittens come in two sizes, S/M and L/XL.", catalog) == "right"
    assert got(r, "They come in S/M.", catalog) == "wrong"


def test_each_baseline_scores_low_on_some_kind(catalog: list[Product]) -> None:
    rows = [
        row("gift_request", products=["Ice Crystal Mug"]),
        row("loss"),
        row("zh_absent"),
        row("zh_known", facts=["$49"]),
    ]
    quiet: list[list[dict[str, Any]]] = [[] for _ in rows]
    result = vl.score(rows, quiet, catalog)
    kinds = result["kinds"]
    assert kinds["gift_request"]["abstain_right"] == 0 and kinds["loss"]["abstain_right"] == 0
    assert kinds["zh_absent"]["abstain_right"] == 1
    assert kinds["loss"]["cheapest_right"] == 0 and kinds["zh_absent"]["cheapest_right"] == 0
    assert result["all"]["silent"] == 4 and result["all"]["right"] == 0


def test_main_prints_aggregates_not_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "lines.jsonl"
    lines = [row("loss", text="unmistakable line one"), row("zh_known", text="另一句", facts=["$9"])]
    data.write_text(
        "".join(json.dumps({**r, "split": "calibration"}) + "\n" for r in lines), encoding="utf-8"
    )
    monkeypatch.setattr(vl, "DATA", data)
    monkeypatch.setattr(vl, "turn_acts", lambda text: [{"act": "answer", "text": "I'm so sorry."}])
    assert vl.main(["--split", "calibration"]) == 0
    out = capsys.readouterr().out
    assert "unmistakable" not in out and "另一句" not in out and "I'm so sorry" not in out
    assert "loss" in out and "1 /   1" in out
    assert vl.main(["--split", "calibration", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["all"]["right"] == 1 and set(result) == {"split", "kinds", "all"}


def test_data_file_is_well_formed(catalog: list[Product]) -> None:
    heads = {p.heading for p in catalog}
    text = " ".join(CATALOG.read_text(encoding="utf-8").split())
    rows = [json.loads(line) for line in vl.DATA30.read_text(encoding="utf-8").splitlines()]
    assert Counter(r["kind"] for r in rows) == {
        "gift_request": 20, "gift_statement": 15, "shop_misread": 15, "loss": 15,
        "zh_absent": 12, "zh_unknown": 10, "zh_known": 10,
    }  # fmt: skip
    assert len({r["id"] for r in rows}) == 97 and all(r["id"].startswith("o") for r in rows)
    assert [r["kind"] for r in rows] == sorted((r["kind"] for r in rows), key=vl.KINDS.index)
    assert sum(r["split"] == "calibration" for r in rows) == 34
    n_of: Counter[str] = Counter()
    for r in rows:
        n_of[r["kind"]] += 1
        assert r["split"] == ("calibration" if n_of[r["kind"]] % 3 == 1 else "test")
        assert r["lang"] == ("zh" if r["kind"].startswith("zh_") else "en")
        assert set(r["products"]) <= heads
        assert all(f in text for f in r["facts"])
        if r["kind"] in ("gift_statement", "loss", "zh_absent"):
            assert not r["products"] and not r["facts"]
        if r["kind"] in ("gift_request", "zh_unknown"):
            assert r["products"] and not r["facts"]
        if r["kind"] == "zh_known":
            assert r["facts"]
