"""R30 (session 19, brief A, beside rule 24): a word the base never uses and no word of English, next to a
word the base never uses either or one it writes only as a first name, names someone or something the base
does not hold, though the viewer writes it in lower case (knowledge/constraint_base.py)."""

from knowledge import constraint_base, nlp
from knowledge.constraint_base import BaseNames
from knowledge.constraints import miss

_TEXTS = [
    "Eileen Gu, competing for China, won gold in the women's big air. Gu Ailing is her Chinese name.",
    "Anna Shcherbakova of the Russian Olympic Committee won the women's singles.",
    "Zoi Sadowski-Synnott won the women's slopestyle, New Zealand's first Winter Olympic gold medal.",
    "Su Yiming of China won the men's big air. The Snowline Logo Hoodie is made of 80% cotton.",
]
#: words of English (the embedder's whole words stand in for it in the product)
_ENGLISH = set("mark anna result slopestyle big air hoodie fabric percentage men won home province".split())


def _share(stem: str) -> float:
    said = {s for t in _TEXTS for s in nlp.tokenize(t)}
    return 0.5 if stem in said else 1.0


def _known(word: str) -> bool:
    return word in _ENGLISH


def test_a_name_the_base_never_writes_in_lower_case_is_missed() -> None:
    names = BaseNames.from_texts(_TEXTS)
    sentence = _TEXTS[2]
    got = miss("mark mcmorris slopestyle result?", "other", sentence, "", _share, known=_known, base=names)
    assert got == "name"
    # "mark" is no word of the base, "mcmorris" no word of English: a person the base does not hold
    assert constraint_base.unwritten_name("mark mcmorris slopestyle result?", names, _share, _known)
    # "anna" is a first name of the base only ("Anna Shcherbakova"), "gasser" no word at all
    assert constraint_base.unwritten_name("anna gasser big air result 2022?", names, _share, _known)


def test_a_word_of_english_a_plural_or_a_word_beside_the_bases_own_is_not_a_name() -> None:
    names = BaseNames.from_texts(_TEXTS)
    unwritten = constraint_base.unwritten_name
    assert not unwritten("hoodie fabric percentages?", names, _share, _known)  # "percentage" + s
    # "freeski" beside "men's" (a possessive) and "big" (a word of the base)
    assert not unwritten("who won the men's freeski big air", names, _share, _known)
    assert not unwritten("in skeleton they lie on thier what", names, _share, _known)  # stopwords around
    assert not unwritten("mark mcmorris slopestyle result?", names, _share, None)  # no word list: silent


def test_a_bare_s_on_a_word_of_the_base_is_its_possessive() -> None:
    # R30b: "yimings" is Yiming's typed without the apostrophe, not a name the base never writes
    names = BaseNames.from_texts(_TEXTS)
    assert not constraint_base.unwritten_name("su yimings home province", names, _share, _known)
