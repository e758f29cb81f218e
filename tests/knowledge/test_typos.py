"""A viewer's typo read as the base's own word (session 16, brief R)."""

from knowledge import nlp
from knowledge.typos import BaseWords, correct

TEXTS = [
    "China topped the medal table with 18 gold medals.",
    "Beijing hosted the moguls at Genting Snow Park.",
    "The curling sheets were laid in the Water Cube. Curling is played with granite stones.",
]


def _fix(question: str, words: BaseWords, known: frozenset[str] = frozenset()) -> str:
    vocab = {nlp.stem(w) for t in TEXTS for w in nlp.tokenize(t)}
    return correct(question, lambda: words, vocab.__contains__, known.__contains__)


def test_swapped_dropped_added_letters_become_the_base_word():
    words = BaseWords(TEXTS)
    assert _fix("how many meadls did china win", words) == "how many medals did china win"
    assert _fix("when did bejiing host it", words) == "when did beijing host it"
    assert _fix("who won the mougls", words) == "who won the moguls"
    assert _fix("where was culring held", words) == "where was curling held"
    assert _fix("Meadls of china", words) == "Medals of china"  # the first word keeps its capital


def test_what_is_not_read_as_a_typo():
    words = BaseWords(TEXTS)
    # a known English word, a short word, a word the base holds, a name written with a capital
    assert _fix("what are the meddls", words, known=frozenset({"meddls"})) == "what are the meddls"
    assert _fix("who won the mogul", words) == "who won the mogul"
    assert _fix("who won the Meadls cup", words) == "who won the Meadls cup"
    assert _fix("who won the curling", words) == "who won the curling"
    # another first letter, two edits away
    assert _fix("how many xedals", words) == "how many xedals"
    assert _fix("how many mdeasl", words) == "how many mdeasl"


def test_a_tie_gives_up_and_base_words_are_read_lazily():
    words = BaseWords(["the cartel", "the carter"])
    assert _fix("what about the cartes", words) == "what about the cartes"
    calls = []

    def lazy() -> BaseWords:
        calls.append(1)
        return words

    assert correct("who won the race", lazy, lambda s: True, lambda w: False) == "who won the race"
    assert not calls  # no candidate typo: the base's words are never read
