"""The event as a structure (knowledge/events.py, session 12): which sport, event, distance and round a text
names, and the rule that a question's event is missed when the evidence speaks of another one. Sentences
and headings are the sample base's own (knowledge/sample/winter-sports/beijing-2022-results.md)."""

import pytest

from knowledge import KnowledgeBase
from knowledge.constraints import scope_miss
from knowledge.events import event_miss, mentions

ALPINE = "Beijing 2022: results by sport > Alpine skiing"
SHORT_TRACK = "Beijing 2022: results by sport > Short track speed skating"
SPEED = "Beijing 2022: results by sport > Speed skating"
JUMPING = "Beijing 2022: results by sport > Ski jumping and Nordic combined"
CURLING = "Beijing 2022: results by sport > Curling"
FEUZ = "Beat Feuz of Switzerland won the men's downhill."
REN = "Ren Ziwei of China won the men's 1000 metres."
MIXED = (
    "Urša Bogataj of Slovenia won the women's normal hill, and Slovenia won the first mixed team event, in "
    "which several jumpers were disqualified for suit violations."
)
EDIN = "Sweden, skipped by Niklas Edin, won the men's curling, beating Great Britain 5–4 in an extra end."


def test_mentions_longest_match_first() -> None:
    got = mentions("who won the men's giant slalom in alpine skiing?")
    assert got["event"] == {"giant slalom"} and got["sport"] == {"alpine skiing"}
    assert mentions(SHORT_TRACK)["sport"] == {"short track"}  # not "speed skating"
    assert mentions(SPEED)["sport"] == {"speed skating"}
    assert mentions("long-track speed skating")["sport"] == {"speed skating"}
    assert mentions(MIXED)["event"] == {"normal hill", "mixed team"}  # "mixed team event" is not "team event"
    assert mentions(JUMPING)["sport"] == {"ski jumping", "nordic combined"}
    assert mentions("the semi-final")["round"] == {"semi final"}
    assert mentions("the women's super-G")["event"] == {"super g"}


def test_distances_are_read_in_metres() -> None:
    assert mentions(REN)["distance"] == {"1000 m"}
    assert mentions("won the 10,000 metres and the 1,000m")["distance"] == {"10000 m", "1000 m"}
    assert mentions("the 30 kilometre freestyle mass start")["distance"] == {"30000 m"}
    assert mentions("the women's 30km")["distance"] == {"30000 m"}
    assert mentions("It is a 350 ml ceramic mug, 40 by 38 cm.")["distance"] == set()


@pytest.mark.parametrize(
    ("question", "sentence", "context", "reason"),
    [
        # another event of the same side and sport
        ("who won the men's combined in alpine skiing?", FEUZ, ALPINE, "event"),
        ("who won the men's downhill in alpine skiing?", FEUZ, ALPINE, ""),
        # another sport: the heading decides when the sentence names none
        ("who won the men's 1000 metres in long track speed skating?", REN, SHORT_TRACK, "event"),
        ("who won the men's 1000 metres in short track?", REN, SHORT_TRACK, ""),
        # another distance
        ("who won the men's 1500 metres in short track?", REN, SHORT_TRACK, "event"),
        # "team event" is not the "mixed team event"
        ("who won the team event in nordic combined?", MIXED, JUMPING, "event"),
        ("who won the mixed team ski jumping?", MIXED, JUMPING, ""),
        # a round other than the final must be named; the final need not be
        ("what was the score of the men's curling semi-final?", EDIN, CURLING, "round"),
        ("what was the score of the men's curling final?", EDIN, CURLING, ""),
        # evidence that names no event decides nothing
        ("who won the men's slalom?", "He won gold at 24.", ALPINE, ""),
        # a question that names no event is not touched
        ("who was the flag bearer for china?", FEUZ, ALPINE, ""),
    ],
)
def test_event_miss(question: str, sentence: str, context: str, reason: str) -> None:
    assert event_miss(question, sentence, context=context) == reason


def test_the_sentence_before_names_the_event() -> None:
    silver = "Johan Clarey of France took silver at 41, becoming the oldest Alpine medallist."
    assert event_miss("who took silver in the men's slalom?", silver, FEUZ, ALPINE) == "event"
    assert event_miss("who took silver in the men's downhill?", silver, FEUZ, ALPINE) == ""


def test_the_scope_rules_read_the_event() -> None:
    assert scope_miss("who won the men's combined?", "who", FEUZ, ALPINE, lambda s: 0.9) == "event"
    assert scope_miss("who won the men's downhill?", "who", FEUZ, ALPINE, lambda s: 0.9) == ""


def test_the_default_path_abstains_on_another_event() -> None:
    kb = KnowledgeBase.open_sample()
    assert kb.answer("who won the men's combined in alpine skiing?").abstained
    got = kb.answer("who won the men's downhill in alpine skiing?")
    assert not got.abstained and "Feuz" in got.text


def test_the_games_named_by_host_city() -> None:
    results = "Beijing 2022: results by sport > Curling"
    assert mentions("who won at pyeongchang?")["games"] == {"pyeongchang"}
    assert mentions("the Milan-Cortina Games")["games"] == {"cortina"}
    assert event_miss("who won the mens curling at pyeongchang", EDIN, context=results) == "year"
    assert event_miss("who won the mens curling at beijing", EDIN, context=results) == ""
    chloe = "She won the halfpipe at PyeongChang 2018 at 17 and again at Beijing 2022."
    assert event_miss("who won the halfpipe at pyeongchang?", chloe, context="Athletes > Chloe Kim") == ""
    shiffrin = "Mikaela Shiffrin is an American alpine skier who won gold at Sochi 2014 and PyeongChang 2018."
    # the heading names the asked Games: the sentence's other Games do not make it a miss
    assert (
        event_miss("what did shiffrin do at beijing?", shiffrin, context="Athletes from Beijing 2022") == ""
    )


def test_the_nearer_scope_decides() -> None:
    """A sentence that names its own event is not rescued by the sentence before it."""
    mayer = "Matthias Mayer won the men's super-G, his third gold medal at three different Olympics."
    suter = "Corinne Suter of Switzerland won the women's downhill, ahead of Sofia Goggia."
    q = "who won the gold medal in the men's downhill?"
    assert event_miss(q, mayer, suter, ALPINE) == "event"
    assert event_miss("who won the men's super-g?", mayer, suter, ALPINE) == ""
