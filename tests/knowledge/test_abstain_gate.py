"""Session 11's abstention gates (docs/knowledge.md, "Session 11: abstention"): evidence that speaks
of the counterpart of what the question asks (the sentence scorer's ``clash``) is a hard gate, like the
scope rules."""

from knowledge import KnowledgeBase
from knowledge.answer import Evidence, typed_enough
from knowledge.types import Hit


def _evidence(clash: float, miss: str = "") -> Evidence:
    hit = Hit(
        chunk_id="c",
        text="Marco Odermatt won the men's giant slalom.",
        score=0.0,
        modality="text",
        source="a.md",
        span="1-1",
    )
    return Evidence(
        sentence=hit.text,
        hit=hit,
        short="Marco Odermatt",
        kind="who",
        score=1.0,
        features={"clash": clash},
        miss=miss,
    )


def test_a_clash_is_a_hard_gate() -> None:
    assert typed_enough(_evidence(0.0))
    assert not typed_enough(_evidence(1.0))
    assert not typed_enough(_evidence(0.0, miss="event"))


def test_the_sample_base_abstains_on_a_counterpart(sample_kb: KnowledgeBase) -> None:
    ev = sample_kb.evidence("who won silver in the men's giant slalom?")
    assert ev is not None and ev.features["clash"] == 1.0 and not typed_enough(ev)
    assert sample_kb.answer("who won silver in the men's giant slalom?").abstained
    assert not sample_kb.answer("who won the men's giant slalom?").abstained
