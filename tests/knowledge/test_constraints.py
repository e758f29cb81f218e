"""The constraints a question sets on its evidence (knowledge/constraints.py), and the sample base's answers
that they turn into abstentions (the near-misses of the same entity, another attribute)."""

import pytest

from knowledge import KnowledgeBase, word_lists
from knowledge.constraint_scope import opposite_named
from knowledge.constraints import (
    asked_countries,
    asks_quantity,
    counted_noun,
    counted_subject_miss,
    country_miss,
    counts_it,
    has_name,
    has_quantity,
    listed_other,
    measure_elsewhere,
    miss,
    near,
    other_half,
    phrase_heads,
    price_owner_miss,
    unit_miss,
)


def _common(stem: str) -> float:
    return 0.2 if stem == "win" else 0.9  # "win": told in many ways; anything else: rare


def test_dates_and_years_are_not_quantities() -> None:
    assert not has_quantity("Nathan Chen is an American figure skater born on 5 May 1999 in Salt Lake City.")
    assert not has_quantity("The closing ceremony was held on Sunday 20 February 2022.")
    assert not has_quantity("Beijing hosted the Summer Games in 2008.")
    assert has_quantity("It is 180 cm long.")
    assert has_quantity("Finland beat the Russian Olympic Committee two to one on 20 February.")
    assert has_quantity("It seats about 80,000.")


def test_what_asks_for_a_quantity() -> None:
    assert asks_quantity("how tall is nathan chen", "measure")
    assert asks_quantity("what was the attendance at the closing ceremony?", "what")
    assert asks_quantity("what was the score of the final", "what")
    assert not asks_quantity("how old is eileen gu", "measure")  # a birth date answers an age
    assert not asks_quantity("what animal is bing dwen dwen", "what")
    assert not asks_quantity("when did it open", "when")


def test_the_counted_noun() -> None:
    assert counted_noun("how many olympic medals has mikaela shiffrin won") == ["olympic", "medal"]
    assert counted_noun("how many did norway win") == []
    assert counts_it(["medal"], "Germany was second with 12 gold medals (27 in total).")
    assert counts_it(["rotation"], "A quadruple Axel has four and a half rotations.")
    assert not counts_it(["medal"], "She entered six events but won no medal.")
    # session 11: the number may follow its noun, unless it is a year
    assert counts_it(["medal"], "Ukraine was second in total medals with 29, including 11 gold.")
    assert not counts_it(["medal"], "She won no medals in 2018.")


@pytest.mark.parametrize(
    ("question", "kind", "sentence", "reason"),
    [
        ("how tall is nathan chen", "measure", "Nathan Chen was born on 5 May 1999.", "quantity"),
        ("how many medals did she win", "count", "She entered six events but won no medal.", "counted noun"),
        (
            "who coaches chloe kim",
            "who",
            "Chloe Kim is a snowboarder born in 2000 in Long Beach.",
            "relation",
        ),
        ("who won the hockey", "who", "Finland beat the Russian Olympic Committee 2-1.", ""),
        ("how many medals did germany win", "count", "Germany won 12 gold medals (27 in total).", ""),
        ("who directed the ceremony", "who", "Zhang Yimou directed the opening ceremony.", ""),
    ],
)
def test_miss(question: str, kind: str, sentence: str, reason: str) -> None:
    assert miss(question, kind, sentence, "", _common) == reason


def test_relation_in_the_headings_is_met() -> None:
    assert (
        miss("who designed the mascot", "who", "Bing Dwen Dwen is a panda.", "Mascots > Designed by", _common)
        == ""
    )


@pytest.mark.parametrize(
    "question",
    ["how tall is nathan chen", "who coaches chloe kim", "what was the attendance at the closing ceremony?"],
)
def test_sample_base_abstains_on_another_attribute(sample_kb: KnowledgeBase, question: str) -> None:
    answer = sample_kb.answer(question)
    assert answer.abstained and not answer.citations


def test_sample_base_still_answers_the_attribute_it_holds(sample_kb: KnowledgeBase) -> None:
    for question, expected in [
        ("when was eileen gu born", "3 September 2003"),
        ("how many medals did germany win at beijing 2022", "27"),
        ("what was the score of the men's hockey final?", "2"),
    ]:
        answer = sample_kb.answer(question)
        assert not answer.abstained and expected in answer.text, question


def test_a_yes_no_question_needs_its_predicate() -> None:
    scarf = "Shop > Slope Scarf"
    terms = ["slope", "scarf", "machin", "washabl"]
    assert miss(
        "is the slope scarf machine washable?", "yesno", "The Slope Scarf costs $28.", scarf, _common, terms
    )
    mug = ["mug", "dishwash", "safe"]
    said = "It is dishwasher and microwave safe."
    assert miss("is the mug dishwasher safe?", "yesno", said, "Shop > Ice Crystal Mug", _common, mug) == ""


def test_a_definition_needs_its_whole_term() -> None:
    cork = "Ayumu Hirano of Japan won the men's halfpipe with a triple cork in his final run."
    assert miss("what is a double cork?", "what", cork, "Snowboard > Halfpipe", _common) == "term"
    assert miss("what's a triple cork", "what", cork, "Snowboard > Halfpipe", _common) == ""
    pipe = "In halfpipe, riders perform tricks in a U-shaped pipe."
    assert miss("what is a halfpipe?", "what", pipe, "Sports > Halfpipe", _common) == ""


def test_sample_base_does_not_define_a_term_it_lacks(sample_kb: KnowledgeBase) -> None:
    assert sample_kb.answer("what is a double cork?").abstained
    assert not sample_kb.answer("what is a halfpipe?").abstained


def test_a_result_is_answered_by_a_name() -> None:
    """Session 12, rule 13: "who won / took / beat ..." needs a name other than the question's own words."""
    shortened = (
        "The men's 50 kilometre mass start was shortened to about 28 kilometres because of strong wind."
    )
    q = "who won the men's 50 km mass start in cross country"
    assert miss(q, "who", shortened, "Results > Cross-country skiing", _common) == "name"
    assert (
        miss("who won the women's bronze?", "who", "Finland won the women's bronze.", "Ice hockey", _common)
        == ""
    )
    skip = "The skip stands at the far end and calls the line."
    assert miss("who calls the line in curling?", "who", skip, "Curling", lambda s: 0.9) == ""  # not a result
    beat = "Sweden, skipped by Niklas Edin, won the men's curling, beating Great Britain 5-4."
    assert miss("who did sweden beat in the men's curling final?", "who", beat, "Curling", _common) == ""
    assert has_name("who won?", "Ren Ziwei of China won.") and not has_name("who won?", "The race was held.")


def test_the_thing_priced_may_be_misspelled() -> None:
    """Session 12: one edit away, in a word of five letters or more, still names the thing priced."""
    plush = "The plush toy costs $25, is 30 cm tall and is made of recycled polyester."
    context = "Snowline Shop > Pip the Penguin Plush"
    terms = ["pip", "pengiun", "plush"]
    assert miss("how much is pip the pengiun plush?", "price", plush, context, _common, terms) == ""
    assert miss(
        "how much is pip the walrus plush?", "price", plush, context, _common, ["pip", "walrus", "plush"]
    )
    assert near("pengiun", {"penguin"}) and near("pengin", {"penguin"}) and not near("mug", {"mud"})


def test_an_offset_is_no_amount() -> None:
    """Session 12, rule 15: "two days before" does not say how long something was."""
    began = "Competition began on 2 February 2022 with curling, two days before the opening ceremony."
    assert miss("how long was the opening ceremony?", "measure", began, "At a glance", _common) == "quantity"
    asked = "how many days before the opening ceremony did competition begin?"
    assert miss(asked, "count", began, "At a glance", _common) == ""
    assert has_quantity("The ceremony lasted two hours.") and not has_quantity(
        "It opened 16 years after Turin."
    )


def test_a_result_time_needs_a_time() -> None:
    """Session 12, rule 14: "what was X's time" is not answered by the events she won."""
    golds = "Irene Schouten won three gold medals: the 3000 metres, the 5000 metres and the mass start."
    q = "what was irene schouten's time in the 5000 m?"
    assert miss(q, "what", golds, "Speed skating", _common) == "time"
    record = "Gao Tingyu of China won the men's 500 metres in an Olympic record of 34.32 seconds."
    assert (
        miss("what was gao tingyu's time in the 500 metres?", "what", record, "Speed skating", _common) == ""
    )
    assert miss("what time does the show start?", "when", "It starts at 8 pm.", "Schedule", _common) == ""


def test_a_price_is_said_of_its_clause_and_heading() -> None:
    """Session 12, rule 16 (a): the Ice Crystal Mug's price does not price a snowflake mug, though the
    sentence goes on about "a blue snowflake print" (the sample catalog's own text)."""
    mug = (
        "The Ice Crystal Mug costs $16. It is a 350 ml ceramic mug with a blue snowflake print, and it is "
        "dishwasher and microwave safe."
    )
    context = "Snowline Shop: official merchandise of Snowline Live > Ice Crystal Mug"
    asked = "how much does the snowflake mug cost?"
    assert miss(asked, "price", mug, context, _common, ["snowflake", "mug", "cost"]) == "priced"
    assert (
        miss("how much is the ice crystal mug?", "price", mug, context, _common, ["ice", "crystal", "mug"])
        == ""
    )
    # the clause's subject may describe the section's product: the heading leaf is its owner too
    plush = "The plush toy costs $25, is 30 cm tall and is made of recycled polyester."
    assert price_owner_miss(plush, "Pip the Penguin Plush", ["pip", "pengiun", "plush"]) is False
    assert price_owner_miss("It costs $16.", "Ice Crystal Mug", ["ice", "crystal", "mug"]) is False
    assert price_owner_miss("The scarf is wool.", "Slope Scarf", ["snowflake"]) is False  # no price: rule 10


BIATHLON = (
    "In the sprint, pursuit and mass start, each miss sends the athlete around a 150-metre penalty loop; in "
    "the individual race each miss adds one minute to their time."
)


def test_a_measure_is_said_of_what_it_modifies() -> None:
    """Session 12, rule 16 (b, c): "a 150-metre penalty loop" is the loop's length, not the race's, and
    "adds one minute" is an increment, not a duration (the sample guide's biathlon paragraph)."""
    assert miss(
        "how long is a biathlon race?", "measure", BIATHLON, "Biathlon", _common, ["biathlon", "race"]
    ) == ("quantity")
    loop = "how long is the penalty loop in biathlon?"
    assert miss(loop, "measure", BIATHLON, "Biathlon", _common, ["penalti", "loop", "biathlon"]) == ""
    assert not measure_elsewhere(
        "how long is a biathlon race?", "The individual race is 20 km long.", ["race"]
    )
    assert measure_elsewhere("how long is the race?", "Each miss adds one minute.", ["race"])
    # the clause's subject owns the measure too: "a 400-metre oval" is the long track's length
    oval = "Long track speed skaters race in pairs on a 400-metre oval against the clock."
    assert not measure_elsewhere("how long is the long track?", oval, ["long", "track"])
    assert measure_elsewhere("how long is the biathlon course?", oval, ["biathlon", "cours"])
    assert not measure_elsewhere("how much time does a miss add?", "Each miss adds one minute.", ["miss"])


def test_sample_base_abstains_on_a_value_of_another_thing(sample_kb: KnowledgeBase) -> None:
    for question in ("how much does the snowflake mug cost?", "how long is a biathlon race?"):
        answer = sample_kb.answer(question)
        assert answer.abstained and not answer.citations, question
    kept = sample_kb.answer("how much does the ice crystal mug cost?")
    assert not kept.abstained and "$16" in kept.text
    oval = sample_kb.answer("how long is the long track speed skating track?")
    assert not oval.abstained and "400-metre" in oval.text


def test_a_height_or_a_weight_needs_its_unit() -> None:
    # rule 20 (session 15): a number of seats is no height
    seats = (
        "The Bird's Nest hosted the opening and closing ceremonies. It has about 80,000 seats for ceremonies."
    )
    assert unit_miss("how tall is the birds nest stadium", seats)
    assert not unit_miss("how tall is the big air ramp", "The ramp is 60 metres tall.")
    assert not unit_miss("what is the height of the jump?", "It rises 140 m above the river.")
    assert unit_miss("how heavy is the mug?", "The Ice Crystal Mug holds 350 ml.")
    assert not unit_miss("how much does the hoodie weigh?", "The hoodie weighs 600 g.")
    assert not unit_miss("how long is the track?", "The track is 1,975 metres long.")  # not rule 20's
    assert miss("how tall is the birds nest stadium", "measure", seats, "Venues", _common) == "quantity"
    assert miss("how tall is the ramp", "measure", "The ramp is 60 m tall.", "Venues", _common) == ""


def test_a_name_half_known() -> None:
    # rule 21 (session 15): "gasser" is no word of the base, beside "anna", a name of the passages
    passage = "Anna Shcherbakova of the Russian Olympic Committee won the women's singles."

    def share(stem: str) -> float:
        return 1.0 if stem in ("gasser", "gus", "marri") else 0.5

    assert other_half("anna gasser won which event", ["anna"], passage, share)
    assert not other_half("anna shcherbakova won which event", ["anna", "shcherbakova"], passage, share)
    assert not other_half("what did anna win", ["anna"], passage, share)
    gu = "Eileen Gu (Gu Ailing) is a freestyle skier."
    assert not other_half("eileen gus medals", ["eileen"], gu, share)  # one edit from "gu": spelling
    # "married" is a word of English, no half of a name, where the word lists are (N1, session 30 brief A: the
    # base's silence on it is the threshold's to read); without them every word is unknown, as before
    assert other_half("is anna married", ["anna"], passage, share) is (word_lists.common_words() is None)
    assert phrase_heads("what's eileen gu's favourite food?") == ["food"]  # a possessive starts a phrase
    assert phrase_heads("what is eileen gu's height?") == []  # one word: left out, as after "the"


def test_a_heading_list_vouches_for_no_one_item() -> None:
    # rule 22 (session 16): "Bobsleigh, luge and skeleton" lists alternatives; the luge sentence is not about
    # the bobsleigh the question names
    heading = "Beijing 2022: results by sport > Bobsleigh, luge and skeleton"
    luge = "Johannes Ludwig of Germany won the men's luge singles."
    question = "who won the two-woman bobsleigh?"
    assert listed_other(question, luge, "", heading)
    assert miss(question, "who", luge, heading, _common) == "event"
    assert not listed_other("who won the men's luge singles?", luge, "", heading)
    assert not listed_other(question, "Laura Nolte won the two-woman bobsleigh.", luge, heading)
    # a sentence naming no item leaves it to the one before; a heading naming one thing vouches as before
    assert listed_other(question, "Natalie Geisenberger won the women's singles.", luge, heading)
    assert not listed_other(question, "Natalie Geisenberger won the women's singles.", "", heading)
    assert not listed_other(question, luge, "", "Beijing 2022 > Bobsleigh")
    assert listed_other(
        "when is the closing ceremony", "The opening was on 4 February.", "", "Opening and closing"
    )


def test_a_possessive_ends_a_name() -> None:
    # session 16: the word after a possessive is asked of the name, not its other half (rule 21); a bare
    # "-s" on a name of the passages is its possessive; a contraction starts no phrase (rule 19)
    gu = "Eileen Gu (Gu Ailing) is a freestyle skier born on 3 September 2003."
    su = "Su Yiming is a snowboarder from Jilin, China, born on 18 February 2004."

    def share(stem: str) -> float:
        return 1.0 if stem in ("bday", "date", "gasser") else 0.5

    assert not other_half("when is eileen gu's bday", ["eileen", "gu"], gu, share)
    assert not other_half("whats su yimings date of birth", ["su"], su, share)
    assert other_half("when is su gasser's birthday", ["su"], su, share)  # "gasser" still names someone
    assert phrase_heads("what's su yimings date of birth") == []
    assert phrase_heads("what's eileen gu's favourite food?") == ["food"]


def test_a_first_name_the_passage_never_pairs_with_the_surname() -> None:
    # rule 21's first-name slot (session 16): "jack" is a word of English, but the base never uses it, and
    # the passage writes "White" only after "Shaun"
    white = "Shaun White is an American snowboarder who won the halfpipe at Turin 2006."
    skater = "Nathan Chen of the United States won the men's singles, ahead of Yuma Kagiyama and Anna Sato."

    def share(stem: str) -> float:
        return 1.0 if stem in ("jack", "tom", "legendari") else 0.5

    assert other_half("who is jack white", [], white, share)
    assert other_half("Who is Jack White?", [], white, share)
    assert other_half("how old is jack white", [], white, share)
    assert other_half("what did tom chen win", [], skater, share)
    assert other_half("is anna chen competing", [], skater, share)  # two names never written together
    assert not other_half("who is shaun white", [], white, share)
    assert not other_half("how old is shaun whites", [], white, share)
    assert not other_half("who is shuan white", [], white, share)  # one edit from "shaun": spelling
    assert not other_half("who is legendary shaun white", [], white, share)  # "shaun" is no surname
    assert not other_half("did snowboarder white win", [], white, share)  # a word the base uses
    assert not other_half("what did nathan chen win", [], skater, share)
    assert not other_half("did the usa's chen win", [], skater, share)  # across a possessive


@pytest.mark.parametrize("question", ["who is jack white", "what did tom chen win"])
def test_sample_base_abstains_on_a_first_name_it_never_uses(sample_kb: KnowledgeBase, question: str) -> None:
    assert sample_kb.answer(question).abstained, question
    kept = sample_kb.answer("who is shaun white")
    assert not kept.abstained and "Shaun White" in kept.text


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("whats su yimings date of birth", "18 February 2004"),
        ("when is eileen gu's bday", "3 September 2003"),
    ],
)
def test_sample_base_reads_a_possessive(sample_kb: KnowledgeBase, question: str, said: str) -> None:
    answer = sample_kb.answer(question)
    assert not answer.abstained and said in answer.text, question


def test_sample_base_abstains_on_another_item_of_a_heading(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("who won the two-woman bobsleigh?")
    assert answer.abstained and "luge" not in answer.text
    kept = sample_kb.answer("who won the men's luge singles?")
    assert not kept.abstained and "Ludwig" in kept.text


def test_a_country_count_is_not_a_person_of_the_country() -> None:
    bo = "Johannes Thingnes Bø of Norway won four gold medals."
    roc = "Alexander Bolshunov of the Russian Olympic Committee also won three gold medals."
    table = "Norway topped the medal table with 16 gold medals and 37 medals in total."
    usa = "The United States won 8 gold medals and 25 medals in total at the close of the Games."
    assert counted_subject_miss("how many medals did norway win", bo)
    assert counted_subject_miss("How many golds did the Russian Olympic Committee win?", roc)
    assert counted_subject_miss("how many medals did china win in total", usa)  # another country
    assert counted_subject_miss("how many medals did china win", usa, "China was third.")  # its subject
    assert not counted_subject_miss("how many medals did norway win", table)
    assert not counted_subject_miss("how many medals did johannes thingnes bo win", bo)  # no country asked
    assert not counted_subject_miss("how many medals did bo of norway win", bo)  # the person asked too
    assert not counted_subject_miss("how many medals did norway win", "It won 37, ahead of Germany.", table)
    assert miss("how many medals did norway win", "count", bo, "Biathlon", lambda s: 0.5) == "subject"
    assert miss("how many medals did norway win", "count", table, "Medal table", lambda s: 0.5) == ""


def test_sample_base_does_not_count_a_country_by_its_athlete(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("how many medals did norway win")
    assert "Bø" not in answer.text  # abstains: the medal table is another section (answer.py's choice)
    kept = sample_kb.answer("how many medals did johannes thingnes bo win")
    assert not kept.abstained and "four gold medals" in kept.text
    germany = sample_kb.answer("how many golds did germany get")
    assert not germany.abstained and "12 gold medals" in germany.text


def test_a_country_asked_is_not_another_country() -> None:
    johaug = "Therese Johaug of Norway won three gold medals: the skiathlon and the 10 kilometre classical."
    bolshunov = "Alexander Bolshunov of the Russian Olympic Committee also won three gold medals."
    asked = "which roc guy won 3 golds cross country"
    assert asked_countries(asked) == ["Russian Olympic Committee"]
    assert asked_countries("how many golds did team usa win") == ["United States"]
    assert asked_countries("who is the rock star") == []  # a short name is a whole word
    assert country_miss(asked, johaug)
    assert not country_miss(asked, bolshunov)
    assert country_miss(asked, "Therese Johaug is a Norwegian cross-country skier.")  # an adjective names it
    assert not country_miss(asked, "Bolshunov is a Russian cross-country skier.")
    assert not country_miss(asked, "He won three gold medals.")  # no country named: other rules decide
    assert not country_miss("who won gold for norway", "It was Bø's fourth gold.", "Norway won biathlon.")
    assert miss(asked, "who", johaug, "Cross-country skiing", lambda s: 0.5) == "subject"
    usa = "The United States won 8 gold medals and 25 medals in total."
    assert counted_subject_miss("how many medals did the roc win", usa)  # rule 23 reads short names too


def test_what_someone_said_needs_a_sentence_that_reports_speech() -> None:
    held = "The closing ceremony was held on Sunday 20 February 2022, also at the Beijing National Stadium."
    asked = "what did thomas bach say at the closing ceremony"
    assert miss(asked, "what", held, "Closing ceremony", lambda s: 0.5) == "relation"
    quoted = 'Thomas Bach said the Games were "truly exceptional".'
    assert miss(asked, "what", quoted, "Closing ceremony", lambda s: 0.5) == ""
    assert miss("what did the closing ceremony show", "what", held, "Closing ceremony", lambda s: 0.5) == ""


def test_the_evidence_names_the_opposite_of_a_word_asked() -> None:
    closing = "The Beijing 2022 closing ceremony watch party reached 48,000 concurrent viewers."
    assert opposite_named("opening ceremony tv audience numbers?", closing)
    assert not opposite_named("closing ceremony tv audience numbers?", closing)
    assert not opposite_named("was the opening or the closing ceremony longer", closing)  # both asked
    assert not opposite_named("when did the opening ceremony start", "The opening ceremony and closing one")
    assert opposite_named("who lit the cauldron at the 2008 summer olympics?", "Beijing 2022 Winter Olympics")


@pytest.mark.parametrize(
    ("question", "not_said"),
    [
        ("which roc guy won 3 golds cross country", "Johaug"),
        ("opening ceremony tv audience numbers?", "closing ceremony watch party"),
        ("what did thomas bach say at the closing ceremony", "20 February"),
    ],
)
def test_sample_base_abstains_on_another_country_ceremony_or_speaker(
    sample_kb: KnowledgeBase, question: str, not_said: str
) -> None:
    answer = sample_kb.answer(question)
    assert not_said not in answer.text, question
    kept = sample_kb.answer("who directed the opening ceremony?")
    assert not kept.abstained and "Zhang Yimou" in kept.text


def test_telegraphic_questions_ask_for_values() -> None:
    medals = "China topped the medal table with 18 gold medals and 61 medals in total."
    assert counted_noun("paralympics 2022 had how many sports total") == ["sport"]  # "total" qualifies
    assert not counts_it(counted_noun("paralympics 2022 had how many sports total"), medals)
    assert counted_noun("how many total medals did norway win") == ["medal"]
    assert asks_quantity("top speed of a bobsled?", "other")  # no question word: asks as "what" does
    assert not asks_quantity("bobsled rules?", "other")
    feuz = "Beat Feuz of Switzerland won the men's downhill."
    assert miss("beat feuz downhill time?", "other", feuz, "Alpine skiing", lambda s: 0.5) == "time"
    assert miss("beat feuz downhill time?", "other", "Feuz won in 1:42.69.", "Alpine", lambda s: 0.5) == ""
    assert miss("what time is the replay on", "when", "The replay is at 8 pm.", "Show", lambda s: 0.5) == ""
    assert miss("whats the replay time", "other", "The replay is at 8 pm.", "Show", lambda s: 0.5) == ""
