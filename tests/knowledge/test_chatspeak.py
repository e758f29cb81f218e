"""Chat spelling written out before a question is answered (session 16, brief R)."""

from knowledge.chatspeak import standard


def test_abbreviations_contractions_and_fillers():
    assert standard("whats ur bday pls") == "what's your birthday"
    assert standard("lol when is it") == "when is it"
    assert standard("how do u handle corrections") == "how do you handle corrections"
    assert standard("plz, who won?") == "who won?"
    assert standard("who won the 4-man bobsleigh pls?") == "who won the 4-man bobsleigh?"


def test_possessive_without_apostrophe():
    assert standard("who won the womens downhill?") == "who won the women's downhill?"
    assert standard("mens curling final") == "men's curling final"


def test_capital_kept_and_words_left_alone():
    assert standard("Whats up") == "What's up"
    # words that are other English words stay: "its", "were", "well"; hyphenated sizes and a lone "R"
    for q in ("were its colours well known", "is it x-large", "are there t-shirts", "R is a letter"):
        assert standard(q) == q


def test_idempotent_and_never_empty():
    for q in ("whats ur bday pls", "who won the womens downhill pls?", "w/ & w/o", "pls", "lol"):
        assert standard(standard(q)) == standard(q)
        assert standard(q).strip()
