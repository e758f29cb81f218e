"""``Realized.act``: the act the realizer said where it read the act asked another way, and the composer's
mark with it (issue 14, session 29, brief P2). Before, the sentences went out as the act asked: a don't-know
for a planned ``answer`` as ``answer``, a farewell to a leaving viewer as ``reply``, a question in place of a
promotion as ``promote``. Lines written for this test; the turn's mark: ``tests/agent/test_reply_act.py``."""

from __future__ import annotations

from types import SimpleNamespace

from agent.dialogue import Realizer
from agent.persona import Persona


def _realizer(merchandise: bool = True) -> Realizer:
    persona = Persona.load(None)
    if not merchandise:
        persona = persona.model_copy(update={"merchandise": []})
    return Realizer(persona, seed=3)


def test_a_planned_answer_whose_answer_abstained_is_said_and_named_as_the_dont_know() -> None:
    abstained = SimpleNamespace(text="", abstained=True, citations=[])
    out = _realizer().realize("answer", name="ren", answer=abstained, viewer_text="who won the luge?", now=0)
    assert out.sentences and out.act == "clarify", out
    said = _realizer().realize("clarify", name="ren", viewer_text="who won the luge?", now=0)
    assert [s for s, _ in out.sentences] == [s for s, _ in said.sentences]  # the don't-know's own words
    fact = SimpleNamespace(text="Norway won it.", abstained=False, citations=[])
    assert _realizer().realize("answer", name="ren", answer=fact, viewer_text="who won?", now=0).act is None


def test_a_reply_to_a_leaving_viewer_is_a_farewell() -> None:
    out = _realizer().realize("reply", name="ren", viewer_text="gotta go now, see ya tomorrow", now=0)
    assert out.sentences and out.act == "farewell", out
    assert _realizer().realize("reply", name="ren", viewer_text="the snow looks great", now=0).act is None


def test_a_promotion_with_nothing_to_sell_is_asked_as_a_question() -> None:
    out = _realizer(merchandise=False).realize("promote", name="ren", now=0)
    assert out.sentences and out.act == "ask", out
    assert _realizer().realize("promote", name="ren", now=0).act is None
