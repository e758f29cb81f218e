"""R32 (session 19, brief A): a size asked is named by the evidence, or inside a range it writes, as rule 9's
colour (knowledge/constraint_scope.py). Sentences are the sample catalogue's own (knowledge/sample/merch/)."""

from knowledge import constraint_scope
from knowledge.constraints import miss

HOODIE = (
    "The Snowline Logo Hoodie costs $49. It is made of 80% cotton and 20% polyester fleece and comes in "
    "sizes S, M, L, XL and XXL, in midnight navy or glacier white."
)
TEE = "It is made of 100% organic cotton, printed with a snowboarder mid-jump, and comes in sizes S to XL."
MITTENS = "They are fleece-lined knitted mittens in two sizes, S/M and L/XL."


def _rare(stem: str) -> float:
    return 0.9


def test_a_size_the_evidence_does_not_name_is_missed() -> None:
    assert miss("does the logo hoodie come in xs", "yesno", HOODIE, "Snowline Logo Hoodie", _rare) == "size"
    assert miss("does the big air tee come in youth sizes", "yesno", TEE, "Big Air Tee", _rare) == "size"
    assert constraint_scope.size_miss("big air tee in xxl?", TEE)  # outside "S to XL"


def test_a_size_named_or_inside_a_range_or_none_asked_is_met() -> None:
    size_miss = constraint_scope.size_miss
    assert not size_miss("does the logo hoodie come in xl", HOODIE)
    assert not size_miss("does the big air tee come in size m", TEE)  # inside "S to XL"
    assert not size_miss("mittens in size l?", MITTENS)
    assert not size_miss("what sizes does the tee come in", TEE)  # which sizes: the sentence says
    assert not size_miss("who won the men's 500 m", "Gao Tingyu won the men's 500 metres.")  # no size asked
    assert not size_miss("do the mittens come in kids sizes", "Kids' mittens come in one size.")
