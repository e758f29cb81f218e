"""A viewer's typo read as the base's own word (session 16, brief R; read from the lexical index's vocabulary
in session 17, brief K)."""

from collections import Counter

from knowledge import nlp
from knowledge.typos import SURE, base_word, correct, one_edit_variants, trusted

TEXTS = [
    "China topped the medal table with 18 gold medals.",
    "Beijing hosted the moguls at Genting Snow Park.",
    "The curling sheets were laid in the Water Cube. Curling is played with granite stones.",
]


def _index(texts: list[str]) -> Counter[str]:
    """The stems a lexical index would hold, with their document counts."""
    return Counter(s for t in texts for s in set(nlp.tokenize(t)))


#: words of English the questions below use (the answer path asks the embedding model's vocabulary)
ENGLISH = frozenset({"won"})


def _fix(question: str, texts: list[str] = TEXTS, known: frozenset[str] = ENGLISH) -> str:
    df = _index(texts)
    return correct(question, df.__contains__, lambda t: float(df[t]), known.__contains__)


def test_swapped_dropped_added_letters_become_the_base_word():
    assert _fix("how many meadls did china win") == "how many medals did china win"
    assert _fix("when did bejiing host it") == "when did beijing host it"
    assert _fix("who won the mougls") == "who won the moguls"
    assert _fix("where was culring held") == "where was curling held"
    assert _fix("where was curlng held") == "where was curling held"
    assert _fix("Meadls of china") == "Medals of china"  # the first word keeps its capital


def test_what_is_not_read_as_a_typo():
    # a known English word, a short word, a word the base holds, a name written with a capital
    assert _fix("what are the meddls", known=frozenset({"meddls"})) == "what are the meddls"
    assert _fix("who won the mogul") == "who won the mogul"
    assert _fix("who won the Meadls cup") == "who won the Meadls cup"
    assert _fix("who won the curling") == "who won the curling"
    # another first letter, two edits away
    assert _fix("how many xedals") == "how many xedals"
    assert _fix("how many mdeasl") == "how many mdeasl"


def test_a_tie_gives_up_and_a_word_of_english_wins():
    # "cartes" is one edit from "cartel" and "carter", each in one document: a tie
    assert _fix("what about the cartes", ["the cartel", "the carter"]) == "what about the cartes"
    # in two documents, "carter" wins
    assert _fix("what about the cartes", ["the cartel", "the carter", "a carter"]) == "what about the carter"
    # a word of English beats a more common term reached only by another string
    df = Counter({"carter": 5, "cartel": 1})
    known = {"cartel"}.__contains__
    assert base_word("cartes", df.__contains__, lambda t: float(df[t]), known) == "cartel"


def test_the_variants_are_one_edit_and_keep_the_first_letter_or_swap_it():
    variants = one_edit_variants("medals")
    assert {"meadls", "medal", "medalss", "mdals", "nedals"} & variants == {
        "meadls",
        "medal",
        "medalss",
        "mdals",
    }
    assert all(nlp.one_edit(v, "medals") for v in variants)
    assert {v for v in variants if v[0] != "m"} == {"emdals"}  # the first two letters swapped (session 18)
    assert "medals" not in variants


def test_nothing_is_looked_up_when_no_word_may_be_a_typo():
    calls: list[str] = []

    def in_base(term: str) -> bool:
        calls.append(term)
        return True

    english = {"won", "race"}.__contains__
    assert correct("who won the race", in_base, lambda t: 1.0, english) == "who won the race"
    assert not calls  # every word a stopword or a word of English: the index is never asked


def test_a_misspelt_stopword_is_read_as_the_stopword():
    assert _fix("woh won teh moguls") == "who won the moguls"
    assert _fix("whcih nation won the most medals") == "which nation won the most medals"
    assert _fix("waht did china win") == "what did china win"
    # not one edit from exactly one stopword, or too short: left
    assert _fix("wich nation won") == "wich nation won"  # "which" and "with": a tie
    assert _fix("wehhre was it") == "wehhre was it"  # "where" is two edits away
    # "he" (a letter dropped) and "the" (the first two swapped): a tie
    assert _fix("hte moguls") == "hte moguls"
    assert _fix("xyz moguls") == "xyz moguls"


def test_a_stopword_is_not_read_where_a_word_of_the_base_is_as_near():
    # session 18: fails on session 17's reader, which read "amny" as "any" and "olt" as "out"
    texts = ["Many medals were won by athletes 18 years old.", *TEXTS]
    known = frozenset({"many", "old", "medals", "won"})
    assert _fix("how amny medals did china win", texts, known) == "how amny medals did china win"
    assert _fix("how olt was she", texts, known) == "how olt was she"
    # with no such word in the base the stopword is read as before
    assert _fix("woh won teh moguls", known=known) == "who won the moguls"


def test_the_first_two_letters_swapped_are_one_edit():
    # session 18: fails on session 17's reader, which kept the first letter in every variant
    assert "many" in one_edit_variants("amny")
    assert _fix("how many emdals did china win") == "how many medals did china win"


def test_a_corrected_question_is_answered_only_when_more_likely_right_than_wrong():
    # session 18: the answer path's threshold is lower; a correction is a guess
    assert SURE == 0.5
    assert trusted(abstained=True, confidence=0.0)
    assert trusted(abstained=False, confidence=SURE)
    assert not trusted(abstained=False, confidence=0.49)


def test_an_apostrophe_left_out_is_no_typo():
    texts = ["Su Yiming won big air.", *TEXTS]
    assert _fix("su yimings home province", texts) == "su yimings home province"
    assert _fix("whats the medal count") == "whats the medal count"
    assert _fix("hows curling scored") == "hows curling scored"
