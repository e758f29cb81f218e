"""The shop-request scorer on hand-made replies (never the data's rows or the turn)."""

from __future__ import annotations

import json

import pytest

from evals import shop_requests as sr


@pytest.fixture(scope="module")
def catalog() -> list[sr.Product]:
    return sr.load_catalog()


def row(kind: str, products: list[str] | None = None, facts: list[str] | None = None) -> dict[str, object]:
    return {"id": "t1", "text": "-", "kind": kind, "products": products or [], "facts": facts or []}


def test_catalog_products_in_order(catalog: list[sr.Product]) -> None:
    assert catalog[0].heading == "Snowline Logo Hoodie"
    assert len(catalog) == 14
    assert all("Ordering" not in p.heading for p in catalog)
    assert min(catalog, key=lambda p: p.price).heading == "Snowflake Sticker Pack"


def test_fact_folds_case_and_spaces_but_not_longer_numbers() -> None:
    assert sr.holds_fact("It holds 750ML.", "750 ml")
    assert sr.holds_fact("code snowfam at checkout", "SNOWFAM")
    assert not sr.holds_fact("free shipping over $60", "$6")
    assert sr.holds_fact("shipping is $6, free over $60", "$6")
    assert not sr.holds_fact("it is 1180 cm", "180 cm")


def test_names_heading_last_word_and_long_front(catalog: list[sr.Product]) -> None:
    assert sr.names("The Panda Beanie is cute", catalog) == {"Panda Beanie"}
    assert sr.names("our mug is ceramic", catalog) == {"Ice Crystal Mug"}
    assert sr.names("Pip the Penguin is our mascot", catalog) == {"Pip the Penguin Plush"}
    assert sr.names("in that case, a set of stickers", catalog) == set()
    assert sr.names("the Podium Pin Set", catalog) == {"Podium Pin Set"}
    assert sr.names("guaranteed fun", catalog) == set()  # "tee" inside a word names nothing


def test_zh_product_needs_facts_and_the_product(catalog: list[sr.Product]) -> None:
    r = row("zh_product", ["Slope Scarf"], ["$28"])
    assert sr.outcome(r, "The Slope Scarf costs $28.", catalog) == "right"
    assert sr.outcome(r, "The scarf is $28!", catalog) == "right"
    assert sr.outcome(r, "It costs $28.", catalog) == "wrong"
    assert sr.outcome(r, "The Slope Scarf is lovely.", catalog) == "wrong"
    assert sr.outcome(r, "", catalog) == "no_reply"
    assert sr.outcome(r, None, catalog) == "no_reply"


def test_zh_policy_needs_every_fact(catalog: list[sr.Product]) -> None:
    r = row("zh_policy", facts=["3 to 5 business days"])
    assert sr.outcome(r, "US delivery takes 3 to 5 business days.", catalog) == "right"
    assert sr.outcome(r, "Delivery is quick!", catalog) == "wrong"


def test_zh_absent_needs_a_decline(catalog: list[sr.Product]) -> None:
    r = row("zh_absent")
    assert sr.outcome(r, "Sorry, we don't carry that.", catalog) == "right"
    assert sr.outcome(r, "抱歉，我们没有这个。", catalog) == "right"
    assert sr.outcome(r, "Yes! Get it in the shop.", catalog) == "wrong"
    assert sr.outcome(r, "No problem, it's in the shop.", catalog) == "wrong"


def test_gift_names_only_fitting_products(catalog: list[sr.Product]) -> None:
    r = row("gift", ["Summit Water Bottle", "Chairlift Tote Bag"])
    assert sr.outcome(r, "The Summit Water Bottle would be perfect!", catalog) == "right"
    assert sr.outcome(r, "Try the tote bag or the bottle.", catalog) == "right"
    assert sr.outcome(r, "The bottle, or the Snowline Logo Hoodie.", catalog) == "wrong"
    assert sr.outcome(r, "Something warm would be nice!", catalog) == "wrong"


def test_gift_absent_allows_a_pointer_not_a_pick(catalog: list[sr.Product]) -> None:
    r = row("gift_absent")
    assert sr.outcome(r, "Hmm, nothing like that in the shop.", catalog) == "right"
    assert sr.outcome(r, "The cheapest thing is the Snowflake Sticker Pack at $6.", catalog) == "right"
    assert sr.outcome(r, "Sorry, the Ice Crystal Mug is $16, over your budget.", catalog) == "right"
    assert sr.outcome(r, "Get the Three Zones Poster!", catalog) == "wrong"


def test_baseline_is_the_first_product_paragraph(catalog: list[sr.Product]) -> None:
    rows = [row("zh_product", ["Snowline Logo Hoodie"], ["$49"]), row("gift", ["Panda Beanie"])]
    result = sr.score(rows, ["The hoodie costs $49.", None], catalog)
    assert result["kinds"]["zh_product"] == {
        "rows": 1, "right": 1, "wrong": 0, "no_reply": 0, "baseline_right": 1, "abstain_right": 0,
    }  # fmt: skip
    assert result["kinds"]["gift"]["no_reply"] == 1
    assert result["kinds"]["gift"]["baseline_right"] == 0
    assert sr.score([row("gift_absent")], [None], catalog)["all"]["abstain_right"] == 1


def test_rows_refused_on_test_split(capsys: pytest.CaptureFixture[str]) -> None:
    assert sr.main(["--split", "test", "--rows"]) == 2
    assert "calibration split only" in capsys.readouterr().err


def test_data_file_is_well_formed(catalog: list[sr.Product]) -> None:
    heads = {p.heading for p in catalog}
    text = " ".join(sr.CATALOG.read_text(encoding="utf-8").split())
    rows = [json.loads(line) for line in sr.DATA.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 60
    for n, r in enumerate(sorted(rows, key=lambda r: sr.KINDS.index(r["kind"])), 1):
        assert r["split"] == ("calibration" if n % 3 == 1 else "test")
        assert set(r["products"]) <= heads
        assert all(f in text for f in r["facts"])
