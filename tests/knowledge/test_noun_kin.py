"""Rule 19's head said another way (session 23, brief A, A1; docs/knowledge.md "Session 23, brief A"): a
phrase's head the base never writes is no thing the base lacks where the evidence writes a kin of it from Open
English WordNet's first noun sense (synonyms, derivations)."""

from __future__ import annotations

from knowledge import KnowledgeBase, constraints, noun_kin

ELECTED = (
    "Beijing was elected as the host city on 31 July 2015 at the 128th IOC Session in Kuala Lumpur. "
    "It won the final vote 44 to 40 against Almaty, Kazakhstan."
)


def _never_written(*heads: str):  # type: ignore[no-untyped-def]
    """An idf share where ``heads`` are words the base never writes (1.0) and every other word is common."""
    return lambda t: 1.0 if t in heads else 0.1


def test_the_list_gives_first_sense_synonyms_and_derivations() -> None:
    table = noun_kin.kin_table()
    assert ("elect",) in table["election"]
    assert ("slogan",) in table["motto"]
    assert ("hand", "over") in table["handover"]
    assert ("attempt",) in table["try"]
    assert ("act",) in table["actor"]
    # the first noun sense only: "lid" is first an eyelid, so a hat is no kin of it
    assert ("hat",) not in table.get("lid", ())


def test_a_kin_is_read_word_by_word_by_stem() -> None:
    assert noun_kin.said("election", ELECTED)
    assert noun_kin.said("handover", "The Olympic flag was handed over to Milan and Cortina d'Ampezzo.")
    assert noun_kin.said("takeoff", "The Axel is the only jump with a forward take-off.")
    # the words of a kin phrase side by side, in order: "hand" alone is not "hand over"
    assert not noun_kin.said("handover", "The Warm Hands Mittens: the hand is lined over the palm.")
    assert not noun_kin.said("backpack", "The Chairlift Tote Bag costs $19. It is a heavy canvas bag.")
    assert not noun_kin.said("nosuchnoun", ELECTED)


def test_rule_19_reads_the_head_said_another_way() -> None:
    idf = _never_written("election")
    question = "final vote in the host city election was what"
    terms = ["final", "vote", "host", "city"]
    assert constraints.miss(question, "what", ELECTED, "Host city", idf, terms) == ""
    # a head the base never writes and the evidence does not say another way is still a thing it lacks
    idf = _never_written("backpack")
    sentence = "The Chairlift Tote Bag costs $19. It is a heavy canvas bag."
    question = "whats the product code of the snowline backpack"
    terms = ["code", "snowline"]
    assert constraints.miss(question, "what", sentence, "Chairlift Tote Bag", idf, terms) == "entity"


def test_the_sample_base_answers_a_head_said_another_way(sample_kb: KnowledgeBase) -> None:
    answer = sample_kb.answer("final vote in the host city election was what")
    assert not answer.abstained and "44 to 40" in answer.text
    answer = sample_kb.answer("the official games motto?")
    assert not answer.abstained and "Together for a Shared Future" in answer.text
    assert sample_kb.answer("whats the product code of the snowline backpack").abstained
    assert sample_kb.answer("is there a snowline calendar for sale").abstained
