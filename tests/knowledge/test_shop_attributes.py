"""knowledge.shop_attributes: attribute questions about the shop's products, read from the catalogue entry.

The dev questions below were written (session 13, brief E) before the module (39), then a few more from
probes of the same kind (the rows with a comment naming the rule they check, and the last size row): they are
what its lexicons and rules were fitted on, together with the calibration parts of evals/data/qa_*.jsonl.
Each row: the question, the verdict, the entry it is read from (its heading) and a piece of what the host
says ("" when nothing is said: the plain don't-know stands).

Verdicts: "yes" (the value asked is in the entry), "no" (the entry lists that attribute exhaustively and not
the value: "not in blue, but ..."), "open" (the entry mentions the attribute, not the value asked, and its
list is not exhaustive: "it doesn't say the oven; it says ..."), "says" (a wh-question: what the entry
holds), None (not a shop attribute question, the product not found, or the entry does not mention the
attribute: "I don't know").
"""

from __future__ import annotations

import pytest

from knowledge import KnowledgeBase, catalogue, shop_attributes

DEV = [
    # colour (exhaustive)
    ("is the hoodie available in blue?", "no", "Snowline Logo Hoodie", "midnight navy or glacier white"),
    ("does the hoodie come in white?", "yes", "Snowline Logo Hoodie", "glacier white"),
    ("do u have the logo hoodie in navy", "yes", "Snowline Logo Hoodie", "midnight navy"),
    (
        "what colours does the hoodie come in",
        "says",
        "Snowline Logo Hoodie",
        "midnight navy or glacier white",
    ),
    ("is the panda beanie pink?", "no", "Panda Beanie", "black and white"),
    ("what colour is the scarf", "says", "Slope Scarf", "red and white"),
    ("can i get a green slope scarf", "open", "Slope Scarf", "red and white"),  # the stripes' colours
    ("do you have the mug in red", "open", "Ice Crystal Mug", "blue snowflake print"),  # the print's
    ("can i get the mug in blue", "says", "Ice Crystal Mug", "blue snowflake print"),  # a part's: no yes
    ("is the hoodie blue or white?", "says", "Snowline Logo Hoodie", "midnight navy or glacier white"),
    ("what colour is the goggle strap keychain?", None, "", ""),
    ("does the water bottle come in black?", None, "", ""),
    # size (exhaustive; a range "S to XL" holds M)
    ("is there an XXS hoodie?", "no", "Snowline Logo Hoodie", "S, M, L, XL and XXL"),
    ("does the hoodie come in XL", "yes", "Snowline Logo Hoodie", "XL"),
    ("what sizes does the big air tee come in?", "says", "Big Air Tee", "S to XL"),
    ("can i get the big air tee in medium", "yes", "Big Air Tee", "S to XL"),
    ("is the big air tee available in xxl", "no", "Big Air Tee", "S to XL"),
    ("can i get the hoodie in extra large", "yes", "Snowline Logo Hoodie", "XL"),
    ("what sizes do the mittens come in", "says", "Warm Hands Mittens", "S/M and L/XL"),
    ("is the beanie one size?", "yes", "Panda Beanie", "one-size"),
    # material (open: a composition not said is not a no)
    ("what is the hoodie made of?", "says", "Snowline Logo Hoodie", "80% cotton and 20% polyester fleece"),
    ("is the mug ceramic?", "yes", "Ice Crystal Mug", "ceramic"),
    ("what is the tote bag made of", "says", "Chairlift Tote Bag", "heavy canvas"),  # its qualifier too
    ("is the hoodie wool?", "open", "Snowline Logo Hoodie", "80% cotton and 20% polyester fleece"),
    ("is the scarf vegan?", None, "", ""),
    # care (open)
    ("does the mug go in the dishwasher?", "yes", "Ice Crystal Mug", "dishwasher and microwave safe"),
    ("can i put the ice crystal mug in the microwave", "yes", "Ice Crystal Mug", "microwave safe"),
    ("is the mug oven safe?", "open", "Ice Crystal Mug", "dishwasher and microwave safe"),
    ("is the hoodie machine washable?", None, "", ""),
    ("are the stickers dishwasher safe", "yes", "Snowflake Sticker Pack", "survive a dishwasher"),
    # capacity (exhaustive: one volume)
    ("how much does the water bottle hold?", "says", "Summit Water Bottle", "750 ml"),
    ("is the mug 500 ml?", "no", "Ice Crystal Mug", "350 ml"),
    # price (exhaustive: one price)
    ("how much is the hoodie?", "says", "Snowline Logo Hoodie", "$49"),
    ("is the panda beanie $20?", "no", "Panda Beanie", "$22"),
    ("is the big air tee 29 dollars", "yes", "Big Air Tee", "$29"),
    # product code
    ("what's the product code for the mug?", "says", "Ice Crystal Mug", "SL-MG-03"),
    # the shop's own terms: shipping, returns, discount
    (
        "how much is shipping to canada?",
        "says",
        "Ordering, shipping and returns",
        "standard shipping costs $6",
    ),
    ("do you ship to canada?", "open", "Ordering, shipping and returns", "more than 40 countries"),
    ("can i return a personalised hoodie?", "says", "Ordering, shipping and returns", "cannot be returned"),
    ("how long do i have to return stuff", "says", "Ordering, shipping and returns", "within 30 days"),
    ("is there a discount code?", "says", "Ordering, shipping and returns", "SNOWFAM"),
    # not a shop attribute question, or a product the shop does not have (the offer's case)
    ("who won the women's big air?", None, "", ""),
    ("how much is the team scarf?", None, "", ""),
    ("is eileen gu wearing blue?", None, "", ""),
    ("how much is a set of skis?", None, "", ""),  # the kind names what it holds
    ("what does a bag of chips cost", None, "", ""),
    ("how much did the toy story ride cost", None, "", ""),  # the past: no catalogue question
    ("is the pin in curling made of steel", None, "", ""),  # a place none of the entry's words
]


@pytest.fixture(scope="module")
def catalogue_rows(sample_kb: KnowledgeBase) -> list[object]:
    """Every text chunk of the sample base's shop catalogue (the real file)."""
    hits = sample_kb.search("snowline shop product", k=80, source="sample/merch/catalog.md", modality="text")
    assert len(hits) >= 14
    return list(hits)


@pytest.mark.parametrize(("question", "verdict", "entry", "said"), DEV)
def test_dev_questions(
    catalogue_rows: list[object], question: str, verdict: str | None, entry: str, said: str
) -> None:
    reply = shop_attributes.reply(question, catalogue.entries(catalogue_rows))
    if verdict is None:
        assert reply is None or reply.verdict == "unknown", reply
        return
    assert reply is not None, question
    assert reply.verdict == verdict, reply
    assert reply.entry == entry
    assert said in reply.values or said in reply.statement, reply
    assert reply.citation().source == "sample/merch/catalog.md"
    assert said in reply.citation().quote or reply.values in reply.citation().quote


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("is the mug oven safe?", "oven-safe"),
        ("are the stickers microwave safe", "microwave-safe"),
        ("can the mug go in the oven and the freezer", "oven and freezer safe"),
    ],
)
def test_the_care_asked_is_said_as_a_host_says_it(
    catalogue_rows: list[object], question: str, asked: str
) -> None:
    """Session 14: "it doesn't say oven-safe", not "it doesn't mention oven"."""
    reply = shop_attributes.reply(question, catalogue.entries(catalogue_rows))
    assert reply is not None and reply.verdict == "open" and reply.asked == asked, reply


def test_a_says_replaces_a_base_answer_that_opens_with_something_unasked(
    catalogue_rows: list[object],
) -> None:
    """Session 14: the base read "what is the slope scarf made of" as the scarf's price sentence and then its
    material one; the host says the material first. A base answer that opens with the values is kept (its
    lead-in, the model's words)."""
    entries = catalogue.entries(catalogue_rows)
    scarf = shop_attributes.reply("what is the slope scarf made of", entries)
    price_first = "The Slope Scarf costs $28. It is 180 cm long, knitted from a merino wool blend."
    assert shop_attributes.overrides(scarf, price_first)
    assert not shop_attributes.overrides(scarf, "It is 180 cm long, knitted from a merino wool blend.")
    assert shop_attributes.overrides(scarf, None)  # the base abstained
    price = shop_attributes.reply("how much is the slope scarf?", entries)
    assert not shop_attributes.overrides(price, price_first)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("do subs get a discount on the hoodie", "says"),  # "subs" clips "subscribers": said, not missing
        ("do you ship to canada?", "open"),  # a word the terms do not hold stays missing
    ],
)
def test_a_clipped_word_is_said_by_the_word_it_clips(
    catalogue_rows: list[object], question: str, verdict: str
) -> None:
    """Session 16 (lead): "do subs get a discount on the hoodie" got "The catalog says subscribers ... get 10
    percent off ... - it doesn't mention subs.", a line that contradicts itself."""
    reply = shop_attributes.reply(question, catalogue.entries(catalogue_rows))
    assert reply is not None and reply.verdict == verdict, reply
    assert "subs" not in reply.asked.split()
