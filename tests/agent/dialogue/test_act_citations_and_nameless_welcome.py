"""Two things a viewer sees in ``persona chat`` (session 17, brief F3): an answer of two sentences from one
quote listed the same source card twice, and a newcomer with no name was welcomed with a dangling
"Welcome in - Eileen Gu, ..."."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

from agent.dialogue import Realizer
from agent.dialogue.style import StyleControls
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


def test_a_newcomer_with_no_name_gets_a_whole_welcome_sentence_not_a_dangling_dash() -> None:
    persona = Persona.load(None)
    clock = itertools.count(step=700.0)
    welcomed = 0
    for formality in (0.2, 0.9):
        controls = StyleControls.of(persona, formality=formality)
        for seed in range(6):
            answer = SimpleNamespace(text=GU, abstained=False, citations=[QUOTE])
            out = Realizer(persona, seed=seed).realize(
                "answer", name="", answer=answer, viewer_text="who won the big air?", newcomer=True,
                controls=controls, now=next(clock),
            )  # fmt: skip
            said = [s for s, _ in out.sentences]
            assert not any(" - " in s for s in said), said  # no welcome joined by a dash to nobody
            facts = GU.split(". ")
            # the fact verbatim, its capital kept
            assert said[-2].startswith(facts[0]) and said[-1] == facts[1], said
            if len(said) == 3:
                welcomed += 1
                assert "elcome" in said[0] or "Good to have you" in said[0], said
                assert said[0][-1] in "!.", said  # a whole sentence
                assert not out.sentences[0][1]  # the welcome cites nothing
    assert welcomed > 0
    # a named newcomer keeps the session-16/17 line: welcome and fact as one sentence, joined by a dash
    fact = SimpleNamespace(text="The Olympic mascot was Bing Dwen Dwen.", abstained=False, citations=[])
    out = Realizer(persona, seed=0).realize(
        "answer", name="anna_b", answer=fact, viewer_text="what is the mascot of Beijing 2022?", newcomer=True
    )
    line = out.sentences[0][0]
    assert len(out.sentences) == 1 and line.endswith(" - the Olympic mascot was Bing Dwen Dwen."), line
    assert "anna_b" in out.sentences[0][0]
