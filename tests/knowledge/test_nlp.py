import re

from hypothesis import given
from hypothesis import strategies as st

from knowledge import nlp


def test_fold_and_tokenize_match_how_viewers_type() -> None:
    assert (
        nlp.fold("Urša Bogataj, Jørgen Graabak, Clément Noël") == "Ursa Bogataj, Jorgen Graabak, Clement Noel"
    )
    assert nlp.tokenize("Who won the men's downhill?") == nlp.tokenize("who won the mens downhill")
    assert nlp.tokenize("skiing skied skis") == ["ski", "ski", "ski"]
    assert nlp.tokenize("the 1000m race") == ["1000", "metre", "race"]
    assert "the" not in nlp.tokenize("the the the")


def test_split_sentences_keeps_abbreviations_and_decimals() -> None:
    text = 'He set a record of 12:30.74 in the 10,000 metres. The U.S. team won! "Quoted." Next'
    assert nlp.split_sentences(text) == [
        "He set a record of 12:30.74 in the 10,000 metres.",
        "The U.S. team won!",
        '"Quoted."',
        "Next",
    ]
    assert nlp.split_sentences("one line\nanother line") == ["one line", "another line"]


@given(st.text(max_size=300))
def test_split_sentences_never_loses_text(text: str) -> None:
    joined = "".join(nlp.split_sentences(text))
    assert re.sub(r"\s+", "", joined) == re.sub(r"\s+", "", text)


@given(st.text(max_size=200))
def test_tokenize_is_total_and_yields_plain_lowercase_words(text: str) -> None:
    tokens = nlp.tokenize(text)
    assert all(re.fullmatch(r"[a-z0-9]+(?:'[a-z]+)?", t) for t in tokens)
    assert not set(tokens) & {"the", "and", "of"}
