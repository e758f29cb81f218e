"""What a viewer sees in ``persona chat`` (session 17, brief F3): an answer of two sentences from one quote
listed the same source card twice."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from agent.dialogue import Realizer
from agent.events import Citation
from agent.persona import Persona

GU = (
    "Eileen Gu, competing for China, won gold in the women's big air and the women's halfpipe and silver in "
    "slopestyle. Her big air win on 8 February came in the event's Olympic debut."
)
QUOTE = Citation(source="sample/winter-sports/beijing-2022-results.md", span="Freestyle skiing", quote=GU)
OTHER = Citation(source="sample/winter-sports/athletes.md", span="Eileen Gu", quote="Eileen Gu ...")


def _cites(out: object) -> list[Citation]:
    return [c for _, cs in out.sentences for c in cs]  # type: ignore[attr-defined]


def test_one_quote_behind_two_sentences_is_cited_once_and_order_is_kept() -> None:
    persona = Persona.load(None)
    clock = itertools.count(step=700.0)
    for citations in ([QUOTE], [QUOTE, QUOTE], [QUOTE, OTHER, QUOTE]):
        answer = SimpleNamespace(text=GU, abstained=False, citations=citations)
        for name, newcomer in (("anna_b", True), ("anna_b", False), ("", True), ("", False), (None, False)):
            out = Realizer(persona, seed=1).realize(
                "answer", name=name, answer=answer, viewer_text="who won the big air?", newcomer=newcomer,
                now=next(clock),
            )  # fmt: skip
            cites = _cites(out)
            want = [QUOTE, OTHER] if OTHER in citations else [QUOTE]
            assert cites == want, (citations, name, newcomer, out.sentences)
            # the first sentence of the fact carries them: a renderer shows them as the answer starts
            fact_at = out.roles.index("fact")
            assert list(out.sentences[fact_at][1]) == want


def test_a_show_material_of_two_sentences_is_cited_once() -> None:
    from agent.persona import ShowMaterial

    persona = Persona.load(None)
    persona = persona.model_copy(
        update={"show_materials": [ShowMaterial(title="Halfpipe", topic="halfpipe", text=GU)]}
    )
    out = Realizer(persona, seed=0).realize("inform", now=0.0)
    assert len([s for s, _ in out.sentences]) >= 2
    assert [c.span for c in _cites(out)] == ["Halfpipe"], out.sentences
