"""R44 of session 22 (brief A, part of R46): an acronym the base spells out, read from the base's own text."""

from __future__ import annotations

from knowledge import KnowledgeBase
from knowledge.acronyms import Acronyms, candidate, phrases_in, spell_out

TEXTS = [
    "Teams came from 40 National Olympic Committees.",
    "The Court of Arbitration for Sport (CAS) heard the case.",
    "Maria Lopez of the Alpine Racing Club won. The Alpine Racing Club trains in the hills.",
    "Snow Park and Silver Peak opened in the same year.",
]


def test_phrases_are_read_from_runs_and_brackets() -> None:
    found = phrases_in(" ".join(TEXTS[:2]))
    assert ("noc", "National Olympic Committees") in found
    assert ("cas", "Court of Arbitration for Sport") in found


def test_one_phrase_per_initials_or_none() -> None:
    table = Acronyms(TEXTS)
    assert table.spelled("noc") == "National Olympic Committees"
    assert table.spelled("arc") == "Alpine Racing Club"
    assert table.spelled("sp") is None  # "Snow Park" and "Silver Peak": two phrases, no reading
    assert table.spelled("xyz") is None


def test_the_question_writes_the_phrase_in_the_token_s_place() -> None:
    table = Acronyms(TEXTS)
    common = {"arc", "cas", "case"}.__contains__
    in_base = {"olymp", "committe"}.__contains__
    assert spell_out("how many nocs were there", lambda: table, in_base, common) == (
        "how many National Olympic Committees were there"
    )
    # a common word of English is read as written, unless the question writes it in capitals
    assert spell_out("which arc won", lambda: table, in_base, common) == "which arc won"
    assert spell_out("which ARC won", lambda: table, in_base, common) == "which Alpine Racing Club won"
    # a word the base writes is never read as an acronym; without the word lists only capitals are
    assert not candidate("olympic", in_base, common)
    assert not candidate("nocs", in_base, None) and candidate("NOCs", in_base, None)


def test_the_sample_base_spells_out_what_no_retrieved_passage_writes(sample_kb: KnowledgeBase) -> None:
    got = sample_kb.answer("how many nocs competed at beijing 2022")
    assert not got.abstained
    assert "91 National Olympic Committees" in got.text
