"""Session 17, brief R3 (issue 14): a "who won" question whose event has one name in two sports (the base's
men's halfpipe: snowboard, Ayumu Hirano; freestyle skiing, Nico Porteous) is answered with both sentences,
each under its sport heading, each cited; anything else as before. The real sample base."""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.reselect import _WHO_WON, _event_name


def test_both_mens_halfpipes_are_said_each_under_its_sport(sample_kb: KnowledgeBase) -> None:
    for asked in (
        "who won the mens halfpipe",
        "and who won the men's halfpipe?",
        "@kai who won the mens halfpipe?",
    ):
        answer = sample_kb.answer(asked)
        assert not answer.abstained, asked
        assert "Hirano" in answer.text and "Porteous" in answer.text, answer.text
        assert "Snowboard: Ayumu Hirano" in answer.text and "Freestyle skiing: Nico Porteous" in answer.text
        assert len(answer.citations) == 2
        spans = sorted(c.span.rsplit(" > ", 1)[-1] for c in answer.citations)
        assert spans == ["Freestyle skiing", "Snowboard"], spans
        for c in answer.citations:  # each quote is the sentence as the base writes it, said in the answer
            assert c.quote in answer.text and not c.quote.startswith(("Snowboard", "Freestyle"))


def test_one_event_of_one_sport_is_answered_as_before(sample_kb: KnowledgeBase) -> None:
    women = sample_kb.answer("who won the women's halfpipe?")  # Chloe Kim: no tie with Eileen Gu's sentence
    assert not women.abstained and len(women.citations) == 1 and "Chloe Kim" in women.text
    downhill = sample_kb.answer("who won the gold medal in the men's downhill?")
    assert len(downhill.citations) == 1 and downhill.text.startswith("Beat Feuz")


def test_only_the_who_won_relation_is_answered_twice(sample_kb: KnowledgeBase) -> None:
    ev = sample_kb.evidence("tell me about the mens halfpipe")
    assert ev is None or ev.rival is None
    assert _WHO_WON.search("who won the mens halfpipe") and _WHO_WON.search("and who took gold")
    assert not _WHO_WON.search("what did hirano win") and not _WHO_WON.search("who finished fourth")
    # the event's name: event, distance, men/women/mixed - "mens" and "men's" read alike
    assert _event_name("who won the mens halfpipe") == _event_name("Nico Porteous won the men's halfpipe.")
    assert _event_name("men's halfpipe") != _event_name("women's halfpipe")
