"""The superlative asked vs those a sentence states (knowledge/superlatives.py, session 18 brief H2). Pure
functions first, then the real sample base through the answer path."""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge import KnowledgeBase
from knowledge.superlatives import asked, stated, superlative_evidence

BO = "He won four gold medals at Beijing 2022, more than any other athlete at those Games."
GU = (
    "At Beijing 2022, aged 18, she won two gold medals (big air and halfpipe) and one silver medal "
    "(slopestyle), becoming the first freestyle skier to win three medals at one Winter Games."
)


def test_the_superlative_a_question_asks() -> None:
    assert asked("who won more gold medals than any other athlete at beijing 2022?") == {"most"}
    assert asked("which skier has the most world cup wins") == {"most"}
    assert asked("who was the oldest alpine skiing medallist") == {"oldest"}
    assert asked("who won new zealand's first winter olympic gold medal") == {"first"}
    assert asked("which jump is the only one with a forward take-off") == {"only"}
    assert asked("who set a world record in the 10,000 metres") == {"record"}


def test_no_superlative_is_asked() -> None:
    assert asked("who won the men's big air") == frozenset()
    assert asked("when did she first compete") == frozenset()  # "first" as an adverb: no holder asked
    assert asked("did he set a world record") == frozenset()  # yes/no: stated, not asked
    # a date of the first asked, not its holder (pool4 a009: candidate 1 answered it with another "first")
    assert asked("When did the first competition of the Games take place?") == frozenset()
    assert asked("where is the oldest venue") == frozenset()
    assert asked("which phone case fits most recent phones") == frozenset()
    assert asked("what is the interest on the forest west of the city") == frozenset()


def test_the_superlatives_a_sentence_states() -> None:
    assert stated(BO) == {"most"}
    assert stated(GU) == {"first"}
    clarey = "Johan Clarey took silver at 41, becoming the oldest alpine skiing medallist."
    assert stated(clarey) == {"oldest"}
    assert stated("Beat Feuz of Switzerland won the men's downhill.") == frozenset()


@dataclass
class _Hit:
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass
class _Evidence:
    sentence: str
    before: str = ""
    hit: _Hit = field(default_factory=_Hit)
    passages: list[str] = field(default_factory=list)
    features: dict[str, float] = field(default_factory=dict)
    rival: object = None


def _choose(question: str, *sentences: str) -> str:
    found = [_Evidence(s) for s in sentences]
    chosen = superlative_evidence(question, found[0], found, lambda e: e, lambda e: 0.5)  # type: ignore[arg-type]
    return chosen.sentence


def test_a_sentence_that_states_the_asked_superlative_is_chosen() -> None:
    question = "who won more gold medals than any other athlete at beijing 2022?"
    assert _choose(question, GU, BO) == BO


def test_the_path_is_left_as_it_is_where_no_sentence_states_it() -> None:
    assert _choose("who was the youngest gold medallist at beijing 2022", GU, BO) == GU
    # the best states it already
    assert _choose("who was the first freestyle skier to win three medals", GU, BO) == GU
    # a sentence that states it but holds fewer of the question's other words does not take its place
    downhill = "Corinne Suter of Switzerland won the women's downhill, ahead of Sofia Goggia."
    fastest = "Downhill is the fastest alpine event and is decided in one run."
    assert _choose("who was the fastest woman in the women's downhill", downhill, fastest) == downhill


def test_the_most_golds_are_answered_with_their_holder(sample_kb: KnowledgeBase) -> None:
    # probe hp20 (session 18, brief H): Eileen Gu's sentence ("the first freestyle skier") was said
    answer = sample_kb.answer("who won more gold medals than any other athlete at beijing 2022?")
    assert not answer.abstained
    assert answer.short == "Johannes Thingnes Bø"
    assert "more than any other athlete" in answer.text
