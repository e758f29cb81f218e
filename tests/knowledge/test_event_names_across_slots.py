"""An event asked by its name against evidence that names only a distance, or the reverse, and the segment
of a figure skating event (knowledge/events.py, session 18, brief A3). Sentences and headings are the sample
base's own (knowledge/sample/winter-sports/)."""

from knowledge.events import event_miss, mentions

SPEED = "Beijing 2022: results by sport > Speed skating"
SNOWBOARD = "Beijing 2022: results by sport > Snowboard"
GAO = "Gao Tingyu of China won the men's 500 metres in an Olympic record of 34.32 seconds."
SU = "Su Yiming of China won the men's big air at Big Air Shougang and took silver in men's slopestyle."
CHEN = (
    "After finishing fifth at PyeongChang 2018, he won the men's singles gold at Beijing 2022 with a world "
    "record short program score of 113.97."
)


def test_an_event_asked_is_missed_by_a_sentence_that_names_only_a_distance() -> None:
    assert event_miss("who won the mens mass start in speed skating", GAO, "", SPEED) == "event"


def test_a_distance_asked_is_missed_by_a_sentence_that_names_only_an_event() -> None:
    assert event_miss("who won the men's 500 m in speed skating", "X won the men's mass start.", "", SPEED)


def test_the_same_competition_named_both_ways_is_not_missed() -> None:
    assert event_miss("who won the mens 500 metres in speed skating", GAO, "", SPEED) == ""
    # a question that names the event and its distance is left to the distance slot
    assert event_miss("who won the 30 km mass start", "X won the women's 30 kilometre race.", "", "") == ""
    # a heading that names the event asked decides as before
    assert event_miss("who won the mass start", GAO, "", "Speed skating > Mass start") == ""
    # evidence that names no event and no distance does not decide
    assert event_miss("who won the mens mass start", "Gao Tingyu of China won gold.", "", SPEED) == ""


def test_gs_is_giant_slalom() -> None:
    assert mentions("mens parallel gs snowboard winner?")["event"] == {"parallel giant slalom"}
    assert mentions("womens gs")["event"] == {"giant slalom"}
    assert event_miss("mens parallel gs snowboard winner?", SU, "", SNOWBOARD) == "event"


def test_a_segment_asked_is_missed_by_a_sentence_that_names_another() -> None:
    assert mentions("his free skating")["segment"] == {"free skate"}
    chen = "Athletes > Nathan Chen"
    assert event_miss("what was nathan chen's free skate score", CHEN, "", chen) == "event"
    assert event_miss("what was nathan chen's short program score", CHEN, "", chen) == ""


SCHOUTEN = "Irene Schouten of the Netherlands won the women's mass start."


def test_the_sentence_that_names_its_distance_is_not_given_the_event_before_it() -> None:
    # R31 (session 19, brief A): the women's mass start before Gao's sentence is not the event of his 500 m
    assert event_miss("who won the mens mass start in speed skating", GAO, SCHOUTEN, SPEED) == "event"
    # a sentence that names no distance still takes the event of the one before it
    went_on = "She also took gold in the team pursuit with the Dutch women."
    assert event_miss("who won the womens mass start", "Schouten won it by a metre.", SCHOUTEN, SPEED) == ""
    assert event_miss("who won the team pursuit", went_on, SCHOUTEN, SPEED) == ""
